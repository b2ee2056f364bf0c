/**
 * The city sampler: RRNCO's instance generators (ATSP / ACVRP / ACVRPTW on subsets of a city's
 * road points) and CAMP's PVRP generators (preference and zone profiles), on the real matrices.
 * Every draw comes from a seeded Rng, forked per concern, so an instance is a pure function of
 * (city, spec) and the seed recorded in its meta reproduces it.
 */
import { defaultObjective, isProfiled, makeInstance, type Instance, type ProblemKind, type Vehicle } from '../instance';
import { nodeCount, traitsOf } from '../problems';
import { Rng } from '../random';
import type { CityData } from './city';

export type Distribution = 'uniform' | 'clustered';
export type ProfileGenerator = 'random' | 'angular' | 'cluster';

export const DISTRIBUTIONS: Distribution[] = ['uniform', 'clustered'];
export const PROFILE_GENERATORS: ProfileGenerator[] = ['random', 'angular', 'cluster'];

export interface SampleSpec {
  problem: ProblemKind;
  /** Clients (VRP kinds, plus one depot) or nodes (ATSP). */
  n: number;
  seed: number;
  distribution?: Distribution;
  /** PVRP: number of vehicles (CAMP: 3..7). */
  vehicles?: number;
  /** PVRP: how preferences / zone bans are drawn. */
  profile?: ProfileGenerator;
}

/** RRNCO / rl4co capacities by problem size; other sizes use the ACVRPTW formula 30 + n/5. */
const CVRP_CAPACITY: Record<number, number> = {
  10: 20, 15: 25, 20: 30, 30: 33, 40: 37, 50: 40, 60: 43, 75: 45, 100: 50, 125: 55, 150: 60, 200: 70, 500: 100, 1000: 150,
};

export function cvrpCapacity(n: number): number {
  return CVRP_CAPACITY[n] ?? 30 + Math.floor(n / 5);
}

export function cvrptwCapacity(n: number): number {
  return 30 + Math.floor(n / 5);
}

/** CAMP: every vehicle carries 40. */
export const PVRP_CAPACITY = 40;

/** RRNCO's ACVRPTW constants, in units of the instance's largest travel time. */
export const TW_HORIZON = 4.6;
export const TW_SERVICE: [number, number] = [0.15, 0.18];
export const TW_LENGTH: [number, number] = [0.18, 0.2];

/** Planar metres around the city's first point, for "nearest to a centre" selections. */
function localXY(city: CityData, i: number): [number, number] {
  const lon0 = city.lonlat[0];
  const lat0 = city.lonlat[1];
  const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  return [(city.lonlat[2 * i] - lon0) * kx, (city.lonlat[2 * i + 1] - lat0) * 110_540];
}

/** Point indices of the city: `count` of them, the depot (if any) first. */
export function samplePoints(city: CityData, count: number, rng: Rng, distribution: Distribution): number[] {
  if (count > city.n) throw new RangeError(`cannot sample ${count} points from a city of ${city.n}`);
  if (distribution === 'uniform') return rng.sample(city.n, count);
  // RRNCO "cluster": the points nearest a random centre; the centre itself comes first.
  const centre = rng.int(city.n);
  const [cx, cy] = localXY(city, centre);
  const order = Array.from({ length: city.n }, (_, i) => i);
  const d2 = order.map((i) => {
    const [x, y] = localXY(city, i);
    return (x - cx) ** 2 + (y - cy) ** 2;
  });
  order.sort((a, b) => d2[a] - d2[b] || a - b);
  return order.slice(0, count);
}

function subMatrix(full: Float64Array, fullN: number, idx: number[]): Float64Array {
  const n = idx.length;
  const out = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const row = idx[a] * fullN;
    for (let b = 0; b < n; b++) out[a * n + b] = full[row + idx[b]];
  }
  return out;
}

function maxOf(values: Float64Array): number {
  let m = 0;
  for (const v of values) if (Number.isFinite(v) && v > m) m = v;
  return m;
}

/** Per-axis min–max normalised coordinates (RRNCO / CAMP features live in the unit square). */
export function normalisedCoords(lonlat: Float64Array): Float64Array {
  const n = lonlat.length / 2;
  const out = new Float64Array(2 * n);
  for (let axis = 0; axis < 2; axis++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, lonlat[2 * i + axis]);
      hi = Math.max(hi, lonlat[2 * i + axis]);
    }
    const span = hi - lo || 1;
    for (let i = 0; i < n; i++) out[2 * i + axis] = (lonlat[2 * i + axis] - lo) / span;
  }
  return out;
}

function demands(rng: Rng, n: number, depot: number): Float64Array {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) if (i !== depot) d[i] = rng.intIn(1, 9);
  return d;
}

export function sampleInstance(city: CityData, spec: SampleSpec): Instance {
  const { problem, n, seed } = spec;
  const distribution = spec.distribution ?? 'uniform';
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`n must be an integer ≥ 2, got ${n}`);
  const rng = new Rng(seed);
  const pointRng = rng.fork(1);
  const demandRng = rng.fork(2);
  const windowRng = rng.fork(3);
  const profileRng = rng.fork(4);

  const count = nodeCount(problem, n);
  const points = samplePoints(city, count, pointRng, distribution);
  const lonlat = new Float64Array(2 * count);
  points.forEach((p, i) => {
    lonlat[2 * i] = city.lonlat[2 * p];
    lonlat[2 * i + 1] = city.lonlat[2 * p + 1];
  });
  const distance = subMatrix(city.distance, city.n, points);
  const duration = subMatrix(city.duration, city.n, points);
  const maxT = maxOf(duration);
  const base = {
    name: `${city.name}-${problem}${n}-${distribution}-s${seed}`,
    kind: problem,
    n: count,
    distance,
    duration,
    coords: lonlat,
    coordSystem: 'lonlat' as const,
    labels: points.map((p) => `p${p}`),
    units: { distance: 'm' as const, time: 's' as const },
    meta: {
      city: city.name,
      cityPoints: points,
      seed,
      generator: `${isProfiled(problem) ? 'camp' : 'rrnco'}-${distribution}${isProfiled(problem) ? `-${spec.profile ?? 'random'}` : ''}`,
      attribution: city.attribution,
    },
  };

  switch (problem) {
    case 'atsp':
      return makeInstance(base);
    case 'acvrp': {
      const capacity = cvrpCapacity(n);
      return makeInstance({
        ...base,
        depot: 0,
        demand: demands(demandRng, count, 0),
        vehicles: [{ id: 'vehicle', capacity, start: 0, end: 0, shift: [0, Infinity], count: Infinity, trips: 1, speed: 1 }],
      });
    }
    case 'acvrptw': {
      const horizon = TW_HORIZON * maxT;
      return makeInstance({
        ...base,
        depot: 0,
        ...timeWindows(duration, count, maxT, windowRng),
        demand: demands(demandRng, count, 0),
        vehicles: [{ id: 'vehicle', capacity: cvrptwCapacity(n), start: 0, end: 0, shift: [0, horizon], count: Infinity, trips: 1, speed: 1 }],
      });
    }
    case 'pvrp-p':
    case 'pvrp-zc':
      return profiledInstance(base, spec, demandRng, profileRng, maxT);
  }
}

/** RRNCO's time-window recipe, applied in seconds: its normalised quantities × max T. */
function timeWindows(duration: Float64Array, count: number, maxT: number, rng: Rng) {
  const ready = new Float64Array(count);
  const due = new Float64Array(count);
  const service = new Float64Array(count);
  due[0] = TW_HORIZON * maxT;
  for (let i = 1; i < count; i++) {
    const s = rng.uniform(TW_SERVICE[0], TW_SERVICE[1]);
    const w = rng.uniform(TW_LENGTH[0], TW_LENGTH[1]);
    const t0i = duration[i] / maxT;
    const ti0 = duration[i * count] / maxT;
    const tmax = Math.max(t0i, ti0);
    const h = (TW_HORIZON - s - w) / (tmax + 1e-6) - 1;
    const e = t0i + (h - 1) * tmax * rng.next();
    ready[i] = e * maxT;
    due[i] = (e + w) * maxT;
    service[i] = s * maxT;
  }
  return { ready, due, service };
}

function profiledInstance(
  base: Parameters<typeof makeInstance>[0],
  spec: SampleSpec,
  demandRng: Rng,
  profileRng: Rng,
  maxT: number,
): Instance {
  const m = spec.vehicles ?? 5;
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`vehicles must be a positive integer, got ${m}`);
  const count = base.n;
  const xy = normalisedCoords(base.coords!);
  const generator = spec.profile ?? 'random';
  const scores = preferenceScores(xy, m, generator, profileRng);
  const vehicles: Vehicle[] = [];
  const traits = traitsOf(spec.problem);
  const allowed = traits.zones ? zoneBans(xy, m, generator, profileRng) : null;
  for (let k = 0; k < m; k++) {
    const v: Vehicle = { id: `v${k + 1}`, capacity: PVRP_CAPACITY, start: 0, end: 0, shift: [0, Infinity], count: 1, trips: Infinity, speed: 1 };
    if (traits.preferences) v.preference = scores[k];
    if (allowed) v.allowed = allowed[k];
    vehicles.push(v);
  }
  return makeInstance({
    ...base,
    depot: 0,
    demand: demands(demandRng, count, 0),
    vehicles,
    objective: { ...defaultObjective(spec.problem), preferenceUnit: maxT },
  });
}

function sectorOf(xy: Float64Array, i: number, m: number): number {
  const angle = Math.atan2(xy[2 * i + 1] - xy[1], xy[2 * i] - xy[0]);
  return Math.min(m - 1, Math.floor(((angle + Math.PI) / (2 * Math.PI)) * m));
}

/** CAMP's preference generators; node 0 (the depot) scores 0. */
export function preferenceScores(xy: Float64Array, m: number, generator: ProfileGenerator, rng: Rng): Float64Array[] {
  const count = xy.length / 2;
  const out = Array.from({ length: m }, () => new Float64Array(count));
  if (generator === 'random') {
    for (let k = 0; k < m; k++) for (let i = 1; i < count; i++) out[k][i] = rng.next();
  } else if (generator === 'angular') {
    for (let i = 1; i < count; i++) out[sectorOf(xy, i, m)][i] = 1;
  } else {
    const centres = rng.sample(count - 1, Math.min(m, count - 1)).map((c) => c + 1);
    for (let k = 0; k < m; k++) {
      const c = centres[k % centres.length];
      for (let i = 1; i < count; i++) out[k][i] = 1 - Math.hypot(xy[2 * i] - xy[2 * c], xy[2 * i + 1] - xy[2 * c + 1]) / Math.SQRT2;
    }
  }
  return out;
}

/**
 * CAMP's zone constraints as allow-masks, repaired so that every client keeps at least one
 * vehicle (CAMP's angular generator can leave a sector uncovered).
 */
export function zoneBans(xy: Float64Array, m: number, generator: ProfileGenerator, rng: Rng): Uint8Array[] {
  const count = xy.length / 2;
  const allowed = Array.from({ length: m }, () => new Uint8Array(count).fill(1));
  if (generator === 'random') {
    const banned = Math.floor(rng.uniform(0, 2 / 3) * m);
    for (let i = 1; i < count; i++) for (const k of rng.sample(m, banned)) allowed[k][i] = 0;
  } else if (generator === 'angular') {
    const bans = Math.floor((2 / 3) * m);
    let sectorBans: number[][];
    // Redraw until every sector keeps a vehicle: the repair CAMP's code lacks.
    do {
      sectorBans = Array.from({ length: m }, () => rng.sample(m, bans));
    } while (Array.from({ length: m }, (_, s) => sectorBans.every((b) => b.includes(s))).some(Boolean));
    for (let i = 1; i < count; i++) {
      const s = sectorOf(xy, i, m);
      for (let k = 0; k < m; k++) if (sectorBans[k].includes(s)) allowed[k][i] = 0;
    }
  } else {
    const scores = preferenceScores(xy, m, 'cluster', rng);
    for (let k = 0; k < m; k++) {
      const sorted = Array.from(scores[k].subarray(1)).sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
      for (let i = 1; i < count; i++) if (scores[k][i] < median) allowed[k][i] = 0;
    }
  }
  for (let i = 1; i < count; i++) {
    if (!allowed.some((a) => a[i])) allowed[rng.int(m)][i] = 1;
  }
  return allowed;
}
