/**
 * The streets on the map: land use and water, roads by class and street names, drawn from one
 * GeoJSON source made from the city's OSM extract (core/basemap) in the look of
 * core/basemap/look.ts. Chosen by measurement over vector tiles and over raster tiles painted in
 * a worker (BENCHMARKS.md, "Streets").
 *
 * Cheap to draw with software WebGL, where every shader program compiles for hundreds of
 * milliseconds and every layer is a draw call per tile:
 * - one fill layer for every area (water over land use by feature order), without the
 *   antialiased outline pass;
 * - line paint is either constant or a colour read from the feature, with widths that depend on
 *   the zoom only (a uniform): the programs the route layers already compile at load
 *   (map-style.ts), so the streets add only the fill's (compiled at load too, route-map.ts);
 * - casings only from CASING_MINZOOM, names from LABEL_MINZOOM; footways and tunnels from
 *   DETAIL_MINZOOM, from a source of their own that is only loaded once the view gets there;
 * - tiled to zoom 12 like the scene, so a city is one or two tiles.
 * Street names need no glyph files: without a `glyphs` URL maplibre draws the letters with the
 * browser's own fonts, so they work offline.
 */
import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from 'maplibre-gl';
import type { BasemapGroup } from '../../core/basemap/geojson';
import {
  AREA_COLORS,
  BASE,
  CASING_COLOR,
  CASING_EXTRA,
  CASING_MINZOOM,
  DETAIL_MINZOOM,
  LABEL_COLOR,
  LABEL_HALO,
  LABEL_MINZOOM,
  MAJOR_CLASSES,
  MAJOR_WIDTH,
  MINOR_CLASSES,
  MINOR_WIDTH,
  PATH_WIDTH,
  ROAD_COLORS,
  TUNNEL_COLOR,
  TUNNEL_OPACITY,
  TUNNEL_WIDTH,
  WATERWAY_COLOR,
  WATERWAY_WIDTH,
} from '../../core/basemap/look';
import type { RoadClass } from '../../core/basemap/map-classes';

export const BASEMAP_SOURCE = 'basemap';
/** Footways and tunnels (core/basemap isDetail): their own source, loaded once the view is close enough to show them. */
export const BASEMAP_DETAIL_SOURCE = 'basemap-detail';

/** Deepest zoom the basemap is tiled at; deeper views overscale (positions keep about a metre). */
export const BASEMAP_MAXZOOM = 12;

export { DETAIL_MINZOOM, LABEL_MINZOOM };

const ofGroup = (group: BasemapGroup): ExpressionSpecification => ['==', ['get', 'group'], group];
const notTunnel: ExpressionSpecification = ['!=', ['get', 'tunnel'], true];
const roadsOf = (classes: RoadClass[]): FilterSpecification => ['all', ofGroup('road'), notTunnel, ['in', ['get', 'class'], ['literal', classes]]];

/** A width in pixels that depends on the zoom alone, from zoom 12 to 18. */
function zoomWidth([at12, at18]: [number, number]): ExpressionSpecification {
  return ['interpolate', ['exponential', BASE], ['zoom'], 12, at12, 18, at18];
}

const casing = ([a, b]: [number, number]): [number, number] => [a + CASING_EXTRA[0], b + CASING_EXTRA[1]];

function colorByClass(colors: Record<string, string>, classes: string[], fallback: string): ExpressionSpecification {
  return ['match', ['get', 'class'], ...classes.flatMap((c) => [c, colors[c]]), fallback] as unknown as ExpressionSpecification;
}

const lineLayout = { 'line-join': 'round', 'line-cap': 'round' } as const;

export const BASEMAP_LAYER_IDS = {
  areas: 'basemap-areas',
  waterways: 'basemap-waterways',
  tunnels: 'basemap-tunnels',
  paths: 'basemap-paths',
  minorCasing: 'basemap-minor-casing',
  minor: 'basemap-minor',
  majorCasing: 'basemap-major-casing',
  major: 'basemap-major',
  labels: 'basemap-labels',
} as const;

/** Bottom to top; they all go under the city points and the scene. */
export const BASEMAP_LAYERS: LayerSpecification[] = [
  {
    id: BASEMAP_LAYER_IDS.areas,
    type: 'fill',
    source: BASEMAP_SOURCE,
    filter: ['any', ofGroup('landuse'), ofGroup('water')],
    paint: { 'fill-color': colorByClass(AREA_COLORS, Object.keys(AREA_COLORS), AREA_COLORS.residential), 'fill-antialias': false },
  },
  {
    id: BASEMAP_LAYER_IDS.waterways,
    type: 'line',
    source: BASEMAP_SOURCE,
    filter: ofGroup('waterway'),
    layout: lineLayout,
    paint: { 'line-color': WATERWAY_COLOR, 'line-width': zoomWidth(WATERWAY_WIDTH) },
  },
  {
    id: BASEMAP_LAYER_IDS.minorCasing,
    type: 'line',
    source: BASEMAP_SOURCE,
    minzoom: CASING_MINZOOM,
    filter: roadsOf(MINOR_CLASSES),
    layout: lineLayout,
    paint: { 'line-color': CASING_COLOR, 'line-width': zoomWidth(casing(MINOR_WIDTH)) },
  },
  {
    id: BASEMAP_LAYER_IDS.minor,
    type: 'line',
    source: BASEMAP_SOURCE,
    filter: roadsOf(MINOR_CLASSES),
    layout: lineLayout,
    paint: { 'line-color': colorByClass(ROAD_COLORS, MINOR_CLASSES, ROAD_COLORS.minor), 'line-width': zoomWidth(MINOR_WIDTH) },
  },
  {
    id: BASEMAP_LAYER_IDS.majorCasing,
    type: 'line',
    source: BASEMAP_SOURCE,
    minzoom: CASING_MINZOOM,
    filter: roadsOf(MAJOR_CLASSES),
    layout: lineLayout,
    paint: { 'line-color': CASING_COLOR, 'line-width': zoomWidth(casing(MAJOR_WIDTH)) },
  },
  {
    id: BASEMAP_LAYER_IDS.major,
    type: 'line',
    source: BASEMAP_SOURCE,
    filter: roadsOf(MAJOR_CLASSES),
    layout: lineLayout,
    paint: { 'line-color': colorByClass(ROAD_COLORS, MAJOR_CLASSES, ROAD_COLORS.secondary), 'line-width': zoomWidth(MAJOR_WIDTH) },
  },
  {
    id: BASEMAP_LAYER_IDS.labels,
    type: 'symbol',
    source: BASEMAP_SOURCE,
    minzoom: LABEL_MINZOOM,
    filter: ['all', ofGroup('road'), ['has', 'name'], ['!=', ['get', 'class'], 'path']],
    layout: {
      'symbol-placement': 'line',
      'text-field': ['get', 'name'],
      'text-font': ['sans-serif'],
      'text-size': 11,
      'text-max-angle': 30,
      'symbol-spacing': 300,
    },
    paint: { 'text-color': LABEL_COLOR, 'text-halo-color': LABEL_HALO, 'text-halo-width': 1.4 },
  },
];

/** The detail layers, bottom to top; they go under the casings (BASEMAP_LAYER_IDS.minorCasing). */
export const DETAIL_LAYERS: LayerSpecification[] = [
  {
    id: BASEMAP_LAYER_IDS.tunnels,
    type: 'line',
    source: BASEMAP_DETAIL_SOURCE,
    minzoom: DETAIL_MINZOOM,
    filter: ['all', ofGroup('road'), ['==', ['get', 'tunnel'], true], ['!=', ['get', 'class'], 'path']],
    layout: lineLayout,
    paint: { 'line-color': TUNNEL_COLOR, 'line-width': zoomWidth(TUNNEL_WIDTH), 'line-opacity': TUNNEL_OPACITY },
  },
  {
    id: BASEMAP_LAYER_IDS.paths,
    type: 'line',
    source: BASEMAP_DETAIL_SOURCE,
    minzoom: DETAIL_MINZOOM,
    filter: ['all', ofGroup('road'), notTunnel, ['==', ['get', 'class'], 'path']],
    layout: lineLayout,
    paint: { 'line-color': ROAD_COLORS.path, 'line-width': zoomWidth(PATH_WIDTH) },
  },
];
