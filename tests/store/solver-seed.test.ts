/** The solver seed is the run's own: automatic seeds count up per solver and instance, the scenario seed aside. */
import { describe, expect, it } from 'vitest';
import type { Run } from '../../src/store/runs-slice';
import { nextSolverSeed } from '../../src/store/solver-seed';

const run = (instanceId: string, solverId: string, seed: number): Run => ({ id: `${instanceId}-${solverId}-${seed}`, instanceId, solverId, seed, timeLimitMs: 1000, status: 'done', timings: { startedAt: 0 }, progressCount: 0 });

describe('solver seeds', () => {
  it('three runs of one solver on one scenario get seeds 1, 2, 3', () => {
    const runs: Run[] = [];
    for (let k = 0; k < 3; k++) runs.push(run('a', 'sisr', nextSolverSeed(runs, 'a', 'sisr')));
    expect(runs.map((r) => r.seed)).toEqual([1, 2, 3]);
  });

  it('other solvers and other instances keep their own count', () => {
    const runs = [run('a', 'sisr', 1), run('a', 'sisr', 7), run('a', 'nearest', 1), run('b', 'sisr', 2)];
    expect(nextSolverSeed(runs, 'a', 'sisr')).toBe(8);
    expect(nextSolverSeed(runs, 'a', 'nearest')).toBe(2);
    expect(nextSolverSeed(runs, 'b', 'nearest')).toBe(1);
  });
});
