/**
 * The neural solvers at large n (issue 13): a bounded, spread set of POMO starts; the
 * partial-selection neighbour draw equal to a full sort (ties included); one-augmentation encoder
 * batches that give the same rollouts as a stacked batch; and Stop, given between decoder steps
 * of a 999-stop instance, answered with a whole solution (the most advanced rollout finished by
 * nearest stop) within 100 ms of this process's CPU.
 */
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import { Rng } from '../../src/core/random';
import { decode } from '../../src/solvers/neural/decode';
import { RolloutEnv, depotFirst } from '../../src/solvers/neural/env';
import { SAMPLE_EPS, gumbelTopK, normalise } from '../../src/solvers/neural/features';
import { fileSource } from '../../src/solvers/neural/node-source';
import { ENCODER_CELLS, allStarts, augsPerDecode, augsPerEncoder, plannedStarts, startCount } from '../../src/solvers/neural/plan';
import { NEURAL_VARIANTS, loadModel, makeNeuralSolver } from '../../src/solvers/neural/solver';
import { bundledCity } from '../helpers';
import { FIXTURE_DIR, tinyModelEntry } from './fixtures';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

describe('the plan bounds POMO by n', () => {
  it('all starts up to n = 252, then fewer: 100 at n = 400, 16 at n = 1000, never 0', () => {
    expect(startCount(100, 99)).toBe(99);
    expect(startCount(252, 251)).toBe(251);
    expect(startCount(253, 252)).toBe(249);
    expect(startCount(400, 399)).toBe(100);
    expect(startCount(1000, 999)).toBe(16);
    expect(startCount(10_000, 9_999)).toBe(1);
    // work per augmentation, S × n², stays within 16 M past the point where all starts fit
    for (const n of [200, 500, 999]) expect(startCount(n, n - 1) * n * n).toBeLessThanOrEqual(16e6);
    expect(augsPerEncoder(100)).toBe(Math.floor(ENCODER_CELLS / 1e4));
    expect(augsPerEncoder(1000)).toBe(1);
    expect(augsPerDecode(1000, 16)).toBe(2);
  });

  it('a 999-stop ACVRP gets 16 distinct clients spread around the depot, the nearest client first', () => {
    const inst = sampleInstance(bundledCity('Andorra'), { problem: 'acvrp', n: 999, seed: 5 });
    const starts = plannedStarts(depotFirst(inst).inst);
    expect(starts.length).toBe(16);
    expect(new Set(starts).size).toBe(16);
    expect(starts).not.toContain(0);
    let nearest = 1;
    for (let j = 1; j < inst.n; j++) if (inst.distance[j] < inst.distance[nearest]) nearest = j;
    expect(starts[0]).toBe(nearest);
    // spread by bearing around the depot: between two consecutive starts lie at most ⌈998 / 16⌉ clients
    const c = inst.coords!;
    const bearing = (j: number) => Math.atan2(c[2 * j + 1] - c[1], c[2 * j] - c[0]);
    const byBearing = allStarts(inst).sort((a, b) => bearing(a) - bearing(b) || a - b);
    const at = starts.map((j) => byBearing.indexOf(j)).sort((a, b) => a - b);
    const gaps = at.map((p, i) => (i + 1 < at.length ? at[i + 1] : at[0] + byBearing.length) - p);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(Math.ceil(998 / 16));
  });

  it('small instances keep every start (ATSP: every node)', () => {
    const inst = sampleInstance(bundledCity('Monaco'), { problem: 'atsp', n: 100, seed: 2 });
    expect(plannedStarts(inst)).toEqual(allStarts(inst));
    expect(allStarts(inst).length).toBe(100);
  });
});

describe('neighbour draw by partial selection', () => {
  /** The definition: sort all keys (descending, ties to the lower index), take k, cycle when N − 1 < k. */
  function reference(dist64: Float64Array, n: number, k: number, u: (i: number, j: number) => number): Int32Array {
    const out = new Int32Array(n * k);
    for (let i = 0; i < n; i++) {
      const keyed = [];
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const uu = Math.min(1 - 1e-12, Math.max(1e-12, u(i, j)));
        keyed.push({ j, key: -Math.log(dist64[i * n + j] + SAMPLE_EPS) - Math.log(-Math.log(uu)) });
      }
      keyed.sort((a, b) => b.key - a.key || a.j - b.j);
      for (let t = 0; t < k; t++) out[i * k + t] = keyed[t % keyed.length].j;
    }
    return out;
  }

  it('equals a full sort, with ties (repeated distances and uniforms) and with k > N − 1', () => {
    const rng = new Rng(17);
    for (const [n, k] of [[40, 8], [12, 16], [60, 16]]) {
      // distances on a coarse grid and uniforms from a handful of values: many exact ties
      const dist = Float64Array.from({ length: n * n }, () => Math.floor(rng.next() * 4) / 4);
      const levels = [0.2, 0.5, 0.7];
      const u = Float64Array.from({ length: n * n }, () => levels[Math.floor(rng.next() * levels.length)]);
      const got = gumbelTopK(dist, n, k, (i, j) => u[i * n + j]);
      expect(Array.from(got)).toEqual(Array.from(reference(dist, n, k, (i, j) => u[i * n + j])));
    }
  });
});

describe('decode at large n with the tiny models', () => {
  const source = fileSource(FIXTURE_DIR);

  it('one augmentation per encoder call gives the rollouts a stacked batch gives', async () => {
    const model = await loadModel(tinyModelEntry('acvrp'), source, { backend: 'node' });
    const inst = sampleInstance(bundledCity('Monaco'), { problem: 'acvrp', n: 40, seed: 3 });
    const norm = normalise(inst);
    const starts = [1, 5, 9];
    const stacked = await decode(model, inst, norm, { augs: [0, 3, 5], starts, mode: 'greedy', rng: new Rng(8) });
    // the same augmentations one by one, with the neighbour draws continuing the same stream
    const rng = new Rng(8);
    const costs: number[] = [];
    for (const a of [0, 3, 5]) {
      const one = await decode(model, inst, norm, { augs: [a], starts, mode: 'greedy', rng });
      costs.push(one.best!.cost);
    }
    expect(stacked.best!.cost).toBeCloseTo(Math.min(...costs), 6);
  });

  it.each(['acvrp', 'atsp'] as const)('%s, 999 stops: Stop between decoder steps answers with a whole feasible solution within 100 ms of CPU', async (problem) => {
    const model = await loadModel(tinyModelEntry(problem), source, { backend: 'node' });
    const sampled = sampleInstance(bundledCity('Andorra'), { problem, n: 999, seed: 5 });
    const { inst } = depotFirst(sampled);
    const norm = normalise(inst);
    const starts = plannedStarts(inst);
    let polls = 0;
    let stopAt = 0;
    const res = await decode(model, inst, norm, {
      augs: [0], starts, mode: 'greedy', rng: new Rng(1), completeOnStop: true,
      shouldStop: () => {
        if (++polls === 200) stopAt = cpuMs();
        return polls >= 200;
      },
    });
    const cpu = cpuMs() - stopAt;
    expect(res.stopped).toBe(true);
    expect(res.completed).toBe(true);
    expect(res.steps).toBe(199); // polled once before the first step
    expect(cpu).toBeLessThan(100);
    const ev = evaluate(inst, res.best!.solution);
    expect(ev.feasible).toBe(true);
    expect(ev.unassigned).toEqual([]);
    expect(ev.cost).toBeCloseTo(res.best!.cost, 3);
  });

  it('neural-greedy on 999 stops: Stop given mid-decode ends the solve within 100 ms of CPU, every client routed', async () => {
    const entry = tinyModelEntry('acvrp');
    const solver = makeNeuralSolver(entry, source, NEURAL_VARIANTS[1]);
    // The solver's own model (cached by entry and backend): Stop is pressed at its 300th decoder step.
    const model = await loadModel(entry, source, { backend: 'node' });
    const inst = sampleInstance(bundledCity('Andorra'), { problem: 'acvrp', n: 999, seed: 5 });
    const ctrl = new AbortController();
    const run = model.step.run.bind(model.step);
    let calls = 0;
    let stopAt = 0;
    model.step.run = async (feeds) => {
      const out = await run(feeds);
      if (++calls === 300) {
        stopAt = cpuMs();
        ctrl.abort();
      }
      return out;
    };
    try {
      const res = await solver.solve(inst, { timeLimitMs: 60_000, seed: 1, backend: 'node' }, { signal: ctrl.signal });
      const cpu = cpuMs() - stopAt;
      expect(calls).toBe(300);
      expect(res.stopped).toBe(true);
      expect(cpu).toBeLessThan(100);
      const ev = evaluate(inst, res.solution);
      expect(ev.feasible).toBe(true);
      expect(ev.unassigned).toEqual([]);
    } finally {
      model.step.run = run;
    }
  });

  it('a rollout finished by nearest stop visits every client within capacity', () => {
    const inst = sampleInstance(bundledCity('Monaco'), { problem: 'acvrptw', n: 150, seed: 9 });
    const env = new RolloutEnv(inst);
    env.step(7);
    env.completeNearest();
    expect(env.done).toBe(true);
    const ev = evaluate(inst, env.solution());
    expect(ev.violations).toEqual([]);
    expect(ev.cost).toBeCloseTo(env.cost, 3);
  });
});
