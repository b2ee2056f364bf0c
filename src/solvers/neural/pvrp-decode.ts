/**
 * The CAMP-S decode loop: one encoder call per augmentation batch, then one decoder-step call per
 * step for all rollouts (A augmentations × S starts). Each step every rollout picks one
 * (vehicle, node) pair from the joint distribution the step graph returns over its allowed pairs;
 * masks and moves come from the core rules through PvrpRolloutEnv.
 *
 * - Multi-start: forced first pairs (pvrpStarts: client j with the vehicle that likes it best among
 *   those allowed to serve it), as many as asked, cyclic over the clients.
 * - ×8 augmentation of the coordinates (features.ts), each with its own neighbour draw.
 * - greedy (argmax over allowed pairs) or sampling; the answer is the best rollout (fewest
 *   unassigned, then lowest cost).
 * - Stop / deadline are checked between steps (the loop yields to the event loop every 25 ms);
 *   an interrupted batch returns no solution.
 */
import type { Instance } from '../../core/instance';
import { zoneAllows } from '../../core/rules';
import { yieldToEventLoop } from '../anytime';
import { YIELD_MS, argmaxAllowed, copyRow, sampleAllowed, type DecodeBest, type DecodeModel, type DecodeOptions, type DecodeResult } from './decode';
import { PVRP_STATE, PvrpRolloutEnv, type PvrpProblem } from './pvrp-env';
import { pvrpFeeds, timeRow, type PvrpFeeds, type PvrpNormalised } from './pvrp-features';
import type { TensorInput, TensorOutput } from './session';

export type PvrpModel = DecodeModel<PvrpProblem>;

/** decode.ts's options, but starts are flat pair actions and a stopped decode returns nothing. */
export interface PvrpDecodeOptions extends Omit<DecodeOptions, 'starts' | 'completeOnStop'> {
  /** Forced first pairs (flat k·n + j); default pvrpStarts(inst, clients). */
  starts?: number[];
}

/** The best rollout of a decode, as decode.ts reports it (start: a flat pair action). */
export type PvrpDecodeBest = DecodeBest;

/** decode.ts's result less `completed` (a stopped PVRP decode returns no rollout). */
export type PvrpDecodeResult = Omit<DecodeResult, 'completed'>;

/**
 * POMO first moves, the twin of start_pairs in pvrp_env.py: start s serves client j = 1 + s mod (n − 1)
 * with the allowed vehicle of highest profile score for j (ties: the first from j mod m on).
 */
export function pvrpStarts(inst: Instance, count: number): number[] {
  const n = inst.n;
  const m = inst.vehicles.length;
  const out: number[] = [];
  for (let s = 0; s < count; s++) {
    const j = 1 + (s % (n - 1));
    let bestK = j % m;
    let bestV = -Infinity;
    for (let t = 0; t < m; t++) {
      const k = (j + t) % m;
      const v = inst.vehicles[k];
      const score = zoneAllows(v, j) ? (v.preference?.[j] ?? 0) : -1e9;
      if (t === 0 || score > bestV) {
        bestK = k;
        bestV = score;
      }
    }
    out.push(bestK * n + j);
  }
  return out;
}

export function pvrpContextWidth(d: number): number {
  return d + PVRP_STATE;
}

export async function runPvrpEncoder(model: PvrpModel, f: PvrpFeeds): Promise<Record<string, TensorOutput>> {
  const { A, n, m, k } = f;
  return model.encoder.run({
    nodes: { type: 'float32', data: f.nodes, dims: [A, n, 5] },
    row_feat: { type: 'float32', data: f.rowFeat, dims: [A, n, k] },
    col_feat: { type: 'float32', data: f.colFeat, dims: [A, n, k] },
    dist: { type: 'float32', data: f.dist, dims: [A, n, n] },
    angle: { type: 'float32', data: f.angle, dims: [A, n, n] },
    dur: { type: 'float32', data: f.dur, dims: [A, n, n] },
    profile: { type: 'float32', data: f.profile, dims: [A, m, n] },
    vehicles: { type: 'float32', data: f.vehicles, dims: [A, m, 2] },
  });
}

/** Writes rollout env's decoder context (augmentation a) at out[offset..offset + m·C). */
export function writePvrpContext(env: PvrpRolloutEnv, nodeEmb: Float32Array, a: number, d: number, out: Float32Array, offset: number): void {
  const { n, m } = env;
  const C = pvrpContextWidth(d);
  for (let k = 0; k < m; k++) {
    copyRow(nodeEmb, (a * n + env.node(k)) * d, out, offset + k * C, d);
  }
  env.vehicleState(out, offset + d, C);
}

/** Runs the step graph once for R = A·S rollouts (inputs already written). */
export function pvrpStepFeeds(A: number, S: number, m: number, n: number, C: number, context: Float32Array, mask: Uint8Array, time: Float32Array, f: PvrpFeeds, enc: Record<string, TensorOutput>): Record<string, TensorInput> {
  const pass = (t: TensorOutput): TensorInput => ({ type: 'float32', data: t.data, dims: t.dims });
  return {
    context: { type: 'float32', data: context, dims: [A, S, m, C] },
    mask: { type: 'bool', data: mask, dims: [A, S, m, n] },
    time_row: { type: 'float32', data: time, dims: [A, S, m, n] },
    profile: { type: 'float32', data: f.profile, dims: [A, m, n] },
    vehicle_emb: pass(enc.vehicle_emb),
    glimpse_key: pass(enc.glimpse_key),
    glimpse_val: pass(enc.glimpse_val),
    logit_key: pass(enc.logit_key),
  };
}

export async function decodePvrp(model: PvrpModel, inst: Instance, norm: PvrpNormalised, opts: PvrpDecodeOptions): Promise<PvrpDecodeResult> {
  const t0 = performance.now();
  const { d, k } = model;
  const n = inst.n;
  const m = inst.vehicles.length;
  const augs = opts.augs;
  const A = augs.length;
  const probe = new PvrpRolloutEnv(inst);
  const first = new Uint8Array(m * n);
  probe.mask(first);
  // A start that the rules refuse (an unreachable or banned client) is dropped, never forced.
  let starts = (opts.starts ?? pvrpStarts(inst, n - 1)).filter((a) => first[a] === 1);
  if (starts.length === 0) starts = [first.indexOf(1)];
  const S = starts.length;
  const R = A * S;
  const f = pvrpFeeds(model.problem, inst, norm, k, augs, opts.rng, opts.neighbours);
  const enc = await runPvrpEncoder(model, f);
  const t1 = performance.now();
  const nodeEmb = enc.node_emb.data;

  const envs: PvrpRolloutEnv[] = [];
  for (let r = 0; r < R; r++) {
    const env = new PvrpRolloutEnv(inst);
    env.step(starts[r % S]);
    envs.push(env);
  }
  const C = pvrpContextWidth(d);
  const W = m * n;
  const context = new Float32Array(R * m * C);
  const mask = new Uint8Array(R * W);
  const time = new Float32Array(R * W);
  // Every vehicle's time row from every node, made once (timeRow) and copied per step: the rows
  // only depend on the node and the vehicle's speed, and dividing them afresh was ~10 % of the JS.
  const timeRows = inst.vehicles.map((v) => {
    const rows = new Float32Array(n * n);
    for (let cur = 0; cur < n; cur++) timeRow(norm, cur, v.speed, rows, cur * n);
    return rows;
  });
  let steps = 0;
  let stopped = false;
  let graphMs = 0;
  let lastYield = performance.now();
  for (;;) {
    if (envs.every((e) => e.done)) break;
    if (opts.shouldStop?.()) {
      stopped = true;
      break;
    }
    for (let r = 0; r < R; r++) {
      const env = envs[r];
      env.mask(mask, r * W);
      writePvrpContext(env, nodeEmb, Math.floor(r / S), d, context, r * m * C);
      for (let v = 0; v < m; v++) copyRow(timeRows[v], env.node(v) * n, time, r * W + v * n, n);
    }
    const tg = performance.now();
    const out = await model.step.run(pvrpStepFeeds(A, S, m, n, C, context, mask, time, f, enc));
    graphMs += performance.now() - tg;
    const lp = out.log_probs.data;
    for (let r = 0; r < R; r++) {
      const env = envs[r];
      if (env.done) continue;
      env.step(opts.mode === 'greedy' ? argmaxAllowed(lp, mask, r * W, W) : sampleAllowed(lp, mask, r * W, W, opts.rng));
    }
    steps++;
    // Let the worker take messages (Stop) between steps: a session's run resolves as a microtask.
    if (performance.now() - lastYield >= YIELD_MS) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
  }
  const t2 = performance.now();
  let best: PvrpDecodeBest | null = null;
  if (!stopped) {
    for (let r = 0; r < R; r++) {
      const env = envs[r];
      const unassigned = env.unvisited().length;
      if (!best || unassigned < best.unassigned || (unassigned === best.unassigned && env.cost < best.cost)) {
        best = { solution: env.solution(), cost: env.cost, unassigned, augmentation: augs[Math.floor(r / S)], start: starts[r % S] };
      }
    }
  }
  return { best, rollouts: R, steps, stopped, encoderMs: t1 - t0, decodeMs: t2 - t1, graphMs };
}
