/**
 * The decode loop end to end with the tiny fixture models (random weights: the point is the
 * machinery, not the quality): a sampled n = 20 instance per problem gives a feasible solution
 * by evaluate(); the anytime solver reports progress, honours Stop, and handles a depot that is
 * not node 0.
 */
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import { makeInstance, type Instance } from '../../src/core/instance';
import { Rng } from '../../src/core/random';
import { decode } from '../../src/solvers/neural/decode';
import { NEURAL_PROBLEMS } from '../../src/solvers/neural/env';
import { normalise } from '../../src/solvers/neural/features';
import { fileSource } from '../../src/solvers/neural/node-source';
import { NEURAL_VARIANTS, loadModel, makeNeuralSolver } from '../../src/solvers/neural/solver';
import { bundledCity } from '../helpers';
import { FIXTURE_DIR, tinyModelEntry } from './fixtures';

const source = fileSource(FIXTURE_DIR);

describe.each(NEURAL_PROBLEMS)('%s: decode with the tiny model', (problem) => {
  const entry = tinyModelEntry(problem);
  const city = bundledCity('Andorra');

  it('POMO greedy and sampling over 2 augmentations give feasible solutions (evaluate)', async () => {
    const model = await loadModel(entry, source, { backend: 'node' });
    const inst = sampleInstance(city, { problem, n: 20, seed: 4242 });
    const norm = normalise(inst);
    for (const mode of ['greedy', 'sample'] as const) {
      const res = await decode(model, inst, norm, { augs: [0, 6], mode, rng: new Rng(3) });
      expect(res.rollouts).toBe(2 * (problem === 'atsp' ? 20 : 20));
      expect(res.best).not.toBeNull();
      const ev = evaluate(inst, res.best!.solution);
      expect(ev.violations).toEqual([]);
      expect(ev.feasible).toBe(true);
      expect(Math.abs(ev.cost - res.best!.cost)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('the anytime solver improves or keeps its best, reports progress and is seeded', async () => {
    const solver = makeNeuralSolver(entry, source, NEURAL_VARIANTS[0]);
    const inst = sampleInstance(city, { problem, n: 20, seed: 77 });
    const costs: number[] = [];
    const opts = { timeLimitMs: 60_000, seed: 5, backend: 'node', params: { samplingRounds: 2 } };
    const res = await solver.solve(inst, opts, { onProgress: (p) => costs.push(p.cost) });
    const ev = evaluate(inst, res.solution);
    expect(ev.feasible).toBe(true);
    expect(costs.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < costs.length - 1; i++) expect(costs[i]).toBeLessThanOrEqual(costs[i - 1] + 1e-9);
    expect(res.iterations).toBe(4); // greedy ×1, greedy ×7, 2 sampling rounds
    const again = await solver.solve(inst, opts);
    expect(evaluate(inst, again.solution).cost).toBe(ev.cost);
  });

  it('Stop returns the greedy solution promptly', async () => {
    const solver = makeNeuralSolver(entry, source, NEURAL_VARIANTS[0]);
    const inst = sampleInstance(city, { problem, n: 20, seed: 78 });
    const ctrl = new AbortController();
    const t0 = performance.now();
    const res = await solver.solve(inst, { timeLimitMs: 60_000, seed: 1, backend: 'node' }, {
      signal: ctrl.signal,
      onProgress: () => ctrl.abort(),
    });
    expect(res.stopped).toBe(true);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(evaluate(inst, res.solution).feasible).toBe(true);
  });
});

describe('depot not at node 0', () => {
  it('the solver permutes the depot first and maps the routes back', async () => {
    const base = sampleInstance(bundledCity('Monaco'), { problem: 'acvrptw', n: 20, seed: 11 });
    // move the depot to the last index
    const n = base.n;
    const perm = Array.from({ length: n }, (_, i) => (i + 1) % n); // new i ← old perm[i]; old 0 lands at n − 1
    const mat = (m: Float64Array) => Float64Array.from({ length: n * n }, (_, k) => m[perm[Math.floor(k / n)] * n + perm[k % n]]);
    const vec = (v: Float64Array) => Float64Array.from(perm, (p) => v[p]);
    const inst: Instance = makeInstance({
      name: 'moved', kind: 'acvrptw', n, depot: n - 1,
      distance: mat(base.distance), duration: mat(base.duration),
      coords: Float64Array.from({ length: 2 * n }, (_, k) => base.coords![2 * perm[k >> 1] + (k & 1)]), coordSystem: 'lonlat',
      demand: vec(base.demand), service: vec(base.service), ready: vec(base.ready), due: vec(base.due),
      vehicles: [{ ...base.vehicles[0], start: n - 1, end: n - 1 }],
    });
    const solver = makeNeuralSolver(tinyModelEntry('acvrptw'), source, NEURAL_VARIANTS[1]);
    const res = await solver.solve(inst, { timeLimitMs: 30_000, seed: 2, backend: 'node' });
    const ev = evaluate(inst, res.solution);
    expect(ev.feasible).toBe(true);
    const ref = await solver.solve(base, { timeLimitMs: 30_000, seed: 2, backend: 'node' });
    expect(ev.cost).toBeCloseTo(evaluate(base, ref.solution).cost, 6);
  });
});
