import { describe, expect, it } from 'vitest';
import { BUNDLED_CITIES } from '../../src/core/cities/city';
import { PROFILE_GENERATORS, TW_HORIZON, sampleInstance, type Distribution } from '../../src/core/cities/sampler';
import { clientNodes, instanceProblems } from '../../src/core/instance';
import { evaluate } from '../../src/core/evaluate';
import { beginRoute, checkNext } from '../../src/core/rules';
import { nearestNeighbour } from '../../src/solvers/construct/nearest';
import { bundledCity } from '../helpers';

const PER_CITY = 1000;
const distributionOf = (seed: number): Distribution => (seed % 2 ? 'clustered' : 'uniform');
const sizeOf = (seed: number) => [100, 50, 20, 100, 75][seed % 5];

describe.each(BUNDLED_CITIES)('sampler on %s', (cityName) => {
  const city = bundledCity(cityName);

  it(`${PER_CITY} seeded ACVRPTW instances are feasible (nearest neighbour finds a solution without violations)`, () => {
    let routes = 0;
    for (let seed = 1; seed <= PER_CITY; seed++) {
      const inst = sampleInstance(city, { problem: 'acvrptw', n: sizeOf(seed), seed, distribution: distributionOf(seed) });
      expect(instanceProblems(inst)).toEqual([]);
      const ev = evaluate(inst, nearestNeighbour(inst));
      if (!ev.feasible) throw new Error(`${inst.name}: ${JSON.stringify(ev.violations.slice(0, 3))} unassigned ${ev.unassigned.length}`);
      routes += ev.vehicles;
    }
    // Windows are tight enough that routes are short: a sanity check that windows bind at all.
    expect(routes / PER_CITY).toBeGreaterThan(3);
  });

  it(`${PER_CITY} seeded PVRP-ZC instances are feasible and every client keeps an allowed vehicle`, () => {
    for (let seed = 1; seed <= PER_CITY; seed++) {
      const profile = PROFILE_GENERATORS[seed % 3];
      const vehicles = 3 + (seed % 5);
      const inst = sampleInstance(city, { problem: 'pvrp-zc', n: [40, 60, 80, 100, 50][seed % 5], seed, distribution: distributionOf(seed), vehicles, profile });
      expect(inst.vehicles.length).toBe(vehicles);
      for (const j of clientNodes(inst)) {
        if (!inst.vehicles.some((v) => v.allowed![j])) throw new Error(`${inst.name}: client ${j} has no allowed vehicle`);
      }
      const sol = nearestNeighbour(inst);
      for (const r of sol.routes) for (const j of r.stops) expect(inst.vehicles[r.vehicle].allowed![j]).toBe(1);
      const ev = evaluate(inst, sol);
      if (!ev.feasible) throw new Error(`${inst.name}: ${JSON.stringify(ev.violations.slice(0, 3))} unassigned ${ev.unassigned.length}`);
    }
  });
});

describe('sampler recipes', () => {
  const city = bundledCity('Monaco');

  it('is a pure function of (city, spec): same seed, same instance; new seed, new instance', () => {
    const a = sampleInstance(city, { problem: 'acvrptw', n: 50, seed: 7 });
    const b = sampleInstance(city, { problem: 'acvrptw', n: 50, seed: 7 });
    const c = sampleInstance(city, { problem: 'acvrptw', n: 50, seed: 8 });
    expect(a.meta.cityPoints).toEqual(b.meta.cityPoints);
    expect(Array.from(a.ready)).toEqual(Array.from(b.ready));
    expect(a.meta.cityPoints).not.toEqual(c.meta.cityPoints);
    expect(a.meta.seed).toBe(7);
  });

  it('ACVRP follows RRNCO: demands 1..9, capacity 50 at n = 100, sub-matrices of the city', () => {
    const inst = sampleInstance(city, { problem: 'acvrp', n: 100, seed: 3 });
    expect(inst.n).toBe(101);
    expect(inst.demand[0]).toBe(0);
    const d = Array.from(inst.demand.subarray(1));
    expect(Math.min(...d)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...d)).toBeLessThanOrEqual(9);
    expect(d.every(Number.isInteger)).toBe(true);
    expect(inst.vehicles[0].capacity).toBe(50);
    const p = inst.meta.cityPoints!;
    expect(inst.distance[1 * 101 + 2]).toBe(city.distance[p[1] * city.n + p[2]]);
    expect(inst.duration[2 * 101 + 1]).toBe(city.duration[p[2] * city.n + p[1]]);
  });

  it('ACVRPTW windows follow the recipe: a direct trip is never late and can always return', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const inst = sampleInstance(city, { problem: 'acvrptw', n: 100, seed });
      let maxT = 0;
      for (const t of inst.duration) maxT = Math.max(maxT, t);
      expect(inst.due[0]).toBeCloseTo(TW_HORIZON * maxT, 6);
      for (const j of clientNodes(inst)) {
        expect(inst.ready[j]).toBeGreaterThanOrEqual(inst.duration[j] - 1e-9);
        const len = (inst.due[j] - inst.ready[j]) / maxT;
        expect(len).toBeGreaterThanOrEqual(0.18 - 1e-9);
        expect(len).toBeLessThanOrEqual(0.2 + 1e-9);
        expect(inst.service[j] / maxT).toBeGreaterThanOrEqual(0.15 - 1e-9);
        expect(checkNext(inst, beginRoute(inst, 0), j)).toBe('ok');
      }
    }
  });

  it('clustered subsets are geographically tighter than uniform ones', () => {
    const spread = (inst: ReturnType<typeof sampleInstance>) => {
      let s = 0;
      for (let i = 0; i < inst.n; i++) s += inst.distance[i];
      return s;
    };
    let tighter = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const u = sampleInstance(city, { problem: 'acvrp', n: 50, seed, distribution: 'uniform' });
      const c = sampleInstance(city, { problem: 'acvrp', n: 50, seed, distribution: 'clustered' });
      if (spread(c) < spread(u)) tighter++;
    }
    expect(tighter).toBeGreaterThanOrEqual(17);
  });

  it('PVRP-P: angular profiles put each client in exactly one vehicle sector; the cost matches the CAMP formula', () => {
    const inst = sampleInstance(city, { problem: 'pvrp-p', n: 50, seed: 5, vehicles: 4, profile: 'angular' });
    for (const j of clientNodes(inst)) {
      expect(inst.vehicles.reduce((acc, v) => acc + v.preference![j], 0)).toBe(1);
    }
    const sol = nearestNeighbour(inst);
    const ev = evaluate(inst, sol);
    expect(ev.feasible).toBe(true);
    let travel = 0;
    let pref = 0;
    for (const r of sol.routes) {
      const v = inst.vehicles[r.vehicle];
      const path = [v.start, ...r.stops, v.end];
      for (let k = 0; k + 1 < path.length; k++) travel += inst.duration[path[k] * inst.n + path[k + 1]] / v.speed;
      for (const j of r.stops) pref += v.preference![j];
    }
    const o = inst.objective;
    expect(ev.cost).toBeCloseTo(o.timeWeight * travel - o.preferenceWeight * o.preferenceUnit * pref, 6);
    expect(o.timeWeight).toBe(0.8);
    expect(o.preferenceWeight).toBe(0.2);
  });
});
