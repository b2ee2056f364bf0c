/**
 * The neural decode loop: one encoder call per augmentation batch, then one decoder-step call
 * per step for all rollouts at once (A augmentations × S POMO starts in one tensor). Masks and
 * moves come from the core rules through RolloutEnv; the graphs only score.
 *
 * - POMO multi-start: every node (ATSP) / every client (VRPs) as a forced first move.
 * - ×8 augmentation: augmentation ids 0..7 of the coordinates (features.ts), each with its own
 *   neighbour draw.
 * - greedy (argmax over allowed actions) or sampling (from the model's distribution); the
 *   answer is the best rollout (fewest unassigned, then lowest cost).
 * - Stop / deadline are checked between steps (the loop yields to the event loop every 25 ms);
 *   an interrupted batch returns no solution, or, asked to, its most advanced rollout finished
 *   by nearest stop.
 * - Large instances encode one augmentation per call (plan.ts) and feed D' without copies.
 */
import type { Instance } from '../../core/instance';
import { traitsOf } from '../../core/problems';
import type { Rng } from '../../core/random';
import type { Solution } from '../../core/solution';
import { RolloutEnv, type NeuralProblem } from './env';
import { CONTEXT_STATE, encoderFeeds, type EncoderFeeds, type Normalised } from './features';
import type { InferenceRunner, TensorInput, TensorOutput } from './session';
import { allStarts, augsPerEncoder } from './plan';
import { yieldToEventLoop } from '../anytime';

/** A model's two inference sessions and the sizes its decoder needs; CAMP-S's (pvrp-decode.ts) has P = PvrpProblem. */
export interface DecodeModel<P extends string = NeuralProblem> {
  problem: P;
  d: number;
  k: number;
  encoder: InferenceRunner;
  step: InferenceRunner;
}

export interface DecodeOptions {
  /** Augmentation ids (0..7); batch A = augs.length. */
  augs: number[];
  /** Forced first moves (node indices); default every node (ATSP) / every client (VRPs). */
  starts?: number[];
  mode: 'greedy' | 'sample';
  /** Neighbour draws and sampling. */
  rng: Rng;
  /** Polled between steps: true stops the batch (it then returns best = null). */
  shouldStop?: () => boolean;
  /** Fixed neighbour draw (tests); otherwise drawn per augmentation from rng. */
  neighbours?: Int32Array;
  /** On Stop, return the most advanced rollout finished by nearest stop instead of nothing. */
  completeOnStop?: boolean;
}

export interface DecodeBest {
  solution: Solution;
  cost: number;
  unassigned: number;
  augmentation: number;
  start: number;
}

export interface DecodeResult {
  best: DecodeBest | null;
  rollouts: number;
  steps: number;
  stopped: boolean;
  /** Stopped, and `best` is a rollout finished by nearest stop rather than by the model. */
  completed: boolean;
  encoderMs: number;
  decodeMs: number;
  /** The part of decodeMs spent inside the decoder graph; the rest is the rules (masks, moves) and feeds. */
  graphMs: number;
}

/** Every node (ATSP) / every client (VRPs); the solvers bound them with plan.ts at large n. */
export const defaultStarts = allStarts;

/** How often a decode gives the event loop a turn (Stop, Cancel, progress), as the anytime loop does. */
export const YIELD_MS = 25;

export type DecodeVariant = 'greedy' | 'pomo' | 'pomo8';
export const ALL_AUGMENTATIONS = [0, 1, 2, 3, 4, 5, 6, 7];

/**
 * The three greedy settings the benchmarks report: one rollout (ATSP from node 0, VRPs from the
 * client nearest the depot), POMO (every start), POMO ×8 (every start on the 8 augmentations).
 * `inst` is in depot-first numbering.
 */
export function variantDecode(inst: Instance, variant: DecodeVariant): { augs: number[]; starts: number[] } {
  const all = defaultStarts(inst);
  if (variant === 'pomo8') return { augs: ALL_AUGMENTATIONS, starts: all };
  if (variant === 'pomo') return { augs: [0], starts: all };
  let single = all[0];
  if (!traitsOf(inst.kind).tour) for (const j of all) if (inst.distance[j] < inst.distance[single]) single = j;
  return { augs: [0], starts: [single] };
}

export function contextWidth(problem: NeuralProblem, d: number): number {
  return problem === 'atsp' ? 2 * d : d + CONTEXT_STATE[problem];
}

export async function runEncoder(model: DecodeModel, feeds: EncoderFeeds): Promise<Record<string, TensorOutput>> {
  const { A, n, k } = feeds;
  const F = feeds.nodes.length / (A * n);
  const inputs: Record<string, TensorInput> = {
    nodes: { type: 'float32', data: feeds.nodes, dims: [A, n, F] },
    row_feat: { type: 'float32', data: feeds.rowFeat, dims: [A, n, k] },
    col_feat: { type: 'float32', data: feeds.colFeat, dims: [A, n, k] },
    dist: { type: 'float32', data: feeds.dist, dims: [A, n, n] },
    angle: { type: 'float32', data: feeds.angle, dims: [A, n, n] },
  };
  if (feeds.dur) inputs.dur = { type: 'float32', data: feeds.dur, dims: [A, n, n] };
  return model.encoder.run(inputs);
}

/** dst[to..to + len) = src[from..from + len): a loop, because a subarray view per row per step (~400 k per POMO ×8 decode) kept the GC busy. */
export function copyRow(src: Float32Array, from: number, dst: Float32Array, to: number, len: number): void {
  for (let i = 0; i < len; i++) dst[to + i] = src[from + i];
}

/** Writes the decoder context of rollout env (augmentation a) at `offset`. */
export function writeContext(problem: NeuralProblem, env: RolloutEnv, rowEmb: Float32Array, a: number, n: number, d: number, out: Float32Array, offset: number): void {
  const base = a * n * d;
  if (problem === 'atsp') {
    const first = Math.max(0, env.first);
    const cur = Math.max(0, env.node);
    copyRow(rowEmb, base + first * d, out, offset, d);
    copyRow(rowEmb, base + cur * d, out, offset + d, d);
    return;
  }
  const cur = Math.max(0, env.node);
  copyRow(rowEmb, base + cur * d, out, offset, d);
  env.contextState(out, offset + d);
}

/** The encoder's outputs for all of `augs`, encoded in batches of at most augsPerEncoder(n). */
async function encodeAll(model: DecodeModel, inst: Instance, norm: Normalised, opts: DecodeOptions): Promise<Record<string, TensorOutput> | null> {
  const n = inst.n;
  const chunk = augsPerEncoder(n);
  const parts: Record<string, TensorOutput>[] = [];
  for (let i = 0; i < opts.augs.length; i += chunk) {
    if (i > 0) {
      await yieldToEventLoop();
      if (opts.shouldStop?.()) return null;
    }
    const augs = opts.augs.slice(i, i + chunk);
    const idx = opts.neighbours;
    parts.push(await runEncoder(model, encoderFeeds(model.problem, inst, norm, model.k, augs, opts.rng, idx)));
  }
  if (parts.length === 1) return parts[0];
  // Outputs are batch-major: stacking the batches is concatenating their data.
  const out: Record<string, TensorOutput> = {};
  for (const name of Object.keys(parts[0])) {
    const total = parts.reduce((t, p) => t + p[name].data.length, 0);
    const data = new Float32Array(total);
    let off = 0;
    for (const p of parts) {
      data.set(p[name].data, off);
      off += p[name].data.length;
    }
    out[name] = { data, dims: [opts.augs.length, ...parts[0][name].dims.slice(1)] };
  }
  return out;
}

/** The rollout Stop finishes by nearest stop: the most clients visited, then the cheapest closed routes. */
function mostAdvanced(envs: RolloutEnv[]): number {
  let best = 0;
  for (let r = 1; r < envs.length; r++) {
    const a = envs[r];
    const b = envs[best];
    if (a.visitedCount > b.visitedCount || (a.visitedCount === b.visitedCount && a.cost < b.cost)) best = r;
  }
  return best;
}

/**
 * One batch: every start of `starts` on every augmentation of `augs`. Yields to the event loop
 * every YIELD_MS, so that a worker hears Stop between decoder steps; each step is bounded by
 * the plan (plan.ts), so Stop is answered within a step or an encoder call. When `shouldStop`
 * says stop, the batch returns no solution, or with `completeOnStop` its most advanced rollout
 * finished by nearest stop under the same rules (`completed: true`).
 */
export async function decode(model: DecodeModel, inst: Instance, norm: Normalised, opts: DecodeOptions): Promise<DecodeResult> {
  const t0 = performance.now();
  const { problem, d } = model;
  const n = inst.n;
  const augs = opts.augs;
  const A = augs.length;
  const starts = opts.starts ?? defaultStarts(inst);
  const S = starts.length;
  const R = A * S;
  const envs: RolloutEnv[] = [];
  for (let r = 0; r < R; r++) {
    const env = new RolloutEnv(inst);
    env.step(starts[r % S]);
    envs.push(env);
  }
  const enc = await encodeAll(model, inst, norm, opts);
  const t1 = performance.now();
  let steps = 0;
  let graphMs = 0;
  let stopped = enc === null || !!opts.shouldStop?.();
  if (enc) {
    const rowEmb = enc.row_emb.data;
    const gk = enc.glimpse_key;
    const gv = enc.glimpse_val;
    const lk = enc.logit_key;
    const C = contextWidth(problem, d);
    const context = new Float32Array(R * C);
    const mask = new Uint8Array(R * n);
    const distRow = new Float32Array(R * n);
    const durRow = problem === 'acvrptw' ? new Float32Array(R * n) : null;
    let lastYield = performance.now();
    while (!stopped) {
      let live = 0;
      for (const e of envs) if (!e.done) live++;
      if (live === 0) break;
      for (let r = 0; r < R; r++) {
        const env = envs[r];
        const a = Math.floor(r / S);
        env.mask(mask, r * n);
        writeContext(problem, env, rowEmb, a, n, d, context, r * C);
        const cur = Math.max(0, env.node);
        copyRow(norm.dist, cur * n, distRow, r * n, n);
        if (durRow) copyRow(norm.dur, cur * n, durRow, r * n, n);
      }
      const feedsStep: Record<string, TensorInput> = {
        context: { type: 'float32', data: context, dims: [A, S, C] },
        mask: { type: 'bool', data: mask, dims: [A, S, n] },
        dist_row: { type: 'float32', data: distRow, dims: [A, S, n] },
      };
      if (durRow) feedsStep.dur_row = { type: 'float32', data: durRow, dims: [A, S, n] };
      feedsStep.glimpse_key = { type: 'float32', data: gk.data, dims: gk.dims };
      feedsStep.glimpse_val = { type: 'float32', data: gv.data, dims: gv.dims };
      feedsStep.logit_key = { type: 'float32', data: lk.data, dims: lk.dims };
      const tg = performance.now();
      const out = await model.step.run(feedsStep);
      graphMs += performance.now() - tg;
      const lp = out.log_probs.data;
      for (let r = 0; r < R; r++) {
        const env = envs[r];
        if (env.done) continue;
        env.step(opts.mode === 'greedy' ? argmaxAllowed(lp, mask, r * n, n) : sampleAllowed(lp, mask, r * n, n, opts.rng));
      }
      steps++;
      if (performance.now() - lastYield >= YIELD_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (opts.shouldStop?.()) stopped = true;
    }
  }
  const t2 = performance.now();
  let best: DecodeBest | null = null;
  let completed = false;
  if (stopped && opts.completeOnStop) {
    const r = mostAdvanced(envs);
    envs[r].completeNearest();
    const env = envs[r];
    best = { solution: env.solution(), cost: env.cost, unassigned: env.unvisited().length, augmentation: augs[Math.floor(r / S)], start: starts[r % S] };
    completed = true;
  } else if (!stopped) {
    for (let r = 0; r < R; r++) {
      const env = envs[r];
      const unassigned = env.unvisited().length;
      if (!best || unassigned < best.unassigned || (unassigned === best.unassigned && env.cost < best.cost)) {
        best = { solution: env.solution(), cost: env.cost, unassigned, augmentation: augs[Math.floor(r / S)], start: starts[r % S] };
      }
    }
  }
  return { best, rollouts: R, steps, stopped, completed, encoderMs: t1 - t0, decodeMs: t2 - t1, graphMs };
}

export function argmaxAllowed(lp: Float32Array, mask: Uint8Array, off: number, n: number): number {
  let best = -1;
  let bestV = -Infinity;
  for (let j = 0; j < n; j++) {
    if (!mask[off + j]) continue;
    const v = lp[off + j];
    if (best < 0 || v > bestV) {
      best = j;
      bestV = v;
    }
  }
  return best;
}

export function sampleAllowed(lp: Float32Array, mask: Uint8Array, off: number, n: number, rng: Rng): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) if (mask[off + j] && lp[off + j] > max) max = lp[off + j];
  let total = 0;
  for (let j = 0; j < n; j++) if (mask[off + j]) total += Math.exp(lp[off + j] - max);
  let u = rng.next() * total;
  let last = -1;
  for (let j = 0; j < n; j++) {
    if (!mask[off + j]) continue;
    last = j;
    u -= Math.exp(lp[off + j] - max);
    if (u <= 0) return j;
  }
  return last;
}
