/**
 * How much of POMO a decode may run at a given size. All-starts POMO costs S × n per decoder
 * step and takes about n steps, so n² per start: at n = 100 every start is cheap, at n = 1000
 * every start would be 46 s and half a gigabyte. These bounds keep a batch's work and memory near
 * what n = 100 with all starts takes, growing gently with n, and let the anytime search decide
 * from the time left how many augmentations it can still afford (solver.ts).
 */
import type { Instance } from '../../core/instance';
import { traitsOf } from '../../core/problems';

/**
 * Rollout-node-steps (S × n × n) one greedy batch of one augmentation may take: 16 M is every
 * start up to n = 252, then fewer (100 at n = 400, 16 at n = 1000, ~0.7 s of decoder steps on one thread).
 */
export const START_WORK = 16e6;

/** Rollout-node-steps of one decode call over several augmentations (bounds the step tensors). */
export const DECODE_WORK = 32e6;

/**
 * n × n cells one encoder call may hold per input matrix: the encoder's attention keeps about
 * heads × A × n² floats, so 2²⁰ cells is A = 8 up to n = 362 and one augmentation per call at
 * n = 1000 (~35 MB per attention tensor instead of ~280 MB).
 */
export const ENCODER_CELLS = 1 << 20;

/** Every node (ATSP) or every client (VRPs): all-starts POMO. */
export function allStarts(inst: Instance): number[] {
  return traitsOf(inst.kind).tour ? Array.from({ length: inst.n }, (_, i) => i) : Array.from({ length: inst.n - 1 }, (_, i) => i + 1);
}

/** Starts per augmentation at size n (all of them while the batch stays within START_WORK). */
export function startCount(n: number, all: number): number {
  return Math.max(1, Math.min(all, Math.floor(START_WORK / (n * n))));
}

/** Augmentations one encoder call may take at size n. */
export function augsPerEncoder(n: number): number {
  return Math.max(1, Math.floor(ENCODER_CELLS / (n * n)));
}

/** Augmentations one decode call may take with S starts at size n. */
export function augsPerDecode(n: number, starts: number): number {
  return Math.max(1, Math.floor(DECODE_WORK / (starts * n * n)));
}

/**
 * The bounded set of POMO starts for `inst` (depot-first numbering): all of them when they fit,
 * else `count` spread evenly around the depot (VRPs) or the centre (ATSP) by bearing, the
 * client nearest the depot first, so that the starts open routes in every direction. Without
 * coordinates, spread evenly over the nodes ordered by distance from node 0. Deterministic.
 */
export function plannedStarts(inst: Instance, count = startCount(inst.n, allStarts(inst).length)): number[] {
  const all = allStarts(inst);
  if (count >= all.length) return all;
  const tour = traitsOf(inst.kind).tour;
  const n = inst.n;
  let order: number[];
  const c = inst.coords;
  if (c) {
    let cx = c[0];
    let cy = c[1];
    if (tour) {
      cx = 0;
      cy = 0;
      for (let i = 0; i < n; i++) {
        cx += c[2 * i] / n;
        cy += c[2 * i + 1] / n;
      }
    }
    const bearing = (i: number) => Math.atan2(c[2 * i + 1] - cy, c[2 * i] - cx);
    order = all.slice().sort((a, b) => bearing(a) - bearing(b) || a - b);
  } else {
    order = all.slice().sort((a, b) => inst.distance[a] - inst.distance[b] || a - b);
  }
  // Rotate so that the client nearest the depot (ATSP: node 0) comes first.
  let first = tour ? 0 : order[0];
  if (!tour) {
    for (const j of all) if (inst.distance[j] < inst.distance[first]) first = j;
  }
  const at = order.indexOf(first);
  const rotated = order.slice(at).concat(order.slice(0, at));
  const out: number[] = [];
  for (let s = 0; s < count; s++) out.push(rotated[Math.floor((s * rotated.length) / count)]);
  return out;
}
