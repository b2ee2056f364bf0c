/**
 * The anytime contract, held against SISR on a city-sized ACVRPTW: reproducible from its seed,
 * progress at least twice a second, a prompt Stop, and feasible answers.
 *
 * Under a time budget alone a run is not reproducible: the annealing temperature follows the
 * clock, so the same seed walks a different path when the machine is busier. An iteration budget
 * (params.iterations) makes the cooling follow iterations, and then a seed fixes the whole run.
 */
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import type { Instance } from '../../src/core/instance';
import type { Solution } from '../../src/core/solution';
import { sisrSolver } from '../../src/solvers/classical/sisr-solver';
import type { Progress } from '../../src/solvers/solver';
import { bundledCity } from '../helpers';
import { expectPromptStop, mark, type Mark } from '../stop-latency';

const inst: Instance = sampleInstance(bundledCity('Monaco'), { problem: 'acvrptw', n: 100, seed: 7 });

function expectFeasible(sol: Solution): void {
  const ev = evaluate(inst, sol);
  if (!ev.feasible) throw new Error(`${JSON.stringify(ev.violations.slice(0, 3))}, unassigned ${ev.unassigned.length}`);
}

async function seeded(seed: number): Promise<{ solution: Solution; first: Progress; iterations?: number }> {
  const seen: Progress[] = [];
  const res = await sisrSolver.solve(inst, { timeLimitMs: 60_000, seed, params: { iterations: 300 } }, { onProgress: (p) => seen.push(p) });
  expect(res.stopped).toBe(false);
  return { solution: res.solution, first: seen[0], iterations: res.iterations };
}

describe('sisr on a sampled Monaco ACVRPTW100', () => {
  it('the same seed and iteration budget give the same run', async () => {
    const a = await seeded(11);
    const b = await seeded(11);
    expect(a.iterations).toBe(300);
    expect(b.first.solution).toEqual(a.first.solution);
    expect(b.solution).toEqual(a.solution);
    expectFeasible(a.solution);
    expect((await seeded(12)).solution).not.toEqual(a.solution);
  });

  it('reports progress at least twice a second and returns a feasible solution', async () => {
    const seen: Progress[] = [];
    const res = await sisrSolver.solve(inst, { timeLimitMs: 2000, seed: 1 }, { onProgress: (p) => seen.push(p) });
    expect(res.stopped).toBe(false);
    expect(res.elapsedMs).toBeGreaterThanOrEqual(2000);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < seen.length; i++) expect(seen[i].elapsedMs).toBeGreaterThanOrEqual(seen[i - 1].elapsedMs);
    // Best-so-far reports never get worse: fewer unassigned clients, or as many and no dearer.
    for (let i = 1; i < seen.length; i++) {
      const [prev, next] = [seen[i - 1], seen[i]];
      const fewer = next.solution.unassigned.length < prev.solution.unassigned.length;
      if (!fewer) expect(next.cost).toBeLessThanOrEqual(prev.cost);
    }
    expect(seen[seen.length - 1].solution).toEqual(res.solution);
    expectFeasible(res.solution);
  });

  it('stops promptly after an abort with a feasible solution', async () => {
    const controller = new AbortController();
    let abortedAt: Mark | null = null;
    const timer = setTimeout(() => {
      abortedAt = mark();
      controller.abort();
    }, 500);
    const res = await sisrSolver.solve(inst, { timeLimitMs: 30_000, seed: 3 }, { signal: controller.signal });
    clearTimeout(timer);
    expect(abortedAt).not.toBeNull();
    expectPromptStop(abortedAt!);
    expect(res.stopped).toBe(true);
    expectFeasible(res.solution);
  });
});
