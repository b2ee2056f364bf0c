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
 * - decodeMany runs several VRP instances as one batch (decompose.ts's groups and sectors).
 */
import type { Instance } from '../../core/instance';
import { traitsOf } from '../../core/problems';
import type { Rng } from '../../core/random';
import type { Solution } from '../../core/solution';
import { RolloutEnv, type NeuralProblem } from './env';
import { CONTEXT_STATE, encoderFeeds, type EncoderFeeds, type Normalised } from './features';
import { paddedFeeds } from './padding';
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
  /** Fixed neighbour draw (tests; one instance only); otherwise drawn per augmentation from rng. */
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

/** One instance of a batched decode (decodeMany), with its own forced first moves. */
export interface DecodeItem {
  inst: Instance;
  norm: Normalised;
  starts: number[];
}

/** Outputs are batch-major: stacking batches is concatenating their data. */
function stackOutputs(parts: Record<string, TensorOutput>[], rows: number): Record<string, TensorOutput> {
  if (parts.length === 1) return parts[0];
  const out: Record<string, TensorOutput> = {};
  for (const name of Object.keys(parts[0])) {
    const total = parts.reduce((t, p) => t + p[name].data.length, 0);
    const data = new Float32Array(total);
    let off = 0;
    for (const p of parts) {
      data.set(p[name].data, off);
      off += p[name].data.length;
    }
    out[name] = { data, dims: [rows, ...parts[0][name].dims.slice(1)] };
  }
  return out;
}

/**
 * The encoder's outputs for every item on every augmentation of `augs` (row g·A + a), in calls of
 * at most augsPerEncoder(N) rows: one item alone unpadded (large instances split their
 * augmentations), several padded to N (paddedFeeds) and grouped whole per call (an item's A rows
 * are never split, so a call may exceed the bound when A > augsPerEncoder(N): sectors decode A = 1).
 */
async function encodeAll(model: DecodeModel, items: DecodeItem[], N: number, opts: DecodeManyOptions): Promise<Record<string, TensorOutput> | null> {
  const A = opts.augs.length;
  const chunk = augsPerEncoder(N);
  const calls: (() => EncoderFeeds)[] = [];
  if (items.length === 1) {
    const { inst, norm } = items[0];
    for (let i = 0; i < A; i += chunk) calls.push(() => encoderFeeds(model.problem, inst, norm, model.k, opts.augs.slice(i, i + chunk), opts.rng, opts.neighbours));
  } else {
    const per = Math.max(1, Math.floor(chunk / A));
    for (let g = 0; g < items.length; g += per) calls.push(() => paddedFeeds(model.problem, items.slice(g, g + per), N, model.k, opts.augs, opts.rng));
  }
  const parts: Record<string, TensorOutput>[] = [];
  for (let c = 0; c < calls.length; c++) {
    if (c > 0) {
      await yieldToEventLoop();
      if (opts.shouldStop?.()) return null;
    }
    parts.push(await runEncoder(model, calls[c]()));
  }
  return stackOutputs(parts, items.length * A);
}

/** The rollout Stop finishes by nearest stop: the most clients visited, then the cheapest closed routes. */
function mostAdvanced(envs: RolloutEnv[], from: number, to: number): number {
  let best = from;
  for (let r = from + 1; r < to; r++) {
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
  const { bests, ...rest } = await decodeMany(model, [{ inst, norm, starts: opts.starts ?? defaultStarts(inst) }], opts);
  return { ...rest, best: bests[0] };
}

/** decodeMany's options: each item carries its own starts. */
export type DecodeManyOptions = Omit<DecodeOptions, 'starts'>;

export interface DecodeManyResult extends Omit<DecodeResult, 'best'> {
  /** Each item's best rollout (null when stopped without completeOnStop). */
  bests: (DecodeBest | null)[];
}

/**
 * decode for several VRP instances at once (each with as many starts as the others): one
 * encoder batch and one decoder call per step for all of them, so that many small instances
 * (decompose.ts's groups) take as many sequential steps as the largest, not their sum. Items
 * smaller than the largest are padded to its size (paddedFeeds) and the padding is never
 * offered. With one item this is decode, unpadded.
 */
export async function decodeMany(model: DecodeModel, items: DecodeItem[], opts: DecodeManyOptions): Promise<DecodeManyResult> {
  const t0 = performance.now();
  const { problem, d } = model;
  const N = Math.max(...items.map((it) => it.inst.n));
  const augs = opts.augs;
  const A = augs.length;
  const S = items[0].starts.length;
  if (items.some((it) => it.starts.length !== S)) throw new RangeError('decodeMany: every item needs the same number of starts');
  const G = items.length;
  const R = G * A * S;
  const envs: RolloutEnv[] = [];
  const itemOf = (r: number) => Math.floor(r / (A * S));
  for (let r = 0; r < R; r++) {
    const it = items[itemOf(r)];
    const env = new RolloutEnv(it.inst);
    env.step(it.starts[r % S]);
    envs.push(env);
  }
  const enc = await encodeAll(model, items, N, opts);
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
    // Padding slots are never written: 0 in the mask (never offered) and in the rows.
    const mask = new Uint8Array(R * N);
    const distRow = new Float32Array(R * N);
    const durRow = problem === 'acvrptw' ? new Float32Array(R * N) : null;
    let lastYield = performance.now();
    while (!stopped) {
      let live = 0;
      for (const e of envs) if (!e.done) live++;
      if (live === 0) break;
      for (let r = 0; r < R; r++) {
        const env = envs[r];
        const { norm } = items[itemOf(r)];
        const n = norm.n;
        env.mask(mask, r * N);
        writeContext(problem, env, rowEmb, Math.floor(r / S), N, d, context, r * C);
        const cur = Math.max(0, env.node);
        copyRow(norm.dist, cur * n, distRow, r * N, n);
        if (durRow) copyRow(norm.dur, cur * n, durRow, r * N, n);
      }
      const feedsStep: Record<string, TensorInput> = {
        context: { type: 'float32', data: context, dims: [G * A, S, C] },
        mask: { type: 'bool', data: mask, dims: [G * A, S, N] },
        dist_row: { type: 'float32', data: distRow, dims: [G * A, S, N] },
      };
      if (durRow) feedsStep.dur_row = { type: 'float32', data: durRow, dims: [G * A, S, N] };
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
        env.step(opts.mode === 'greedy' ? argmaxAllowed(lp, mask, r * N, N) : sampleAllowed(lp, mask, r * N, N, opts.rng));
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
  const completed = stopped && !!opts.completeOnStop;
  const bests = items.map((it, g) => {
    const from = g * A * S;
    const to = from + A * S;
    const pick = (r: number): DecodeBest => {
      const env = envs[r];
      return { solution: env.solution(), cost: env.cost, unassigned: env.unvisited().length, augmentation: augs[Math.floor((r - from) / S)], start: it.starts[r % S] };
    };
    if (completed) {
      const r = mostAdvanced(envs, from, to);
      envs[r].completeNearest();
      return pick(r);
    }
    if (stopped) return null;
    let best: DecodeBest | null = null;
    for (let r = from; r < to; r++) {
      const env = envs[r];
      const unassigned = env.unvisited().length;
      if (!best || unassigned < best.unassigned || (unassigned === best.unassigned && env.cost < best.cost)) best = pick(r);
    }
    return best;
  });
  return { bests, rollouts: R, steps, stopped, completed, encoderMs: t1 - t0, decodeMs: t2 - t1, graphMs };
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
