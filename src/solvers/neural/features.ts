/**
 * Model inputs computed outside the ONNX graphs: the TS twin of models/training/features.py
 * (tests/neural/features.test.ts checks them against the Python fixtures). Arithmetic is float64
 * and every tensor is rounded to float32 once, at the end, as in Python.
 *
 * - D' = D / max D, T' = T / max T (max over finite entries; non-finite entries become 1).
 * - Coordinates: per-axis min–max of the instance's coords (x = lon for lon/lat data); 0.5 when
 *   the instance has none. ×8 dihedral augmentation of (x, y), t = 0..7 (AUGMENTATIONS).
 * - Angle matrix φ_ij = atan2(y_j − y_i, x_j − x_i) of the augmented coordinates.
 * - Node features: atsp [x, y]; acvrp [x, y, angle_to_depot/π, is_depot, demand/capacity];
 *   acvrptw adds [ready/maxT, min(due/maxT, 10), service/maxT].
 * - Neighbour sampling: k distinct j ≠ i per node with probability ∝ 1/(D'_ij + 1e-6), by
 *   Gumbel-top-k (key = −log(D'_ij + 1e-6) − log(−log u)); when N − 1 < k the Gumbel order of
 *   all N − 1 others repeats cyclically. Row feature = sorted D'[i, S_i], column = sorted D'[S_i, i].
 */
import type { Instance } from '../../core/instance';
import { normalisedCoords } from '../../core/cities/sampler';
import type { Rng } from '../../core/random';
import { maxFinite, type NeuralProblem } from './env';

export const NODE_FEATURES: Record<NeuralProblem, number> = { atsp: 2, acvrp: 5, acvrptw: 8 };
export const CONTEXT_STATE: Record<NeuralProblem, number> = { atsp: 0, acvrp: 1, acvrptw: 2 };
export const SAMPLE_EPS = 1e-6;
export const DUE_CAP = 10;

/** The dihedral maps of the unit square, in the order RRNCO uses. */
export const AUGMENTATIONS = 8;

export interface Normalised {
  n: number;
  /** D' in float64 (the neighbour draw reads it) and float32 (the model reads it). */
  dist64: Float64Array;
  dist: Float32Array;
  dur: Float32Array;
  /** Normalised coordinates, 2n values, before augmentation. */
  xy: Float64Array;
  maxD: number;
  maxT: number;
}

export function normaliseMatrix(m: Float64Array): Float64Array {
  const mx = maxFinite(m);
  const out = new Float64Array(m.length);
  for (let i = 0; i < m.length; i++) {
    const v = m[i] / mx;
    out[i] = Number.isFinite(v) ? v : 1;
  }
  return out;
}

export function normalise(inst: Instance): Normalised {
  const dist64 = normaliseMatrix(inst.distance);
  const dur64 = inst.duration === inst.distance ? dist64 : normaliseMatrix(inst.duration);
  const xy = inst.coords ? normalisedCoords(inst.coords) : new Float64Array(2 * inst.n).fill(0.5);
  return {
    n: inst.n,
    dist64,
    dist: Float32Array.from(dist64),
    dur: Float32Array.from(dur64),
    xy,
    maxD: maxFinite(inst.distance),
    maxT: maxFinite(inst.duration),
  };
}

export function augment(xy: Float64Array, t: number): Float64Array {
  const n = xy.length / 2;
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    let a: number;
    let b: number;
    switch (t) {
      case 0: [a, b] = [x, y]; break;
      case 1: [a, b] = [1 - x, y]; break;
      case 2: [a, b] = [x, 1 - y]; break;
      case 3: [a, b] = [1 - x, 1 - y]; break;
      case 4: [a, b] = [y, x]; break;
      case 5: [a, b] = [1 - y, x]; break;
      case 6: [a, b] = [y, 1 - x]; break;
      case 7: [a, b] = [1 - y, 1 - x]; break;
      default: throw new RangeError(`augmentation ${t} is not in 0..7`);
    }
    out[2 * i] = a;
    out[2 * i + 1] = b;
  }
  return out;
}

/** φ_ij = atan2(y_j − y_i, x_j − x_i), n×n float32, written at `offset` of `out` if given. */
export function angleMatrix(xy: Float64Array, out?: Float32Array, offset = 0): Float32Array {
  const n = xy.length / 2;
  const res = out ?? new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const xi = xy[2 * i];
    const yi = xy[2 * i + 1];
    const row = offset + i * n;
    for (let j = 0; j < n; j++) res[row + j] = Math.atan2(xy[2 * j + 1] - yi, xy[2 * j] - xi);
  }
  return res;
}

/** Node features [n, F] (float32) of augmented coordinates `xy`; the depot must be node 0. */
export function nodeFeatures(problem: NeuralProblem, inst: Instance, xy: Float64Array, maxT: number, out?: Float32Array, offset = 0): Float32Array {
  const n = inst.n;
  const F = NODE_FEATURES[problem];
  const res = out ?? new Float32Array(n * F);
  const cap = inst.vehicles[0]?.capacity ?? Infinity;
  for (let i = 0; i < n; i++) {
    const o = offset + i * F;
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    res[o] = x;
    res[o + 1] = y;
    if (problem === 'atsp') continue;
    res[o + 2] = Math.atan2(y - xy[1], x - xy[0]) / Math.PI;
    res[o + 3] = i === 0 ? 1 : 0;
    res[o + 4] = inst.demand[i] / cap;
    if (problem === 'acvrptw') {
      const due = inst.due[i] / maxT;
      res[o + 5] = inst.ready[i] / maxT;
      res[o + 6] = Number.isFinite(due) ? Math.min(due, DUE_CAP) : DUE_CAP;
      res[o + 7] = inst.service[i] / maxT;
    }
  }
  return res;
}

/**
 * Gumbel-top-k neighbour draw: k indices per node (n×k, row-major). `uniform(i, j)` gives the
 * U(0,1) variate of pair (i, j) (clamped to [1e-12, 1 − 1e-12]); it is called once for every
 * ordered pair in row-major order, the diagonal included (its value unused), so that a seeded
 * stream can feed it directly. Only the k best keys of a row are kept (insertion into a sorted
 * run of k), not a sort of the whole row: O(n²) in all, and no n×n buffer, at n = 1000.
 */
export function gumbelTopK(dist64: Float64Array, n: number, k: number, uniform: (i: number, j: number) => number): Int32Array {
  const out = new Int32Array(n * k);
  const m = n - 1;
  if (m <= 0 || k <= 0) return out;
  const len = Math.min(k, m);
  const topKey = new Float64Array(len);
  const topIdx = new Int32Array(len);
  for (let i = 0; i < n; i++) {
    let count = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const raw = uniform(i, j);
      if (j === i) continue;
      const u = Math.min(1 - 1e-12, Math.max(1e-12, raw));
      const key = -Math.log(dist64[row + j] + SAMPLE_EPS) - Math.log(-Math.log(u));
      // Descending keys, ties to the lower index: j rises, so an equal key never displaces one kept.
      if (count === len && !(key > topKey[len - 1])) continue;
      let p = count < len ? count++ : len - 1;
      while (p > 0 && topKey[p - 1] < key) {
        topKey[p] = topKey[p - 1];
        topIdx[p] = topIdx[p - 1];
        p--;
      }
      topKey[p] = key;
      topIdx[p] = j;
    }
    for (let t = 0; t < k; t++) out[i * k + t] = topIdx[t % m];
  }
  return out;
}

/** A neighbour draw from a seeded Rng (row-major uniforms, one per ordered pair, drawn as used). */
export function sampleNeighbours(dist64: Float64Array, n: number, k: number, rng: Rng): Int32Array {
  return gumbelTopK(dist64, n, k, () => rng.next());
}

/** Sorted sampled features: row[i] = sort↑ D'[i, S_i], col[i] = sort↑ D'[S_i, i] (float32, n×k). */
export function sortedFeatures(dist: Float32Array, n: number, idx: Int32Array, k: number, row?: Float32Array, col?: Float32Array, offset = 0): { row: Float32Array; col: Float32Array } {
  const r = row ?? new Float32Array(n * k);
  const c = col ?? new Float32Array(n * k);
  const a = new Float32Array(k);
  const b = new Float32Array(k);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const j = idx[i * k + t];
      a[t] = dist[i * n + j];
      b[t] = dist[j * n + i];
    }
    a.sort();
    b.sort();
    r.set(a, offset + i * k);
    c.set(b, offset + i * k);
  }
  return { row: r, col: c };
}

/** The encoder's input tensors for A augmentations (batch-major float32 data). */
export interface EncoderFeeds {
  A: number;
  n: number;
  k: number;
  nodes: Float32Array; // [A, n, F]
  rowFeat: Float32Array; // [A, n, k]
  colFeat: Float32Array;
  dist: Float32Array; // [A, n, n]
  angle: Float32Array;
  dur: Float32Array | null;
}

/**
 * Builds the encoder feeds for the given augmentations; each augmentation gets its own
 * neighbour draw (as RRNCO redraws the sample on every forward pass) unless `idx` is given.
 * D' and T' are the same for every augmentation: a batch of one feeds the normalised matrices
 * themselves (no n×n copy), and the decode loop encodes large instances one augmentation at a
 * time (plan.ts), so only small instances stack A copies.
 */
export function encoderFeeds(problem: NeuralProblem, inst: Instance, norm: Normalised, k: number, augs: number[], rng: Rng, idx?: Int32Array): EncoderFeeds {
  const n = inst.n;
  const A = augs.length;
  const F = NODE_FEATURES[problem];
  const nodes = new Float32Array(A * n * F);
  const rowFeat = new Float32Array(A * n * k);
  const colFeat = new Float32Array(A * n * k);
  const angle = new Float32Array(A * n * n);
  const tw = problem === 'acvrptw';
  const dist = A === 1 ? norm.dist : new Float32Array(A * n * n);
  const dur = !tw ? null : A === 1 ? norm.dur : new Float32Array(A * n * n);
  augs.forEach((t, a) => {
    const xy = augment(norm.xy, t);
    nodeFeatures(problem, inst, xy, norm.maxT, nodes, a * n * F);
    angleMatrix(xy, angle, a * n * n);
    if (A > 1) {
      dist.set(norm.dist, a * n * n);
      if (dur) dur.set(norm.dur, a * n * n);
    }
    const draw = idx ?? sampleNeighbours(norm.dist64, n, k, rng);
    sortedFeatures(norm.dist, n, draw, k, rowFeat, colFeat, a * n * k);
  });
  return { A, n, k, nodes, rowFeat, colFeat, dist, angle, dur };
}
