/**
 * The problem rules, written once. A route is a state machine: begin at the vehicle's start,
 * advance stop by stop, finish at its end. Constructive decoders (nearest neighbour, the neural
 * decode loop) ask `checkNext` / `maskInto` which nodes a vehicle may go to next; the evaluator
 * replays solutions through the same `advance` / `finishRoute` and reports what `checkNext`
 * would have refused as violations. The Python training environment mirrors this file and is
 * checked against it by shared fixtures.
 *
 * Conventions (RRNCO / Solomon): service starts at max(arrival, ready) and must start no later
 * than due (inclusive); the vehicle must reach its end by min(shift end, due of the end node);
 * capacity and time comparisons allow a tiny tolerance for float32 inputs.
 */
import { depotMask, usesTimeWindows, type Instance, type Vehicle } from './instance';
import { traitsOf } from './problems';

export const LOAD_EPS = 1e-6;
export const TIME_EPS = 1e-6;

export interface RouteState {
  vehicle: number;
  /** Current node; -1 before the first stop of an ATSP tour (which has no start node). */
  node: number;
  /** First stop: ATSP tours close on it. */
  first: number;
  load: number;
  /** Time at which the vehicle is ready to leave `node` (after service). */
  time: number;
  distance: number;
  /** Travel time so far (duration / speed). */
  travel: number;
  preference: number;
  stops: number;
}

export type NextCheck = 'ok' | 'depot' | 'zone' | 'unreachable' | 'capacity' | 'time-window' | 'return';

export interface StopTiming {
  arrival: number;
  start: number;
  wait: number;
  late: number;
}

export function travelTime(inst: Instance, vehicle: Vehicle, from: number, to: number): number {
  return inst.duration[from * inst.n + to] / vehicle.speed;
}

export function arcReachable(inst: Instance, from: number, to: number): boolean {
  const k = from * inst.n + to;
  return Number.isFinite(inst.distance[k]) && Number.isFinite(inst.duration[k]);
}

/** Latest time a vehicle may arrive at the end of its route. */
export function returnDeadline(inst: Instance, vehicle: Vehicle): number {
  return vehicle.end >= 0 ? Math.min(vehicle.shift[1], inst.due[vehicle.end]) : vehicle.shift[1];
}

// The predicates below are the rules themselves: checkNext asks them before a move, the evaluator
// after the fact, so a route one accepts the other cannot refuse.

export function zoneAllows(vehicle: Vehicle, j: number): boolean {
  return !vehicle.allowed || vehicle.allowed[j] !== 0;
}

export function fitsCapacity(vehicle: Vehicle, load: number): boolean {
  return load <= vehicle.capacity + LOAD_EPS;
}

/** Service at j starting at `start` is within j's window. */
export function onTime(inst: Instance, j: number, start: number): boolean {
  return start <= inst.due[j] + TIME_EPS;
}

/** A route that ends at `end` (back at its end node, or its last service done) is within the vehicle's day. */
export function backInTime(inst: Instance, vehicle: Vehicle, end: number): boolean {
  return endsBy(end, returnDeadline(inst, vehicle));
}

/** The tolerance of backInTime, for callers that hold the deadline already. */
function endsBy(end: number, deadline: number): boolean {
  return end <= deadline + TIME_EPS;
}

export function beginRoute(inst: Instance, vehicleIndex: number): RouteState {
  const v = inst.vehicles[vehicleIndex];
  return {
    vehicle: vehicleIndex,
    node: v.start,
    first: -1,
    load: 0,
    time: v.shift[0],
    distance: 0,
    travel: 0,
    preference: 0,
    stops: 0,
  };
}

/**
 * Can this route go to client j next? Ignores "already visited": callers own that bookkeeping.
 * Returns the first rule that refuses, so masks and unassigned reasons agree.
 */
export function checkNext(inst: Instance, s: RouteState, j: number): NextCheck {
  const v = inst.vehicles[s.vehicle];
  return checkWith(inst, s, v, depotMask(inst), !everyArcReachable(inst), usesTimeWindows(inst.kind), returnDeadline(inst, v), j);
}

const reachableEverywhere = new WeakMap<Instance, boolean>();

/**
 * Every arc has a finite distance and duration, so the reachability rule refuses nothing and the
 * mask can skip its four matrix reads per node (computed once per instance, as depotMask is).
 */
function everyArcReachable(inst: Instance): boolean {
  let all = reachableEverywhere.get(inst);
  if (all === undefined) {
    all = true;
    const { distance, duration } = inst;
    for (let k = 0; k < distance.length && all; k++) all = Number.isFinite(distance[k]) && Number.isFinite(duration[k]);
    reachableEverywhere.set(inst, all);
  }
  return all;
}

/**
 * checkNext with what does not depend on j passed in: maskInto looks it up once per route state
 * and asks for every node at every decode step (~5 M times for one POMO ×8 decode at n = 100).
 */
function checkWith(inst: Instance, s: RouteState, v: Vehicle, depots: Uint8Array, gaps: boolean, windows: boolean, deadline: number, j: number): NextCheck {
  if (depots[j]) return 'depot';
  if (!zoneAllows(v, j)) return 'zone';
  if (gaps && s.node >= 0 && !arcReachable(inst, s.node, j)) return 'unreachable';
  if (gaps && v.end >= 0 && !arcReachable(inst, j, v.end)) return 'unreachable';
  if (!fitsCapacity(v, s.load + inst.demand[j])) return 'capacity';
  if (windows) {
    const arrival = s.node >= 0 ? s.time + travelTime(inst, v, s.node, j) : s.time;
    const start = Math.max(arrival, inst.ready[j]);
    if (!onTime(inst, j, start)) return 'time-window';
    // An open route (no end node) ends when its last service does.
    const end = start + inst.service[j] + (v.end >= 0 ? travelTime(inst, v, j, v.end) : 0);
    if (!endsBy(end, deadline)) return 'return';
  }
  return 'ok';
}

/**
 * Writes 1 into out[offset + j] for every node j the route may visit next (0 elsewhere); returns
 * the count. The offset lets a batched decoder write each rollout's row of its mask tensor in place.
 */
export function maskInto(inst: Instance, s: RouteState, visited: Uint8Array, out: Uint8Array, offset = 0): number {
  let count = 0;
  const v = inst.vehicles[s.vehicle];
  const depots = depotMask(inst);
  const gaps = !everyArcReachable(inst);
  const windows = usesTimeWindows(inst.kind);
  const deadline = returnDeadline(inst, v);
  for (let j = 0; j < inst.n; j++) {
    const ok = !visited[j] && checkWith(inst, s, v, depots, gaps, windows, deadline, j) === 'ok' ? 1 : 0;
    out[offset + j] = ok;
    count += ok;
  }
  return count;
}

/** Moves the route to node j (whether or not it was allowed) and returns the stop's timing. */
export function advance(inst: Instance, s: RouteState, j: number): StopTiming {
  const v = inst.vehicles[s.vehicle];
  let arrival = s.time;
  if (s.node >= 0) {
    const tt = travelTime(inst, v, s.node, j);
    s.distance += inst.distance[s.node * inst.n + j];
    s.travel += tt;
    arrival = s.time + tt;
  }
  const windows = usesTimeWindows(inst.kind);
  const start = windows ? Math.max(arrival, inst.ready[j]) : arrival;
  const late = windows ? Math.max(0, start - inst.due[j]) : 0;
  s.time = start + inst.service[j];
  s.load += inst.demand[j];
  if (v.preference) s.preference += v.preference[j];
  if (s.first < 0) s.first = j;
  s.node = j;
  s.stops++;
  return { arrival, start, wait: start - arrival, late };
}

/**
 * The node a route drives to when it finishes: the vehicle's end, an ATSP tour's first stop, or
 * -1 when it drives nowhere (an open route, a route that never left).
 */
export function closingNode(inst: Instance, s: RouteState): number {
  const v = inst.vehicles[s.vehicle];
  const target = v.end >= 0 ? v.end : traitsOf(inst.kind).tour ? s.first : -1;
  if (target < 0 || s.node < 0 || (s.stops === 0 && target === s.node)) return -1;
  return target;
}

/** Drives to the route's end (ATSP: back to the first stop) and returns the arrival time there. */
export function finishRoute(inst: Instance, s: RouteState): number {
  const target = closingNode(inst, s);
  if (target < 0) return s.time;
  const tt = travelTime(inst, inst.vehicles[s.vehicle], s.node, target);
  s.distance += inst.distance[s.node * inst.n + target];
  s.travel += tt;
  s.time += tt;
  s.node = target;
  return s.time;
}
