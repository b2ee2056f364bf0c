/**
 * The three ONNX parity checks of tests/neural/onnx-parity.test.ts as numbers, for any runtime
 * (the browser probe worker runs them on onnxruntime-web; they work on onnxruntime-node too):
 *
 * 1. encoder outputs from TS-built features (fixed neighbour draw) vs PyTorch's,
 * 2. one random batched decoder step (A × S rollouts, PyTorch's own inputs) vs PyTorch's log-probs,
 * 3. every decoder step along the fixture's action sequence, with masks from RolloutEnv and
 *    contexts from writeContext, vs PyTorch's masks / contexts / log-probs.
 *
 * Nothing is judged here: the caller compares the differences with its tolerance.
 */
import type { Instance } from '../core/instance';
import { Rng } from '../core/random';
import { contextWidth, runEncoder, writeContext, type DecodeModel } from '../solvers/neural/decode';
import { RolloutEnv } from '../solvers/neural/env';
import { encoderFeeds, normalise } from '../solvers/neural/features';
import type { TensorInput } from '../solvers/neural/session';
import { maskedDiff, maxAbsDiff, type Fixture } from './neural-probe-fixture';

export const ENCODER_OUTPUTS = ['row_emb', 'glimpse_key', 'glimpse_val', 'logit_key'] as const;

export interface ParityOutput {
  key: string;
  dims: number[];
  expectedDims: number[];
  /** Infinity when the shapes differ or any value is NaN. */
  maxDiff: number;
}

export interface ParityReport {
  problem: string;
  /** The runtime that ran the graphs ('wasm', 'webgpu', 'node'). */
  backend: string;
  nodes: number;
  encoder: ParityOutput[];
  randomStep: ParityOutput;
  trajectory: {
    /** Decoder steps compared (actions − 1). */
    steps: number;
    expectedSteps: number;
    /** Steps whose TS mask differs from PyTorch's. */
    maskMismatches: number;
    contextMaxDiff: number;
    /** Over allowed actions; Infinity if a masked logit is not a finite value ≤ −1e8. */
    logpMaxDiff: number;
    allDone: boolean;
  };
  /** The largest difference of all the checks (encoder, random step, trajectory log-probs and contexts). */
  worst: number;
  ms: number;
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export async function parityReport(model: DecodeModel, fx: Fixture, inst: Instance): Promise<ParityReport> {
  const t0 = performance.now();
  const { problem, d, k } = model;
  const augs = fx.meta.augmentations;
  const A = augs.length;
  const n = inst.n;
  const norm = normalise(inst);

  // 1. Encoder.
  const feeds = encoderFeeds(problem, inst, norm, k, augs, new Rng(1), fx.i32('feat_idx'));
  const enc = await runEncoder(model, feeds);
  const encoder: ParityOutput[] = ENCODER_OUTPUTS.map((key) => {
    const got = enc[key];
    const expectedDims = fx.shape(`enc_${key}`);
    const dims = got ? [...got.dims] : [];
    const ok = !!got && sameDims(dims, expectedDims);
    return { key, dims, expectedDims, maxDiff: ok ? maxAbsDiff(got.data, fx.f32(`enc_${key}`)) : Infinity };
  });

  // 2. A random batched step, on PyTorch's inputs.
  const [RA, RS, RN] = fx.shape('rstep_mask');
  const rfeeds: Record<string, TensorInput> = {
    context: { type: 'float32', data: fx.f32('rstep_context'), dims: fx.shape('rstep_context') },
    mask: { type: 'bool', data: fx.u8('rstep_mask'), dims: [RA, RS, RN] },
    dist_row: { type: 'float32', data: fx.f32('rstep_dist_row'), dims: [RA, RS, RN] },
  };
  if (problem === 'acvrptw') rfeeds.dur_row = { type: 'float32', data: fx.f32('rstep_dur_row'), dims: [RA, RS, RN] };
  for (const key of ['glimpse_key', 'glimpse_val', 'logit_key']) rfeeds[key] = { type: 'float32', data: fx.f32(`enc_${key}`), dims: fx.shape(`enc_${key}`) };
  const rout = await model.step.run(rfeeds);
  const rdims = [...rout.log_probs.dims];
  const randomStep: ParityOutput = {
    key: 'log_probs',
    dims: rdims,
    expectedDims: [RA, RS, RN],
    maxDiff: sameDims(rdims, [RA, RS, RN]) ? maskedDiff(rout.log_probs.data, fx.f32('rstep_logp'), fx.u8('rstep_mask')) : Infinity,
  };

  // 3. The fixture trajectory, contexts and masks built by the TS env.
  const actions = fx.i32('inst0_actions');
  const expectedSteps = fx.shape('traj_logp')[0];
  const envs = augs.map(() => new RolloutEnv(inst));
  envs.forEach((e) => e.step(actions[0]));
  const C = contextWidth(problem, d);
  const trajLogp = fx.f32('traj_logp');
  const trajCtx = fx.f32('traj_context');
  const trajMask = fx.u8('traj_mask');
  let logpMaxDiff = 0;
  let contextMaxDiff = 0;
  let maskMismatches = 0;
  let steps = 0;
  const buf = new Uint8Array(n);
  for (let t = 1; t < actions.length; t++) {
    const context = new Float32Array(A * C);
    const mask = new Uint8Array(A * n);
    const distRow = new Float32Array(A * n);
    const durRow = new Float32Array(A * n);
    envs.forEach((env, a) => {
      env.mask(buf);
      mask.set(buf, a * n);
      writeContext(problem, env, enc.row_emb.data, a, n, d, context, a * C);
      distRow.set(norm.dist.subarray(env.node * n, env.node * n + n), a * n);
      durRow.set(norm.dur.subarray(env.node * n, env.node * n + n), a * n);
    });
    const off = (t - 1) * A;
    const expectedMask = trajMask.subarray(off * n, (off + A) * n);
    if (expectedMask.length !== mask.length || mask.some((v, i) => v !== expectedMask[i])) maskMismatches++;
    contextMaxDiff = Math.max(contextMaxDiff, maxAbsDiff(context, trajCtx.subarray(off * C, (off + A) * C)));
    const stepFeeds: Record<string, TensorInput> = {
      context: { type: 'float32', data: context, dims: [A, 1, C] },
      mask: { type: 'bool', data: mask, dims: [A, 1, n] },
      dist_row: { type: 'float32', data: distRow, dims: [A, 1, n] },
    };
    if (problem === 'acvrptw') stepFeeds.dur_row = { type: 'float32', data: durRow, dims: [A, 1, n] };
    for (const key of ['glimpse_key', 'glimpse_val', 'logit_key']) stepFeeds[key] = { type: 'float32', data: enc[key].data, dims: enc[key].dims };
    const out = await model.step.run(stepFeeds);
    logpMaxDiff = Math.max(logpMaxDiff, maskedDiff(out.log_probs.data, trajLogp.subarray(off * n, (off + A) * n), mask));
    envs.forEach((e) => e.step(actions[t]));
    steps++;
  }
  const worst = Math.max(...encoder.map((e) => e.maxDiff), randomStep.maxDiff, contextMaxDiff, logpMaxDiff);
  return {
    problem,
    backend: model.encoder.backend,
    nodes: n,
    encoder,
    randomStep,
    trajectory: { steps, expectedSteps, maskMismatches, contextMaxDiff, logpMaxDiff, allDone: envs.every((e) => e.done) },
    worst: Number.isNaN(worst) ? Infinity : worst,
    ms: performance.now() - t0,
  };
}
