/**
 * Shader warm-up for a map's layers. With software WebGL, the first frame that draws a layer
 * compiles its shader program and the renderer's pipeline: a few hundred milliseconds. Drawing
 * every layer once, invisibly, while the page loads moves that cost out of the frames that
 * matter (the first routes, the streets arriving while runs stream).
 */
import type { Feature } from 'geojson';
import type { LayerSpecification, Map as MaplibreMap } from 'maplibre-gl';

/** What a layer must look like to the renderer while it warms up: its own programs, ~no ink. */
function faint(layer: LayerSpecification): Record<string, unknown> {
  const paint: Record<string, unknown> = { ...('paint' in layer ? layer.paint : {}) };
  const alpha = 0.001;
  if (layer.type === 'line') paint['line-opacity'] = alpha;
  if (layer.type === 'fill') paint['fill-opacity'] = alpha;
  if (layer.type === 'circle') Object.assign(paint, { 'circle-opacity': alpha, 'circle-stroke-opacity': alpha });
  if (layer.type === 'symbol') Object.assign(paint, { 'icon-opacity': alpha, 'text-opacity': alpha });
  return paint;
}

/** What to warm up, and where (see warmUpLayers). */
export interface WarmUp {
  sourceId: string;
  /** The throwaway source's deepest tiled zoom (the real sources'). */
  maxzoom: number;
  layers: readonly LayerSpecification[];
  features: Feature[];
  keepFilter: (layer: LayerSpecification) => boolean;
  /** False once the map was removed: nothing is left to clean up then. */
  alive: () => boolean;
}

/**
 * Draws `layers` (line, fill, circle and symbol layers; others are skipped) once from a
 * throwaway source holding `features` placed in view, then removes them when the map is next
 * idle. Each copy keeps its layer's layout and paint structure, so it uses the same programs;
 * it is always visible, and keeps its filter only where `keepFilter` says so (a filter that
 * matches none of `features` would draw nothing and compile nothing).
 */
export function warmUpLayers(map: MaplibreMap, { sourceId, maxzoom, layers, features, keepFilter, alive }: WarmUp): void {
  map.addSource(sourceId, { type: 'geojson', maxzoom, data: { type: 'FeatureCollection', features } });
  const ids: string[] = [];
  for (const layer of layers) {
    if (layer.type !== 'line' && layer.type !== 'symbol' && layer.type !== 'circle' && layer.type !== 'fill') continue;
    const { filter, minzoom: _min, maxzoom: _max, ...spec } = layer;
    const layout = { ...('layout' in layer ? layer.layout : {}), visibility: 'visible' };
    const id = `warm-up:${layer.id}`;
    map.addLayer({ ...spec, id, source: sourceId, layout, paint: faint(layer), ...(filter && keepFilter(layer) ? { filter } : {}) } as LayerSpecification);
    ids.push(id);
  }
  map.once('idle', () => {
    if (!alive()) return;
    for (const id of ids) map.removeLayer(id);
    map.removeSource(sourceId);
  });
}

/** Two points across the middle of the map's canvas, as [lon, lat]: where warm-up features go. */
export function acrossView(map: MaplibreMap): [[number, number], [number, number]] {
  const canvas = map.getCanvas();
  const [w, h] = [canvas.clientWidth || 400, canvas.clientHeight || 300];
  const a = map.unproject([w * 0.25, h / 2]);
  const b = map.unproject([w * 0.75, h / 2]);
  return [
    [a.lng, a.lat],
    [b.lng, b.lat],
  ];
}
