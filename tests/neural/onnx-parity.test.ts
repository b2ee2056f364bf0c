/**
 * (c) onnxruntime-node reproduces PyTorch within 1e-4: the tiny seeded models exported by
 * models/training/make_fixtures.py, fed by the TS feature builder and the TS decode state.
 * The checks themselves (encoder outputs, a random batched step, every step along the fixture
 * trajectory) are `parityReport`, which the browser probe runs on onnxruntime-web too
 * (e2e/neural.spec.ts: WASM and WebGPU in Chromium).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodeModel } from '../../src/solvers/neural/decode';
import { NEURAL_PROBLEMS } from '../../src/solvers/neural/env';
import { createSession } from '../../src/solvers/neural/session';
import { ENCODER_OUTPUTS, parityReport, type ParityReport } from '../../src/workers/neural-probe-parity';
import { expectTrajectoryMatches, FIXTURE_DIR, fixtureInstance, loadFixture } from './fixtures';

const TOL = 1e-4;

describe.each(NEURAL_PROBLEMS)('%s: onnxruntime-node vs PyTorch (tiny model)', (problem) => {
  const fx = loadFixture(problem);
  const { d, k } = fx.meta.config;
  let model: DecodeModel;
  let report: ParityReport;

  beforeAll(async () => {
    const enc = await createSession(readFileSync(`${FIXTURE_DIR}/${fx.meta.files.encoder}`), { backend: 'node' });
    const step = await createSession(readFileSync(`${FIXTURE_DIR}/${fx.meta.files.step}`), { backend: 'node' });
    model = { problem, d, k, encoder: enc, step };
    report = await parityReport(model, fx, fixtureInstance(fx, 0));
  });
  afterAll(async () => {
    await model?.encoder.release();
    await model?.step.release();
  });

  it('the fixture models are small', () => {
    for (const f of [fx.meta.files.encoder, fx.meta.files.step]) expect(readFileSync(`${FIXTURE_DIR}/${f}`).length).toBeLessThan(1 << 20);
  });

  it('encoder outputs (TS-built features → ORT) match PyTorch', () => {
    expect(report.backend).toBe('node');
    expect(report.encoder.map((o) => o.key)).toEqual([...ENCODER_OUTPUTS]);
    for (const o of report.encoder) {
      expect(o.dims, o.key).toEqual(o.expectedDims);
      expect(o.dims, o.key).toEqual(fx.shape(`enc_${o.key}`));
      expect(o.maxDiff, o.key).toBeLessThanOrEqual(TOL);
    }
  });

  it('a random batched step (A × S rollouts) matches PyTorch', () => {
    expect(report.randomStep.dims).toEqual(fx.shape('rstep_mask'));
    expect(report.randomStep.maxDiff).toBeLessThanOrEqual(TOL);
  });

  it('decoder steps along the fixture actions (TS env + TS context → ORT) match PyTorch', () => {
    expect(report.trajectory.expectedSteps).toBeGreaterThan(0);
    expectTrajectoryMatches(report, TOL);
  });
});
