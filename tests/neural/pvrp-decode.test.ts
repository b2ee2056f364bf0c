/**
 * The CAMP-S decode loop and solvers end to end with the tiny fixture models (random weights: the
 * machinery, not the quality): on city samples and on CAMP's unit-square instances, every
 * variant serves every client, never a banned one, with the cost the evaluator gives; the
 * solvers are seeded, keep or improve their best, dispatch through `neuralSolvers` next to
 * RRNCO-S, and honour a depot that is not node 0 and bans painted after sampling.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { campSquareInstance } from '../../src/core/cities/camp-square';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import type { Instance } from '../../src/core/instance';
import { Rng } from '../../src/core/random';
import { permuteNodes } from '../../src/core/scenario/instance-copy';
import type { Solution } from '../../src/core/solution';
import { CAMP_FEATURE_VERSION, type CampModelEntry, type CampModelConfig, type Manifest } from '../../src/solvers/neural/manifest';
import { fileSource } from '../../src/solvers/neural/node-source';
import { decodePvrp, pvrpStarts } from '../../src/solvers/neural/pvrp-decode';
import { PVRP_PROBLEMS, type PvrpProblem } from '../../src/solvers/neural/pvrp-env';
import { pvrpNormalise } from '../../src/solvers/neural/pvrp-features';
import { loadPvrpModel, pvrpPlan } from '../../src/solvers/neural/pvrp-solver';
import { neuralSolvers } from '../../src/solvers/neural/solver';
import { bundledCity } from '../helpers';
import { FIXTURE_DIR } from './fixtures';

function tinyCampEntry(problem: PvrpProblem): CampModelEntry {
  const meta = JSON.parse(readFileSync(`${FIXTURE_DIR}/${problem}.json`, 'utf8')) as { config: CampModelConfig; files: { encoder: string; step: string } };
  return {
    id: `tiny-camp-${problem}`,
    family: 'camp-s',
    problem,
    featureVersion: CAMP_FEATURE_VERSION,
    files: meta.files,
    opset: 17,
    params: 0,
    config: meta.config,
    nodeFeatures: [],
    vehicleFeatures: [],
    context: [],
    io: { encoder: { inputs: [], outputs: [] }, step: { inputs: [], outputs: [] } },
  };
}

const source = fileSource(FIXTURE_DIR);

/** Every client served once, none by a vehicle banned from it, no violations. */
function expectServedWithinBans(inst: Instance, sol: Solution): void {
  const ev = evaluate(inst, sol);
  expect(ev.violations).toEqual([]);
  expect(ev.unassigned).toEqual([]);
  expect(ev.feasible).toBe(true);
  const seen = new Set<number>();
  for (const r of sol.routes) {
    const allowed = inst.vehicles[r.vehicle].allowed;
    for (const j of r.stops) {
      expect(seen.has(j)).toBe(false);
      seen.add(j);
      if (allowed) expect(allowed[j], `vehicle ${r.vehicle} is banned from ${j}`).toBe(1);
    }
  }
  expect(seen.size).toBe(inst.n - 1);
}

describe.each(PVRP_PROBLEMS)('%s: CAMP-S decode with the tiny model', (problem) => {
  const entry = tinyCampEntry(problem);
  const city = bundledCity('Andorra');

  it('greedy and sampling over 2 augmentations give feasible solutions at the evaluator cost (city sample and unit square)', async () => {
    const model = await loadPvrpModel(entry, source, { backend: 'node' });
    const instances = [
      sampleInstance(city, { problem, n: 25, seed: 4242, vehicles: 4, profile: 'cluster' }),
      campSquareInstance({ problem, n: 30, vehicles: 5, profile: 'angular', seed: 7 }),
    ];
    for (const inst of instances) {
      const norm = pvrpNormalise(inst);
      for (const mode of ['greedy', 'sample'] as const) {
        const res = await decodePvrp(model, inst, norm, { augs: [0, 6], mode, rng: new Rng(3) });
        expect(res.rollouts).toBe(2 * (inst.n - 1));
        expect(res.best).not.toBeNull();
        expectServedWithinBans(inst, res.best!.solution);
        expect(Math.abs(evaluate(inst, res.best!.solution).cost - res.best!.cost)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(res.best!.cost)));
      }
    }
  });

  it('a fleet with finite trips (the fleet panel): no vehicle drives more trips than count × trips', async () => {
    const model = await loadPvrpModel(entry, source, { backend: 'node' });
    const inst = sampleInstance(city, { problem, n: 24, seed: 77, vehicles: 3, profile: 'angular' });
    for (const v of inst.vehicles) v.trips = 1;
    inst.vehicles[0].trips = 2;
    const res = await decodePvrp(model, inst, pvrpNormalise(inst), { augs: [0], mode: 'sample', rng: new Rng(5) });
    const ev = evaluate(inst, res.best!.solution);
    const trips = [0, 0, 0];
    for (const r of res.best!.solution.routes) trips[r.vehicle]++;
    expect(trips[0]).toBeLessThanOrEqual(2);
    expect(trips[1]).toBeLessThanOrEqual(1);
    expect(trips[2]).toBeLessThanOrEqual(1);
    // what does get served is served within the rules; clients left over are reported, not forced
    expect(ev.violations).toEqual([]);
    expect(res.best!.unassigned).toBe(ev.unassigned.length);
  });

  it('the plan keeps every start at n = 50 and bounds them, spread over the clients, at n = 400', () => {
    const small = campSquareInstance({ problem, n: 50, vehicles: 5, profile: 'random', seed: 1 });
    expect(pvrpPlan(small).starts).toEqual(pvrpStarts(small, 50));
    expect(pvrpPlan(small).perDecode).toBeGreaterThanOrEqual(7);
    const big = campSquareInstance({ problem, n: 400, vehicles: 5, profile: 'random', seed: 1 });
    const { starts, perDecode } = pvrpPlan(big);
    expect(starts.length).toBeGreaterThan(1);
    expect(starts.length).toBeLessThan(40);
    const clients = starts.map((a) => a % big.n);
    expect(new Set(clients).size).toBe(starts.length);
    expect(Math.max(...clients) - Math.min(...clients)).toBeGreaterThan(300);
    expect(perDecode).toBeGreaterThanOrEqual(1);
  });

  it('starts respect the bans: each first move is a pair the rules allow', () => {
    const inst = sampleInstance(city, { problem, n: 30, seed: 9, vehicles: 5, profile: 'random' });
    for (const a of pvrpStarts(inst, 29)) {
      const k = Math.floor(a / inst.n);
      const j = a % inst.n;
      expect(j).toBeGreaterThan(0);
      expect(inst.vehicles[k].allowed?.[j] ?? 1).toBe(1);
    }
  });

  it('neural, neural-greedy and neural-ls solve through neuralSolvers, seeded, with the depot elsewhere and bans painted after sampling', async () => {
    const manifest: Manifest = { version: 1, models: [tinyCampEntry(problem)] };
    const solvers = neuralSolvers(manifest, source);
    expect(solvers.map((s) => s.id)).toEqual(['neural', 'neural-greedy', 'neural-ls']);
    for (const s of solvers) expect(s.problems).toEqual([problem]);
    const base = sampleInstance(city, { problem, n: 16, seed: 31, vehicles: 3, profile: 'random' });
    // The planner bans vehicle 0 from half the clients (PVRP-ZC) and moves the depot to node 5.
    if (problem === 'pvrp-zc') for (let j = 1; j < base.n; j += 2) base.vehicles[0].allowed![j] = 0;
    const order = [5, 0, 1, 2, 3, 4, ...Array.from({ length: base.n - 6 }, (_, i) => i + 6)];
    const inst = permuteNodes(base, order);
    expect(inst.depot).toBe(1);
    const [pomo8, greedy, withLs] = solvers;
    const g1 = await greedy.solve(inst, { timeLimitMs: 30_000, seed: 1, backend: 'node' });
    const g2 = await greedy.solve(inst, { timeLimitMs: 30_000, seed: 1, backend: 'node' });
    expect(g2.solution).toEqual(g1.solution);
    expectServedWithinBans(inst, g1.solution);
    const costs: number[] = [];
    const p8 = await pomo8.solve(inst, { timeLimitMs: 30_000, seed: 1, backend: 'node', params: { redecodePasses: 2 } }, { onProgress: (p) => costs.push(p.cost) });
    expectServedWithinBans(inst, p8.solution);
    for (let i = 1; i < costs.length; i++) expect(costs[i]).toBeLessThanOrEqual(costs[i - 1] + 1e-6);
    expect(evaluate(inst, p8.solution).cost).toBeLessThanOrEqual(evaluate(inst, g1.solution).cost + 1e-6);
    const ls = await withLs.solve(inst, { timeLimitMs: 1500, seed: 1, backend: 'node' });
    expectServedWithinBans(inst, ls.solution);
    // the polish starts from the neural routes (greedy ×8 covers greedy's): never worse
    expect(evaluate(inst, ls.solution).cost).toBeLessThanOrEqual(evaluate(inst, g1.solution).cost + 1e-6);
  });
});
