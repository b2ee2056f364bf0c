import { describe, expect, it } from 'vitest';
import type { LayerSpecification, Map as MaplibreMap } from 'maplibre-gl';
import { warmUpLayers } from '../../src/ui/map/layer-warm-up';
import { BASEMAP_LAYERS, BASEMAP_LAYER_IDS } from '../../src/ui/map/basemap-style';
import { INSTANCE_LAYERS, ROUTE_LAYER_IDS } from '../../src/ui/map/map-style';

/** Just enough of a maplibre map to see what the warm-up adds, and what it leaves behind. */
function fakeMap() {
  const layers = new Map<string, LayerSpecification>();
  const sources = new Map<string, unknown>();
  let onIdle: (() => void) | null = null;
  const map = {
    addSource: (id: string, spec: unknown) => void sources.set(id, spec),
    removeSource: (id: string) => void sources.delete(id),
    addLayer: (layer: LayerSpecification) => void layers.set(layer.id, layer),
    removeLayer: (id: string) => void layers.delete(id),
    once: (event: string, fn: () => void) => {
      if (event === 'idle') onIdle = fn;
    },
  };
  return { map: map as unknown as MaplibreMap, layers, sources, idle: () => onIdle?.() };
}

const line = { type: 'Feature' as const, properties: {}, geometry: { type: 'LineString' as const, coordinates: [[7.4, 43.7], [7.41, 43.71]] } };

describe('shader warm-up of a map’s layers', () => {
  it('draws a faint, always visible copy of every drawable layer, at any zoom', () => {
    const { map, layers, sources } = fakeMap();
    warmUpLayers(map, { sourceId: 'w', maxzoom: 12, layers: BASEMAP_LAYERS, features: [line], keepFilter: () => false, alive: () => true });
    expect(sources.has('w')).toBe(true);
    expect([...layers.keys()]).toEqual(BASEMAP_LAYERS.map((l) => `warm-up:${l.id}`));
    for (const copy of layers.values()) {
      expect(copy).toMatchObject({ source: 'w', layout: { visibility: 'visible' } });
      expect(copy).not.toHaveProperty('filter');
      expect(copy).not.toHaveProperty('minzoom');
      const paint = (copy as { paint: Record<string, unknown> }).paint;
      const opacity = paint['line-opacity'] ?? paint['fill-opacity'] ?? paint['text-opacity'];
      expect(opacity).toBe(0.001);
    }
    // The street names keep their text layout (the same program as the real layer), and so
    // their minimum zoom is dropped: at the page's first zoom they would not be drawn.
    const labels = layers.get(`warm-up:${BASEMAP_LAYER_IDS.labels}`) as { layout: Record<string, unknown> };
    expect(labels.layout['text-field']).toEqual(['get', 'name']);
  });

  it('keeps the filters it is told to keep, and paints with the layer’s own colours', () => {
    const { map, layers } = fakeMap();
    const hover: string[] = [ROUTE_LAYER_IDS.hovered, ROUTE_LAYER_IDS.highlight];
    warmUpLayers(map, { sourceId: 'w', maxzoom: 12, layers: INSTANCE_LAYERS, features: [line], keepFilter: (l) => !hover.includes(l.id), alive: () => true });
    const selected = layers.get(`warm-up:${ROUTE_LAYER_IDS.selected}`)!;
    const real = INSTANCE_LAYERS.find((l) => l.id === ROUTE_LAYER_IDS.selected) as { filter: unknown };
    expect(selected).toHaveProperty('filter', real.filter);
    expect((selected as { paint: Record<string, unknown> }).paint['line-color']).toEqual(['get', 'color']);
    expect(layers.get(`warm-up:${ROUTE_LAYER_IDS.hovered}`)).not.toHaveProperty('filter');
  });

  it('removes its layers and source once the map is idle, unless the map is gone', () => {
    const live = fakeMap();
    warmUpLayers(live.map, { sourceId: 'w', maxzoom: 12, layers: BASEMAP_LAYERS, features: [line], keepFilter: () => false, alive: () => true });
    live.idle();
    expect(live.layers.size).toBe(0);
    expect(live.sources.size).toBe(0);

    const gone = fakeMap();
    warmUpLayers(gone.map, { sourceId: 'w', maxzoom: 12, layers: BASEMAP_LAYERS, features: [line], keepFilter: () => false, alive: () => false });
    gone.idle();
    expect(gone.layers.size).toBe(BASEMAP_LAYERS.length);
  });
});
