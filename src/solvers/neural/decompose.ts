/**
 * VRP instances decoded in pieces: large ones as the model was trained, in pieces of about SUB_N
 * clients; from SMALL_DECOMPOSE_MIN_N clients, after POMO ×8 of the whole, in pieces of
 * SMALL_SUB_N, where the model is better still.
 *
 * The RRNCO-S models were trained at n ≤ 100, and their greedy routes drift from savings' as n
 * grows (ACVRP n = 999, five cities: +8.3 % on average, +22 to +27 % on the held-out
 * Liechtenstein; BENCHMARKS.md, "Large instances"). Decoding a 999-stop instance whole asks the
 * model for what it never saw, while each group of a few neighbouring routes is an n ≈ 100
 * instance it knows. A pass groups the routes of a solution with their nearest neighbours (by
 * centroid, from seed routes in random order), re-decodes every group as its own sub-instance
 * (greedy, a few starts and augmentations) and keeps a group's new routes where the evaluator
 * scores them cheaper and feasible. Each pass draws other groups, so that boundaries move.
 *
 * Every pass leaves a complete solution: Stop between or inside groups keeps the old routes of the
 * groups not yet done.
 */
import { evaluate } from '../../core/evaluate';
import type { Instance } from '../../core/instance';
import { traitsOf } from '../../core/problems';
import type { Rng } from '../../core/random';
import { projector } from '../../core/scenario/geometry';
import { permuteNodes } from '../../core/scenario/instance-copy';
import type { Route, Solution } from '../../core/solution';
import { decode, type DecodeModel } from './decode';
import { normalise } from './features';
import { allStarts, plannedStarts } from './plan';

/** Clients per sub-instance: the largest size in the models' training. */
export const SUB_N = 100;

/**
 * Clients from which a VRP is decomposed in groups of SUB_N, in place of the whole instance's
 * other augmentations. `neural` for 10 s, ACVRP, five cities, against savings (BENCHMARKS.md,
 * "Decomposition at large n"): n = 150 +0.2 → −4.4 %, 200 +0.7 → −3.5 %, 500 +3.0 → −2.9 %.
 */
export const DECOMPOSE_MIN_N = 150;

/**
 * Clients per sub-instance below DECOMPOSE_MIN_N, where passes come after POMO ×8 of the whole
 * instance, each group decoded from every start: the models do better on small pieces than on
 * the whole, as the CAMP-S models do on pairs of vehicles (pvrp-redecode.ts). `neural` 10 s at
 * n = 100, held-out Copenhagen and Liechtenstein, 8 instances, against the 30 s classical
 * reference: ACVRP 6.21 % with sampling after POMO ×8, 2.04 % with groups of 40 clients
 * (4 starts), 1.79 % with groups of 30 (every start); ACVRPTW 9.27 / 3.10 / 2.17 % (BENCHMARKS.md,
 * "Neural II", session 12). At n = 100 a SUB_N group would be the whole instance again.
 */
export const SMALL_SUB_N = 30;

/** Clients from which a pass has at least two full groups of SMALL_SUB_N to trade between. */
export const SMALL_DECOMPOSE_MIN_N = 2 * SMALL_SUB_N;

/**
 * Each sub-instance is decoded greedily on all eight augmentations from SUB_STARTS starts: at
 * n = 999 more passes beat more starts per pass, and eight augmentations beat more starts on
 * fewer (BENCHMARKS.md, "Decomposition at large n").
 */
export const SUB_STARTS = 4;

export interface DecomposeOptions {
  /** Augmentations each sub-instance is decoded on. */
  augs: number[];
  /** Starts per sub-instance (spread by bearing, plan.ts). */
  starts: number;
  rng: Rng;
  /** Polled between groups and inside their decodes. */
  shouldStop?: () => boolean;
}

export interface PassResult {
  solution: Solution;
  cost: number;
  /** Groups whose routes were replaced. */
  improved: number;
  groups: number;
  stopped: boolean;
}

/**
 * Whether decomposition applies: a VRP (routes from a depot; ATSP is one tour) with coordinates
 * to group routes by, large enough to split. `inst` is in depot-first numbering.
 */
export function decomposable(inst: Instance): boolean {
  return !traitsOf(inst.kind).tour && inst.depot === 0 && inst.coords !== null && inst.n - 1 >= SMALL_DECOMPOSE_MIN_N;
}

/** Whether the instance is large: decomposed in groups of SUB_N, without the whole instance's ×8. */
export function largeForModels(inst: Instance): boolean {
  return inst.n - 1 >= DECOMPOSE_MIN_N;
}

/** Clients per group of a pass on `inst`. */
export function groupClients(inst: Instance): number {
  return largeForModels(inst) ? SUB_N : SMALL_SUB_N;
}

/** Starts per group of a pass on `inst`: SUB_STARTS for SUB_N groups, every start for small ones. */
export function groupStarts(inst: Instance): number {
  return largeForModels(inst) ? SUB_STARTS : Infinity;
}

/**
 * The used routes in groups of neighbours: from each seed route in turn (rng order) that no group
 * holds yet, the free routes nearest its centroid (the seed first) until the group has `size`
 * clients. The last groups of a pass may be smaller: what is left is scattered.
 */
export function routeGroups(inst: Instance, routes: Route[], size: number, rng: Rng): Route[][] {
  const c = inst.coords;
  if (!c) throw new Error('routeGroups: the instance has no coordinates');
  const used = routes.filter((r) => r.stops.length > 0);
  const project = projector(inst.coordSystem, [c[2 * inst.depot], c[2 * inst.depot + 1]]);
  const mean = (r: Route, axis: number) => r.stops.reduce((t, j) => t + c[2 * j + axis], 0) / r.stops.length;
  const centroids = used.map((r) => project([mean(r, 0), mean(r, 1)]));
  const cx = centroids.map((p) => p[0]);
  const cy = centroids.map((p) => p[1]);
  const order = rng.shuffle(used.map((_, i) => i));
  const taken = new Uint8Array(used.length);
  const groups: Route[][] = [];
  for (const seed of order) {
    if (taken[seed]) continue;
    const d2 = (i: number) => (cx[i] - cx[seed]) ** 2 + (cy[i] - cy[seed]) ** 2;
    const near = order.filter((i) => !taken[i]).sort((a, b) => d2(a) - d2(b) || (a === seed ? -1 : b === seed ? 1 : a - b));
    const group: Route[] = [];
    let clients = 0;
    for (const i of near) {
      if (clients >= size) break;
      taken[i] = 1;
      group.push(used[i]);
      clients += used[i].stops.length;
    }
    groups.push(group);
  }
  return groups;
}

/** One pass over the groups of `sol` (depot-first numbering); the rng also draws the groups. */
export async function decomposePass(model: DecodeModel, inst: Instance, sol: Solution, opts: DecomposeOptions): Promise<PassResult> {
  const used = sol.routes.filter((r) => r.stops.length > 0);
  const groups = routeGroups(inst, used, groupClients(inst), opts.rng);
  // A group may come back with more routes than it had: only as many more as the fleet has spare.
  let spare = inst.vehicles.reduce((t, v) => t + v.count * v.trips, 0) - used.length;
  const routes: Route[] = [];
  let improved = 0;
  let stopped = false;
  for (const group of groups) {
    stopped ||= !!opts.shouldStop?.();
    const res: Route[] | null | 'stopped' = stopped ? 'stopped' : await redecodeGroup(model, inst, group, opts);
    stopped = res === 'stopped';
    const better = Array.isArray(res) && res.length - group.length <= spare ? res : null;
    if (better) {
      spare -= better.length - group.length;
      improved++;
    }
    routes.push(...(better ?? group));
  }
  const solution: Solution = { routes, unassigned: sol.unassigned };
  return { solution, cost: evaluate(inst, solution).cost, improved, groups: groups.length, stopped };
}

/** The group's clients as a sub-instance, decoded: its routes in `inst` numbering when cheaper, else null. */
async function redecodeGroup(model: DecodeModel, inst: Instance, group: Route[], opts: DecomposeOptions): Promise<Route[] | null | 'stopped'> {
  const order = [inst.depot];
  for (const r of group) order.push(...r.stops);
  const sub = permuteNodes(inst, order);
  const local = new Map(order.map((node, k) => [node, k]));
  const before = evaluate(sub, { routes: group.map((r) => ({ vehicle: r.vehicle, stops: r.stops.map((j) => local.get(j)!) })), unassigned: [] });
  const starts = plannedStarts(sub, Math.min(opts.starts, allStarts(sub).length));
  const res = await decode(model, sub, normalise(sub), { augs: opts.augs, starts, mode: 'greedy', rng: opts.rng, shouldStop: opts.shouldStop });
  if (res.stopped || !res.best) return 'stopped';
  const after = evaluate(sub, res.best.solution);
  if (!after.feasible || after.unassigned.length > 0 || !(after.cost < before.cost - 1e-9)) return null;
  return res.best.solution.routes.filter((r) => r.stops.length > 0).map((r) => ({ vehicle: r.vehicle, stops: r.stops.map((k) => order[k]) }));
}
