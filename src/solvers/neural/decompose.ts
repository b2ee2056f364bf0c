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
 * (greedy, a few starts and augmentations; all groups in one batch, decodeMany) and keeps a
 * group's new routes where the evaluator scores them cheaper and feasible. Each pass draws other
 * groups, so that boundaries move. From SECTOR_MIN_N clients the first answer of the neural
 * solvers comes from sectors (sectorSolution) rather than from the whole instance's decode. A
 * route pass (routePass) makes every route a group of its own, for long routes (longRoutes).
 *
 * Every pass leaves a complete solution: a pass that Stop cuts short keeps the routes it began with.
 */
import { evaluate } from '../../core/evaluate';
import type { Instance } from '../../core/instance';
import { traitsOf } from '../../core/problems';
import type { Rng } from '../../core/random';
import { projector } from '../../core/scenario/geometry';
import { permuteNodes } from '../../core/scenario/instance-copy';
import type { Route, Solution } from '../../core/solution';
import { ALL_AUGMENTATIONS, decodeMany, type DecodeModel } from './decode';
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
 * Each SUB_N group is decoded greedily on all eight augmentations from SUB_STARTS starts: at
 * n = 999 more passes beat more starts per pass, and eight augmentations beat more starts on
 * fewer (BENCHMARKS.md, "Decomposition at large n"). From 150 to 450 clients this stays: `neural`
 * 10 s, ACVRP n = 200, five cities × seeds 1, 2, 5, against savings: −2.87 % with 8 × 4 per group,
 * −2.77 % with 2 × 8 (BENCHMARKS.md, "Session 13").
 */
export const SUB_STARTS = 4;

/**
 * On sectored instances (from SECTOR_MIN_N clients) each group is decoded on SECTORED_AUGS from
 * SECTORED_STARTS starts instead: batched (decodeMany), such a pass at n = 999 takes ~0.45 s on
 * Node against ~1.5 s, and the extra passes pay. `neural` 10 s, ACVRP, five cities, against
 * savings (BENCHMARKS.md, "Session 13"): n = 999, seeds 1, 2 and 5, −3.7 → −4.8 % (with the
 * sectors); n = 500, seed 5, −2.7 → −3.7 %. neural-greedy's four passes use them too.
 */
export const SECTORED_AUGS = [0, 1];
export const SECTORED_STARTS = 8;

/**
 * A route pass (routePass) decodes every route alone on ROUTE_PASS_AUGS from ROUTE_PASS_STARTS
 * starts. At n = 999 a route holds ~44 clients (capacity 229), so the groups of SUB_N hold only two
 * or three routes, and a route's own order is left as the group's decode made it. neural-greedy
 * at n = 999, ACVRP, the five cities × seeds 5–8, against savings (BENCHMARKS.md, "Session 17"):
 * four group passes −0.32 %; then a route pass of 1 × 8 −0.80 %, 1 × 32 −1.01 %, 2 × 8 −1.33 %,
 * 2 × 16 −1.44 % (~0.35 s), 4 × 8 −1.54 % (~0.45 s); three group passes and a route pass in the
 * place of the fourth −0.99 %.
 */
export const ROUTE_PASS_AUGS = [0, 1];
export const ROUTE_PASS_STARTS = 16;

/**
 * Mean clients per route from which a route pass pays. neural-greedy, five cities × seeds 5–6,
 * against savings (BENCHMARKS.md, "Session 17"): ACVRP n = 500 (~18 per route) +1.82 → +0.80 %;
 * ACVRPTW n = 999 (~10 per route, time windows keep routes short) −37.12 % either way, the pass
 * costing ~0.25 s.
 */
export const ROUTE_PASS_MIN_STOPS = 15;

/** Whether the used routes of `sol` average ROUTE_PASS_MIN_STOPS clients or more. */
export function longRoutes(sol: Solution): boolean {
  const used = sol.routes.filter((r) => r.stops.length > 0);
  return used.length > 0 && used.reduce((t, r) => t + r.stops.length, 0) >= ROUTE_PASS_MIN_STOPS * used.length;
}

/** Starts of each sector of sectorSolution (one augmentation). */
export const SECTOR_STARTS = 16;

export interface DecomposeOptions {
  /** Augmentations each sub-instance is decoded on. */
  augs: number[];
  /** Starts per sub-instance (spread by bearing, plan.ts). */
  starts: number;
  rng: Rng;
  /** Clients per group (default groupClients(inst)); for sectorSolution, per sector (default SECTOR_N); for tour-windows.ts's windowPass, nodes per window (default TOUR_WINDOW_N). */
  size?: number;
  /** Polled between the decoder steps of the batch (its groups decode side by side). */
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

/** Augmentations and starts per group of a pass on `inst`: every start on all eight for small groups, then SUB_STARTS on all eight, then SECTORED_AUGS × SECTORED_STARTS. */
export function groupDecode(inst: Instance): { augs: number[]; starts: number } {
  if (!largeForModels(inst)) return { augs: ALL_AUGMENTATIONS, starts: Infinity };
  return sectored(inst) ? { augs: SECTORED_AUGS, starts: SECTORED_STARTS } : { augs: ALL_AUGMENTATIONS, starts: SUB_STARTS };
}

/**
 * The used routes in groups of neighbours: from each seed route in turn (rng order) that no group
 * holds yet, the free routes nearest its centroid (the seed first) until the group has `size`
 * clients (size 1: every route a group of its own). The last groups of a pass may be smaller:
 * what is left is scattered.
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
  const groups = routeGroups(inst, used, opts.size ?? groupClients(inst), opts.rng);
  const subs = groups.map((group) => groupInstance(inst, group.flatMap((r) => r.stops)));
  const decoded = opts.shouldStop?.() ? null : (await decodeSubs(model, subs, opts))?.groups ?? null;
  // A group may come back with more routes than it had: only as many more as the fleet has spare.
  let spare = inst.vehicles.reduce((t, v) => t + v.count * v.trips, 0) - used.length;
  const routes: Route[] = [];
  let improved = 0;
  groups.forEach((group, g) => {
    const res = decoded?.[g];
    const sub = subs[g];
    const before = sub.cost(group);
    const better = res && res.cost < before - 1e-9 && res.routes.length - group.length <= spare ? res.routes : null;
    if (better) {
      spare -= better.length - group.length;
      improved++;
    }
    routes.push(...(better ?? group));
  });
  const solution: Solution = { routes, unassigned: sol.unassigned };
  return { solution, cost: evaluate(inst, solution).cost, improved, groups: groups.length, stopped: decoded === null };
}

/** A pass in which every used route is its own group (size 1), decoded on ROUTE_PASS_AUGS × ROUTE_PASS_STARTS; a route's clients come back in a new order, or split, where that is cheaper. */
export function routePass(model: DecodeModel, inst: Instance, sol: Solution, opts: Pick<DecomposeOptions, 'rng' | 'shouldStop'>): Promise<PassResult> {
  return decomposePass(model, inst, sol, { augs: ROUTE_PASS_AUGS, starts: ROUTE_PASS_STARTS, size: 1, ...opts });
}

/** A set of clients of `inst` as its own instance: the depot first, then the clients in order. */
interface GroupInstance {
  sub: Instance;
  /** Sub-instance node → node of `inst`. */
  order: number[];
  /** The cost in `inst` of routes over these clients (as the evaluator scores them in the sub-instance). */
  cost(routes: Route[]): number;
}

function groupInstance(inst: Instance, clients: number[]): GroupInstance {
  const order = [inst.depot, ...clients];
  const sub = permuteNodes(inst, order);
  const local = new Map(order.map((node, k) => [node, k]));
  return { sub, order, cost: (routes) => evaluate(sub, { routes: routes.map((r) => ({ vehicle: r.vehicle, stops: r.stops.map((j) => local.get(j)!) })), unassigned: [] }).cost };
}

/**
 * Each group's greedy decode, all in one batch (decodeMany: the groups' steps run side by side),
 * as routes in `inst` numbering with their cost; null for a group whose routes are infeasible or
 * leave a client out. When Stop came: null (the batch has no answer), or with `completeOnStop`
 * each group's most advanced rollout finished by nearest stop (`stopped: true`).
 */
async function decodeSubs(model: DecodeModel, subs: GroupInstance[], opts: DecomposeOptions, completeOnStop = false): Promise<{ groups: ({ routes: Route[]; cost: number } | null)[]; stopped: boolean } | null> {
  const starts = subs.map(({ sub }) => plannedStarts(sub, Math.min(opts.starts, allStarts(sub).length)));
  // decodeMany wants as many starts per item as the others: smaller groups repeat theirs.
  const S = Math.max(...starts.map((s) => s.length));
  const items = subs.map(({ sub }, g) => ({ inst: sub, norm: normalise(sub), starts: Array.from({ length: S }, (_, i) => starts[g][i % starts[g].length]) }));
  const res = await decodeMany(model, items, { augs: opts.augs, mode: 'greedy', rng: opts.rng, shouldStop: opts.shouldStop, completeOnStop });
  if (res.stopped && !res.completed) return null;
  const groups = res.bests.map((best, g) => {
    if (!best) return null;
    const ev = evaluate(subs[g].sub, best.solution);
    if (!ev.feasible || ev.unassigned.length > 0) return null;
    const routes = best.solution.routes.filter((r) => r.stops.length > 0).map((r) => ({ vehicle: r.vehicle, stops: r.stops.map((k) => subs[g].order[k]) }));
    return { routes, cost: ev.cost };
  });
  return { groups, stopped: res.stopped };
}

/**
 * Clients per sector of sectorSolution. n = 999, ACVRP, five cities, seed 5, Node, against savings
 * (BENCHMARKS.md, "Session 13"): the sectors alone of ~100 clients +14.8 %, ~200 +4.1 %, ~250
 * +3.8 %, ~330 +3.4 % (0.7 s), ~500 +1.0 % (1.1 s); the model is better on pieces of a few
 * hundred than on the whole or on n ≈ 100 wedges, whose borders cut across routes.
 */
export const SECTOR_N = 300;

/** Clients from which the neural solvers start from sectors: two of SECTOR_N or more. */
export const SECTOR_MIN_N = Math.round(1.5 * SECTOR_N);

/** Whether a VRP (depot-first) starts from sectors and its passes decode SECTORED_AUGS × SECTORED_STARTS per group. */
export function sectored(inst: Instance): boolean {
  return decomposable(inst) && inst.n - 1 >= SECTOR_MIN_N;
}

/**
 * A first solution without decoding the whole instance: the clients in order of bearing from the
 * depot (from a random bearing), cut into sectors of about `size` clients, every sector decoded
 * as its own instance (one batch, decodeMany) and its routes kept. Stop finishes each sector's
 * most advanced rollout by nearest stop (`stopped: true`). Null when a sector has no feasible
 * complete answer.
 */
export async function sectorSolution(model: DecodeModel, inst: Instance, opts: DecomposeOptions): Promise<{ solution: Solution; cost: number; stopped: boolean } | null> {
  const c = inst.coords;
  if (!c) throw new Error('sectorSolution: the instance has no coordinates');
  const project = projector(inst.coordSystem, [c[2 * inst.depot], c[2 * inst.depot + 1]]);
  const [dx, dy] = project([c[2 * inst.depot], c[2 * inst.depot + 1]]);
  const clients = allStarts(inst);
  const bearing = new Float64Array(inst.n);
  for (const j of clients) {
    const [x, y] = project([c[2 * j], c[2 * j + 1]]);
    bearing[j] = Math.atan2(y - dy, x - dx);
  }
  const from = opts.rng.next() * 2 * Math.PI;
  const turn = (j: number) => (bearing[j] - from + 4 * Math.PI) % (2 * Math.PI);
  const sorted = clients.slice().sort((a, b) => turn(a) - turn(b) || a - b);
  const count = Math.max(1, Math.round(sorted.length / (opts.size ?? SECTOR_N)));
  const sectors = Array.from({ length: count }, (_, s) => sorted.slice(Math.floor((s * sorted.length) / count), Math.floor(((s + 1) * sorted.length) / count)));
  const subs = sectors.map((sector) => groupInstance(inst, sector));
  const decoded = await decodeSubs(model, subs, opts, true);
  if (!decoded || decoded.groups.some((d) => d === null)) return null;
  const solution: Solution = { routes: decoded.groups.flatMap((d) => d!.routes), unassigned: [] };
  return { solution, cost: evaluate(inst, solution).cost, stopped: decoded.stopped };
}
