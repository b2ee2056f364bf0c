/**
 * SolveOptions.initial (how neural-ls hands its routes to the classical search): the search
 * starts from the given solution and never returns anything worse; clients missing from it are
 * inserted.
 */
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import { Rng } from '../../src/core/random';
import type { Solution } from '../../src/core/solution';
import { atspIlsSolver } from '../../src/solvers/classical/atsp-ils';
import { initialTour } from '../../src/solvers/classical/atsp-start';
import { sisrSolver } from '../../src/solvers/classical/sisr-solver';
import { nearestSolver } from '../../src/solvers/construct/nearest';
import { bundledCity } from '../helpers';

function shuffledTour(n: number, seed: number): Solution {
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return { routes: [{ vehicle: 0, stops: order }], unassigned: [] };
}

describe('initial solutions', () => {
  it('atsp-ils descends from the given tour (no assignment start) and never returns worse', async () => {
    const inst = sampleInstance(bundledCity('Monaco'), { problem: 'atsp', n: 60, seed: 7 });
    const initial = shuffledTour(60, 1);
    const before = evaluate(inst, initial).cost;
    const res = await atspIlsSolver.solve(inst, { timeLimitMs: 5000, seed: 1, initial, params: { iterations: 0 } });
    const after = evaluate(inst, res.solution);
    expect(after.feasible).toBe(true);
    expect(after.cost).toBeLessThan(before * 0.6);
    // A tour that is already a local optimum comes back unchanged in cost.
    const again = await atspIlsSolver.solve(inst, { timeLimitMs: 5000, seed: 2, initial: res.solution, params: { iterations: 0 } });
    expect(evaluate(inst, again.solution).cost).toBeCloseTo(after.cost, 6);
  });

  it('initialTour accepts only a permutation of every node', () => {
    expect(initialTour(shuffledTour(5, 3), 5)).not.toBeNull();
    expect(initialTour({ routes: [{ vehicle: 0, stops: [0, 1, 2, 2, 4] }], unassigned: [] }, 5)).toBeNull();
    expect(initialTour({ routes: [{ vehicle: 0, stops: [0, 1, 2] }], unassigned: [] }, 5)).toBeNull();
    expect(initialTour(undefined, 5)).toBeNull();
  });

  it('sisr starts from the given routes, completes missing clients and never returns worse', async () => {
    const inst = sampleInstance(bundledCity('Andorra'), { problem: 'acvrptw', n: 50, seed: 9 });
    const start = (await nearestSolver.solve(inst, { timeLimitMs: 1000, seed: 1 })).solution;
    const startCost = evaluate(inst, start).cost;
    const polished = await sisrSolver.solve(inst, { timeLimitMs: 10_000, seed: 1, initial: start, params: { iterations: 300 } });
    const ev = evaluate(inst, polished.solution);
    expect(ev.feasible).toBe(true);
    expect(ev.cost).toBeLessThan(startCost);
    // Drop the first route: its clients come back by insertion.
    const partial: Solution = { routes: start.routes.slice(1), unassigned: [] };
    const completed = await sisrSolver.solve(inst, { timeLimitMs: 10_000, seed: 1, initial: partial, params: { iterations: 1 } });
    const cev = evaluate(inst, completed.solution);
    expect(cev.feasible).toBe(true);
    expect(cev.unassigned).toHaveLength(0);
  });
});
