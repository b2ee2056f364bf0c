/**
 * What the map draws of an OSM extract (roads by class with their names, water, land use, the
 * sea) inside a box. The extract is read once, by core/osm's reader: `selectBasemapFeature` is
 * its `selectFeature` option, and `basemapFromFeatures` turns the features it kept into the
 * basemap (classes, rings joined, everything cut to the box).
 */
import type { OsmTags } from '../osm/osm-types';
import { joinWays } from './chains';
import { clipLine, clipRing, pointInRing, type Box } from './clip';
import { seaPolygons } from './coast';
import { AREA_RULES, LINE_RULES, MAP_CLASSES, ROAD_CLASSES, ROAD_RULES, classify, isTunnel, type MapClass } from './map-classes';

export interface BasemapFeature {
  cls: MapClass;
  name: string | null;
  /** Roads under ground (drawn faded). */
  tunnel: boolean;
  /** 'line': every part is a line; 'polygon': part 0 is the outer ring, the rest are holes. */
  geometry: 'line' | 'polygon';
  /** Flat [lon, lat, …] arrays; rings repeat their first vertex last. */
  parts: number[][];
}

export interface Basemap {
  /** [west, south, east, north]: what the basemap covers. */
  box: Box;
  features: BasemapFeature[];
}

/** A feature as the reader keeps it (core/osm's MapFeature has this shape). */
export interface ExtractFeature {
  layer: string;
  tags: OsmTags;
  parts: readonly { coords: ArrayLike<number>; role: string }[];
  area: boolean;
}

/** The layer name of the coastline: not drawn itself, the sea is made from it. */
const COAST = 'coast';

/** The reader's `selectFeature`: the map class an element is drawn as, or null to leave it out. */
export function selectBasemapFeature(tags: OsmTags): string | null {
  if (tags.building !== undefined && tags.building !== 'no') return null;
  if (tags.natural === 'coastline') return COAST;
  if (tags.area !== 'yes') {
    const road = classify(ROAD_RULES, tags);
    if (road) return road;
  }
  return classify(AREA_RULES, tags) ?? classify(LINE_RULES, tags);
}

function closeRing(coords: number[]): number[] {
  const n = coords.length;
  if (n >= 2 && (coords[0] !== coords[n - 2] || coords[1] !== coords[n - 1])) coords.push(coords[0], coords[1]);
  return coords;
}

const isRoad = (cls: MapClass) => (ROAD_CLASSES as readonly string[]).includes(cls);
const isArea = (cls: MapClass) => (AREA_RULES as readonly { cls: string }[]).some((r) => r.cls === cls);

export function basemapFromFeatures(features: Iterable<ExtractFeature>, box: Box): Basemap {
  const areas: BasemapFeature[] = [];
  const lines: BasemapFeature[] = [];
  const roads: BasemapFeature[] = [];
  const coast: number[][] = [];
  for (const f of features) {
    if (f.layer === COAST) {
      for (const p of f.parts) coast.push(Array.from(p.coords));
      continue;
    }
    const cls = f.layer as MapClass;
    if (!MAP_CLASSES.includes(cls)) continue;
    const name = f.tags.name ?? null;
    if (isArea(cls)) {
      if (!f.area) continue;
      const outer = joinWays(f.parts.filter((p) => p.role !== 'inner').map((p) => Array.from(p.coords))).rings;
      const inner = joinWays(f.parts.filter((p) => p.role === 'inner').map((p) => Array.from(p.coords))).rings;
      for (const ring of outer) {
        const clipped = clipRing(box, ring);
        if (!clipped.length) continue;
        const holes = inner
          .filter((h) => pointInRing(ring, h[0], h[1]))
          .map((h) => clipRing(box, h))
          .filter((h) => h.length)
          .map(closeRing);
        areas.push({ cls, name, tunnel: false, geometry: 'polygon', parts: [closeRing(clipped), ...holes] });
      }
      continue;
    }
    const parts = f.parts.flatMap((p) => clipLine(box, p.coords));
    if (parts.length) (isRoad(cls) ? roads : lines).push({ cls, name, tunnel: isTunnel(f.tags), geometry: 'line', parts });
  }
  const chains = joinWays(coast, true);
  const sea = seaPolygons(box, [...chains.rings, ...chains.open]).map((parts): BasemapFeature => ({ cls: 'water', name: null, tunnel: false, geometry: 'polygon', parts }));
  // Draw order within a layer (the map draws all areas in one layer): land use, then the sea,
  // then other water on top of both; lines above areas, roads above lines.
  const land = areas.filter((f) => f.cls !== 'water');
  const water = areas.filter((f) => f.cls === 'water');
  return { box, features: [...land, ...sea, ...water, ...lines, ...roads] };
}
