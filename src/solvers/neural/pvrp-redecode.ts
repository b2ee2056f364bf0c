/**
 * PVRP instances re-decoded a few vehicles at a time: the CAMP-S twin of decompose.ts.
 *
 * The CAMP-S models are at their best on small instances (held-out cities, POMO ×8: ~5–6 % above
 * the reference at n = 50 / m = 5 against ~8.7 % at n = 100 / m = 7; BENCHMARKS.md, "Neural
 * III"). The objective is a sum over routes and each route belongs to one vehicle, so the
 * clients of any set of vehicles form a PVRP of their own: a pass splits the fleet into random
 * groups of VEHICLES_PER_GROUP (the last group takes the remainder), re-decodes each group's
 * clients with just those vehicles (every start, eight augmentations, greedy) and keeps the new
 * routes where the evaluator scores them cheaper, every client served and every rule kept. Each
 * pass draws other groups, so that clients move between all vehicles over a few passes.
 *
 * Bans and preferences travel with the vehicles (permuteNodes), so a sub-instance asks the model
 * exactly what the whole one asks about those clients. Every pass leaves a complete solution:
 * Stop keeps the old routes of the groups not yet done.
 */
import { evaluate } from '../../core/evaluate';
import type { Instance } from '../../core/instance';
import type { Rng } from '../../core/random';
import { permuteNodes } from '../../core/scenario/instance-copy';
import type { Route, Solution } from '../../core/solution';
import { ALL_AUGMENTATIONS } from './decode';
import { inBatches } from './model-solver';
import { decodePvrp, type PvrpModel } from './pvrp-decode';
import { pvrpNormalise } from './pvrp-features';

/**
 * Vehicles per sub-instance. Fewer than the models were trained with (m ∈ [3, 7]), and still the
 * best: `neural` 10 s on PVRP-P n = 100 / m = 7 (held-out cities, 12 instances) came out 4.24 %
 * above the reference with groups of 2, 4.91 % with 3 and 8.29 % with 4 (more, smaller
 * sub-instances in the same time; BENCHMARKS.md, "Neural III", session 12).
 */
export const VEHICLES_PER_GROUP = 2;

export interface RedecodeOptions {
  rng: Rng;
  /** Vehicles per group (default VEHICLES_PER_GROUP). */
  groupSize?: number;
  /** The POMO a sub-instance affords (pvrpPlan: its starts, augmentations per decode call). */
  plan: (sub: Instance) => { starts: number[]; perDecode: number };
  /** Polled between groups and inside their decodes. */
  shouldStop?: () => boolean;
}

export interface RedecodeResult {
  solution: Solution;
  cost: number;
  /** Groups whose routes were replaced. */
  improved: number;
  groups: number;
  stopped: boolean;
}

/**
 * The vehicles 0..m−1 in random groups of `size`; a remainder smaller than `size` joins the last
 * group (m = 7, size 3: 3 + 4). Fewer than 2·size vehicles make one group, the whole fleet.
 */
export function vehicleGroups(m: number, size: number, rng: Rng): number[][] {
  const order = rng.shuffle(Array.from({ length: m }, (_, k) => k));
  const count = Math.max(1, Math.floor(m / Math.max(1, size)));
  return Array.from({ length: count }, (_, g) => order.slice(g * size, g === count - 1 ? m : (g + 1) * size));
}

/** The clients of `vehicles` and the instance that holds only them, the depot and those vehicles. */
export function vehicleSubInstance(inst: Instance, routes: Route[], vehicles: number[]): { sub: Instance; order: number[]; local: Route[] } {
  const slot = new Map(vehicles.map((k, i) => [k, i]));
  const mine = routes.filter((r) => slot.has(r.vehicle) && r.stops.length > 0);
  const order = [inst.depot];
  for (const r of mine) order.push(...r.stops);
  const whole = permuteNodes(inst, order);
  const sub: Instance = { ...whole, vehicles: vehicles.map((k) => whole.vehicles[k]) };
  const at = new Map(order.map((node, i) => [node, i]));
  const local = mine.map((r) => ({ vehicle: slot.get(r.vehicle)!, stops: r.stops.map((j) => at.get(j)!) }));
  return { sub, order, local };
}

/** One pass over random vehicle groups of `sol` (depot-first numbering). */
export async function redecodePass(model: PvrpModel, inst: Instance, sol: Solution, opts: RedecodeOptions): Promise<RedecodeResult> {
  const groups = vehicleGroups(inst.vehicles.length, opts.groupSize ?? VEHICLES_PER_GROUP, opts.rng);
  let routes = sol.routes.filter((r) => r.stops.length > 0);
  let improved = 0;
  let stopped = false;
  for (const vehicles of groups) {
    if (stopped || opts.shouldStop?.()) {
      stopped = true;
      break;
    }
    const res = await redecodeGroup(model, inst, routes, vehicles, opts);
    if (res === 'stopped') stopped = true;
    else if (res) {
      const inGroup = new Set(vehicles);
      routes = [...routes.filter((r) => !inGroup.has(r.vehicle)), ...res];
      improved++;
    }
  }
  const solution: Solution = { routes, unassigned: sol.unassigned };
  return { solution, cost: evaluate(inst, solution).cost, improved, groups: groups.length, stopped };
}

/** The group's routes re-decoded: in `inst` numbering when cheaper and complete, else null. */
async function redecodeGroup(model: PvrpModel, inst: Instance, routes: Route[], vehicles: number[], opts: RedecodeOptions): Promise<Route[] | null | 'stopped'> {
  const { sub, order, local } = vehicleSubInstance(inst, routes, vehicles);
  if (sub.n < 3) return null;
  const before = evaluate(sub, { routes: local, unassigned: [] });
  const { starts, perDecode } = opts.plan(sub);
  const norm = pvrpNormalise(sub);
  let best: Solution | null = null;
  let bestCost = before.cost - 1e-9;
  for (const augs of inBatches(ALL_AUGMENTATIONS, perDecode)) {
    const res = await decodePvrp(model, sub, norm, { augs, starts, mode: 'greedy', rng: opts.rng, shouldStop: opts.shouldStop });
    if (res.stopped) return 'stopped';
    if (!res.best || res.best.unassigned > 0) continue;
    const after = evaluate(sub, res.best.solution);
    if (after.feasible && after.unassigned.length === 0 && after.cost < bestCost) {
      best = res.best.solution;
      bestCost = after.cost;
    }
  }
  if (!best) return null;
  return best.routes.filter((r) => r.stops.length > 0).map((r) => ({ vehicle: vehicles[r.vehicle], stops: r.stops.map((k) => order[k]) }));
}
