/** Reads the parity fixtures written by models/training/make_fixtures.py (parsing: src/workers/neural-probe-fixture.ts, shared with the browser probe). */
import { readFileSync } from 'node:fs';
import { sampleInstance } from '../../src/core/cities/sampler';
import type { Instance } from '../../src/core/instance';
import type { NeuralProblem } from '../../src/solvers/neural/env';
import { parseFixture, type Fixture } from '../../src/workers/neural-probe-fixture';
import { bundledCity, repoPath } from '../helpers';

export { maxAbsDiff, type Fixture, type FixtureMeta } from '../../src/workers/neural-probe-fixture';

export const FIXTURE_DIR = repoPath('tests', 'fixtures', 'neural');

export function loadFixture(problem: NeuralProblem): Fixture {
  return parseFixture(problem, readFileSync(`${FIXTURE_DIR}/${problem}.json`, 'utf8'), readFileSync(`${FIXTURE_DIR}/${problem}.npz`));
}

/** The fixture's instance i, re-sampled by the TS sampler from (city, n, seed). */
export function fixtureInstance(fx: Fixture, i: number): Instance {
  const m = fx.meta.instances[i];
  return sampleInstance(bundledCity(m.city), { problem: fx.meta.problem, n: m.n, seed: m.seed, distribution: m.distribution });
}
