/**
 * (b) TS feature building (src/solvers/neural/features.ts) reproduces the Python features
 * (models/training/features.py): normalised matrices, the Gumbel-top-k neighbour draw for given
 * uniforms, sorted row/column features, node features and angle matrices per augmentation.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random';
import { NEURAL_PROBLEMS } from '../../src/solvers/neural/env';
import {
  NODE_FEATURES,
  angleMatrix,
  augment,
  encoderFeeds,
  nodeFeatures,
  normalise,
  sampleNeighbours,
} from '../../src/solvers/neural/features';
import { expectNeighbourFeatures, fixtureInstance, loadFixture, maxAbsDiff } from './fixtures';

describe.each(NEURAL_PROBLEMS)('%s: TS features vs Python', (problem) => {
  const fx = loadFixture(problem);
  const k = fx.meta.config.k;

  it('normalised matrices, neighbour draw and sorted features are identical', () => {
    const inst = fixtureInstance(fx, 0);
    const n = inst.n;
    const norm = normalise(inst);
    expect(maxAbsDiff(norm.dist, fx.f32('feat_dist'))).toBe(0);
    if (problem === 'acvrptw') expect(maxAbsDiff(norm.dur, fx.f32('feat_dur'))).toBe(0);
    expectNeighbourFeatures(fx, norm, n, k);
  });

  it('node features and angle matrices agree for each augmentation (≤ 1e-6), and encoderFeeds stacks them', () => {
    const inst = fixtureInstance(fx, 0);
    const n = inst.n;
    const F = NODE_FEATURES[problem];
    const norm = normalise(inst);
    const augs = fx.meta.augmentations;
    const nodes = fx.f32('feat_nodes');
    const angles = fx.f32('feat_angle');
    augs.forEach((t, a) => {
      const xy = augment(norm.xy, t);
      expect(maxAbsDiff(nodeFeatures(problem, inst, xy, norm.maxT), nodes.subarray(a * n * F, (a + 1) * n * F))).toBeLessThanOrEqual(1e-6);
      expect(maxAbsDiff(angleMatrix(xy), angles.subarray(a * n * n, (a + 1) * n * n))).toBeLessThanOrEqual(1e-6);
    });
    const feeds = encoderFeeds(problem, inst, norm, k, augs, new Rng(1), fx.i32('feat_idx'));
    expect(maxAbsDiff(feeds.nodes, nodes)).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDiff(feeds.angle, angles)).toBeLessThanOrEqual(1e-6);
    const row = fx.f32('feat_row');
    for (let a = 0; a < augs.length; a++) expect(maxAbsDiff(feeds.rowFeat.subarray(a * n * k, (a + 1) * n * k), row)).toBe(0);
  });

  it('k larger than N − 1 repeats the Gumbel order cyclically, as in Python', () => {
    const inst = fixtureInstance(fx, 2);
    const n = inst.n;
    const k2 = fx.meta.k2;
    expect(k2).toBeGreaterThan(n - 1);
    const norm = normalise(inst);
    expectNeighbourFeatures(fx, norm, n, k2, 'feat2');
    const xy = augment(norm.xy, 3);
    expect(maxAbsDiff(nodeFeatures(problem, inst, xy, norm.maxT), fx.f32('feat2_nodes'))).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDiff(angleMatrix(xy), fx.f32('feat2_angle'))).toBeLessThanOrEqual(1e-6);
  });
});

describe('neighbour sampling', () => {
  const fx = loadFixture('acvrp');
  const inst = fixtureInstance(fx, 0);
  const n = inst.n;
  const norm = normalise(inst);

  it('draws k distinct other nodes per row, reproducibly from the seed', () => {
    const k = 8;
    const a = sampleNeighbours(norm.dist64, n, k, new Rng(5));
    const b = sampleNeighbours(norm.dist64, n, k, new Rng(5));
    expect(Array.from(a)).toEqual(Array.from(b));
    for (let i = 0; i < n; i++) {
      const row = Array.from(a.subarray(i * k, (i + 1) * k));
      expect(new Set(row).size).toBe(k);
      expect(row).not.toContain(i);
    }
  });

  it('prefers near nodes (probability ∝ 1 / D′): the nearest neighbour is drawn more often than the farthest', () => {
    const k = 4;
    const rng = new Rng(9);
    let near = 0;
    let far = 0;
    const i = 3;
    const others = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
    others.sort((p, q) => norm.dist64[i * n + p] - norm.dist64[i * n + q]);
    for (let rep = 0; rep < 300; rep++) {
      const row = Array.from(sampleNeighbours(norm.dist64, n, k, rng).subarray(i * k, (i + 1) * k));
      if (row.includes(others[0])) near++;
      if (row.includes(others[others.length - 1])) far++;
    }
    expect(near).toBeGreaterThan(far);
  });

  it('the eight augmentations are distinct maps of the unit square', () => {
    const xy = Float64Array.from([0.1, 0.3]);
    const seen = new Set<string>();
    for (let t = 0; t < 8; t++) {
      const p = augment(xy, t);
      expect(p[0]).toBeGreaterThanOrEqual(0);
      expect(p[1]).toBeLessThanOrEqual(1);
      seen.add(`${p[0].toFixed(3)},${p[1].toFixed(3)}`);
    }
    expect(seen.size).toBe(8);
  });
});
