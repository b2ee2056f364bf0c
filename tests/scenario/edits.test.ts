import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import { clientNodes, instanceProblems, makeInstance, type Instance } from '../../src/core/instance';
import {
  EditError,
  addStop,
  bannedNodes,
  cityArcs,
  cloneInstance,
  crowFlyArcs,
  defaultFields,
  makeDepot,
  moveDepotTo,
  removeStop,
  removeStops,
  scenarioWarnings,
  setNodeFields,
  setPreference,
  setVehicle,
  setVehicleCount,
  setZone,
} from '../../src/core/scenario';
import { nearestNeighbour } from '../../src/solvers/construct/nearest';
import { bundledCity } from '../helpers';

const city = bundledCity('Monaco');

/** A full copy of every array, to prove an edit left its input alone. */
function snapshot(inst: Instance): string {
  return JSON.stringify(inst, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v === Infinity ? 'inf' : v));
}

/** Every arc equals the city's arc between the nodes' road points: the matrices stay the city's. */
function expectCityMatrices(inst: Instance): void {
  const p = inst.meta.cityPoints!;
  expect(p).toHaveLength(inst.n);
  for (let a = 0; a < inst.n; a++) {
    expect(inst.coords![2 * a]).toBe(city.lonlat[2 * p[a]]);
    expect(inst.coords![2 * a + 1]).toBe(city.lonlat[2 * p[a] + 1]);
    expect(inst.labels[a]).toBe(`p${p[a]}`);
  }
  const wrong: string[] = [];
  for (let a = 0; a < inst.n; a++) {
    for (let b = 0; b < inst.n; b++) {
      if (inst.distance[a * inst.n + b] !== city.distance[p[a] * city.n + p[b]]) wrong.push(`distance ${a}→${b}`);
      if (inst.duration[a * inst.n + b] !== city.duration[p[a] * city.n + p[b]]) wrong.push(`duration ${a}→${b}`);
    }
  }
  expect(wrong.slice(0, 5)).toEqual([]);
}

function freePoint(inst: Instance, from = 0): number {
  const used = new Set(inst.meta.cityPoints);
  for (let q = from; q < city.n; q++) if (!used.has(q)) return q;
  throw new Error('no free point');
}

function solvable(inst: Instance): void {
  expect(instanceProblems(inst)).toEqual([]);
  const ev = evaluate(inst, nearestNeighbour(inst));
  expect(ev.violations).toEqual([]);
}

describe('adding and removing stops', () => {
  const base = sampleInstance(city, { problem: 'acvrp', n: 30, seed: 4 });

  it('adds a stop at a road point with the city arcs, median demand, and leaves the input alone', () => {
    const before = snapshot(base);
    const q = freePoint(base);
    const next = addStop(base, cityArcs(city, base.meta.cityPoints!, q));
    expect(snapshot(base)).toBe(before);
    expect(next.n).toBe(base.n + 1);
    expect(clientNodes(next)).toHaveLength(31);
    expect(next.meta.cityPoints![base.n]).toBe(q);
    expectCityMatrices(next);
    const demands = clientNodes(base).map((j) => base.demand[j]).sort((a, b) => a - b);
    const med = (demands[14] + demands[15]) / 2;
    expect(next.demand[base.n]).toBe(Math.round(med));
    expect(next.due[base.n]).toBe(Infinity);
    expect(next.meta.generator).toMatch(/\+edited$/);
    solvable(next);
  });

  it('takes given fields and rejects invalid ones with a message', () => {
    const q = freePoint(base);
    const arcs = cityArcs(city, base.meta.cityPoints!, q);
    expect(addStop(base, arcs, { demand: 7 }).demand[base.n]).toBe(7);
    expect(() => addStop(base, arcs, { demand: -1 })).toThrow(/demand must be a number ≥ 0/);
    expect(() => addStop(base, cityArcs(city, base.meta.cityPoints!, base.meta.cityPoints![3]))).toThrow(/already node/);
  });

  it('refuses to add by road point on a planar instance', () => {
    const planar = makeInstance({ name: 'x', kind: 'acvrp', n: 3, distance: new Float64Array(9), coords: new Float64Array(6) });
    const arcs = cityArcs(city, [0, 1, 2], 5);
    expect(() => addStop(planar, arcs)).toThrow(EditError);
    expect(() => addStop(planar, arcs)).toThrow(/planar/);
  });

  it('in a lon/lat scenario without a city, a stop goes at the position with flagged straight-line arcs', () => {
    const free: Instance = { ...base, meta: { ...base.meta, cityPoints: undefined, city: undefined } };
    const at: [number, number] = [base.coords![2] + 0.001, base.coords![3] - 0.001];
    const next = addStop(free, crowFlyArcs(free, at));
    expect(next.n).toBe(free.n + 1);
    expect(next.labels[free.n]).toBe(`s${free.n}`);
    expect([next.coords![2 * free.n], next.coords![2 * free.n + 1]]).toEqual(at);
    expect(next.meta.cityPoints).toBeUndefined();
    const n = next.n;
    expect(next.estimated![1 * n + free.n]).toBe(1);
    expect(next.estimated![free.n * n + 1]).toBe(1);
    expect(next.estimated![free.n * n + free.n]).toBe(0);
    expect(next.estimated![1 * n + 2]).toBe(0);
    expect(next.distance[1 * n + 2]).toBe(base.distance[1 * base.n + 2]);
    expect(next.distance[free.n * n + 1]).toBeGreaterThan(100);
    solvable(next);
    const moved = moveDepotTo(free, crowFlyArcs(free, at));
    expect([moved.coords![0], moved.coords![1]]).toEqual(at);
    expect(moved.estimated![0 * moved.n + 5]).toBe(1);
    solvable(moved);
    // A city scenario takes road points only.
    expect(() => addStop(base, crowFlyArcs(base, at))).toThrow(/road point of the city/);
  });

  it('removes a stop: rows, columns and every per-node array, depot kept', () => {
    const q = freePoint(base);
    const grown = addStop(base, cityArcs(city, base.meta.cityPoints!, q), { demand: 3 });
    const back = removeStop(grown, base.n);
    expect(back.n).toBe(base.n);
    expect(Array.from(back.distance)).toEqual(Array.from(base.distance));
    expect(Array.from(back.demand)).toEqual(Array.from(base.demand));
    expect(back.meta.cityPoints).toEqual(base.meta.cityPoints);

    const mid = removeStop(base, 5);
    expect(mid.depot).toBe(0);
    expect(mid.vehicles[0].start).toBe(0);
    expect(mid.meta.cityPoints).toEqual(base.meta.cityPoints!.filter((_, i) => i !== 5));
    expect(mid.demand[5]).toBe(base.demand[6]);
    expectCityMatrices(mid);
    solvable(mid);
    expect(() => removeStop(base, 0)).toThrow(/depot/);
    expect(() => removeStop(base, 99)).toThrow(/does not exist/);
  });

  it('will not remove the last stop', () => {
    let inst = sampleInstance(city, { problem: 'acvrp', n: 3, seed: 1 });
    inst = removeStops(inst, [1, 2]);
    expect(clientNodes(inst)).toHaveLength(1);
    expect(() => removeStop(inst, 1)).toThrow(/at least 1 stop/);
  });

  it('adds and removes in ATSP, where there is no depot', () => {
    const atsp = sampleInstance(city, { problem: 'atsp', n: 20, seed: 2 });
    const next = addStop(atsp, cityArcs(city, atsp.meta.cityPoints!, freePoint(atsp)));
    expect(next.depot).toBe(-1);
    expect(next.demand[20]).toBe(0);
    expectCityMatrices(next);
    solvable(next);
    solvable(removeStop(next, 0));
  });
});

describe('the depot', () => {
  it('make depot: the stop becomes node 0, the old depot becomes a stop, the stop count stays', () => {
    const base = sampleInstance(city, { problem: 'acvrptw', n: 30, seed: 9 });
    const before = snapshot(base);
    const target = base.meta.cityPoints![7];
    const next = makeDepot(base, 7);
    expect(snapshot(base)).toBe(before);
    expect(next.depot).toBe(0);
    expect(next.meta.cityPoints![0]).toBe(target);
    expect(next.meta.cityPoints![7]).toBe(base.meta.cityPoints![0]);
    expect(next.vehicles[0].start).toBe(0);
    expect(next.vehicles[0].end).toBe(0);
    expect(clientNodes(next)).toHaveLength(30);
    expect(next.demand[0]).toBe(0);
    expect(next.due[0]).toBe(base.due[0]);
    expect(next.demand[7]).toBeGreaterThan(0);
    // The old depot as a stop can be served and the vehicle can still get back.
    expect(next.due[7]).toBeCloseTo(base.due[0] - next.service[7] - next.duration[7 * next.n], 6);
    expectCityMatrices(next);
    expect(instanceProblems(next)).toEqual([]);
    expect(() => makeDepot(next, 0)).toThrow(/already the depot/);
  });

  it('make depot keeps profiles aligned in PVRP-ZC', () => {
    const base = sampleInstance(city, { problem: 'pvrp-zc', n: 40, seed: 5, vehicles: 4, profile: 'angular' });
    const next = makeDepot(base, 12);
    for (const v of next.vehicles) {
      expect(v.allowed![0]).toBe(1);
      expect(v.allowed![12]).toBe(1);
      for (let j = 1; j < next.n; j++) if (j !== 12) expect(v.allowed![j]).toBe(base.vehicles[next.vehicles.indexOf(v)].allowed![j]);
    }
    solvable(next);
  });

  it('moves the depot to a new road point, keeping the stops', () => {
    const base = sampleInstance(city, { problem: 'acvrp', n: 25, seed: 3 });
    const q = freePoint(base, 500);
    const next = moveDepotTo(base, cityArcs(city, base.meta.cityPoints!, q));
    expect(next.depot).toBe(0);
    expect(next.meta.cityPoints![0]).toBe(q);
    expect(next.meta.cityPoints!.slice(1)).toEqual(base.meta.cityPoints!.slice(1));
    expectCityMatrices(next);
    solvable(next);
    expect(() => moveDepotTo(base, cityArcs(city, base.meta.cityPoints!, base.meta.cityPoints![4]))).toThrow(/make it the depot/);
    const atsp = sampleInstance(city, { problem: 'atsp', n: 5, seed: 1 });
    expect(() => moveDepotTo(atsp, cityArcs(city, atsp.meta.cityPoints!, freePoint(atsp)))).toThrow(/no depot/);
  });
});

describe('node fields', () => {
  const base = sampleInstance(city, { problem: 'acvrptw', n: 20, seed: 11 });

  it('sets demand, service and window', () => {
    const next = setNodeFields(base, 3, { demand: 5, service: 60, ready: 100, due: 2000 });
    expect([next.demand[3], next.service[3], next.ready[3], next.due[3]]).toEqual([5, 60, 100, 2000]);
    expect(base.demand[3]).not.toBe(5 + 0.5);
    expect(instanceProblems(next)).toEqual([]);
  });

  it('rejects invalid values with a message naming the field', () => {
    const bad = (patch: Parameters<typeof setNodeFields>[2]) => {
      try {
        setNodeFields(base, 3, patch);
      } catch (err) {
        return [(err as EditError).field, (err as Error).message];
      }
      return null;
    };
    expect(bad({ demand: -2 })).toEqual(['demand', expect.stringMatching(/≥ 0/)]);
    expect(bad({ demand: NaN })).toEqual(['demand', expect.any(String)]);
    expect(bad({ service: -1 })).toEqual(['service', expect.any(String)]);
    expect(bad({ ready: 500, due: 400 })).toEqual(['due', expect.stringMatching(/ready must be ≤ due/)]);
    expect(bad({ ready: -1 })).toEqual(['ready', expect.any(String)]);
    expect(bad({ demand: 3 })).toBeNull();
    expect(() => setNodeFields(base, 0, { demand: 1 })).toThrow(/depot has no demand/);
    expect(setNodeFields(base, 3, { due: Infinity }).due[3]).toBe(Infinity);
  });

  it('defaults for a new stop leave room to return before the horizon', () => {
    const f = defaultFields(base, 4, [4]);
    expect(f.ready).toBe(0);
    expect(f.due).toBeLessThan(base.due[0]);
  });
});

describe('fleet and profiles', () => {
  it('sets capacity, count and shift of a single-type fleet', () => {
    const base = sampleInstance(city, { problem: 'acvrp', n: 30, seed: 1 });
    const next = setVehicle(base, 0, { capacity: 80, count: 4 });
    expect(next.vehicles[0].capacity).toBe(80);
    expect(next.vehicles[0].count).toBe(4);
    expect(base.vehicles[0].capacity).not.toBe(80);
    expect(() => setVehicle(base, 0, { capacity: 0 })).toThrow(/capacity must be > 0/);
    expect(() => setVehicle(base, 0, { count: 1.5 })).toThrow(/whole number/);
    expect(() => setVehicle(base, 0, { shift: [100, 50] })).toThrow(/ends before it starts/);
    expect(setVehicleCount(base, Infinity).vehicles[0].count).toBe(Infinity);
    const tight = setVehicle(base, 0, { count: 1 });
    expect(scenarioWarnings(tight).join(' ')).toMatch(/exceeds what the fleet can carry/);
  });

  it('resizes a PVRP fleet with neutral profiles for new vehicles', () => {
    const base = sampleInstance(city, { problem: 'pvrp-p', n: 30, seed: 2, vehicles: 3 });
    const more = setVehicleCount(base, 5);
    expect(more.vehicles.map((v) => v.id)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    expect(Array.from(more.vehicles[4].preference!).every((x) => x === 0)).toBe(true);
    expect(Array.from(more.vehicles[0].preference!)).toEqual(Array.from(base.vehicles[0].preference!));
    const fewer = setVehicleCount(more, 2);
    expect(fewer.vehicles).toHaveLength(2);
    solvable(fewer);
    const pref = setPreference(base, 1, [3, 4, 0], 0.9);
    expect(pref.vehicles[1].preference![3]).toBe(0.9);
    expect(pref.vehicles[1].preference![0]).toBe(0);
    expect(base.vehicles[1].preference![3]).not.toBe(0.9);
  });

  it('says when a PVRP-ZC scenario has no bans at all', () => {
    // CAMP's random zones draw ⌊U(0, 2/3)·m⌋ bans: none for this seed.
    const open = sampleInstance(city, { problem: 'pvrp-zc', n: 100, seed: 1, profile: 'random' });
    expect(open.vehicles.every((v, k) => bannedNodes(open, k).length === 0)).toBe(true);
    expect(scenarioWarnings(open).join(' ')).toMatch(/No vehicle is banned from any stop/);
    const zoned = sampleInstance(city, { problem: 'pvrp-zc', n: 30, seed: 1, profile: 'angular' });
    expect(scenarioWarnings(zoned).join(' ')).not.toMatch(/banned from any stop/);
    expect(scenarioWarnings(sampleInstance(city, { problem: 'pvrp-p', n: 30, seed: 1 })).join(' ')).not.toMatch(/banned/);
  });

  it('bans a vehicle from nodes, keeping every stop covered, and the solver respects it', () => {
    const base = sampleInstance(city, { problem: 'pvrp-zc', n: 50, seed: 8, vehicles: 4, profile: 'random' });
    const area = clientNodes(base).slice(0, 30);
    const { instance, changed, kept } = setZone(base, 0, area, true);
    for (const j of area) {
      const coveredElsewhere = base.vehicles.some((w, x) => x !== 0 && (!w.allowed || w.allowed[j]));
      if (coveredElsewhere) expect(instance.vehicles[0].allowed![j]).toBe(0);
      else expect(kept).toContain(j);
    }
    expect(changed.length + kept.length).toBeLessThanOrEqual(area.length);
    expect(bannedNodes(instance, 0)).toEqual(expect.arrayContaining(changed));
    expect(scenarioWarnings(instance).join(' ')).not.toMatch(/no allowed vehicle/);
    const sol = nearestNeighbour(instance);
    for (const r of sol.routes) if (r.vehicle === 0) for (const j of r.stops) expect(instance.vehicles[0].allowed![j]).toBe(1);
    expect(evaluate(instance, sol).feasible).toBe(true);

    const allowedAgain = setZone(instance, 0, area, false).instance;
    expect(bannedNodes(allowedAgain, 0).filter((j) => area.includes(j))).toEqual([]);
    // Without coverage protection the planner can strand a stop, and is warned.
    const strand = setZone(setZone(base, 1, [area[0]], true, false).instance, 0, [area[0]], true, false).instance;
    const stranded = strand.vehicles.every((v) => !v.allowed![area[0]]);
    if (stranded) expect(scenarioWarnings(strand).join(' ')).toMatch(/no allowed vehicle/);
  });

  it('every edit keeps the instance valid over a random sequence', () => {
    let inst = sampleInstance(city, { problem: 'pvrp-zc', n: 20, seed: 21, vehicles: 3 });
    let x = 7;
    const rand = (k: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % k);
    for (let step = 0; step < 60; step++) {
      const clients = clientNodes(inst);
      const op = rand(6);
      if (op === 0) inst = addStop(inst, cityArcs(city, inst.meta.cityPoints!, freePoint(inst, rand(900))));
      else if (op === 1 && clients.length > 2) inst = removeStop(inst, clients[rand(clients.length)]);
      else if (op === 2) inst = makeDepot(inst, clients[rand(clients.length)]);
      else if (op === 3) inst = setZone(inst, rand(inst.vehicles.length), clients.filter(() => rand(2) === 0), true).instance;
      else if (op === 4) inst = setVehicleCount(inst, 1 + rand(5));
      else inst = setNodeFields(inst, clients[rand(clients.length)], { demand: rand(10) });
      expect(instanceProblems(inst)).toEqual([]);
      expectCityMatrices(inst);
      expect(inst.depot).toBe(0);
    }
    expect(cloneInstance(inst)).not.toBe(inst);
  });
});
