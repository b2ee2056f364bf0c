/**
 * Seeded road points in an area: uniform along the drivable roads inside it (probability
 * proportional to road length, as RRNCO's sampler), every point on an edge in the largest
 * strongly connected component so that every ordered pair has a route, with a minimum spacing.
 * Also: the centre of the densest window of road (for "no centre given").
 */
import { FormatError } from '../errors';
import { Rng } from '../random';
import { insideArea, type SampleArea } from './area';
import { haversineM, LocalProjection } from './geo';
import { EDGE, type RoadGraph } from './road-graph';
import type { RoadPosition } from './road-position';

export const DEFAULT_EXCLUDED_CLASSES = ['motorway', 'motorway_link', 'service', 'ferry', 'shuttle_train'];

export interface SampleOptions {
  /** Named in errors. */
  file: string;
  area: SampleArea;
  count: number;
  seed: number;
  /** Metres between any two points (straight line); default 10. */
  minSpacingM?: number;
  /** Road classes never sampled (default: motorways and their links, service roads, ferries). */
  excludeClasses?: string[];
}

export interface SampleReport {
  requested: number;
  sampled: number;
  /** Candidate positions drawn from the random stream (accepted + dropped). */
  draws: number;
  dropped: { outside_area: number; too_close: number };
  minSpacingM: number;
  excludedClasses: string[];
  /** Road length inside the area, km, by what happened to it. */
  roadKmInArea: { sampled: number; excluded_class: number; destination_only: number; not_startpoint: number; not_in_largest_scc: number };
}

const PIECE_M = 10;

type Reason = 'sampled' | 'excluded_class' | 'destination_only' | 'not_startpoint' | 'not_in_largest_scc';

function reasonFor(g: RoadGraph, e: number, excluded: Set<number>): Reason {
  const f = g.edgeFlags[e];
  if (!(f & EDGE.IN_LARGEST_SCC)) return 'not_in_largest_scc';
  if (!(f & EDGE.STARTPOINT)) return 'not_startpoint';
  if (excluded.has(g.edgeClass[e])) return 'excluded_class';
  const fwdDest = !(f & EDGE.FORWARD) || (f & EDGE.FORWARD_DESTINATION_ONLY) !== 0;
  const bwdDest = !(f & EDGE.BACKWARD) || (f & EDGE.BACKWARD_DESTINATION_ONLY) !== 0;
  if (fwdDest && bwdDest) return 'destination_only';
  return 'sampled';
}

interface Pieces {
  seg: number[];
  edge: number[];
  t0: number[];
  t1: number[];
  cum: number[];
  km: SampleReport['roadKmInArea'];
}

/** Road in the area cut into ≤ 10 m pieces whose middles lie inside it. */
function piecesInArea(g: RoadGraph, area: SampleArea, excluded: Set<number>): Pieces {
  const out: Pieces = { seg: [], edge: [], t0: [], t1: [], cum: [], km: { sampled: 0, excluded_class: 0, destination_only: 0, not_startpoint: 0, not_in_largest_scc: 0 } };
  const b = area.bounds;
  let total = 0;
  for (let e = 0; e < g.edgeCount; e++) {
    const reason = reasonFor(g, e, excluded);
    for (let k = g.edgeGeom[e]; k < g.edgeGeom[e + 1] - 1; k++) {
      const lon0 = g.vertexLon[k];
      const lat0 = g.vertexLat[k];
      const lon1 = g.vertexLon[k + 1];
      const lat1 = g.vertexLat[k + 1];
      if (Math.max(lon0, lon1) < b.west || Math.min(lon0, lon1) > b.east || Math.max(lat0, lat1) < b.south || Math.min(lat0, lat1) > b.north) continue;
      const len = g.vertexDist[k + 1] - g.vertexDist[k];
      if (!(len > 0)) continue;
      const parts = Math.max(1, Math.ceil(len / PIECE_M));
      for (let p = 0; p < parts; p++) {
        const t0 = p / parts;
        const t1 = (p + 1) / parts;
        const tm = (t0 + t1) / 2;
        if (!insideArea(area, lon0 + tm * (lon1 - lon0), lat0 + tm * (lat1 - lat0))) continue;
        const l = len / parts;
        out.km[reason] += l / 1000;
        if (reason !== 'sampled') continue;
        total += l;
        out.seg.push(k);
        out.edge.push(e);
        out.t0.push(t0);
        out.t1.push(t1);
        out.cum.push(total);
      }
    }
  }
  return out;
}

function classSet(g: RoadGraph, names: string[]): Set<number> {
  const s = new Set<number>();
  g.classes.forEach((c, i) => {
    if (names.includes(c)) s.add(i);
  });
  return s;
}

export function samplePoints(g: RoadGraph, opts: SampleOptions): { positions: RoadPosition[]; report: SampleReport } {
  const spacing = opts.minSpacingM ?? 10;
  const excludedNames = opts.excludeClasses ?? DEFAULT_EXCLUDED_CLASSES;
  const pieces = piecesInArea(g, opts.area, classSet(g, excludedNames));
  const report: SampleReport = {
    requested: opts.count,
    sampled: 0,
    draws: 0,
    dropped: { outside_area: 0, too_close: 0 },
    minSpacingM: spacing,
    excludedClasses: excludedNames,
    roadKmInArea: pieces.km,
  };
  const total = pieces.cum.length ? pieces.cum[pieces.cum.length - 1] : 0;
  if (total === 0) {
    throw new FormatError({
      file: opts.file,
      field: '(area)',
      expected: 'drivable roads inside the area (in the largest connected road network, not motorways or service roads)',
      found: 'none',
    });
  }
  const rng = new Rng(opts.seed);
  const proj = new LocalProjection((opts.area.bounds.west + opts.area.bounds.east) / 2, (opts.area.bounds.south + opts.area.bounds.north) / 2);
  const grid = new Map<number, number[]>();
  const key = (cx: number, cy: number) => (cx + 100000) * 200003 + (cy + 100000);
  const positions: RoadPosition[] = [];
  const maxDraws = 50 * opts.count + 10000;
  const cell = Math.max(spacing, 1);
  while (positions.length < opts.count && report.draws < maxDraws) {
    report.draws++;
    const r = rng.next() * total;
    let lo = 0;
    let hi = pieces.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pieces.cum[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    const k = pieces.seg[lo];
    const t = pieces.t0[lo] + rng.next() * (pieces.t1[lo] - pieces.t0[lo]);
    // Points are stored at 1e-6°, so the position is taken at exactly those coordinates.
    const lon = Math.round((g.vertexLon[k] + t * (g.vertexLon[k + 1] - g.vertexLon[k])) * 1e6) / 1e6;
    const lat = Math.round((g.vertexLat[k] + t * (g.vertexLat[k + 1] - g.vertexLat[k])) * 1e6) / 1e6;
    if (!insideArea(opts.area, lon, lat)) {
      report.dropped.outside_area++;
      continue;
    }
    const x = proj.x(lon);
    const y = proj.y(lat);
    const cx = Math.floor(x / cell);
    const cy = Math.floor(y / cell);
    let close = false;
    for (let dx = -1; dx <= 1 && !close; dx++) {
      for (let dy = -1; dy <= 1 && !close; dy++) {
        for (const j of grid.get(key(cx + dx, cy + dy)) ?? []) {
          if (haversineM(lon, lat, positions[j].lon, positions[j].lat) < spacing) {
            close = true;
            break;
          }
        }
      }
    }
    if (close) {
      report.dropped.too_close++;
      continue;
    }
    const list = grid.get(key(cx, cy));
    if (list) list.push(positions.length);
    else grid.set(key(cx, cy), [positions.length]);
    positions.push({ edge: pieces.edge[lo], segment: k, t, lon, lat, snapDistanceM: 0 });
  }
  report.sampled = positions.length;
  if (positions.length < opts.count) {
    throw new FormatError({
      file: opts.file,
      field: '(area)',
      expected: `an area holding ${opts.count} road points at least ${spacing} m apart (enlarge the box or ask for fewer points)`,
      found: `room for ${positions.length} (${pieces.km.sampled.toFixed(1)} km of road)`,
    });
  }
  return { positions, report };
}

/**
 * Centre [lon, lat] of the widthKm × widthKm window with the most sampleable road (100 m grid),
 * the default when no centre is given.
 */
export function densestCentre(g: RoadGraph, widthKm: number, excludeClasses = DEFAULT_EXCLUDED_CLASSES): [number, number] {
  const excluded = classSet(g, excludeClasses);
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (let i = 0; i < g.nodeCount; i++) {
    west = Math.min(west, g.nodeLon[i]);
    east = Math.max(east, g.nodeLon[i]);
    south = Math.min(south, g.nodeLat[i]);
    north = Math.max(north, g.nodeLat[i]);
  }
  if (!(west <= east)) return [0, 0];
  const proj = new LocalProjection(west, south);
  const step = 100;
  const nx = Math.max(1, Math.ceil(proj.x(east) / step) + 1);
  const ny = Math.max(1, Math.ceil(proj.y(north) / step) + 1);
  const grid = new Float64Array(nx * ny);
  for (let e = 0; e < g.edgeCount; e++) {
    if (reasonFor(g, e, excluded) !== 'sampled') continue;
    for (let k = g.edgeGeom[e]; k < g.edgeGeom[e + 1] - 1; k++) {
      const len = g.vertexDist[k + 1] - g.vertexDist[k];
      const parts = Math.max(1, Math.ceil(len / 50));
      for (let p = 0; p < parts; p++) {
        const t = (p + 0.5) / parts;
        const x = proj.x(g.vertexLon[k] + t * (g.vertexLon[k + 1] - g.vertexLon[k]));
        const y = proj.y(g.vertexLat[k] + t * (g.vertexLat[k + 1] - g.vertexLat[k]));
        const cx = Math.min(nx - 1, Math.max(0, Math.floor(x / step)));
        const cy = Math.min(ny - 1, Math.max(0, Math.floor(y / step)));
        grid[cy * nx + cx] += len / parts;
      }
    }
  }
  // Summed-area table, then every window position.
  const sat = new Float64Array((nx + 1) * (ny + 1));
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      sat[(y + 1) * (nx + 1) + x + 1] = grid[y * nx + x] + sat[y * (nx + 1) + x + 1] + sat[(y + 1) * (nx + 1) + x] - sat[y * (nx + 1) + x];
    }
  }
  const w = Math.max(1, Math.round((widthKm * 1000) / step));
  const wx = Math.min(w, nx);
  const wy = Math.min(w, ny);
  let best = -1;
  let bx = 0;
  let by = 0;
  for (let y = 0; y + wy <= ny; y++) {
    for (let x = 0; x + wx <= nx; x++) {
      const s = sat[(y + wy) * (nx + 1) + x + wx] - sat[y * (nx + 1) + x + wx] - sat[(y + wy) * (nx + 1) + x] + sat[y * (nx + 1) + x];
      if (s > best) {
        best = s;
        bx = x;
        by = y;
      }
    }
  }
  const cxm = (bx + wx / 2) * step;
  const cym = (by + wy / 2) * step;
  return [Math.round(proj.lon(cxm) * 1e6) / 1e6, Math.round(proj.lat(cym) * 1e6) / 1e6];
}
