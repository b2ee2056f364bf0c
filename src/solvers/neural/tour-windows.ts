/**
 * ATSP tours improved in windows: the tour model's answer to what decompose.ts does for VRPs.
 *
 * The ATSP model was trained at n ≤ 100; decoding a 999-node tour whole, its greedy tour was ~60 %
 * above the long classical run, twice nearest neighbour's gap (BENCHMARKS.md, "Large instances",
 * ATSP rows). A window is a stretch of the current tour: its two end nodes stay where they are,
 * and the nodes between them are re-decoded as an instance of their own, where the window's
 * first and last node become one node: it leaves as the first one does and is reached as the
 * last one is. A closed tour of that instance from the merged node is then exactly a path from
 * the first to the last node through the window, at the path's cost, so the tour model decodes
 * paths without a path model. All windows of a pass decode side by side (decodeMany), and a
 * window's new order is kept where it is cheaper. Each pass cuts the tour at another place, so
 * that boundaries move.
 *
 * The passes start from the whole tour's greedy decode. A first tour along a Hilbert curve through
 * the coordinates was tried instead: on road networks it was 214–335 % above the classical
 * reference at n = 999, and twelve passes left it 42–62 % above (BENCHMARKS.md, "Session 16").
 */
import type { Instance } from '../../core/instance';
import { makeInstance } from '../../core/instance';
import { traitsOf } from '../../core/problems';
import type { Solution } from '../../core/solution';
import { decodeMany, type DecodeModel } from './decode';
import type { DecomposeOptions } from './decompose';
import { normalise } from './features';
import { plannedStarts } from './plan';

/**
 * Nodes per window, its two fixed ends included: the window decodes as an n = TOUR_WINDOW_N − 1
 * instance. `neural` 10 s at n = 999 (three cities, seed 5, against classical at 3 s): windows of
 * 30 24.6 %, 50 21.8 %, 70 23.1 %, 100 26.7 %, 150 30.1 %.
 */
export const TOUR_WINDOW_N = 50;

/**
 * Nodes from which the neural search of an ATSP runs window passes in place of sampling. `neural`
 * 10 s, Liechtenstein, Monaco and Copenhagen, against classical at 3 s (BENCHMARKS.md, "Session
 * 16"): n = 100 7.06 → 2.87 %, 200 12.64 → 7.72 %, 500 28.53 → 13.53 %, 999 51.52 → 21.80 %.
 */
export const TOUR_WINDOWS_MIN_N = 60;

/**
 * Nodes from which neural-greedy runs window passes after its greedy decode (solver.ts,
 * GREEDY_WINDOW_PASSES): below it the greedy answer stays one decode (its latency bar is at n = 100).
 */
export const TOUR_WINDOWS_GREEDY_MIN_N = 200;

export interface WindowPassResult {
  solution: Solution;
  cost: number;
  improved: number;
  windows: number;
  stopped: boolean;
}

/** Whether an ATSP is improved in windows: a tour of TOUR_WINDOWS_MIN_N nodes or more. */
export function windowed(inst: Instance): boolean {
  return traitsOf(inst.kind).tour && inst.n >= TOUR_WINDOWS_MIN_N;
}

/** The cost of the closed tour `tour` on `inst`'s distances. */
export function tourCost(inst: Instance, tour: readonly number[]): number {
  let cost = 0;
  for (let i = 0; i < tour.length; i++) cost += inst.distance[tour[i] * inst.n + tour[(i + 1) % tour.length]];
  return cost;
}

/**
 * The window `path` (first and last node fixed) as an ATSP instance: node 0 is the two ends
 * merged (the first node's out-going row, the last node's in-coming column), then the inner nodes.
 */
export function windowInstance(inst: Instance, path: readonly number[]): Instance {
  const N = inst.n;
  const inner = path.slice(1, -1);
  const n = inner.length + 1;
  const from = [path[0], ...inner];
  const to = [path[path.length - 1], ...inner];
  const matrix = (m: Float64Array) => {
    const out = new Float64Array(n * n);
    for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) out[p * n + q] = p === q ? 0 : m[from[p] * N + to[q]];
    return out;
  };
  const c = inst.coords;
  const coords = c ? Float64Array.from(from.flatMap((node) => [c[2 * node], c[2 * node + 1]])) : null;
  return makeInstance({ name: `${inst.name} window`, kind: inst.kind, n, distance: matrix(inst.distance), duration: matrix(inst.duration), coords, coordSystem: inst.coordSystem, objective: inst.objective, units: inst.units });
}

/**
 * One pass over the tour of `sol` (one route): the tour cut into windows of `size` nodes from a
 * random position (what does not fill a window stays as it is), every window decoded greedily,
 * and each kept where its path is cheaper. A pass that Stop cuts short returns the tour it was
 * given (`stopped: true`).
 */
export async function windowPass(model: DecodeModel, inst: Instance, sol: Solution, opts: DecomposeOptions): Promise<WindowPassResult> {
  const route = sol.routes[0];
  const tour = route.stops;
  const n = tour.length;
  const size = Math.min(opts.size ?? TOUR_WINDOW_N, n);
  const count = Math.floor(n / size);
  const offset = opts.rng.int(n);
  const at = (i: number) => tour[(offset + i) % n];
  const paths = Array.from({ length: count }, (_, w) => Array.from({ length: size }, (_, i) => at(w * size + i)));
  const rest = Array.from({ length: n - count * size }, (_, i) => at(count * size + i));
  const result = (t: number[], improved: number, stopped: boolean): WindowPassResult => ({ solution: { routes: [{ ...route, stops: t }], unassigned: sol.unassigned }, cost: tourCost(inst, t), improved, windows: count, stopped });
  if (count === 0 || size < 4) return result(tour.slice(), 0, false);
  if (opts.shouldStop?.()) return result(tour.slice(), 0, true);
  const subs = paths.map((path) => windowInstance(inst, path));
  // Every window has size − 1 nodes: decodeMany batches them unpadded, with as many starts each.
  const starts = Math.min(opts.starts, size - 1);
  const items = subs.map((sub) => ({ inst: sub, norm: normalise(sub), starts: plannedStarts(sub, starts) }));
  const res = await decodeMany(model, items, { augs: opts.augs, mode: 'greedy', rng: opts.rng, shouldStop: opts.shouldStop });
  if (res.stopped) return result(tour.slice(), 0, true);
  let improved = 0;
  const out: number[] = [];
  paths.forEach((path, w) => {
    const best = res.bests[w];
    const before = tourCost(subs[w], Array.from({ length: subs[w].n }, (_, k) => k));
    const order = best?.solution.routes[0]?.stops;
    if (best && best.unassigned === 0 && order && order.length === subs[w].n && best.cost < before - 1e-9) {
      const zero = order.indexOf(0);
      const inner = [...order.slice(zero + 1), ...order.slice(0, zero)].map((k) => path[k]);
      out.push(path[0], ...inner, path[path.length - 1]);
      improved++;
    } else out.push(...path);
  });
  out.push(...rest);
  return result(out, improved, false);
}
