/**
 * Properties every VRP solver in the registry must keep on the profiled problems, checked on
 * many random city samples: PVRP-ZC bans are hard (no banned client on a vehicle, ever), and on
 * PVRP-P the cost a solver shows while running is the evaluator's cost, which in turn is CAMP's
 * objective recomputed here from the raw matrices.
 */
import { describe, expect, it } from 'vitest';
import { BUNDLED_CITIES } from '../../src/core/cities/city';
import { PROFILE_GENERATORS, sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import type { Instance, ProblemKind } from '../../src/core/instance';
import { Rng } from '../../src/core/random';
import type { Solution } from '../../src/core/solution';
import { getSolver, listSolvers } from '../../src/solvers/registry';
import type { Progress, Solver } from '../../src/solvers/solver';
import { bundledCity } from '../helpers';

const ZC_INSTANCES = 1000;
/** Iterative solvers run on every fifth instance only, each for a few tens of milliseconds. */
const ITERATIVE_EVERY = 5;
const ITERATIVE_MS = 25;
const P_INSTANCES = 50;

/**
 * The registry's solvers for a kind that run in plain TypeScript. ONNX-backed solvers need
 * their model files and are held to the same rules by their own tests.
 */
function solversFor(problem: ProblemKind): Solver[] {
  return listSolvers()
    .filter((s) => s.problems.includes(problem) && s.backends.includes('js'))
    .map((s) => getSolver(s.id)!);
}

/** n 10–40 clients, 2–7 vehicles, every city, profile and distribution, from one seeded stream. */
function sample(problem: ProblemKind, count: number, streamSeed: number): Instance[] {
  const rng = new Rng(streamSeed);
  return Array.from({ length: count }, (_, t) =>
    sampleInstance(bundledCity(BUNDLED_CITIES[t % BUNDLED_CITIES.length]), {
      problem,
      n: rng.intIn(10, 40),
      seed: rng.nextU32(),
      vehicles: rng.intIn(2, 7),
      profile: PROFILE_GENERATORS[rng.int(PROFILE_GENERATORS.length)],
      distribution: rng.next() < 0.5 ? 'uniform' : 'clustered',
    }),
  );
}

async function solve(solver: Solver, inst: Instance, seed: number): Promise<{ solution: Solution; last: Progress | undefined }> {
  let last: Progress | undefined;
  const res = await solver.solve(inst, { timeLimitMs: ITERATIVE_MS, seed }, { onProgress: (p) => (last = p) });
  return { solution: res.solution, last };
}

const isConstruction = (s: Solver) => s.family === 'construction';

describe('PVRP-ZC: zone bans are hard constraints', () => {
  const solvers = solversFor('pvrp-zc');
  const instances = sample('pvrp-zc', ZC_INSTANCES, 0x5eed2c);

  it('covers the constructions and the metaheuristic', () => {
    expect(solvers.map((s) => s.id)).toEqual(expect.arrayContaining(['nearest', 'savings', 'regret', 'sisr']));
  });

  it.each(solvers.map((s) => [s.id, s] as const))('%s never routes a client on a banned vehicle', async (_id, solver) => {
    let checked = 0;
    for (let t = 0; t < instances.length; t++) {
      if (!isConstruction(solver) && t % ITERATIVE_EVERY !== 0) continue;
      const inst = instances[t];
      const { solution } = await solve(solver, inst, t);
      for (const r of solution.routes) {
        const allowed = inst.vehicles[r.vehicle].allowed!;
        for (const j of r.stops) if (!allowed[j]) throw new Error(`${inst.name}: ${solver.id} puts banned client ${j} on vehicle ${r.vehicle}`);
      }
      const ev = evaluate(inst, solution);
      expect(ev.violations.filter((v) => v.kind === 'zone')).toEqual([]);
      // Capacity 40 with unlimited trips always admits a complete plan: nothing may be left out.
      if (!ev.feasible) throw new Error(`${inst.name}: ${solver.id} ${JSON.stringify(ev.violations.slice(0, 2))} unassigned ${ev.unassigned.length}`);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(isConstruction(solver) ? ZC_INSTANCES : ZC_INSTANCES / ITERATIVE_EVERY);
  });
});

describe('PVRP-P: costs agree', () => {
  const instances = sample('pvrp-p', P_INSTANCES, 0x5eed0f);

  /** CAMP's objective from first principles: 0.8·travel time − 0.2·unit·collected preference. */
  function campCost(inst: Instance, sol: Solution): number {
    let travel = 0;
    let preference = 0;
    for (const r of sol.routes) {
      if (r.stops.length === 0) continue;
      const v = inst.vehicles[r.vehicle];
      const path = [v.start, ...r.stops, v.end];
      for (let a = 0; a + 1 < path.length; a++) travel += inst.duration[path[a] * inst.n + path[a + 1]] / v.speed;
      for (const j of r.stops) preference += v.preference![j];
    }
    return 0.8 * travel - 0.2 * inst.objective.preferenceUnit * preference;
  }

  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

  it('the evaluator computes CAMP\'s objective', async () => {
    const nearest = getSolver('nearest')!;
    for (const inst of instances) {
      expect(inst.objective).toMatchObject({ timeWeight: 0.8, preferenceWeight: 0.2, distanceWeight: 0 });
      // CAMP's unit square has travel times ≤ ~1: a preference point is worth the longest trip.
      expect(inst.objective.preferenceUnit).toBe(Math.max(...Array.from(inst.duration).filter(Number.isFinite)));
      const { solution } = await solve(nearest, inst, 1);
      const ev = evaluate(inst, solution);
      expect(ev.feasible).toBe(true);
      expect(close(ev.cost, campCost(inst, solution))).toBe(true);
    }
  });

  it.each(solversFor('pvrp-p').map((s) => [s.id, s] as const))('%s reports the evaluator\'s cost of what it returns', async (id, solver) => {
    for (const [t, inst] of instances.entries()) {
      const { solution, last } = await solve(solver, inst, t);
      expect(last).toBeDefined();
      expect(last!.solution).toEqual(solution);
      const ev = evaluate(inst, solution);
      expect(ev.feasible).toBe(true);
      expect(close(ev.cost, campCost(inst, solution))).toBe(true);
      if (!close(last!.cost, ev.cost)) throw new Error(`${inst.name}: ${id} reports ${last!.cost}, the evaluator says ${ev.cost}`);
    }
  });
});
