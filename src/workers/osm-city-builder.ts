/**
 * The OSM city builder (src/core/osm) as the build worker calls it: the dialog's options in,
 * a CityData (metres, seconds, [lon, lat]) out, with the builder's meta and, for the map, the
 * city's street files (the road network routes are drawn along, and the basemap) cut to the
 * city's box plus a margin, as scripts/make-city-streets.ts makes them for the bundled cities.
 */
import { basemapFromFeatures, selectBasemapFeature } from '../core/basemap/collect';
import { expandBox, type Box } from '../core/basemap/clip';
import { encodeBasemap } from '../core/basemap/encoding';
import { FormatError } from '../core/errors';
import { buildCity, createOsmStream, DEFAULT_OSM_LIMITS, readRoads, type BuildStage, type RoadGraph } from '../core/osm';
import { encodeRoadFile } from '../core/roads/road-file';
import type { BuildControl, BuiltCity, CityBuilder } from './city-build-host';
import type { CityBuildOptions } from './city-build-protocol';
import { boundsOfPoints, type CityStreets } from './city-library';

type Bounds = [number, number, number, number];

/** Bytes read per slice of the extract. */
const SLICE = 1 << 20;

/** Streets reach this far beyond the city's box (as the bundled cities' do). */
const STREETS_MARGIN_M = 1500;

/**
 * Up to this size the extract is read into memory once, so that the basemap can be read from it
 * too; beyond it the builder streams the file and the city comes without a basemap.
 */
const IN_MEMORY_BYTES = 64 << 20;

/** What the planner reads beside the bar, and each stage's share of the whole build. */
const STAGES: Record<BuildStage | 'streets', { label: string; from: number; to: number }> = {
  read: { label: 'reading the extract', from: 0, to: 0.2 },
  graph: { label: 'building the road graph', from: 0.2, to: 0.3 },
  points: { label: 'placing road points', from: 0.3, to: 0.35 },
  matrix: { label: 'computing the matrices', from: 0.35, to: 0.93 },
  streets: { label: 'drawing the streets', from: 0.93, to: 1 },
};

function report(control: BuildControl, stage: BuildStage | 'streets', fraction: number): void {
  const s = STAGES[stage];
  control.onProgress(s.label, s.from + (s.to - s.from) * Math.max(0, Math.min(1, fraction)));
}

/** Beyond this size the extent is the header's alone: reading every node would take too long. */
const SCAN_LIMIT_BYTES = 32 << 20;

/**
 * Where the extract's data lies: the extent of its nodes, read through once (headers are not to
 * be trusted: JOSM writes the box that was downloaded, while whole ways reach beyond it); the
 * declared extent (PBF bbox, XML <bounds>) for a big file or one without nodes.
 */
async function extractExtent(file: string, source: Blob): Promise<Bounds | null> {
  let declared: Bounds | null = null;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const stream = createOsmStream(file, {
    header(h) {
      if (h.bounds) declared = [h.bounds.west, h.bounds.south, h.bounds.east, h.bounds.north];
    },
    node(_id, lon, lat) {
      if (lon < w) w = lon;
      if (lon > e) e = lon;
      if (lat < s) s = lat;
      if (lat > n) n = lat;
    },
  });
  const big = source.size > SCAN_LIMIT_BYTES;
  for (let o = 0; o < source.size; o += SLICE) {
    stream.push(new Uint8Array(await source.slice(o, o + SLICE).arrayBuffer()));
    if (big && declared) return declared;
  }
  stream.end();
  return w <= e && s <= n ? [w, s, e, n] : declared;
}

async function* chunksOf(source: Blob): AsyncIterable<Uint8Array> {
  for (let o = 0; o < source.size; o += SLICE) yield new Uint8Array(await source.slice(o, o + SLICE).arrayBuffer());
}

function cityBox(meta: Record<string, unknown>, lonlat: Float64Array): Box {
  const box = meta.box as { west: number; south: number; east: number; north: number } | null;
  if (box) return [box.west, box.south, box.east, box.north];
  return boundsOfPoints(lonlat);
}

/**
 * The street files of a built city. Streets are for the eye: if they cannot be made, the city
 * still is (a warning says so), with straight lines and no basemap on its map.
 */
function makeStreets(file: string, bytes: Uint8Array | null, graph: RoadGraph, box: Box, attribution: string, warnings: string[]): CityStreets {
  const streets: CityStreets = {};
  const around = expandBox(box, STREETS_MARGIN_M);
  try {
    streets.roads = encodeRoadFile(graph, around);
  } catch (err) {
    warnings.push(`routes will be drawn as straight lines: the road network could not be kept (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!bytes) {
    warnings.push('the extract is too big to read twice in this tab: the city has no basemap');
    return streets;
  }
  try {
    const extract = readRoads(file, bytes, { selectFeature: selectBasemapFeature });
    streets.basemap = encodeBasemap(basemapFromFeatures(extract.features, around), attribution);
  } catch (err) {
    warnings.push(`the map shows no streets for this city: ${err instanceof Error ? err.message : String(err)}`);
  }
  return streets;
}

async function build(file: string, source: Blob, options: CityBuildOptions, control: BuildControl): Promise<BuiltCity> {
  if (source.size > DEFAULT_OSM_LIMITS.maxInputBytes) {
    throw new FormatError({
      file,
      field: '(size)',
      expected: `a file of at most ${DEFAULT_OSM_LIMITS.maxInputBytes.toLocaleString('en')} bytes (the builder's limit for a browser tab; crop the extract to the town)`,
      found: `${source.size.toLocaleString('en')} bytes`,
    });
  }
  report(control, 'read', 0);
  const bytes = source.size <= IN_MEMORY_BYTES ? new Uint8Array(await source.arrayBuffer()) : null;
  const built = await buildCity(file, bytes ?? { chunks: chunksOf(source), size: source.size }, {
    centre: options.centre,
    boxKm: options.boxKm,
    points: options.points,
    seed: options.seed,
    signal: control.signal,
    onProgress: (stage, fraction) => report(control, stage, fraction),
  });
  report(control, 'streets', 0);
  const warnings = [...built.warnings];
  const streets = makeStreets(file, bytes, built.graph, cityBox(built.meta, built.city.lonlat), built.city.attribution, warnings);
  report(control, 'streets', 1);
  return { city: built.city, streets, build: built.meta, warnings };
}

export const osmCityBuilder: CityBuilder = { build, extent: extractExtent };
