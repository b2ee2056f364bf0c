/**
 * What the constructive baselines share: whole-route and insertion feasibility through
 * PlanContext (so no rule is restated here), and the Solver wrapper of a one-shot construction.
 */
import type { Instance } from '../../core/instance';
import type { Solution, Unassigned } from '../../core/solution';
import type { PlanContext, RoutePlan } from '../classical/plan';
import type { Solver, SolverInfo } from '../solver';

/**
 * The route `stops` on `vehicle` if every rule allows it, else null: the whole route priced and
 * checked at once (refresh), where insertionDelta prices one client into an existing route.
 */
export function routeFor(ctx: PlanContext, vehicle: number, stops: number[]): RoutePlan | null {
  if (ctx.maxRoutes[vehicle] < 1) return null;
  for (const j of stops) if (!ctx.allowed(vehicle, j)) return null;
  const r = ctx.refresh({ vehicle, stops, load: 0, cost: 0, start: null, latest: null });
  // An unreachable arc leaves the cost infinite; feasible() only looks at load and schedule.
  return Number.isFinite(r.cost) && ctx.feasible(r) ? r : null;
}

export interface Insertion {
  delta: number;
  pos: number;
}

/** Cheapest feasible position of j in r (delta Infinity when there is none). */
export function cheapestPosition(ctx: PlanContext, r: RoutePlan, j: number, out: Insertion = { delta: Infinity, pos: -1 }): Insertion {
  out.delta = Infinity;
  out.pos = -1;
  if (!ctx.fits(r, j)) return out;
  for (let p = 0; p <= r.stops.length; p++) {
    const d = ctx.insertionDelta(r, j, p);
    if (d < out.delta) {
      out.delta = d;
      out.pos = p;
    }
  }
  return out;
}

export interface Construction {
  routes: RoutePlan[];
  unassigned: Unassigned[];
}

export function toSolution(c: Construction): Solution {
  return {
    routes: c.routes.filter((r) => r.stops.length > 0).map((r) => ({ vehicle: r.vehicle, stops: r.stops.slice() })),
    unassigned: c.unassigned.slice(),
  };
}

export function constructionCost(c: Construction): number {
  let cost = 0;
  for (const r of c.routes) cost += r.cost;
  return cost;
}

/** A deterministic construction as an anytime solver: it is done before any Stop could arrive. */
export function constructionSolver(info: Omit<SolverInfo, 'family' | 'backends'>, build: (inst: Instance) => Construction): Solver {
  return {
    ...info,
    family: 'construction',
    backends: ['js'],
    async solve(instance, _options, control) {
      const t0 = performance.now();
      const built = build(instance);
      const solution = toSolution(built);
      const elapsedMs = performance.now() - t0;
      control?.onProgress?.({ solution, cost: constructionCost(built), elapsedMs, fraction: 1 });
      return { solution, elapsedMs, timeToBestMs: elapsedMs, stopped: false };
    },
  };
}
