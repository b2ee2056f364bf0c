/**
 * CAMP-S (PVRP-P, PVRP-ZC) runtime checks as numbers, for any runtime: the browser probe worker
 * runs them on onnxruntime-web (e2e/neural-pvrp.spec.ts), tests/neural/pvrp-parity.test.ts on
 * onnxruntime-node. Nothing is judged here: callers compare with their tolerance.
 *
 * Parity (against the PyTorch outputs of models/training/pvrp_fixtures.py):
 * 1. encoder outputs from TS-built features (the fixture's neighbour draw) vs PyTorch's;
 * 2. one random batched step (A × S rollouts, PyTorch's inputs) vs PyTorch's log-probs;
 * 3. every step along the fixture actions, masks from PvrpRolloutEnv and contexts from
 *    writePvrpContext, vs PyTorch's masks / contexts / log-probs.
 * Latency: greedy / POMO / POMO ×8 decodes of one sampled instance, after a warm-up.
 */
import { sampleInstance, type ProfileGenerator } from '../core/cities/sampler';
import type { CityData } from '../core/cities/city';
import type { Instance } from '../core/instance';
import { Rng } from '../core/random';
import { ALL_AUGMENTATIONS } from '../solvers/neural/decode';
import { depotFirst } from '../solvers/neural/env';
import { gumbelTopK } from '../solvers/neural/features';
import { PvrpRolloutEnv, type PvrpProblem } from '../solvers/neural/pvrp-env';
import { decodePvrp, pvrpContextWidth, pvrpStarts, pvrpStepFeeds, runPvrpEncoder, writePvrpContext, type PvrpModel } from '../solvers/neural/pvrp-decode';
import { pvrpFeeds, pvrpNormalise, timeRow } from '../solvers/neural/pvrp-features';
import { maskedDiff, maxAbsDiff, type Fixture } from './neural-probe-fixture';

export const PVRP_ENCODER_OUTPUTS = ['node_emb', 'vehicle_emb', 'glimpse_key', 'glimpse_val', 'logit_key'] as const;

export interface PvrpFixtureCase {
  city: string;
  n: number;
  seed: number;
  vehicles: number;
  profile: ProfileGenerator;
  speeds: number[] | null;
  steps: number;
  trips: number;
}

/** The fixture's instance i, re-sampled by the TS sampler (then the fixture's speeds, if any). */
export function pvrpFixtureInstance(problem: PvrpProblem, fx: Fixture, city: CityData, i = 0): Instance {
  const c = (fx.meta.instances as unknown as PvrpFixtureCase[])[i];
  const inst = sampleInstance(city, { problem, n: c.n, seed: c.seed, vehicles: c.vehicles, profile: c.profile });
  if (c.speeds) inst.vehicles.forEach((v, k) => (v.speed = c.speeds![k]));
  return inst;
}

export interface PvrpParityReport {
  problem: string;
  backend: string;
  nodes: number;
  vehicles: number;
  encoder: { key: string; dims: number[]; expectedDims: number[]; maxDiff: number }[];
  randomStep: number;
  trajectory: { steps: number; expectedSteps: number; maskMismatches: number; contextMaxDiff: number; logpMaxDiff: number; allDone: boolean };
  worst: number;
  ms: number;
}

export async function pvrpParityReport(model: PvrpModel, fx: Fixture, inst: Instance): Promise<PvrpParityReport> {
  const t0 = performance.now();
  const { d, k } = model;
  const n = inst.n;
  const m = inst.vehicles.length;
  const norm = pvrpNormalise(inst);
  const u = fx.f64('feat_u');
  const idx = gumbelTopK(norm.dist64, n, k, (i, j) => u[i * n + j]);
  const augs = Array.from(fx.i32('feat_aug'));
  const A = augs.length;
  const f = pvrpFeeds(model.problem, inst, norm, k, augs, new Rng(1), idx);
  const enc = await runPvrpEncoder(model, f);
  const encoder = PVRP_ENCODER_OUTPUTS.map((key) => {
    const dims = [...enc[key].dims];
    const expectedDims = fx.shape(`enc_${key}`);
    const same = dims.length === expectedDims.length && dims.every((x, i) => x === expectedDims[i]);
    return { key, dims, expectedDims, maxDiff: same ? maxAbsDiff(enc[key].data, fx.f32(`enc_${key}`)) : Infinity };
  });
  const C = pvrpContextWidth(d);
  const [, S] = fx.shape('rstep_mask');
  const rmask = fx.u8('rstep_mask');
  const rand = await model.step.run(pvrpStepFeeds(A, S, m, n, C, fx.f32('rstep_context'), rmask, fx.f32('rstep_time_row'), f, enc));
  const randomStep = maskedDiff(rand.log_probs.data, fx.f32('rstep_logp'), rmask);
  const actions = fx.i32('inst0_actions');
  const envs = augs.map(() => new PvrpRolloutEnv(inst));
  envs.forEach((e) => e.step(actions[0]));
  const T = fx.shape('traj_logp')[0];
  const ctxWant = fx.f32('traj_context');
  const lpWant = fx.f32('traj_logp');
  const maskWant = fx.u8('traj_mask');
  const W = m * n;
  let contextMaxDiff = 0;
  let logpMaxDiff = 0;
  let maskMismatches = 0;
  let steps = 0;
  const buf = new Uint8Array(W);
  for (let t = 0; t < T; t++) {
    const context = new Float32Array(A * m * C);
    const mask = new Uint8Array(A * W);
    const time = new Float32Array(A * W);
    envs.forEach((e, a) => {
      e.mask(buf);
      mask.set(buf, a * W);
      writePvrpContext(e, enc.node_emb.data, a, d, context, a * m * C);
      for (let v = 0; v < m; v++) timeRow(norm, e.node(v), inst.vehicles[v].speed, time, a * W + v * n);
    });
    if (!mask.every((x, i) => x === maskWant[t * A * W + i])) maskMismatches++;
    contextMaxDiff = Math.max(contextMaxDiff, maxAbsDiff(context, ctxWant.subarray(t * A * m * C, (t + 1) * A * m * C)));
    const out = await model.step.run(pvrpStepFeeds(A, 1, m, n, C, context, mask, time, f, enc));
    logpMaxDiff = Math.max(logpMaxDiff, maskedDiff(out.log_probs.data, lpWant.subarray(t * A * W, (t + 1) * A * W), mask));
    envs.forEach((e) => e.step(actions[t + 1]));
    steps++;
  }
  const worst = Math.max(...encoder.map((o) => o.maxDiff), randomStep, contextMaxDiff, logpMaxDiff);
  return {
    problem: model.problem,
    backend: model.encoder.backend,
    nodes: n,
    vehicles: m,
    encoder,
    randomStep,
    trajectory: { steps, expectedSteps: T, maskMismatches, contextMaxDiff, logpMaxDiff, allDone: envs.every((e) => e.done) },
    worst,
    ms: performance.now() - t0,
  };
}

export interface PvrpLatencyMode {
  name: 'greedy' | 'pomo' | 'pomo8';
  rollouts: number;
  steps: number;
  totalMs: number[];
  encoderMs: number[];
  cost: number;
  unassigned: number;
}

/** Greedy (1 start), POMO (every start) and POMO ×8 decode times on one instance, after one warm-up each. */
export async function pvrpLatency(model: PvrpModel, instance: Instance, seed: number, repeats: number, names: PvrpLatencyMode['name'][] = ['greedy', 'pomo', 'pomo8']): Promise<PvrpLatencyMode[]> {
  const { inst } = depotFirst(instance);
  const norm = pvrpNormalise(inst);
  const all = pvrpStarts(inst, inst.n - 1);
  const configs = names.map((name) => ({ name, starts: name === 'greedy' ? all.slice(0, 1) : all, augs: name === 'pomo8' ? ALL_AUGMENTATIONS : [0] }));
  const modes: PvrpLatencyMode[] = configs.map((c) => ({ name: c.name, rollouts: c.starts.length * c.augs.length, steps: 0, totalMs: [], encoderMs: [], cost: NaN, unassigned: 0 }));
  for (let r = -1; r < repeats; r++) {
    for (const [i, c] of configs.entries()) {
      const t = performance.now();
      const res = await decodePvrp(model, inst, norm, { augs: c.augs, starts: c.starts, mode: 'greedy', rng: new Rng(seed + 1 + r) });
      const ms = performance.now() - t;
      if (!res.best) throw new Error(`${c.name}: decode returned no solution`);
      if (r < 0) continue; // warm-up
      modes[i].totalMs.push(ms);
      modes[i].encoderMs.push(res.encoderMs);
      modes[i].steps = res.steps;
      modes[i].cost = res.best.cost;
      modes[i].unassigned = res.best.unassigned;
    }
  }
  return modes;
}
