/**
 * The parity fixtures written by models/training/make_fixtures.py (tests/fixtures/neural/), parsed
 * from bytes: <problem>.json (meta) and <problem>.npz (PyTorch inputs and outputs). Pure, so that
 * the Node tests (tests/neural/fixtures.ts reads the files) and the browser probe worker (the
 * page fetches them) read them the same way.
 */
import { readNpz, toFloat64, type NpyArray } from '../core/formats/npy';
import type { NeuralProblem } from '../solvers/neural/env';

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

/** A fixture from its meta (JSON text or parsed) and its .npz bytes. */
export function parseFixture(problem: NeuralProblem, meta: string | FixtureMeta, npz: Uint8Array): Fixture {
  const doc = typeof meta === 'string' ? (JSON.parse(meta) as FixtureMeta) : meta;
  const arrays = readNpz(`${problem}.npz`, npz);
  const get = (key: string) => {
    const a = arrays.get(key);
    if (!a) throw new Error(`${problem}.npz has no array ${key}`);
    return a;
  };
  return {
    meta: doc,
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

/** max |a − b|; NaN anywhere makes it Infinity (so a NaN can never pass a tolerance). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/** Max |a − b| over allowed entries; masked entries of `a` must be ≤ −1e8 (never −inf / NaN), else Infinity. */
export function maskedDiff(a: Float32Array, b: Float32Array, mask: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (mask[i]) {
      const d = Math.abs(a[i] - b[i]);
      if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
    } else if (!(a[i] <= -1e8 && Number.isFinite(a[i]))) return Infinity;
  }
  return m;
}
