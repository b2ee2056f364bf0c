/**
 * The whole city build: extract → road graph → points (sampled, or given and snapped) → matrices
 * → a CityData (metres, seconds, [lon, lat]; values rounded to 0.1 m / 0.1 s and points to 1e-6°,
 * like OSRM's) and a meta record in the spirit of data/cities/<City>.meta.json.
 */
import { OSM_ATTRIBUTION, type CityData } from '../cities/city';
import { FormatError } from '../errors';
import { areaFacts, boxAround, type SampleArea } from './area';
import type { CarProfile } from './car-profile';
import { stockCarProfile } from './car-profile';
import { computeMatricesAsync } from './matrix';
import type { OsmLimits } from './osm-types';
import { readRoads, readRoadsFromChunks, type RoadExtract } from './read-roads';
import { buildRoadGraph, EDGE, type RoadGraph } from './road-graph';
import type { RoadPosition } from './road-position';
import { densestCentre, samplePoints, DEFAULT_EXCLUDED_CLASSES, type SampleReport } from './sample-points';
import { SegmentIndex } from './segment-index';

export type BuildStage = 'read' | 'graph' | 'points' | 'matrix';

export interface BuildCityOptions {
  /** City name (default: from the file name). */
  name?: string;
  /** [lon, lat] of the box centre; absent: the densest boxKm window of the extract. */
  centre?: [number, number];
  boxKm?: number;
  /** Sample inside this polygon instead of a box (see parsePoly). */
  polygon?: SampleArea;
  points?: number;
  seed?: number;
  minSpacingM?: number;
  excludeClasses?: string[];
  /** Given points ([lon, lat] pairs) to snap, in order, instead of sampling. */
  pointsFrom?: { file: string; lonlat: Float64Array };
  profile?: CarProfile;
  /** Where the profile came from, for the meta (default: the stock car-profile.json). */
  profileSource?: string;
  limits?: Partial<OsmLimits>;
  onProgress?: (stage: BuildStage, fraction: number) => void;
  signal?: AbortSignal;
}

export interface BuiltCityResult {
  city: CityData;
  meta: Record<string, unknown>;
  graph: RoadGraph;
  positions: RoadPosition[];
  warnings: string[];
}

export type ExtractSource = Uint8Array | { chunks: AsyncIterable<Uint8Array>; size?: number };

function abortIfNeeded(signal?: AbortSignal): void {
  if (signal?.aborted) {
    const err = new Error('the city build was cancelled');
    err.name = 'AbortError';
    throw err;
  }
}

function baseName(file: string): string {
  const b = file.split(/[\\/]/).pop() ?? file;
  return b.replace(/\.(osm\.pbf|pbf|osm\.gz|osm\.xml|osm)$/i, '');
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))];
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

function summary(n: number, distance: Float64Array, duration: Float64Array) {
  const d: number[] = [];
  const t: number[] = [];
  let asym1m = 0;
  let asym1pct = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      d.push(distance[i * n + j]);
      t.push(duration[i * n + j]);
      if (j > i) {
        pairs++;
        const a = distance[i * n + j];
        const b = distance[j * n + i];
        if (Math.abs(a - b) > 1) asym1m++;
        if (Math.abs(a - b) > 0.01 * Math.max(a, b)) asym1pct++;
      }
    }
  }
  d.sort((a, b) => a - b);
  t.sort((a, b) => a - b);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  return {
    distance_km: { mean: r6(mean(d) / 1000), max: r6(d[d.length - 1] / 1000), median: r6(quantile(d, 0.5) / 1000), min_offdiag: r6(d[0] / 1000) },
    duration_min: { mean: r6(mean(t) / 60), max: r6(t[t.length - 1] / 60), median: r6(quantile(t, 0.5) / 60), min_offdiag: r6(t[0] / 60) },
    asymmetric_pair_share_gt_1m: pairs ? asym1m / pairs : 0,
    asymmetric_pair_share_gt_1pct: pairs ? asym1pct / pairs : 0,
  };
}

export async function buildCity(file: string, source: ExtractSource, opts: BuildCityOptions = {}): Promise<BuiltCityResult> {
  const progress = opts.onProgress ?? (() => {});
  const warnings: string[] = [];
  const profile = opts.profile ?? stockCarProfile();
  const t0 = performance.now();

  // 1. Read.
  progress('read', 0);
  let extract: RoadExtract;
  if (source instanceof Uint8Array) {
    extract = readRoads(file, source, { profile, limits: opts.limits }, (done, total) => progress('read', done / total));
  } else {
    const { size, chunks } = source;
    const signal = opts.signal;
    async function* guarded() {
      for await (const c of chunks) {
        abortIfNeeded(signal);
        yield c;
      }
    }
    extract = await readRoadsFromChunks(file, guarded(), { profile, limits: opts.limits }, (done) => size && progress('read', done / size));
  }
  progress('read', 1);
  abortIfNeeded(opts.signal);
  const t1 = performance.now();

  // 2. Graph.
  const graph = buildRoadGraph(extract, { onProgress: (_p, f) => progress('graph', f) });
  abortIfNeeded(opts.signal);
  let routable = 0;
  for (let e = 0; e < graph.edgeCount; e++) {
    if ((graph.edgeFlags[e] & (EDGE.IN_LARGEST_SCC | EDGE.STARTPOINT)) === (EDGE.IN_LARGEST_SCC | EDGE.STARTPOINT)) routable++;
  }
  if (routable === 0) {
    throw new FormatError({
      file,
      field: '(roads)',
      expected: 'an extract with roads a car may drive (highway=residential, primary, …)',
      found: `${extract.counts.ways} ways, none drivable by car`,
    });
  }
  const t2 = performance.now();

  // 3. Points.
  progress('points', 0);
  let positions: RoadPosition[];
  let area: SampleArea | null = null;
  let centreChoice = '';
  let sampleReport: SampleReport | null = null;
  let snapStats: Record<string, number> | null = null;
  const bounds = graphBounds(graph);
  if (opts.pointsFrom) {
    const index = new SegmentIndex(graph);
    const { lonlat } = opts.pointsFrom;
    positions = [];
    const snaps: number[] = [];
    for (let i = 0; i < lonlat.length / 2; i++) {
      const p = index.nearest(lonlat[2 * i], lonlat[2 * i + 1]);
      if (!p) throw new FormatError({ file, field: '(roads)', expected: 'roads to snap the given points to' });
      positions.push(p);
      snaps.push(p.snapDistanceM);
      if ((i & 63) === 0) progress('points', i / (lonlat.length / 2));
    }
    const sorted = [...snaps].sort((a, b) => a - b);
    snapStats = {
      mean: r3(snaps.reduce((s, x) => s + x, 0) / Math.max(1, snaps.length)),
      p50: r3(quantile(sorted, 0.5)),
      p90: r3(quantile(sorted, 0.9)),
      p99: r3(quantile(sorted, 0.99)),
      max: r3(sorted[sorted.length - 1] ?? 0),
      over_25m: snaps.filter((s) => s > 25).length,
    };
    if (snapStats.over_25m > 0) warnings.push(`${snapStats.over_25m} of the given points lie more than 25 m from a drivable road (max ${snapStats.max} m)`);
  } else {
    const boxKm = opts.boxKm ?? 3;
    if (opts.polygon) {
      area = opts.polygon;
      centreChoice = `polygon ${areaFacts(opts.polygon).name ?? ''}`.trim();
    } else {
      let centre = opts.centre;
      if (centre) {
        centreChoice = 'given';
        const [lon, lat] = centre;
        if (lon < bounds.west || lon > bounds.east || lat < bounds.south || lat > bounds.north) {
          throw new FormatError({
            file,
            field: '(centre)',
            expected: `a centre inside the extract's roads (lon ${bounds.west.toFixed(4)}…${bounds.east.toFixed(4)}, lat ${bounds.south.toFixed(4)}…${bounds.north.toFixed(4)})`,
            found: `lat ${lat}, lon ${lon}`,
          });
        }
      } else {
        centre = densestCentre(graph, boxKm, opts.excludeClasses);
        centreChoice = `densest ${boxKm} × ${boxKm} km window of sampleable road in the extract (100 m grid)`;
      }
      area = boxAround(centre, boxKm);
    }
    const sampled = samplePoints(graph, {
      file,
      area,
      count: opts.points ?? 1000,
      seed: opts.seed ?? 1,
      minSpacingM: opts.minSpacingM,
      excludeClasses: opts.excludeClasses,
    });
    positions = sampled.positions;
    sampleReport = sampled.report;
  }
  progress('points', 1);
  abortIfNeeded(opts.signal);
  const t3 = performance.now();

  // 4. Matrices.
  const m = await computeMatricesAsync(graph, positions, { signal: opts.signal, onProgress: (d, n) => progress('matrix', d / n) });
  const n = positions.length;
  if (m.unreachable > 0) warnings.push(`${m.unreachable} ordered pairs have no route`);
  const t4 = performance.now();

  const lonlat = new Float64Array(2 * n);
  positions.forEach((p, i) => {
    lonlat[2 * i] = r6(p.lon);
    lonlat[2 * i + 1] = r6(p.lat);
  });
  const distance = m.distance.map((x) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : Infinity));
  const duration = m.duration.map((x) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : Infinity));
  const name = opts.name ?? baseName(file);
  const city: CityData = { name, n, lonlat, distance, duration, attribution: OSM_ATTRIBUTION };

  const h = extract.header;
  const b = area?.bounds;
  const facts = areaFacts(area);
  const meta: Record<string, unknown> = {
    city: name,
    centre: facts.centre ? { lat: facts.centre[1], lon: facts.centre[0] } : null,
    centre_choice: opts.pointsFrom ? `points from ${opts.pointsFrom.file}` : centreChoice,
    box: b
      ? {
          south: r6(b.south),
          north: r6(b.north),
          west: r6(b.west),
          east: r6(b.east),
          width_km: facts.widthKm,
          height_km: facts.heightKm,
          inside_extract_header_bbox: h.bounds ? b.west >= h.bounds.west && b.east <= h.bounds.east && b.south >= h.bounds.south && b.north <= h.bounds.north : null,
        }
      : null,
    N: n,
    seed: opts.pointsFrom ? null : (opts.seed ?? 1),
    rng: 'RouteLab Rng (xoshiro128**, src/core/random.ts) seeded with `seed`',
    npz_keys: {
      points: '(N,2) float64 latitude, longitude (degrees, rounded to 1e-6; on-road positions)',
      distance: '(N,N) float64 km (builder metres, rounded to 0.1 m, / 1000), row = origin, column = destination',
      duration: '(N,N) float64 minutes (builder seconds, rounded to 0.1 s, / 60), row = origin, column = destination',
    },
    builder: {
      name: 'RouteLab city builder (src/core/osm)',
      profile: opts.profileSource ?? 'src/core/osm/car-profile.json (essentials of OSRM v6 car.lua)',
      profile_name: profile.name,
      routing: 'edge-based one-to-many Dijkstra on the contracted road graph; route chosen by weight (duration / route-choice multipliers + turn costs), its duration and distance reported (as OSRM table)',
      u_turns: profile.turns.uTurns,
    },
    extract: {
      file: file.split(/[\\/]/).pop(),
      format: extract.format,
      bytes: extract.inputBytes,
      header_bbox: h.bounds ?? null,
      header_timestamp: h.timestamp ?? null,
      generator: h.generator ?? null,
      newest_object_timestamp: Number.isNaN(extract.counts.newestTimestamp) ? null : new Date(extract.counts.newestTimestamp).toISOString(),
      oldest_object_timestamp: Number.isNaN(extract.counts.oldestTimestamp) ? null : new Date(extract.counts.oldestTimestamp).toISOString(),
      counts: { nodes: extract.counts.nodes, ways: extract.counts.ways, relations: extract.counts.relations },
      attribution: '© OpenStreetMap contributors, ODbL 1.0',
    },
    road_network: {
      drivable_ways: graph.stats.ways,
      rejected_highway_ways: extract.rejectedHighways,
      junctions: graph.stats.junctions,
      edges: graph.stats.edges,
      arcs: graph.stats.arcs,
      turns: graph.stats.turns,
      road_km: r3(graph.stats.roadKm),
      barriers: graph.stats.barriers,
      traffic_signals: graph.stats.trafficSignals,
      missing_node_refs: graph.stats.missingNodeRefs,
      turn_restrictions: graph.stats.restrictions,
      largest_scc: { ...graph.stats.largestScc, roadKm: r3(graph.stats.largestScc.roadKm) },
    },
    sampling: sampleReport
      ? {
          method: 'uniform along drivable road inside the area (probability ∝ length), edges in the largest strongly connected component of the turn graph, start points only, not destination-only',
          excluded_classes: sampleReport.excludedClasses ?? DEFAULT_EXCLUDED_CLASSES,
          min_spacing_m: sampleReport.minSpacingM,
          road_km_in_area: Object.fromEntries(Object.entries(sampleReport.roadKmInArea).map(([k, v]) => [k, r3(v)])),
          points_drawn_total: sampleReport.draws,
          points_dropped: sampleReport.dropped,
          points_dropped_total: sampleReport.dropped.outside_area + sampleReport.dropped.too_close,
        }
      : null,
    points_from: opts.pointsFrom ? { file: opts.pointsFrom.file, n, snap_distance_m: snapStats } : null,
    stats: { ...summary(n, distance, duration), unreachable_pairs: m.unreachable },
    timing_s: {
      read_s: r3((t1 - t0) / 1000),
      graph_s: r3((t2 - t1) / 1000),
      points_s: r3((t3 - t2) / 1000),
      matrix_s: r3((t4 - t3) / 1000),
      total_s: r3((t4 - t0) / 1000),
    },
    attribution: OSM_ATTRIBUTION,
    warnings,
  };
  return { city, meta, graph, positions, warnings };
}

export function graphBounds(g: RoadGraph): { west: number; south: number; east: number; north: number } {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (let v = 0; v < g.vertexLon.length; v++) {
    const lon = g.vertexLon[v];
    const lat = g.vertexLat[v];
    if (lon < west) west = lon;
    if (lon > east) east = lon;
    if (lat < south) south = lat;
    if (lat > north) north = lat;
  }
  return { west, south, east, north };
}
