/**
 * The map's look. The base style is a plain background: RouteLab runs offline, so there are
 * no tiles, glyphs or sprites to fetch, and the road points themselves sketch the city.
 */
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';

export const SOURCES = {
  city: 'city-points',
  routes: 'routes',
  nodes: 'nodes',
} as const;

export const IMAGES = {
  depot: 'depot-icon',
  arrow: 'route-arrow',
} as const;

export const BACKGROUND = '#f3f1ec';
export const UNROUTED_CLIENT = '#ffffff';

export function offlineStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }],
  };
}

export const CITY_LAYER: LayerSpecification = {
  id: 'city-points',
  type: 'circle',
  source: SOURCES.city,
  paint: {
    'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 1.2, 16, 3],
    'circle-color': '#8a8f98',
    'circle-opacity': 0.45,
  },
};

/** Bottom to top: routes under the stops, the depot above everything. */
export const INSTANCE_LAYERS: LayerSpecification[] = [
  {
    id: 'routes-casing',
    type: 'line',
    source: SOURCES.routes,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': '#ffffff', 'line-width': 5, 'line-opacity': 0.8 },
  },
  {
    id: 'routes',
    type: 'line',
    source: SOURCES.routes,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': ['get', 'color'], 'line-width': 2.5 },
  },
  {
    // Matrices are asymmetric, so the direction of travel matters.
    id: 'route-arrows',
    type: 'symbol',
    source: SOURCES.routes,
    layout: {
      'symbol-placement': 'line',
      'symbol-spacing': 70,
      'icon-image': IMAGES.arrow,
      'icon-size': 0.6,
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
      'icon-rotation-alignment': 'map',
    },
    paint: { 'icon-color': ['get', 'color'] },
  },
  {
    id: 'clients',
    type: 'circle',
    source: SOURCES.nodes,
    filter: ['==', ['get', 'role'], 'client'],
    paint: {
      'circle-radius': 4.5,
      'circle-color': ['get', 'color'],
      'circle-stroke-color': '#1f2937',
      'circle-stroke-width': 1.2,
    },
  },
  {
    id: 'depot',
    type: 'symbol',
    source: SOURCES.nodes,
    filter: ['==', ['get', 'role'], 'depot'],
    layout: {
      'icon-image': IMAGES.depot,
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  },
];
