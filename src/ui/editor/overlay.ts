/**
 * The editor's own map layers, drawn above the app's: the selected stop, the stops the
 * selected vehicle is banned from (or its preferences), the area being drawn, and the sector
 * wedges around the depot. Pure GeoJSON builders plus the layer specs; EditorMap owns the
 * sources on the map.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import { depotMask, type Instance } from '../../core/instance';
import { traitsOf } from '../../core/problems';
import { nodesInSectors, reach, sectorRing } from '../../core/scenario';

export const EDITOR_SOURCES = { marks: 'editor-marks', draw: 'editor-draw' } as const;

export type MarkKind = 'selected' | 'banned' | 'preferred';

export interface MarkProps {
  kind: MarkKind;
  node: number;
  /** Preference of the selected vehicle, scaled to 0..1 over the instance. */
  weight: number;
}

export interface DrawProps {
  kind: 'area' | 'vertex' | 'sector';
  /** Sectors: share of the wedge's stops the selected vehicle is banned from (0..1). */
  banned: number;
  sector: number;
}

export const BANNED_COLOR = '#b91c1c';
export const DRAW_COLOR = '#7c3aed';

export const EDITOR_LAYERS: LayerSpecification[] = [
  {
    id: 'editor-sectors',
    type: 'fill',
    source: EDITOR_SOURCES.draw,
    filter: ['==', ['get', 'kind'], 'sector'],
    paint: { 'fill-color': BANNED_COLOR, 'fill-opacity': ['*', 0.22, ['get', 'banned']] },
  },
  {
    id: 'editor-area-fill',
    type: 'fill',
    source: EDITOR_SOURCES.draw,
    filter: ['==', ['get', 'kind'], 'area'],
    paint: { 'fill-color': DRAW_COLOR, 'fill-opacity': 0.12 },
  },
  {
    id: 'editor-outline',
    type: 'line',
    source: EDITOR_SOURCES.draw,
    filter: ['in', ['get', 'kind'], ['literal', ['area', 'sector']]],
    paint: {
      'line-color': ['case', ['==', ['get', 'kind'], 'area'], DRAW_COLOR, '#6b7280'],
      'line-width': ['case', ['==', ['get', 'kind'], 'area'], 2, 1],
      'line-dasharray': [2, 2],
    },
  },
  {
    id: 'editor-vertices',
    type: 'circle',
    source: EDITOR_SOURCES.draw,
    filter: ['==', ['get', 'kind'], 'vertex'],
    paint: { 'circle-radius': 4, 'circle-color': '#ffffff', 'circle-stroke-color': DRAW_COLOR, 'circle-stroke-width': 2 },
  },
  {
    id: 'editor-preferred',
    type: 'circle',
    source: EDITOR_SOURCES.marks,
    filter: ['==', ['get', 'kind'], 'preferred'],
    paint: {
      'circle-radius': 8,
      'circle-color': '#15803d',
      'circle-opacity': ['*', 0.45, ['get', 'weight']],
      'circle-stroke-width': 0,
    },
  },
  {
    id: 'editor-banned',
    type: 'circle',
    source: EDITOR_SOURCES.marks,
    filter: ['==', ['get', 'kind'], 'banned'],
    paint: {
      'circle-radius': 10,
      'circle-color': BANNED_COLOR,
      'circle-opacity': 0.2,
      'circle-stroke-color': BANNED_COLOR,
      'circle-stroke-width': 2,
    },
  },
  {
    id: 'editor-selected',
    type: 'circle',
    source: EDITOR_SOURCES.marks,
    filter: ['==', ['get', 'kind'], 'selected'],
    paint: {
      'circle-radius': 13,
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': '#111827',
      'circle-stroke-width': 2.5,
    },
  },
];

function collection<G extends Geometry, P>(features: Feature<G, P>[]): FeatureCollection<G, P> {
  return { type: 'FeatureCollection', features };
}

/**
 * Marks for the selected stop and the selected vehicle's profile. `lonlat` is where the map
 * draws each node (the instance's own coordinates, or planar ones placed on the map).
 */
export function marksGeoJSON(instance: Instance | null, lonlat: Float64Array | null, selected: number | null, vehicle: number | null): FeatureCollection<Geometry, MarkProps> {
  const features: Feature<Geometry, MarkProps>[] = [];
  if (!instance || !lonlat || lonlat.length !== 2 * instance.n) return collection(features);
  const at = (i: number): [number, number] => [lonlat[2 * i], lonlat[2 * i + 1]];
  const v = vehicle !== null ? instance.vehicles[vehicle] : undefined;
  const mask = depotMask(instance);
  if (v?.allowed) {
    for (let j = 0; j < instance.n; j++) {
      if (!mask[j] && !v.allowed[j]) features.push({ type: 'Feature', properties: { kind: 'banned', node: j, weight: 1 }, geometry: { type: 'Point', coordinates: at(j) } });
    }
  }
  if (v?.preference && traitsOf(instance.kind).preferences) {
    let max = 0;
    for (let j = 0; j < instance.n; j++) if (!mask[j]) max = Math.max(max, v.preference[j]);
    for (let j = 0; j < instance.n; j++) {
      if (!mask[j] && v.preference[j] > 0 && max > 0) {
        features.push({ type: 'Feature', properties: { kind: 'preferred', node: j, weight: v.preference[j] / max }, geometry: { type: 'Point', coordinates: at(j) } });
      }
    }
  }
  if (selected !== null && selected >= 0 && selected < instance.n) {
    features.push({ type: 'Feature', properties: { kind: 'selected', node: selected, weight: 1 }, geometry: { type: 'Point', coordinates: at(selected) } });
  }
  return collection(features);
}

/**
 * The area being drawn (a line until it has 3 corners; corners are map positions) and, when
 * asked, the sector wedges, computed in the instance's coordinates and placed by `toMap`.
 */
export function drawGeoJSON(
  instance: Instance | null,
  area: readonly [number, number][],
  sectors: number | null,
  vehicle: number | null,
  toMap: (p: [number, number]) => [number, number] = (p) => p,
): FeatureCollection<Geometry, DrawProps> {
  const features: Feature<Geometry, DrawProps>[] = [];
  if (sectors !== null && instance && instance.coords) {
    const radius = Math.max(reach(instance) * 1.08, instance.coordSystem === 'lonlat' ? 200 : 0);
    const allowed = vehicle !== null ? instance.vehicles[vehicle]?.allowed : undefined;
    for (let s = 0; s < sectors; s++) {
      const nodes = nodesInSectors(instance, [s], sectors);
      const banned = allowed && nodes.length ? nodes.filter((j) => !allowed[j]).length / nodes.length : 0;
      features.push({ type: 'Feature', properties: { kind: 'sector', banned, sector: s }, geometry: { type: 'Polygon', coordinates: [sectorRing(instance, s, sectors, radius).map(toMap)] } });
    }
  }
  if (area.length >= 3) {
    features.push({ type: 'Feature', properties: { kind: 'area', banned: 0, sector: -1 }, geometry: { type: 'Polygon', coordinates: [[...area, area[0]]] } });
  } else if (area.length === 2) {
    features.push({ type: 'Feature', properties: { kind: 'area', banned: 0, sector: -1 }, geometry: { type: 'LineString', coordinates: [...area] } });
  }
  for (const p of area) features.push({ type: 'Feature', properties: { kind: 'vertex', banned: 0, sector: -1 }, geometry: { type: 'Point', coordinates: p } });
  return collection(features);
}
