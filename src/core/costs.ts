/**
 * The objective's prices, in one place: what an arc costs a vehicle and what serving a node
 * earns it. Solvers price their moves with these and the evaluator totals routes with them, so
 * that a move's delta and the evaluator's change of cost are the same number (PyVRP's
 * CostEvaluator plays this part there). A zero weight adds nothing even to an infinite quantity:
 * 0·∞ is NaN, which no comparison ever rejects or accepts.
 */
import type { Instance, Objective, Vehicle } from './instance';
import { advance, beginRoute, finishRoute, type RouteState } from './rules';

export function weighted(weight: number, amount: number): number {
  return weight === 0 ? 0 : weight * amount;
}

/** One arc's cost at the given travel time; Infinity when the arc is unreachable. */
function price(o: Objective, distance: number, travel: number): number {
  if (!Number.isFinite(distance) || !Number.isFinite(travel)) return Infinity;
  return weighted(o.distanceWeight, distance) + weighted(o.timeWeight, travel);
}

export function arcCost(inst: Instance, v: Vehicle, from: number, to: number): number {
  const k = from * inst.n + to;
  return price(inst.objective, inst.distance[k], inst.duration[k] / v.speed);
}

/** What serving j adds to v's route: minus the preference it collects (0 without profiles). */
export function serveCost(inst: Instance, v: Vehicle, j: number): number {
  const o = inst.objective;
  return v.preference ? -weighted(o.preferenceWeight * o.preferenceUnit, v.preference[j]) : 0;
}

/** The objective of a route from the totals its rules state accumulated. */
export function routeCost(inst: Instance, s: RouteState): number {
  const o = inst.objective;
  return weighted(o.distanceWeight, s.distance) + weighted(o.timeWeight, s.travel) - weighted(o.preferenceWeight * o.preferenceUnit, s.preference);
}

/** The objective of one route, replayed through the rules as the evaluator does. */
export function costOfRoute(inst: Instance, vehicle: number, stops: ArrayLike<number>): number {
  const s = beginRoute(inst, vehicle);
  for (let i = 0; i < stops.length; i++) advance(inst, s, stops[i]);
  finishRoute(inst, s);
  return routeCost(inst, s);
}

/** The prices as matrices, for solvers' inner loops. */
export interface PriceTables {
  /** Arc cost per vehicle, [from·n + to] (vehicles of one speed share a matrix). */
  arc: Float64Array[];
  /** Travel time per vehicle, [from·n + to]. */
  travel: Float64Array[];
  /** Serve cost of node j for vehicle k at [k·n + j]. */
  serve: Float64Array;
}

export function priceTables(inst: Instance): PriceTables {
  const n = inst.n;
  const bySpeed = new Map<number, [Float64Array, Float64Array]>();
  const out: PriceTables = { arc: [], travel: [], serve: new Float64Array(inst.vehicles.length * n) };
  inst.vehicles.forEach((v, k) => {
    let pair = bySpeed.get(v.speed);
    if (!pair) {
      const arc = new Float64Array(n * n);
      const travel = new Float64Array(n * n);
      for (let a = 0; a < n * n; a++) {
        travel[a] = inst.duration[a] / v.speed;
        arc[a] = price(inst.objective, inst.distance[a], travel[a]);
      }
      pair = [arc, travel];
      bySpeed.set(v.speed, pair);
    }
    out.arc.push(pair[0]);
    out.travel.push(pair[1]);
    if (v.preference) for (let j = 0; j < n; j++) out.serve[k * n + j] = serveCost(inst, v, j);
  });
  return out;
}
