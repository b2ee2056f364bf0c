/**
 * The constructive baselines on real benchmarks and on city samples of every VRP kind: whatever
 * they return must pass the one evaluator, and savings must be the classic it claims to be.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CITIES } from '../../src/core/cities/city';
import { PROFILE_GENERATORS, sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import { parseProblemFile } from '../../src/core/formats/index';
import type { Instance, ProblemKind } from '../../src/core/instance';
import type { Solution } from '../../src/core/solution';
import { nearestNeighbour } from '../../src/solvers/construct/nearest';
import { regretSolver } from '../../src/solvers/construct/regret';
import { savingsSolver } from '../../src/solvers/construct/savings';
import type { Progress, Solver } from '../../src/solvers/solver';
import { bundledCity, repoPath } from '../helpers';

function benchmark(dir: string, file: string): Instance {
  const r = parseProblemFile(file, new Uint8Array(readFileSync(repoPath('data', 'benchmarks', dir, file))));
  if (!r.ok) throw new Error(r.error.message);
  return r.value.instance(0);
}

async function run(solver: Solver, inst: Instance): Promise<{ solution: Solution; progress: Progress[] }> {
  const progress: Progress[] = [];
  const res = await solver.solve(inst, { timeLimitMs: 1000, seed: 1 }, { onProgress: (p) => progress.push(p) });
  expect(res.stopped).toBe(false);
  return { solution: res.solution, progress };
}

function expectFeasible(inst: Instance, solution: Solution) {
  const ev = evaluate(inst, solution);
  if (!ev.feasible) throw new Error(`${inst.name}: ${JSON.stringify(ev.violations.slice(0, 3))}, unassigned ${JSON.stringify(ev.unassigned.slice(0, 3))}`);
  return ev;
}

const CONSTRUCTIONS = [savingsSolver, regretSolver];
const X101 = benchmark('cvrplib-x', 'X-n101-k25.vrp');
const X101_BKS = 27591;
const R101 = benchmark('solomon-vrptw-100', 'R101.txt');
const C101 = benchmark('solomon-vrptw-100', 'C101.txt');

describe.each(CONSTRUCTIONS)('$id', (solver) => {
  it.each([X101, R101, C101])('is feasible on $name, reports once, and its cost is the evaluator\'s', async (inst) => {
    const { solution, progress } = await run(solver, inst);
    const ev = expectFeasible(inst, solution);
    expect(progress).toHaveLength(1);
    expect(progress[0].cost).toBeCloseTo(ev.cost, 6);
  });

  it('is deterministic', async () => {
    const a = await run(solver, R101);
    const b = await run(solver, R101);
    expect(b.solution).toEqual(a.solution);
  });

  const kinds: ProblemKind[] = ['acvrp', 'acvrptw', 'pvrp-p', 'pvrp-zc'];
  it.each(kinds)('is feasible on sampled %s city instances', async (problem) => {
    for (const name of BUNDLED_CITIES) {
      for (let seed = 1; seed <= 4; seed++) {
        const inst = sampleInstance(bundledCity(name), {
          problem,
          n: [20, 50, 100, 35][seed - 1],
          seed,
          distribution: seed % 2 ? 'clustered' : 'uniform',
          vehicles: 2 + seed,
          profile: PROFILE_GENERATORS[seed % 3],
        });
        expectFeasible(inst, (await run(solver, inst)).solution);
      }
    }
  });

  it('never over-uses a limited fleet and says why clients are left out', async () => {
    const inst: Instance = { ...R101, vehicles: [{ ...R101.vehicles[0], count: 12 }] };
    const ev = evaluate(inst, (await run(solver, inst)).solution);
    expect(ev.violations).toEqual([]);
    expect(ev.routes.length).toBeLessThanOrEqual(12);
    expect(ev.unassigned.length).toBeGreaterThan(0);
    expect(new Set(ev.unassigned.map((u) => u.reason))).toEqual(new Set(['fleet']));
  });

  it('uses a heterogeneous fleet within each type\'s limit', async () => {
    const base = X101.vehicles[0];
    const inst: Instance = {
      ...X101,
      vehicles: [
        { ...base, id: 'small', capacity: 120, count: Infinity },
        { ...base, id: 'big', capacity: 400, count: 5, trips: 2 },
      ],
    };
    const ev = expectFeasible(inst, (await run(solver, inst)).solution);
    expect(ev.routes.filter((r) => r.vehicle === 1).length).toBeLessThanOrEqual(10);
  });
});

describe('savings on X-n101-k25', () => {
  it('beats nearest neighbour and lands within 10 % of the best known solution', async () => {
    const nearest = evaluate(X101, nearestNeighbour(X101)).cost;
    const savings = expectFeasible(X101, (await run(savingsSolver, X101)).solution).cost;
    expect(savings).toBeLessThan(nearest);
    expect(savings / X101_BKS).toBeLessThan(1.1);
  });
});
