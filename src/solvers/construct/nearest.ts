/**
 * Nearest-neighbour construction: each route repeatedly goes to the cheapest next client the
 * shared rules allow, and closes when none fits. Vehicles take turns, so that with profiles or
 * zone bans every vehicle gets its share. Deterministic; also the seed for better solvers.
 */
import { clientNodes, depotMask, type Instance } from '../../core/instance';
import { advance, beginRoute, checkNext, travelTime, type NextCheck, type RouteState } from '../../core/rules';
import type { Route, Solution, Unassigned, UnassignedReason } from '../../core/solution';
import type { Solver } from '../solver';
import { evaluate } from '../../core/evaluate';

/** The objective's price of driving from the route's position to j and serving j. */
function stepCost(inst: Instance, s: RouteState, j: number): number {
  const v = inst.vehicles[s.vehicle];
  const o = inst.objective;
  const pref = v.preference ? v.preference[j] : 0;
  if (s.node < 0) return -o.preferenceWeight * o.preferenceUnit * pref;
  return (
    o.distanceWeight * inst.distance[s.node * inst.n + j] +
    o.timeWeight * travelTime(inst, v, s.node, j) -
    o.preferenceWeight * o.preferenceUnit * pref
  );
}

function buildRoute(inst: Instance, vehicle: number, visited: Uint8Array, first?: number): Route {
  const s = beginRoute(inst, vehicle);
  const stops: number[] = [];
  if (first !== undefined) {
    advance(inst, s, first);
    visited[first] = 1;
    stops.push(first);
  }
  for (;;) {
    let best = -1;
    let bestCost = Infinity;
    for (let j = 0; j < inst.n; j++) {
      if (visited[j]) continue;
      const c = stepCost(inst, s, j);
      if (c < bestCost && checkNext(inst, s, j) === 'ok') {
        bestCost = c;
        best = j;
      }
    }
    if (best < 0) break;
    advance(inst, s, best);
    visited[best] = 1;
    stops.push(best);
  }
  return { vehicle, stops };
}

const REASON: Record<Exclude<NextCheck, 'ok' | 'depot'>, UnassignedReason> = {
  zone: 'zone',
  unreachable: 'unreachable',
  capacity: 'capacity',
  'time-window': 'time-window',
  return: 'time-window',
};

/** Why no vehicle took j: 'fleet' if a fresh route could, else the rule that refused it. */
export function unassignedReason(inst: Instance, j: number, fleetLeft: (k: number) => boolean): UnassignedReason {
  let reason: UnassignedReason = 'no-reason';
  for (let k = 0; k < inst.vehicles.length; k++) {
    const check = checkNext(inst, beginRoute(inst, k), j);
    if (check === 'ok') return fleetLeft(k) ? 'no-reason' : 'fleet';
    if (check !== 'depot' && reason === 'no-reason') reason = REASON[check];
  }
  return reason;
}

export function nearestNeighbour(inst: Instance): Solution {
  const visited = Uint8Array.from(depotMask(inst));
  const routes: Route[] = [];
  const clients = clientNodes(inst);
  if (inst.kind === 'atsp') {
    if (inst.n > 0) routes.push(buildRoute(inst, 0, visited, 0));
  } else {
    const used = new Array<number>(inst.vehicles.length).fill(0);
    const fleetLeft = (k: number) => used[k] < inst.vehicles[k].count * inst.vehicles[k].trips;
    let remaining = clients.length;
    let progress = true;
    while (remaining > 0 && progress) {
      progress = false;
      for (let k = 0; k < inst.vehicles.length && remaining > 0; k++) {
        if (!fleetLeft(k)) continue;
        const route = buildRoute(inst, k, visited);
        if (route.stops.length === 0) continue;
        routes.push(route);
        used[k]++;
        remaining -= route.stops.length;
        progress = true;
      }
    }
    const unassigned: Unassigned[] = clients
      .filter((j) => !visited[j])
      .map((node) => ({ node, reason: unassignedReason(inst, node, fleetLeft) }));
    return { routes, unassigned };
  }
  const unassigned: Unassigned[] = clients.filter((j) => !visited[j]).map((node) => ({ node, reason: 'unreachable' as const }));
  return { routes, unassigned };
}

export const nearestSolver: Solver = {
  id: 'nearest',
  name: 'Nearest neighbour',
  family: 'construction',
  problems: ['atsp', 'acvrp', 'acvrptw', 'pvrp-p', 'pvrp-zc'],
  backends: ['js'],
  description: 'Greedy construction: always drive to the cheapest next client the rules allow.',
  async solve(instance, _options, control) {
    const t0 = performance.now();
    const solution = nearestNeighbour(instance);
    const elapsedMs = performance.now() - t0;
    control?.onProgress?.({ solution, cost: evaluate(instance, solution).cost, elapsedMs, fraction: 1 });
    return { solution, elapsedMs, timeToBestMs: elapsedMs, stopped: false };
  },
};
