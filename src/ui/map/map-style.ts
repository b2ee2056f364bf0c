/**
 * The route map's look. The base style is a plain background: RouteLab runs offline, so there
 * are no tiles, glyphs or sprites to fetch. A city's streets are drawn from its OSM extract on a
 * map of their own underneath (streets-map.ts, basemap-style.ts), which the route map's
 * transparent background lets through.
 */
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';

export const SOURCES = {
  city: 'city-points',
  /**
   * Everything drawn of the instance and its runs but the depots, in one source: the clients,
   * the selected run's stop numbers and every run's routes, told apart by `kind` (see scene.ts). One source means
   * one worker round trip and one tile per update, so an update costs the fewest map frames.
   */
  scene: 'scene',
  /**
   * The depots, on their own: they only change with the instance, and a symbol layer in the
   * scene source would cost every scene update an extra frame (maplibre places symbols again
   * in the frame after their tile changed).
   */
  depot: 'depot',
  /**
   * The hovered run's routes and the hovered route, copied from the scene (scene.hoverGeoJSON).
   * A hover changes only this small source: filtering the hover layers on the scene source
   * instead made maplibre lay out every scene tile again (all stops and runs), a worker job and
   * several map frames per hover at 1000 stops.
   */
  hover: 'hover',
} as const;

/** What a scene feature is (its `kind` property); the layers filter on it. */
export type SceneKind = 'node' | 'number' | 'route';

const ofKind = (kind: SceneKind): ExpressionSpecification => ['==', ['get', 'kind'], kind];

/**
 * The deepest zoom the app's GeoJSON sources are tiled at; deeper views overscale those tiles.
 * A city or scenario (a few km) then fits in one or two tiles instead of four or more at its
 * usual zoom (13–14), and every tile is a draw call per layer and a tile message per update:
 * with software WebGL each costs. Positions keep ~1 m precision here (8192 units per tile).
 */
export const DATA_MAXZOOM = 12;

/** The selected run's stop numbers (its zoom range follows the stop count: scene.numbersMinZoom). */
export const NUMBERS_LAYER = 'stop-numbers';

export const IMAGES = {
  depot: 'depot-icon',
  arrow: 'route-arrow',
} as const;

export const BACKGROUND = '#f3f1ec';
export const UNROUTED_CLIENT = '#ffffff';

/**
 * A style of only a background (`color`: the land colour unless a map underneath paints it).
 * Paint changes (a hovered run's look) apply at once: maplibre's default 300 ms transition repaints
 * the whole map every frame while it lasts, and at 1000 stops in software WebGL each repaint costs
 * 60-110 ms, so one hover cost several long frames while runs streamed.
 */
export function offlineStyle(color: string = BACKGROUND): StyleSpecification {
  return {
    version: 8,
    transition: { duration: 0, delay: 0 },
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': color } }],
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
 * The routes of all runs: this fixed set of layers on the scene source, whatever the number of
 * runs. Which run a feature belongs to and whether it is the selected one are feature properties
 * (`run`, `role`, see scene.ts); hidden runs are left out of the source. So showing,
 * hiding, selecting or adding a run never adds or removes a source or a layer, and drawing the
 * routes costs the same handful of draw calls per tile for one run or ten.
 */
export const ROUTE_LAYER_IDS = {
  /** Runs other than the selected one: thin, in their run colour. */
  others: 'routes-others',
  /** Another run under the pointer (or its row): wider and opaque, above the others. */
  hovered: 'routes-hovered',
  /** A white casing under the selected run's routes. */
  casing: 'routes-casing',
  /** A wide glow under one hovered route (filtered to it). */
  highlight: 'routes-highlight',
  /** The selected run's routes, in vehicle colours. */
  selected: 'routes-selected',
  /**
   * Direction arrows along the selected run's routes, once it is final: like the stop numbers,
   * arrows of a solution still changing are left out (symbols cost every live redraw a frame).
   */
  arrows: 'routes-arrows',
} as const;

const ofRole = (role: 'selected' | 'other'): ExpressionSpecification => ['all', ofKind('route'), ['==', ['get', 'role'], role]];
const lineLayout = { 'line-join': 'round', 'line-cap': 'round' } as const;

/**
 * Route layers with their resting look (nothing hovered); RouteMap restyles them on hover.
 * Paint values stay constants or ['get', <colour property>] only: every other data-driven or
 * dashed line is another shader program, and compiling one costs seconds with software WebGL.
 */
export const ROUTE_LAYERS: LayerSpecification[] = [
  {
    id: ROUTE_LAYER_IDS.others,
    type: 'line',
    source: SOURCES.scene,
    filter: ofRole('other'),
    layout: lineLayout,
    paint: { 'line-color': ['get', 'runColor'], 'line-width': 1.6, 'line-opacity': 0.6 },
  },
  {
    id: ROUTE_LAYER_IDS.hovered,
    type: 'line',
    source: SOURCES.hover,
    filter: ['==', ['get', 'hover'], 'run'],
    layout: { ...lineLayout, visibility: 'none' },
    paint: { 'line-color': ['get', 'runColor'], 'line-width': 3.5, 'line-opacity': 1 },
  },
  {
    id: ROUTE_LAYER_IDS.casing,
    type: 'line',
    source: SOURCES.scene,
    filter: ofRole('selected'),
    layout: lineLayout,
    paint: { 'line-color': '#ffffff', 'line-width': 5, 'line-opacity': 0.8 },
  },
  {
    id: ROUTE_LAYER_IDS.highlight,
    type: 'line',
    source: SOURCES.hover,
    filter: ['==', ['get', 'hover'], 'route'],
    layout: { ...lineLayout, visibility: 'none' },
    paint: { 'line-color': ['get', 'color'], 'line-width': 9, 'line-opacity': 0.45 },
  },
  {
    id: ROUTE_LAYER_IDS.selected,
    type: 'line',
    source: SOURCES.scene,
    filter: ofRole('selected'),
    layout: lineLayout,
    paint: { 'line-color': ['get', 'color'], 'line-width': 2.5, 'line-opacity': 1 },
  },
  {
    // Matrices are asymmetric, so the direction of travel matters.
    id: ROUTE_LAYER_IDS.arrows,
    type: 'symbol',
    source: SOURCES.scene,
    filter: ['all', ofRole('selected'), ['!=', ['get', 'live'], true]],
    layout: {
      'symbol-placement': 'line',
      'symbol-spacing': 70,
      'icon-image': IMAGES.arrow,
      'icon-size': 0.6,
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
      'icon-rotation-alignment': 'map',
    },
    paint: { 'icon-color': ['get', 'color'], 'icon-opacity': 1 },
  },
];

/** The route layers a pointer can pick a run from, top first. */
export const PICKABLE_ROUTE_LAYERS = [ROUTE_LAYER_IDS.selected, ROUTE_LAYER_IDS.hovered, ROUTE_LAYER_IDS.others];

/**
 * Bottom to top: the routes (ROUTE_LAYERS) under the stops, the selected run's stop numbers
 * above the stops, the depot above everything.
 */
export const INSTANCE_LAYERS: LayerSpecification[] = [
  ...ROUTE_LAYERS,
  {
    id: 'clients',
    type: 'circle',
    source: SOURCES.scene,
    filter: ['all', ofKind('node'), ['==', ['get', 'role'], 'client']],
    paint: {
      'circle-radius': 4.5,
      'circle-color': ['get', 'color'],
      'circle-stroke-color': '#1f2937',
      'circle-stroke-width': 1.2,
    },
  },
  {
    id: NUMBERS_LAYER,
    type: 'symbol',
    source: SOURCES.scene,
    filter: ofKind('number'),
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
    source: SOURCES.depot,
    layout: {
      'icon-image': IMAGES.depot,
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  },
];
