/**
 * CAMP-S inputs computed outside the ONNX graphs: the TS twin of models/training/pvrp_features.py
 * (tests/neural/pvrp-parity.test.ts checks them against the Python fixtures). The road-matrix
 * part (D', T', coordinates, ×8 augmentations, angles, the Gumbel-top-k neighbour draw) is
 * features.ts's; PVRP adds:
 * - node features [x, y, angle_to_depot/π, is_depot, demand / max capacity] (depot = node 0);
 * - profile rows [M, N]: PVRP-P each vehicle's preference row, PVRP-ZC its allowed row (1 / 0);
 * - vehicle features [M, 2]: [speed, capacity / max capacity];
 * - decoder time rows: T'[cur_k, :] / speed_k in float64, rounded to float32 once.
 */
import type { Instance } from '../../core/instance';
import { zoneAllows } from '../../core/rules';
import type { Rng } from '../../core/random';
import { angleMatrix, augment, normalise, normaliseMatrix, sampleNeighbours, sortedFeatures, type Normalised } from './features';
import type { PvrpProblem } from './pvrp-env';

export const PVRP_NODE_FEATURES = 5;
export const PVRP_VEHICLE_FEATURES = 2;

export interface PvrpNormalised extends Normalised {
  /** T' in float64: the decoder's time rows are divided by speeds before the float32 cast. */
  dur64: Float64Array;
}

export function pvrpNormalise(inst: Instance): PvrpNormalised {
  const norm = normalise(inst);
  const dur64 = inst.duration === inst.distance ? norm.dist64 : normaliseMatrix(inst.duration);
  return { ...norm, dur64 };
}

export function maxCapacity(inst: Instance): number {
  return inst.vehicles.reduce((mx, v) => Math.max(mx, v.capacity), 0);
}

// parity-fingerprint: begin (the model inputs; see fingerprint.py)
export function pvrpNodeFeatures(inst: Instance, xy: Float64Array, out: Float32Array, offset: number): void {
  const cap = maxCapacity(inst);
  for (let i = 0; i < inst.n; i++) {
    const o = offset + i * PVRP_NODE_FEATURES;
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    out[o] = x;
    out[o + 1] = y;
    out[o + 2] = Math.atan2(y - xy[1], x - xy[0]) / Math.PI;
    out[o + 3] = i === 0 ? 1 : 0;
    out[o + 4] = inst.demand[i] / cap;
  }
}

/** Profile rows [M, N] of one instance: preference (PVRP-P) or allowed (PVRP-ZC). */
export function profileRows(problem: PvrpProblem, inst: Instance, out: Float32Array, offset: number): void {
  const n = inst.n;
  inst.vehicles.forEach((v, k) => {
    for (let j = 0; j < n; j++) {
      out[offset + k * n + j] = problem === 'pvrp-p' ? (v.preference?.[j] ?? 0) : zoneAllows(v, j) ? 1 : 0;
    }
  });
}

export function vehicleFeatures(inst: Instance, out: Float32Array, offset: number): void {
  const cap = maxCapacity(inst);
  inst.vehicles.forEach((v, k) => {
    out[offset + 2 * k] = v.speed;
    out[offset + 2 * k + 1] = v.capacity / cap;
  });
}

/** T'[cur, :] / speed (float32) at out[offset..offset + n). */
export function timeRow(norm: PvrpNormalised, cur: number, speed: number, out: Float32Array, offset: number): void {
  const n = norm.n;
  for (let j = 0; j < n; j++) out[offset + j] = norm.dur64[cur * n + j] / speed;
}
// parity-fingerprint: end

export interface PvrpFeeds {
  A: number;
  n: number;
  m: number;
  k: number;
  nodes: Float32Array; // [A, n, 5]
  rowFeat: Float32Array; // [A, n, k]
  colFeat: Float32Array;
  dist: Float32Array; // [A, n, n]
  angle: Float32Array;
  dur: Float32Array;
  profile: Float32Array; // [A, m, n]
  vehicles: Float32Array; // [A, m, 2]
}

/** The encoder feeds for the given augmentations (each with its own neighbour draw unless `idx`). */
export function pvrpFeeds(problem: PvrpProblem, inst: Instance, norm: PvrpNormalised, k: number, augs: number[], rng: Rng, idx?: Int32Array): PvrpFeeds {
  const n = inst.n;
  const m = inst.vehicles.length;
  const A = augs.length;
  const nodes = new Float32Array(A * n * PVRP_NODE_FEATURES);
  const rowFeat = new Float32Array(A * n * k);
  const colFeat = new Float32Array(A * n * k);
  const dist = new Float32Array(A * n * n);
  const angle = new Float32Array(A * n * n);
  const dur = new Float32Array(A * n * n);
  const profile = new Float32Array(A * m * n);
  const vehicles = new Float32Array(A * m * PVRP_VEHICLE_FEATURES);
  augs.forEach((t, a) => {
    const xy = augment(norm.xy, t);
    pvrpNodeFeatures(inst, xy, nodes, a * n * PVRP_NODE_FEATURES);
    angleMatrix(xy, angle, a * n * n);
    dist.set(norm.dist, a * n * n);
    dur.set(norm.dur, a * n * n);
    profileRows(problem, inst, profile, a * m * n);
    vehicleFeatures(inst, vehicles, a * m * PVRP_VEHICLE_FEATURES);
    const draw = idx ?? sampleNeighbours(norm.dist64, n, k, rng);
    sortedFeatures(norm.dist, n, draw, k, rowFeat, colFeat, a * n * k);
  });
  return { A, n, m, k, nodes, rowFeat, colFeat, dist, angle, dur, profile, vehicles };
}
