/**
 * The map's look. The base style is a plain background: RouteLab runs offline, so there are
 * no tiles, glyphs or sprites to fetch, and the road points themselves sketch the city.
 */
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';

export const SOURCES = {
  city: 'city-points',
  nodes: 'nodes',
  numbers: 'stop-numbers',
} as const;

/** The first layer above the route groups: groups are inserted below it. */
export const ABOVE_ROUTES = 'clients';

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

/**
 * Bottom to top: the runs' route groups (added per run, see runLayers) go under the stops, the
 * selected run's stop numbers above the stops, the depot above everything.
 */
export const INSTANCE_LAYERS: LayerSpecification[] = [
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
    id: 'stop-numbers',
    type: 'symbol',
    source: SOURCES.numbers,
    layout: {
      'icon-image': ['get', 'icon'],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
      'symbol-sort-key': ['get', 'seq'],
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

/** One run's routes: its own source and three layers, all named after the run. */
export interface RunLayerIds {
  source: string;
  casing: string;
  /** A wide glow under one route, shown while that route is hovered (filtered to it). */
  highlight: string;
  line: string;
  arrows: string;
}

export function runLayerIds(runId: string): RunLayerIds {
  const base = `run:${runId}`;
  return { source: base, casing: `${base}:casing`, highlight: `${base}:highlight`, line: `${base}:line`, arrows: `${base}:arrows` };
}

/** The run id of a route-group layer, or null for any other layer. */
export function runIdOfLayer(layerId: string): string | null {
  const m = /^run:(.+):(casing|highlight|line|arrows)$/.exec(layerId);
  return m ? m[1] : null;
}

/**
 * Route-group layers with their default look (the selected run's); RouteMap restyles them.
 * Paint values stay constants or ['get', 'color'] only: every other data-driven or dashed line
 * is another shader program, and compiling one costs seconds with software WebGL.
 */
export function runLayers(runId: string): LayerSpecification[] {
  const ids = runLayerIds(runId);
  return [
    {
      id: ids.casing,
      type: 'line',
      source: ids.source,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': 5, 'line-opacity': 0.8 },
    },
    {
      id: ids.highlight,
      type: 'line',
      source: ids.source,
      filter: ['==', ['get', 'route'], -1],
      layout: { 'line-join': 'round', 'line-cap': 'round', visibility: 'none' },
      paint: { 'line-color': ['get', 'color'], 'line-width': 9, 'line-opacity': 0.45 },
    },
    {
      id: ids.line,
      type: 'line',
      source: ids.source,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': ['get', 'color'], 'line-width': 2.5 },
    },
    {
      // Matrices are asymmetric, so the direction of travel matters.
      id: ids.arrows,
      type: 'symbol',
      source: ids.source,
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
  ];
}
