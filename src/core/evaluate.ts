/**
 * The one evaluator. Every KPI RouteLab shows (compare table, CLI, benchmarks) comes from here;
 * solvers never self-report cost. It replays each route through the shared rules and reports
 * every broken rule as a typed violation located by route and stop.
 */
import { routeCost } from './costs';
import { clientNodes, depotMask, usesTimeWindows, type Instance, type ProblemKind } from './instance';
import { traitsOf } from './problems';
import {
  advance,
  arcReachable,
  backInTime,
  beginRoute,
  closingNode,
  finishRoute,
  fitsCapacity,
  onTime,
  returnDeadline,
  zoneAllows,
  type RouteState,
} from './rules';
import type { Solution, Unassigned } from './solution';

export type ViolationKind =
  | 'invalid-vehicle'
  | 'invalid-node'
  | 'depot-in-route'
  | 'duplicate'
  | 'missing'
  | 'unreachable'
  | 'zone'
  | 'capacity'
  | 'time-window'
  | 'shift'
  | 'fleet'
  | 'tour';

export interface Violation {
  kind: ViolationKind;
  route?: number;
  stop?: number;
  node?: number;
  /** How much the rule is broken by (load over capacity, time late), where that has a size. */
  amount?: number;
  message: string;
}

export interface StopEval {
  node: number;
  arrival: number;
  start: number;
  departure: number;
  wait: number;
  late: number;
  loadAfter: number;
  /** Cumulative distance and travel time on arrival. */
  distance: number;
  travel: number;
}

export interface RouteEval {
  index: number;
  vehicle: number;
  stops: StopEval[];
  distance: number;
  duration: number;
  waiting: number;
  service: number;
  lateness: number;
  load: number;
  capacity: number;
  preference: number;
  cost: number;
  startTime: number;
  endTime: number;
}

export interface Evaluation {
  kind: ProblemKind;
  cost: number;
  distance: number;
  /** Total travel time (VROOM's convention: driving only; waiting and service are separate). */
  duration: number;
  waiting: number;
  service: number;
  lateness: number;
  preference: number;
  vehicles: number;
  routes: RouteEval[];
  violations: Violation[];
  unassigned: Unassigned[];
  feasible: boolean;
}

/** Benchmark matrices are exact in 6 decimals; rounding hides float summation noise in reports. */
export function roundKpi(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x;
}

export function evaluate(inst: Instance, sol: Solution): Evaluation {
  const violations: Violation[] = [];
  const routes: RouteEval[] = [];
  const seen = new Int32Array(inst.n).fill(-1);
  const isDepot = depotMask(inst);
  const windows = usesTimeWindows(inst.kind);
  const routesPerVehicle = new Map<number, number>();

  sol.routes.forEach((route, r) => {
    if (route.stops.length === 0) return;
    const v = inst.vehicles[route.vehicle];
    if (!v) {
      violations.push({ kind: 'invalid-vehicle', route: r, message: `route ${r + 1} uses vehicle ${route.vehicle}, which does not exist` });
      return;
    }
    routesPerVehicle.set(route.vehicle, (routesPerVehicle.get(route.vehicle) ?? 0) + 1);
    const s: RouteState = beginRoute(inst, route.vehicle);
    const stops: StopEval[] = [];
    let waiting = 0;
    let service = 0;
    let lateness = 0;
    route.stops.forEach((j, k) => {
      if (!Number.isInteger(j) || j < 0 || j >= inst.n) {
        violations.push({ kind: 'invalid-node', route: r, stop: k, node: j, message: `route ${r + 1} stop ${k + 1}: node ${j} does not exist` });
        return;
      }
      if (isDepot[j]) {
        violations.push({ kind: 'depot-in-route', route: r, stop: k, node: j, message: `route ${r + 1} stop ${k + 1}: depot node ${inst.labels[j]} inside a route` });
      } else if (seen[j] >= 0) {
        violations.push({ kind: 'duplicate', route: r, stop: k, node: j, message: `node ${inst.labels[j]} is visited more than once (routes ${seen[j] + 1} and ${r + 1})` });
      } else {
        seen[j] = r;
      }
      if (!zoneAllows(v, j)) {
        violations.push({ kind: 'zone', route: r, stop: k, node: j, message: `vehicle ${v.id} is banned from node ${inst.labels[j]}` });
      }
      if (s.node >= 0 && !arcReachable(inst, s.node, j)) {
        violations.push({ kind: 'unreachable', route: r, stop: k, node: j, message: `no road from ${inst.labels[s.node]} to ${inst.labels[j]}` });
      }
      const t = advance(inst, s, j);
      if (windows && !onTime(inst, j, t.start)) {
        violations.push({ kind: 'time-window', route: r, stop: k, node: j, amount: t.late, message: `node ${inst.labels[j]} starts ${fmt(t.late)} after its window closes` });
      }
      waiting += t.wait;
      service += inst.service[j];
      lateness += t.late;
      stops.push({
        node: j,
        arrival: t.arrival,
        start: t.start,
        departure: s.time,
        wait: t.wait,
        late: t.late,
        loadAfter: s.load,
        distance: s.distance,
        travel: s.travel,
      });
    });
    const closing = closingNode(inst, s);
    if (closing >= 0 && !arcReachable(inst, s.node, closing)) {
      violations.push({ kind: 'unreachable', route: r, node: closing, message: `no road from ${inst.labels[s.node]} back to ${inst.labels[closing]}` });
    }
    const endTime = finishRoute(inst, s);
    if (!fitsCapacity(v, s.load)) {
      violations.push({ kind: 'capacity', route: r, amount: s.load - v.capacity, message: `route ${r + 1} carries ${fmt(s.load)}, capacity ${fmt(v.capacity)}` });
    }
    if (windows && !backInTime(inst, v, endTime)) {
      const returnLate = endTime - returnDeadline(inst, v);
      lateness += returnLate;
      violations.push({ kind: 'shift', route: r, amount: returnLate, message: `route ${r + 1} returns ${fmt(returnLate)} after the end of its shift` });
    }
    routes.push({
      index: r,
      vehicle: route.vehicle,
      stops,
      distance: s.distance,
      duration: s.travel,
      waiting,
      service,
      lateness,
      load: s.load,
      capacity: v.capacity,
      preference: s.preference,
      cost: routeCost(inst, s),
      startTime: inst.vehicles[route.vehicle].shift[0],
      endTime,
    });
  });

  let vehiclesUsed = 0;
  for (const [k, count] of routesPerVehicle) {
    const v = inst.vehicles[k];
    if (count > v.count * v.trips) {
      violations.push({ kind: 'fleet', message: `vehicle ${v.id} drives ${count} routes, at most ${v.count * v.trips} allowed` });
    }
    // A multi-trip vehicle (PVRP: unlimited trips) counts once however many trips it drives.
    vehiclesUsed += v.trips > 1 ? Math.min(v.count, Math.max(1, Math.ceil(count / v.trips))) : count;
  }
  if (traitsOf(inst.kind).tour && routes.length > 1) {
    violations.push({ kind: 'tour', message: `an ATSP solution is one tour, found ${routes.length}` });
  }

  const unassigned: Unassigned[] = [];
  const declared = new Set<number>();
  for (const u of sol.unassigned) {
    if (u.node >= 0 && u.node < inst.n && seen[u.node] < 0 && !declared.has(u.node)) {
      declared.add(u.node);
      unassigned.push(u);
    }
  }
  for (const j of clientNodes(inst)) {
    if (seen[j] < 0 && !declared.has(j)) {
      violations.push({ kind: 'missing', node: j, message: `node ${inst.labels[j]} is neither routed nor listed as unassigned` });
    }
  }

  const sum = (f: (r: RouteEval) => number) => routes.reduce((acc, r) => acc + f(r), 0);
  return {
    kind: inst.kind,
    cost: roundKpi(sum((r) => r.cost)),
    distance: roundKpi(sum((r) => r.distance)),
    duration: roundKpi(sum((r) => r.duration)),
    waiting: roundKpi(sum((r) => r.waiting)),
    service: roundKpi(sum((r) => r.service)),
    lateness: roundKpi(sum((r) => r.lateness)),
    preference: roundKpi(sum((r) => r.preference)),
    vehicles: vehiclesUsed,
    routes,
    violations,
    unassigned,
    feasible: violations.length === 0 && unassigned.length === 0,
  };
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(3);
}
