/** Reads the parity fixtures written by models/training/make_fixtures.py. */
import { readFileSync } from 'node:fs';
import { readNpz, toFloat64, type NpyArray } from '../../src/core/formats/npy';
import { sampleInstance } from '../../src/core/cities/sampler';
import type { Instance } from '../../src/core/instance';
import type { NeuralProblem } from '../../src/solvers/neural/env';
import { bundledCity, repoPath } from '../helpers';

export interface FixtureMeta {
  problem: NeuralProblem;
  instances: { city: string; n: number; seed: number; distribution: 'uniform' | 'clustered'; nodes: number; steps: number; routes: number; cost: number }[];
  augmentations: number[];
  k2: number;
  config: { d: number; k: number; heads: number; layers: number };
  files: { encoder: string; step: string };
}

export interface Fixture {
  meta: FixtureMeta;
  arrays: Map<string, NpyArray>;
  f32(key: string): Float32Array;
  f64(key: string): Float64Array;
  i32(key: string): Int32Array;
  u8(key: string): Uint8Array;
  shape(key: string): number[];
  has(key: string): boolean;
}

export const FIXTURE_DIR = repoPath('tests', 'fixtures', 'neural');

export function loadFixture(problem: NeuralProblem): Fixture {
  const meta = JSON.parse(readFileSync(`${FIXTURE_DIR}/${problem}.json`, 'utf8')) as FixtureMeta;
  const arrays = readNpz(`${problem}.npz`, readFileSync(`${FIXTURE_DIR}/${problem}.npz`));
  const get = (key: string) => {
    const a = arrays.get(key);
    if (!a) throw new Error(`${problem}.npz has no array ${key}`);
    return a;
  };
  return {
    meta,
    arrays,
    f32: (key) => {
      const a = get(key);
      if (!(a.data instanceof Float32Array)) throw new Error(`${key} is ${a.dtype}, expected <f4`);
      return a.data;
    },
    f64: (key) => toFloat64(get(key)),
    i32: (key) => {
      const a = get(key);
      if (!(a.data instanceof Int32Array)) throw new Error(`${key} is ${a.dtype}, expected <i4`);
      return a.data;
    },
    u8: (key) => {
      const a = get(key);
      if (!(a.data instanceof Uint8Array)) throw new Error(`${key} is ${a.dtype}, expected |u1`);
      return a.data;
    },
    shape: (key) => get(key).shape,
    has: (key) => arrays.has(key),
  };
}

/** The fixture's instance i, re-sampled by the TS sampler from (city, n, seed). */
export function fixtureInstance(fx: Fixture, i: number): Instance {
  const m = fx.meta.instances[i];
  return sampleInstance(bundledCity(m.city), { problem: fx.meta.problem, n: m.n, seed: m.seed, distribution: m.distribution });
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}
