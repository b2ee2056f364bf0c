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
 * - Stop / deadline are checked between steps; an interrupted batch returns no solution.
 */
import type { Instance } from '../../core/instance';
import { traitsOf } from '../../core/problems';
import type { Rng } from '../../core/random';
import type { Solution } from '../../core/solution';
import { RolloutEnv, type NeuralProblem } from './env';
import { CONTEXT_STATE, encoderFeeds, type EncoderFeeds, type Normalised } from './features';
import type { InferenceRunner, TensorInput, TensorOutput } from './session';

export interface DecodeModel {
  problem: NeuralProblem;
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
  encoderMs: number;
  decodeMs: number;
}

export function defaultStarts(inst: Instance): number[] {
  return traitsOf(inst.kind).tour ? Array.from({ length: inst.n }, (_, i) => i) : Array.from({ length: inst.n - 1 }, (_, i) => i + 1);
}

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

/** Writes the decoder context of rollout env (augmentation a) at `offset`. */
export function writeContext(problem: NeuralProblem, env: RolloutEnv, rowEmb: Float32Array, a: number, n: number, d: number, out: Float32Array, offset: number): void {
  const base = a * n * d;
  if (problem === 'atsp') {
    const first = Math.max(0, env.first);
    const cur = Math.max(0, env.node);
    out.set(rowEmb.subarray(base + first * d, base + first * d + d), offset);
    out.set(rowEmb.subarray(base + cur * d, base + cur * d + d), offset + d);
    return;
  }
  const cur = Math.max(0, env.node);
  out.set(rowEmb.subarray(base + cur * d, base + cur * d + d), offset);
  env.contextState(out, offset + d);
}

export async function decode(model: DecodeModel, inst: Instance, norm: Normalised, opts: DecodeOptions): Promise<DecodeResult> {
  const t0 = performance.now();
  const { problem, d, k } = model;
  const n = inst.n;
  const augs = opts.augs;
  const A = augs.length;
  const starts = opts.starts ?? defaultStarts(inst);
  const S = starts.length;
  const R = A * S;
  const feeds = encoderFeeds(problem, inst, norm, k, augs, opts.rng, opts.neighbours);
  const enc = await runEncoder(model, feeds);
  const t1 = performance.now();
  const rowEmb = enc.row_emb.data;
  const gk = enc.glimpse_key;
  const gv = enc.glimpse_val;
  const lk = enc.logit_key;

  const envs: RolloutEnv[] = [];
  for (let r = 0; r < R; r++) {
    const env = new RolloutEnv(inst);
    env.step(starts[r % S]);
    envs.push(env);
  }
  const C = contextWidth(problem, d);
  const context = new Float32Array(R * C);
  const mask = new Uint8Array(R * n);
  const distRow = new Float32Array(R * n);
  const durRow = problem === 'acvrptw' ? new Float32Array(R * n) : null;
  const tw = problem === 'acvrptw';
  let steps = 0;
  let stopped = false;
  const maskBuf = new Uint8Array(n);
  for (;;) {
    let live = 0;
    for (const e of envs) if (!e.done) live++;
    if (live === 0) break;
    if (opts.shouldStop?.()) {
      stopped = true;
      break;
    }
    for (let r = 0; r < R; r++) {
      const env = envs[r];
      const a = Math.floor(r / S);
      env.mask(maskBuf);
      mask.set(maskBuf, r * n);
      writeContext(problem, env, rowEmb, a, n, d, context, r * C);
      const cur = Math.max(0, env.node);
      distRow.set(norm.dist.subarray(cur * n, cur * n + n), r * n);
      if (durRow) durRow.set(norm.dur.subarray(cur * n, cur * n + n), r * n);
    }
    const feedsStep: Record<string, TensorInput> = {
      context: { type: 'float32', data: context, dims: [A, S, C] },
      mask: { type: 'bool', data: mask, dims: [A, S, n] },
      dist_row: { type: 'float32', data: distRow, dims: [A, S, n] },
    };
    if (tw && durRow) feedsStep.dur_row = { type: 'float32', data: durRow, dims: [A, S, n] };
    feedsStep.glimpse_key = { type: 'float32', data: gk.data, dims: gk.dims };
    feedsStep.glimpse_val = { type: 'float32', data: gv.data, dims: gv.dims };
    feedsStep.logit_key = { type: 'float32', data: lk.data, dims: lk.dims };
    const out = await model.step.run(feedsStep);
    const lp = out.log_probs.data;
    for (let r = 0; r < R; r++) {
      const env = envs[r];
      if (env.done) continue;
      env.step(opts.mode === 'greedy' ? argmaxAllowed(lp, mask, r * n, n) : sampleAllowed(lp, mask, r * n, n, opts.rng));
    }
    steps++;
  }
  const t2 = performance.now();
  let best: DecodeBest | null = null;
  if (!stopped) {
    for (let r = 0; r < R; r++) {
      const env = envs[r];
      const unassigned = env.unvisited().length;
      if (!best || unassigned < best.unassigned || (unassigned === best.unassigned && env.cost < best.cost)) {
        best = { solution: env.solution(), cost: env.cost, unassigned, augmentation: augs[Math.floor(r / S)], start: starts[r % S] };
      }
    }
  }
  return { best, rollouts: R, steps, stopped, encoderMs: t1 - t0, decodeMs: t2 - t1 };
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
