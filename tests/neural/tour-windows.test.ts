/**
 * ATSP tours improved in windows (src/solvers/neural/tour-windows.ts), with the tiny fixture model:
 * a window's sub-instance prices every tour from its merged node at the cost of the path it stands
 * for; a pass keeps every node once, keeps each window's ends, only ever lowers the cost and is
 * seeded; the neural solvers run the passes where the plan says.
 */
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import { makeInstance, type Instance } from '../../src/core/instance';
import { Rng } from '../../src/core/random';
import type { Solution } from '../../src/core/solution';
import { fileSource } from '../../src/solvers/neural/node-source';
import { GREEDY_WINDOW_PASSES, NEURAL_VARIANTS, loadModel, makeNeuralSolver } from '../../src/solvers/neural/solver';
import { TOUR_WINDOWS_GREEDY_MIN_N, TOUR_WINDOWS_MIN_N, TOUR_WINDOW_N, tourCost, windowInstance, windowPass, windowed } from '../../src/solvers/neural/tour-windows';
import { resolveSolver } from '../../src/solvers/registry';
import { bundledCity } from '../helpers';
import { FIXTURE_DIR, tinyModelEntry } from './fixtures';

const source = fileSource(FIXTURE_DIR);

const variant = (id: string) => NEURAL_VARIANTS.find((v) => v.id === id)!;

function tourOf(sol: Solution): number[] {
  expect(sol.routes).toHaveLength(1);
  return sol.routes[0].stops;
}

function isPermutation(tour: number[], n: number): void {
  expect(tour).toHaveLength(n);
  expect(new Set(tour).size).toBe(n);
}

describe('windowInstance', () => {
  it('prices a tour from the merged node at the cost of the path from the first to the last node', () => {
    const rng = new Rng(4);
    const n = 9;
    const distance = Float64Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 0 : 1 + rng.int(100)));
    const coords = Float64Array.from({ length: 2 * n }, () => rng.next());
    const inst: Instance = makeInstance({ name: 'asym', kind: 'atsp', n, distance, coords });
    const path = [7, 2, 5, 0, 3];
    const sub = windowInstance(inst, path);
    expect(sub.n).toBe(path.length - 1);
    // Sub node 0 is 7 leaving and 3 arriving; sub nodes 1, 2, 3 are 2, 5 and 0.
    const pathCost = (p: number[]) => p.slice(1).reduce((t, b, i) => t + distance[p[i] * n + b], 0);
    for (const order of [[0, 1, 2, 3], [0, 3, 1, 2], [0, 2, 3, 1]]) {
      const asPath = [7, ...order.slice(1).map((k) => path[k]), 3];
      expect(tourCost(sub, order)).toBe(pathCost(asPath));
      // A tour is a cycle: where it is read from does not change its cost.
      expect(tourCost(sub, [...order.slice(2), ...order.slice(0, 2)])).toBe(pathCost(asPath));
    }
    // The merged node sits where the first node is.
    expect([sub.coords![0], sub.coords![1]]).toEqual([coords[14], coords[15]]);
  });
});

describe('windowPass', () => {
  it('keeps every node once, never raises the cost, and is seeded', async () => {
    const model = await loadModel(tinyModelEntry('atsp'), source, { backend: 'node' });
    const inst = sampleInstance(bundledCity('Andorra'), { problem: 'atsp', n: 3 * TOUR_WINDOW_N + 7, seed: 3 });
    const start = (await resolveSolver('nearest', 'atsp')!.solve(inst, { timeLimitMs: 5000, seed: 1 })).solution;
    const before = evaluate(inst, start).cost;
    const a = await windowPass(model, inst, start, { augs: [0, 1], starts: 4, rng: new Rng(9) });
    expect(a.windows).toBe(3);
    expect(a.stopped).toBe(false);
    isPermutation(tourOf(a.solution), inst.n);
    const ev = evaluate(inst, a.solution);
    expect(ev.violations).toEqual([]);
    expect(ev.cost).toBeCloseTo(a.cost, 6);
    expect(a.cost).toBeLessThanOrEqual(before + 1e-6);
    const b = await windowPass(model, inst, start, { augs: [0, 1], starts: 4, rng: new Rng(9) });
    expect(tourOf(b.solution)).toEqual(tourOf(a.solution));
  });

  it('moves nodes only inside their window: each window keeps its two ends and its node set', async () => {
    const model = await loadModel(tinyModelEntry('atsp'), source, { backend: 'node' });
    const inst = sampleInstance(bundledCity('Monaco'), { problem: 'atsp', n: 2 * TOUR_WINDOW_N, seed: 8 });
    // A poor tour (nodes in index order), so that the windows have something to improve.
    const start: Solution = { routes: [{ vehicle: 0, stops: Array.from({ length: inst.n }, (_, i) => i) }], unassigned: [] };
    const res = await windowPass(model, inst, start, { augs: [0], starts: 4, rng: new Rng(1), size: TOUR_WINDOW_N });
    expect(res.improved).toBeGreaterThan(0);
    expect(res.cost).toBeLessThan(evaluate(inst, start).cost);
    // The pass reads the tour from a random offset: each old window is a stretch of the new tour.
    const tour = tourOf(res.solution);
    // The old tour is the nodes in index order, and a window's first node stays: the new tour's first node is the offset.
    const offset = tour[0];
    const old = start.routes[0].stops;
    for (let w = 0; w < 2; w++) {
      const window = Array.from({ length: TOUR_WINDOW_N }, (_, i) => old[(offset + w * TOUR_WINDOW_N + i) % inst.n]);
      const now = tour.slice(w * TOUR_WINDOW_N, (w + 1) * TOUR_WINDOW_N);
      expect(now[0]).toBe(window[0]);
      expect(now[now.length - 1]).toBe(window[window.length - 1]);
      expect([...now].sort((x, y) => x - y)).toEqual([...window].sort((x, y) => x - y));
    }
  });

  it('returns the tour it was given when Stop comes first, or when its windows are too small to change', async () => {
    const model = await loadModel(tinyModelEntry('atsp'), source, { backend: 'node' });
    const inst = sampleInstance(bundledCity('Andorra'), { problem: 'atsp', n: 2 * TOUR_WINDOW_N, seed: 5 });
    const start = (await resolveSolver('nearest', 'atsp')!.solve(inst, { timeLimitMs: 5000, seed: 1 })).solution;
    const res = await windowPass(model, inst, start, { augs: [0], starts: 4, rng: new Rng(1), shouldStop: () => true });
    expect(res.stopped).toBe(true);
    expect(tourOf(res.solution)).toEqual(start.routes[0].stops);
    // Windows of three nodes have one inner node: nothing to re-decode, and nothing stopped.
    const tiny = await windowPass(model, inst, start, { augs: [0], starts: 4, rng: new Rng(1), size: 3 });
    expect(tiny.stopped).toBe(false);
    expect(tiny.improved).toBe(0);
    expect(tourOf(tiny.solution)).toEqual(start.routes[0].stops);
  });
});

describe('the neural solvers on ATSP', () => {
  it('neural runs window passes from TOUR_WINDOWS_MIN_N nodes, after POMO ×8, and they only help', async () => {
    const solver = makeNeuralSolver(tinyModelEntry('atsp'), source, variant('neural'));
    const inst = sampleInstance(bundledCity('Andorra'), { problem: 'atsp', n: TOUR_WINDOWS_MIN_N + 40, seed: 6 });
    expect(windowed(inst)).toBe(true);
    expect(windowed(sampleInstance(bundledCity('Andorra'), { problem: 'atsp', n: TOUR_WINDOWS_MIN_N - 1, seed: 6 }))).toBe(false);
    const pomo8 = await solver.solve(inst, { timeLimitMs: 60_000, seed: 2, backend: 'node', params: { windowPasses: 0, samplingRounds: 0 } });
    const passes = await solver.solve(inst, { timeLimitMs: 60_000, seed: 2, backend: 'node', params: { windowPasses: 3 } });
    // The greedy decode and the other seven augmentations (one batch at this size), then the passes.
    expect(passes.iterations).toBe(pomo8.iterations! + 3);
    const a = evaluate(inst, pomo8.solution);
    const b = evaluate(inst, passes.solution);
    expect(b.violations).toEqual([]);
    isPermutation(tourOf(passes.solution), inst.n);
    expect(b.cost).toBeLessThanOrEqual(a.cost + 1e-6);
  });

  it(`neural-greedy runs GREEDY_WINDOW_PASSES after its decode from ${TOUR_WINDOWS_GREEDY_MIN_N} nodes, none below`, async () => {
    const solver = makeNeuralSolver(tinyModelEntry('atsp'), source, variant('neural-greedy'));
    const big = sampleInstance(bundledCity('Andorra'), { problem: 'atsp', n: TOUR_WINDOWS_GREEDY_MIN_N, seed: 7 });
    const seen: number[] = [];
    const res = await solver.solve(big, { timeLimitMs: 60_000, seed: 2, backend: 'node' }, { onProgress: (p) => seen.push(p.cost) });
    const whole = await solver.solve(big, { timeLimitMs: 60_000, seed: 2, backend: 'node', params: { windowPasses: 0 } });
    expect(whole.iterations).toBe(1);
    expect(res.iterations).toBe(1 + GREEDY_WINDOW_PASSES);
    const ev = evaluate(big, res.solution);
    expect(ev.violations).toEqual([]);
    expect(ev.cost).toBeLessThanOrEqual(evaluate(big, whole.solution).cost + 1e-6);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeLessThanOrEqual(seen[i - 1] + 1e-6);
    const small = sampleInstance(bundledCity('Andorra'), { problem: 'atsp', n: TOUR_WINDOWS_GREEDY_MIN_N - 1, seed: 7 });
    expect((await solver.solve(small, { timeLimitMs: 60_000, seed: 2, backend: 'node' })).iterations).toBe(1);
  });

  it('neural-ls runs no window pass before it polishes', async () => {
    const solver = makeNeuralSolver(tinyModelEntry('atsp'), source, variant('neural-ls'));
    const greedy = makeNeuralSolver(tinyModelEntry('atsp'), source, variant('neural-greedy'));
    const inst = sampleInstance(bundledCity('Andorra'), { problem: 'atsp', n: TOUR_WINDOWS_GREEDY_MIN_N, seed: 9 });
    const first = async (s: typeof solver, params: Record<string, unknown>) => {
      const seen: number[] = [];
      await s.solve(inst, { timeLimitMs: 600, seed: 2, backend: 'node', params }, { onProgress: (p) => seen.push(p.cost) });
      return seen[0];
    };
    // Its first answer is the whole tour's greedy decode, as neural-greedy's without passes.
    expect(await first(solver, {})).toBeCloseTo(await first(greedy, { windowPasses: 0 }), 6);
  });
});
