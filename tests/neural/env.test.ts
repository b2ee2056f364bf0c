/**
 * The neural rollout environment against the core: it ranks rollouts by the instance's own
 * objective, and the depot-first view it decodes on is the same instance renumbered.
 */
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import type { Instance } from '../../src/core/instance';
import { depotFirst, mapBack, RolloutEnv } from '../../src/solvers/neural/env';
import { bundledCity } from '../helpers';

/** Greedy rollout: the first allowed action every step (the depot only when nothing else is). */
function rollout(inst: Instance): RolloutEnv {
  const env = new RolloutEnv(inst);
  const mask = new Uint8Array(inst.n);
  while (!env.done) {
    env.mask(mask);
    let a = mask.findIndex((m, j) => m === 1 && j !== inst.depot);
    if (a < 0) a = inst.depot;
    env.step(a);
  }
  return env;
}

describe('RolloutEnv', () => {
  it.each(['acvrp', 'acvrptw'] as const)('%s: its cost is the evaluator\'s, whatever the objective\'s weights', (problem) => {
    const base = sampleInstance(bundledCity('Monaco'), { problem, n: 20, seed: 5 });
    const inst: Instance = { ...base, objective: { distanceWeight: 0.25, timeWeight: 3, preferenceWeight: 0, preferenceUnit: 1 } };
    const env = rollout(inst);
    const ev = evaluate(inst, env.solution());
    expect(ev.feasible).toBe(true);
    expect(env.cost).toBeCloseTo(ev.cost, 6);
    expect(env.cost).not.toBeCloseTo(ev.distance, 0);
  });
});

describe('depotFirst', () => {
  it('renumbers the vehicles\' zone and preference rows with the nodes', () => {
    const base = sampleInstance(bundledCity('Monaco'), { problem: 'pvrp-zc', n: 12, seed: 3, vehicles: 3 });
    const pref = sampleInstance(bundledCity('Monaco'), { problem: 'pvrp-p', n: 12, seed: 3, vehicles: 3 });
    // Node 4 becomes the depot of an otherwise identical instance.
    const swap = (k: number) => (k === 0 ? 4 : k === 4 ? 0 : k);
    const order = Array.from({ length: base.n }, (_, k) => swap(k));
    const inst: Instance = {
      ...base,
      depot: 4,
      vehicles: base.vehicles.map((v, k) => ({
        ...v,
        start: 4,
        end: 4,
        allowed: Uint8Array.from(order, (o) => v.allowed![o]),
        preference: Float64Array.from(order, (o) => pref.vehicles[k].preference![o]),
      })),
    };
    const { inst: view, toOriginal } = depotFirst(inst);
    expect(view.depot).toBe(0);
    view.vehicles.forEach((v, k) => {
      for (let i = 0; i < view.n; i++) {
        expect(v.allowed![i], `vehicle ${k} node ${i}`).toBe(inst.vehicles[k].allowed![toOriginal[i]]);
        expect(v.preference![i], `vehicle ${k} node ${i}`).toBe(inst.vehicles[k].preference![toOriginal[i]]);
      }
    });
    const sol = { routes: [{ vehicle: 0, stops: [1, 2] }], unassigned: [] };
    expect(mapBack(sol, toOriginal).routes[0].stops).toEqual([toOriginal[1], toOriginal[2]]);
  });
});
