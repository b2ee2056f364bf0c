/** Reads the parity fixtures written by models/training/make_fixtures.py (parsing: src/workers/neural-probe-fixture.ts, shared with the browser probe). */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import type { Instance } from '../../src/core/instance';
import type { NeuralProblem } from '../../src/solvers/neural/env';
import { FEATURE_VERSION, type ModelEntry } from '../../src/solvers/neural/manifest';
import { gumbelTopK, sortedFeatures } from '../../src/solvers/neural/features';
import { maxAbsDiff, parseFixture, type Fixture } from '../../src/workers/neural-probe-fixture';
import type { ParityReport } from '../../src/workers/neural-probe-parity';
import { bundledCity, repoPath } from '../helpers';

export { maxAbsDiff, type Fixture, type FixtureMeta } from '../../src/workers/neural-probe-fixture';

export const FIXTURE_DIR = repoPath('tests', 'fixtures', 'neural');

/** A manifest entry for the tiny fixture model of `problem`: what the solvers load it by (files, config). */
export function tinyModelEntry(problem: NeuralProblem): ModelEntry {
  const fx = loadFixture(problem);
  const c = fx.meta.config as unknown as ModelEntry['config'];
  return {
    id: `tiny-${problem}`, family: 'rrnco-s', problem, featureVersion: FEATURE_VERSION, files: fx.meta.files, opset: 17, params: 0,
    config: { ...c, problem }, nodeFeatures: [], context: [], io: { encoder: { inputs: [], outputs: [] }, step: { inputs: [], outputs: [] } },
  };
}

export function loadFixture(problem: NeuralProblem): Fixture {
  return parseFixture(problem, readFileSync(`${FIXTURE_DIR}/${problem}.json`, 'utf8'), readFileSync(`${FIXTURE_DIR}/${problem}.npz`));
}

/** The fixture's instance i, re-sampled by the TS sampler from (city, n, seed). */
export function fixtureInstance(fx: Fixture, i: number): Instance {
  const m = fx.meta.instances[i];
  return sampleInstance(bundledCity(m.city), { problem: fx.meta.problem, n: m.n, seed: m.seed, distribution: m.distribution });
}

/**
 * The neighbour draw from the fixture's uniforms (feat_u) and the sorted row / column features
 * it gives are PyTorch's to the bit (RRNCO-S and CAMP-S fixtures alike; arrays <prefix>_u, _idx,
 * _row, _col); returns the draw.
 */
export function expectNeighbourFeatures(fx: Fixture, norm: { dist: Float32Array; dist64: Float64Array }, n: number, k: number, prefix = 'feat'): Int32Array {
  const u = fx.f64(`${prefix}_u`);
  const idx = gumbelTopK(norm.dist64, n, k, (i, j) => u[i * n + j]);
  expect(Array.from(idx)).toEqual(Array.from(fx.i32(`${prefix}_idx`)));
  const { row, col } = sortedFeatures(norm.dist, n, idx, k);
  expect(maxAbsDiff(row, fx.f32(`${prefix}_row`))).toBe(0);
  expect(maxAbsDiff(col, fx.f32(`${prefix}_col`))).toBe(0);
  return idx;
}

/** Every decoder step along the fixture actions ran, with PyTorch's masks, contexts and log-probabilities (within tol), to the end. */
export function expectTrajectoryMatches(report: { trajectory: ParityReport['trajectory']; worst: number }, tol: number): void {
  const t = report.trajectory;
  expect(t.steps).toBe(t.expectedSteps);
  expect(t.maskMismatches).toBe(0);
  expect(t.contextMaxDiff).toBeLessThanOrEqual(tol);
  expect(t.logpMaxDiff).toBeLessThanOrEqual(tol);
  expect(t.allDone).toBe(true);
  expect(report.worst).toBeLessThanOrEqual(tol);
}
