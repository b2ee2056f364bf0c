/**
 * PVRP re-decoding by vehicle groups (src/solvers/neural/pvrp-redecode.ts): the groups partition
 * the fleet; a group's sub-instance carries its vehicles' bans and preferences with the nodes and
 * scores its routes as the whole instance does; a pass keeps every client served once, never by a
 * banned vehicle, never gets worse, and Stop keeps what it had. With the exported CAMP-S model a
 * pass improves a poor start (the reason it exists).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import type { Instance } from '../../src/core/instance';
import { Rng } from '../../src/core/random';
import type { Solution } from '../../src/core/solution';
import { depotFirst } from '../../src/solvers/neural/env';
import { campModels, CAMP_FEATURE_VERSION, type CampModelConfig, type CampModelEntry, type Manifest } from '../../src/solvers/neural/manifest';
import { MODELS_DIR, fileSource } from '../../src/solvers/neural/node-source';
import { decodePvrp, pvrpStarts } from '../../src/solvers/neural/pvrp-decode';
import { PVRP_PROBLEMS, type PvrpProblem } from '../../src/solvers/neural/pvrp-env';
import { pvrpNormalise } from '../../src/solvers/neural/pvrp-features';
import { VEHICLES_PER_GROUP, redecodePass, vehicleGroups, vehicleSubInstance } from '../../src/solvers/neural/pvrp-redecode';
import { loadPvrpModel, pvrpPlan } from '../../src/solvers/neural/pvrp-solver';
import { neuralSolvers } from '../../src/solvers/neural/solver';
import { resolveSolver } from '../../src/solvers/registry';
import { bundledCity } from '../helpers';
import { FIXTURE_DIR } from './fixtures';

function tinyCampEntry(problem: PvrpProblem): CampModelEntry {
  const meta = JSON.parse(readFileSync(`${FIXTURE_DIR}/${problem}.json`, 'utf8')) as { config: CampModelConfig; files: { encoder: string; step: string } };
  return {
    id: `tiny-camp-${problem}`, family: 'camp-s', problem, featureVersion: CAMP_FEATURE_VERSION, files: meta.files, opset: 17, params: 0,
    config: meta.config, nodeFeatures: [], vehicleFeatures: [], context: [], io: { encoder: { inputs: [], outputs: [] }, step: { inputs: [], outputs: [] } },
  };
}

/** A depot-first PVRP sample with bans on every vehicle (PVRP-ZC) and a feasible nearest-neighbour start. */
async function sample(problem: PvrpProblem, n: number, m: number, seed: number): Promise<{ inst: Instance; sol: Solution }> {
  const { inst } = depotFirst(sampleInstance(bundledCity('Andorra'), { problem, n, seed, vehicles: m, profile: 'random' }));
  const sol = (await resolveSolver('nearest', problem)!.solve(inst, { timeLimitMs: 5000, seed: 1 })).solution;
  expect(evaluate(inst, sol).feasible).toBe(true);
  return { inst, sol };
}

/** Every client served once, none by a vehicle banned from it, no violations. */
function expectServedWithinBans(inst: Instance, sol: Solution): void {
  const ev = evaluate(inst, sol);
  expect(ev.violations).toEqual([]);
  expect(ev.unassigned).toEqual([]);
  const seen = new Set<number>();
  for (const r of sol.routes) {
    for (const j of r.stops) {
      expect(seen.has(j)).toBe(false);
      seen.add(j);
      const allowed = inst.vehicles[r.vehicle].allowed;
      if (allowed) expect(allowed[j], `vehicle ${r.vehicle} is banned from ${j}`).toBe(1);
    }
  }
  expect(seen.size).toBe(inst.n - 1);
}

describe('vehicleGroups', () => {
  it('partitions the fleet in random groups of the size asked; a smaller remainder joins the last group', () => {
    const cases: [number, number, number[]][] = [
      [7, 3, [3, 4]],
      [6, 3, [3, 3]],
      [5, 3, [5]],
      [6, 2, [2, 2, 2]],
      [7, 2, [2, 2, 3]],
      [2, 3, [2]],
    ];
    for (const [m, size, sizes] of cases) {
      const groups = vehicleGroups(m, size, new Rng(4));
      expect(groups.map((g) => g.length)).toEqual(sizes);
      expect(groups.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: m }, (_, k) => k));
    }
    // seeded, and not always the same split
    expect(vehicleGroups(7, 3, new Rng(4))).toEqual(vehicleGroups(7, 3, new Rng(4)));
    const splits = new Set(Array.from({ length: 8 }, (_, s) => JSON.stringify(vehicleGroups(7, 3, new Rng(s + 1)))));
    expect(splits.size).toBeGreaterThan(1);
  });
});

describe.each(PVRP_PROBLEMS)('%s: vehicle sub-instances', (problem) => {
  it('hold the depot, the group’s clients and vehicles with their rows; routes cost what they cost in the whole', async () => {
    const { inst, sol } = await sample(problem, 40, 6, 3);
    const group = [4, 1];
    const { sub, order, local } = vehicleSubInstance(inst, sol.routes, group);
    const mine = sol.routes.filter((r) => group.includes(r.vehicle) && r.stops.length > 0);
    expect(order[0]).toBe(inst.depot);
    expect(order.slice(1).sort((a, b) => a - b)).toEqual(mine.flatMap((r) => r.stops).sort((a, b) => a - b));
    expect(sub.n).toBe(order.length);
    expect(sub.vehicles).toHaveLength(2);
    for (const [i, k] of group.entries()) {
      const v = inst.vehicles[k];
      expect(sub.vehicles[i].capacity).toBe(v.capacity);
      expect(sub.vehicles[i].speed).toBe(v.speed);
      for (const [a, node] of order.entries()) {
        if (v.preference) expect(sub.vehicles[i].preference![a]).toBe(v.preference[node]);
        if (v.allowed) expect(sub.vehicles[i].allowed![a]).toBe(v.allowed[node]);
      }
    }
    const whole = evaluate(inst, sol).routes.filter((r) => group.includes(r.vehicle)).reduce((t, r) => t + r.cost, 0);
    expect(evaluate(sub, { routes: local, unassigned: [] }).cost).toBeCloseTo(whole, 6);
    expect(evaluate(sub, { routes: local, unassigned: [] }).feasible).toBe(true);
  });
});

describe.each(PVRP_PROBLEMS)('%s: a re-decode pass with the tiny model', (problem) => {
  const source = fileSource(FIXTURE_DIR);

  it('serves every client once within the bans, never costs more, and is seeded', async () => {
    const model = await loadPvrpModel(tinyCampEntry(problem), source, { backend: 'node' });
    const { inst, sol } = await sample(problem, 30, 6, 7);
    const before = evaluate(inst, sol).cost;
    const a = await redecodePass(model, inst, sol, { rng: new Rng(2), plan: pvrpPlan });
    const b = await redecodePass(model, inst, sol, { rng: new Rng(2), plan: pvrpPlan });
    expect(a.groups).toBe(Math.floor(6 / VEHICLES_PER_GROUP));
    expect(b.solution).toEqual(a.solution);
    expectServedWithinBans(inst, a.solution);
    expect(a.cost).toBeCloseTo(evaluate(inst, a.solution).cost, 9);
    expect(a.cost).toBeLessThanOrEqual(before + 1e-9);
    expect(a.stopped).toBe(false);
  });

  it('Stop before or inside the first group keeps the solution it was given', async () => {
    const model = await loadPvrpModel(tinyCampEntry(problem), source, { backend: 'node' });
    const { inst, sol } = await sample(problem, 30, 6, 8);
    const now = await redecodePass(model, inst, sol, { rng: new Rng(1), plan: pvrpPlan, shouldStop: () => true });
    expect(now.stopped).toBe(true);
    expect(now.improved).toBe(0);
    expect(now.cost).toBeCloseTo(evaluate(inst, sol).cost, 9);
    let polls = 0;
    const inside = await redecodePass(model, inst, sol, { rng: new Rng(1), plan: pvrpPlan, shouldStop: () => ++polls > 3 });
    expect(inside.stopped).toBe(true);
    expectServedWithinBans(inst, inside.solution);
    expect(inside.cost).toBeCloseTo(evaluate(inst, sol).cost, 9);
  });

  it('the neural solver runs passes after POMO ×8 (never worse than it), or the old rounds with redecodePasses: 0', async () => {
    const manifest: Manifest = { version: 1, models: [tinyCampEntry(problem)] };
    const [neural] = neuralSolvers(manifest, source);
    const { inst } = await sample(problem, 24, 6, 9);
    const pomo8 = await neural.solve(inst, { timeLimitMs: 60_000, seed: 3, backend: 'node', params: { redecodePasses: 0, samplingRounds: 0 } });
    const passes = await neural.solve(inst, { timeLimitMs: 60_000, seed: 3, backend: 'node', params: { redecodePasses: 3, redecodeVehicles: 2 } });
    expect(passes.iterations).toBe((pomo8.iterations ?? 0) + 3);
    expectServedWithinBans(inst, passes.solution);
    expect(evaluate(inst, passes.solution).cost).toBeLessThanOrEqual(evaluate(inst, pomo8.solution).cost + 1e-9);
  });
});

describe('a re-decode pass with the exported PVRP-ZC model', () => {
  it('improves a single-start greedy decode at n = 60 / m = 6 (a Monaco sample)', async () => {
    const entry = campModels(JSON.parse(readFileSync(join(MODELS_DIR, 'manifest.json'), 'utf8')) as Manifest).find((e) => e.problem === 'pvrp-zc')!;
    const model = await loadPvrpModel(entry, fileSource(MODELS_DIR), { backend: 'node' });
    const { inst } = depotFirst(sampleInstance(bundledCity('Monaco'), { problem: 'pvrp-zc', n: 60, seed: 12, vehicles: 6, profile: 'random' }));
    const first = await decodePvrp(model, inst, pvrpNormalise(inst), { augs: [0], starts: pvrpStarts(inst, 1), mode: 'greedy', rng: new Rng(1) });
    const start = first.best!.solution;
    const res = await redecodePass(model, inst, start, { rng: new Rng(1), plan: pvrpPlan });
    expectServedWithinBans(inst, res.solution);
    expect(res.improved).toBeGreaterThan(0);
    expect(res.cost).toBeLessThan(first.best!.cost - 1e-6);
  });
});
