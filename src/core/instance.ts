/**
 * The canonical problem model. Every parser produces it, every solver reads it, the evaluator
 * scores against it. Arrays are flat typed arrays so that an Instance can travel to a worker as
 * transferable buffers and feed ONNX tensors without copies.
 *
 * Units are normalised once, at import: metres and seconds for road data, the file's abstract
 * unit for planar benchmarks (where travel time = distance). Nothing downstream converts units.
 */
import { traitsOf } from './problems';

export const PROBLEM_KINDS = ['atsp', 'acvrp', 'acvrptw', 'pvrp-p', 'pvrp-zc'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export function isProblemKind(value: unknown): value is ProblemKind {
  return typeof value === 'string' && (PROBLEM_KINDS as readonly string[]).includes(value);
}

export const PROBLEM_LABELS: Record<ProblemKind, string> = {
  atsp: 'Asymmetric TSP',
  acvrp: 'Asymmetric CVRP',
  acvrptw: 'Asymmetric CVRP with time windows',
  'pvrp-p': 'Profiled VRP: preferences',
  'pvrp-zc': 'Profiled VRP: zone constraints',
};

export interface Vehicle {
  id: string;
  /** Maximum load of one route; Infinity when the problem has no capacity. */
  capacity: number;
  /** Node index where each route starts; -1 for ATSP (the tour starts at its first stop). */
  start: number;
  /** Node index where each route ends; -1 for an open route (ATSP: closes on its first stop). */
  end: number;
  /** Earliest departure and latest return, in the instance's time unit. */
  shift: [number, number];
  /** Identical vehicles of this type: Infinity models the unlimited fleet of CVRP benchmarks. */
  count: number;
  /** Routes one vehicle may drive one after another (PVRP vehicles reload at the depot). */
  trips: number;
  /** Travel time on an arc = duration / speed (CAMP's heterogeneous speeds). */
  speed: number;
  /** PVRP-P: preference score of this vehicle for each node (length n). */
  preference?: Float64Array;
  /** PVRP-ZC: 1 where the vehicle may serve the node, 0 where it is banned (length n). */
  allowed?: Uint8Array;
}

/**
 * cost = distanceWeight·distance + timeWeight·travelTime − preferenceWeight·preferenceUnit·preference
 * RRNCO kinds: distance only. CAMP: weighted travel time minus weighted collected preference; the
 * preference unit converts a preference point into the instance's time unit (the instance's
 * max duration for city samples, so that weights mean what they mean on CAMP's unit square).
 */
export interface Objective {
  distanceWeight: number;
  timeWeight: number;
  preferenceWeight: number;
  preferenceUnit: number;
}

export interface Units {
  distance: 'm' | 'abstract';
  /**
   * 'none': the file has no travel times (TSPLIB, CVRPLIB, RRNCO batches without a duration
   * matrix). `duration` then repeats `distance` so that the rules still run, but no duration is
   * reported anywhere.
   */
  time: 's' | 'abstract' | 'none';
}

export type CoordSystem = 'lonlat' | 'planar';

/** How per-arc costs of a benchmark were rounded when the matrix was built. */
export type Rounding = 'none' | 'nint' | 'trunc1';

export interface InstanceMeta {
  sourceFile?: string;
  format?: string;
  city?: string;
  /** For instances sampled from a city: the city point index of each node. */
  cityPoints?: number[];
  seed?: number;
  generator?: string;
  rounding?: Rounding;
  bestKnown?: number;
  /**
   * Where the instance's data comes from, when it must be credited (OpenStreetMap for city
   * samples and OSRM matrices).
   */
  attribution?: string;
  /**
   * The time of day, in seconds after midnight, at which time 0 falls (road data only): set when
   * the file states times of day or the planner says when the day starts. Times are then shown
   * as clock times; without it they are offsets from the start.
   */
  dayStart?: number;
  warnings?: string[];
}

export interface Instance {
  name: string;
  kind: ProblemKind;
  n: number;
  /** Original ids of the nodes (file ids, job ids), for display and export. */
  labels: string[];
  /** 2n values: [lon, lat] pairs or planar [x, y] pairs; null when the file has none. */
  coords: Float64Array | null;
  coordSystem: CoordSystem;
  /** The shared depot; -1 for ATSP. */
  depot: number;
  demand: Float64Array;
  service: Float64Array;
  /** Time window [ready, due] per node; 0 / Infinity when unconstrained. */
  ready: Float64Array;
  due: Float64Array;
  vehicles: Vehicle[];
  /** n×n row-major, [from·n + to]; Infinity marks an unreachable pair. */
  distance: Float64Array;
  duration: Float64Array;
  /** n×n, 1 where the value is an estimate (OSRM fallback speed, crow-fly), absent if none. */
  estimated?: Uint8Array;
  objective: Objective;
  units: Units;
  meta: InstanceMeta;
}

export function defaultObjective(kind: ProblemKind): Objective {
  return { ...traitsOf(kind).objective };
}

export function usesTimeWindows(kind: ProblemKind): boolean {
  return traitsOf(kind).timeWindows;
}

/** The kinds whose vehicles carry a profile (preferences or zone bans). */
export function isProfiled(kind: ProblemKind): boolean {
  const t = traitsOf(kind);
  return t.preferences || t.zones;
}

const depotSets = new WeakMap<Instance, Uint8Array>();

/** 1 for nodes that are a depot or a vehicle's start/end (they are never served as clients). */
export function depotMask(inst: Instance): Uint8Array {
  let mask = depotSets.get(inst);
  if (!mask) {
    mask = new Uint8Array(inst.n);
    if (inst.depot >= 0) mask[inst.depot] = 1;
    for (const v of inst.vehicles) {
      if (v.start >= 0) mask[v.start] = 1;
      if (v.end >= 0) mask[v.end] = 1;
    }
    depotSets.set(inst, mask);
  }
  return mask;
}

/** Node indices every solution must serve. */
export function clientNodes(inst: Instance): number[] {
  const mask = depotMask(inst);
  const out: number[] = [];
  for (let i = 0; i < inst.n; i++) if (!mask[i]) out.push(i);
  return out;
}

export interface InstanceInit {
  name: string;
  kind: ProblemKind;
  n: number;
  distance: Float64Array;
  duration?: Float64Array;
  labels?: string[];
  coords?: Float64Array | null;
  coordSystem?: CoordSystem;
  depot?: number;
  demand?: Float64Array;
  service?: Float64Array;
  ready?: Float64Array;
  due?: Float64Array;
  vehicles?: Vehicle[];
  estimated?: Uint8Array;
  objective?: Objective;
  units?: Units;
  meta?: InstanceMeta;
}

/** Fills defaults so that parsers only state what their format carries. */
export function makeInstance(init: InstanceInit): Instance {
  const n = init.n;
  const depot = init.depot ?? (traitsOf(init.kind).tour ? -1 : 0);
  const due = init.due ?? new Float64Array(n).fill(Infinity);
  const vehicles = init.vehicles ?? [
    defaultVehicle(init.kind, depot, depot >= 0 ? due[depot] : Infinity),
  ];
  return {
    name: init.name,
    kind: init.kind,
    n,
    labels: init.labels ?? Array.from({ length: n }, (_, i) => String(i)),
    coords: init.coords ?? null,
    coordSystem: init.coordSystem ?? 'planar',
    depot,
    demand: init.demand ?? new Float64Array(n),
    service: init.service ?? new Float64Array(n),
    ready: init.ready ?? new Float64Array(n),
    due,
    vehicles,
    distance: init.distance,
    duration: init.duration ?? init.distance,
    estimated: init.estimated,
    objective: init.objective ?? defaultObjective(init.kind),
    units: init.units ?? { distance: 'abstract', time: 'abstract' },
    meta: init.meta ?? {},
  };
}

/** One vehicle type with an unlimited fleet (CVRPLIB / RRNCO convention), or the ATSP "salesman". */
export function defaultVehicle(
  kind: ProblemKind,
  depot: number,
  horizon = Infinity,
  capacity = Infinity,
): Vehicle {
  if (traitsOf(kind).tour) {
    return { id: 'salesman', capacity: Infinity, start: -1, end: -1, shift: [0, Infinity], count: 1, trips: 1, speed: 1 };
  }
  return { id: 'vehicle', capacity, start: depot, end: depot, shift: [0, horizon], count: Infinity, trips: 1, speed: 1 };
}

/** A structural check shared by every parser: catches shape errors before any solver sees them. */
export function instanceProblems(inst: Instance): string[] {
  const out: string[] = [];
  const { n } = inst;
  if (!Number.isInteger(n) || n < 1) out.push(`n must be a positive integer, got ${n}`);
  if (inst.distance.length !== n * n) out.push(`distance matrix has ${inst.distance.length} cells, expected ${n * n}`);
  if (inst.duration.length !== n * n) out.push(`duration matrix has ${inst.duration.length} cells, expected ${n * n}`);
  for (const [name, arr] of [['demand', inst.demand], ['service', inst.service], ['ready', inst.ready], ['due', inst.due]] as const) {
    if (arr.length !== n) out.push(`${name} has ${arr.length} entries, expected ${n}`);
  }
  if (inst.labels.length !== n) out.push(`labels has ${inst.labels.length} entries, expected ${n}`);
  if (inst.coords && inst.coords.length !== 2 * n) out.push(`coords has ${inst.coords.length} values, expected ${2 * n}`);
  const routes = !traitsOf(inst.kind).tour;
  if (routes && (inst.depot < 0 || inst.depot >= n)) out.push(`depot ${inst.depot} is not a node index`);
  if (inst.vehicles.length === 0) out.push('no vehicles');
  inst.vehicles.forEach((v, k) => {
    if (routes && (v.start < 0 || v.start >= n)) out.push(`vehicle ${k} start ${v.start} is not a node index`);
    if (v.end >= n) out.push(`vehicle ${k} end ${v.end} is not a node index`);
    if (!(v.capacity >= 0)) out.push(`vehicle ${k} capacity ${v.capacity} must be >= 0`);
    if (!(v.speed > 0)) out.push(`vehicle ${k} speed ${v.speed} must be > 0`);
    if (v.preference && v.preference.length !== n) out.push(`vehicle ${k} preference has ${v.preference.length} entries, expected ${n}`);
    if (v.allowed && v.allowed.length !== n) out.push(`vehicle ${k} allowed mask has ${v.allowed.length} entries, expected ${n}`);
  });
  for (let i = 0; i < n * n && out.length < 20; i++) {
    const d = inst.distance[i];
    const t = inst.duration[i];
    if (Number.isNaN(d) || d < 0) out.push(`distance[${Math.floor(i / n)}][${i % n}] = ${d} is not a non-negative number`);
    if (Number.isNaN(t) || t < 0) out.push(`duration[${Math.floor(i / n)}][${i % n}] = ${t} is not a non-negative number`);
  }
  return out;
}
