/**
 * A basemap as GeoJSON for the map's basemap source: each feature says its `group` (what the
 * style's layers filter on: 'road', 'water', 'landuse', 'waterway'), its `class`, and where
 * OSM has them its `name` and whether it is a `tunnel`.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { strToU8 } from 'fflate';
import type { Basemap, BasemapFeature } from './collect';
import { ROAD_CLASSES, type MapClass } from './map-classes';

export type BasemapGroup = 'road' | 'water' | 'landuse' | 'waterway';

export interface BasemapProps {
  group: BasemapGroup;
  class: MapClass;
  name?: string;
  tunnel?: boolean;
}

export function groupOf(cls: MapClass): BasemapGroup {
  if ((ROAD_CLASSES as readonly string[]).includes(cls)) return 'road';
  if (cls === 'water') return 'water';
  if (cls === 'waterway') return 'waterway';
  return 'landuse';
}

/** 1e-6° (about 0.1 m) is what the file holds: print no more digits than that. */
function pairs(flat: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([Math.round(flat[i] * 1e6) / 1e6, Math.round(flat[i + 1] * 1e6) / 1e6]);
  return out;
}

function geometryOf(f: BasemapFeature): Geometry {
  if (f.geometry === 'polygon') return { type: 'Polygon', coordinates: f.parts.map(pairs) };
  return f.parts.length === 1 ? { type: 'LineString', coordinates: pairs(f.parts[0]) } : { type: 'MultiLineString', coordinates: f.parts.map(pairs) };
}

export function basemapGeoJSON(basemap: Basemap): FeatureCollection<Geometry, BasemapProps> {
  const features: Feature<Geometry, BasemapProps>[] = basemap.features.map((f) => {
    const properties: BasemapProps = { group: groupOf(f.cls), class: f.cls };
    if (f.name !== null) properties.name = f.name;
    if (f.tunnel) properties.tunnel = true;
    return { type: 'Feature', properties, geometry: geometryOf(f) };
  });
  return { type: 'FeatureCollection', features };
}

/**
 * What the map only draws from close in (footways, tunnels): kept apart, so that loading a city's
 * streets does not parse and tile what its first views do not show.
 */
export function isDetail(f: BasemapFeature): boolean {
  return f.cls === 'path' || f.tunnel;
}

export function splitDetail(basemap: Basemap): { main: Basemap; detail: Basemap } {
  return {
    main: { box: basemap.box, features: basemap.features.filter((f) => !isDetail(f)) },
    detail: { box: basemap.box, features: basemap.features.filter(isDetail) },
  };
}

/** The GeoJSON as UTF-8 bytes: a worker hands these over (transferred) for the map to load by URL. */
export function basemapGeoJSONBytes(basemap: Basemap): Uint8Array {
  return strToU8(JSON.stringify(basemapGeoJSON(basemap)));
}
