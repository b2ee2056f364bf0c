/**
 * Nearest-neighbour construction: each route repeatedly goes to the cheapest next client the
 * shared rules allow, and closes when none fits. Vehicles take turns, so that with profiles or
 * zone bans every vehicle gets its share. Deterministic; also the seed for better solvers.
 */
import { arcCost, serveCost } from '../../core/costs';
import { evaluate } from '../../core/evaluate';
import { clientNodes, depotMask, type Instance } from '../../core/instance';
import { traitsOf } from '../../core/problems';
import { advance, beginRoute, checkNext, type RouteState } from '../../core/rules';
import type { Route, Solution, Unassigned } from '../../core/solution';
import { unassignedReason } from '../../core/unassigned';
import type { Solver } from '../solver';

/** The objective's price of driving from the route's position to j and serving j. */
function stepCost(inst: Instance, s: RouteState, j: number): number {
  const v = inst.vehicles[s.vehicle];
  return (s.node < 0 ? 0 : arcCost(inst, v, s.node, j)) + serveCost(inst, v, j);
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

export function nearestNeighbour(inst: Instance): Solution {
  const visited = Uint8Array.from(depotMask(inst));
  const routes: Route[] = [];
  const clients = clientNodes(inst);
  if (traitsOf(inst.kind).tour) {
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
