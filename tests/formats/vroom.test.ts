import { describe, expect, it } from 'vitest';
import { parseProblemFile, parseSolutionFile } from '../../src/core/formats/index';
import { exportVroom, vroomOutputFromJson } from '../../src/core/formats/vroom';
import { FormatError } from '../../src/core/errors';
import { evaluate, type Evaluation } from '../../src/core/evaluate';
import { defaultVehicle, makeInstance, type Instance, type ProblemKind } from '../../src/core/instance';
import { Rng } from '../../src/core/random';
import { sampleInstance } from '../../src/core/cities/sampler';
import { bundledCity } from '../helpers';
import { returnDeadline } from '../../src/core/rules';
import type { Solution } from '../../src/core/solution';

const bytes = (x: unknown) => new TextEncoder().encode(typeof x === 'string' ? x : JSON.stringify(x));

function load(file: string, json: unknown) {
  const r = parseProblemFile(file, bytes(json));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const durations = [
  [0, 10, 20, 30, 40],
  [10, 0, 15, 25, 35],
  [21, 16, 0, 12, 22],
  [31, 26, 13, 0, 9],
  [41, 36, 23, 8, 0],
];
const distances = durations.map((row) => row.map((x) => x * 10));

const handProblem = {
  vehicles: [
    { id: 7, start_index: 0, end_index: 0, capacity: [10], time_window: [0, 1000] },
    { id: 9, start_index: 0, end_index: 1, capacity: [8], speed_factor: 2 },
  ],
  jobs: [
    { id: 101, location_index: 2, delivery: [3], service: 10, time_windows: [[0, 500]] },
    { id: 102, location_index: 3, delivery: [4], service: 5 },
    { id: 103, location_index: 3, amount: [2] },
    { id: 104, location_index: 4, pickup: [1], time_windows: [[100, 400]] },
  ],
  matrices: { car: { durations, distances } },
  solution: {
    code: 0,
    summary: { cost: 123 },
    unassigned: [{ id: 104, type: 'job' }],
    routes: [
      { vehicle: 7, steps: [{ type: 'start' }, { type: 'job', id: 102 }, { type: 'job', id: 101 }, { type: 'end' }] },
      { vehicle: 9, steps: [{ type: 'start' }, { type: 'job', id: 103 }, { type: 'end' }] },
    ],
  },
};

describe('VROOM input', () => {
  it('lays out depots first, then one node per job, looking rows up by location_index', () => {
    const loaded = load('hand.json', handProblem);
    expect(loaded.format).toBe('vroom-input');
    const inst = loaded.instance(0);
    expect(inst.n).toBe(6);
    expect(inst.labels).toEqual(['start:7', 'end:9', '101', '102', '103', '104']);
    expect(inst.depot).toBe(0);
    expect(inst.kind).toBe('acvrptw');
    expect(inst.units).toEqual({ distance: 'm', time: 's' });
    // Jobs 102 and 103 share location 3: two nodes, one matrix row.
    expect(inst.duration[3 * 6 + 4]).toBe(0);
    expect(inst.duration[4 * 6 + 3]).toBe(0);
    expect(inst.duration[0 * 6 + 5]).toBe(40);
    expect(inst.duration[5 * 6 + 1]).toBe(36);
    expect(inst.distance[2 * 6 + 3]).toBe(120);
    expect(Array.from(inst.demand)).toEqual([0, 0, 3, 4, 2, 1]);
    expect(Array.from(inst.service)).toEqual([0, 0, 10, 5, 0, 0]);
    expect(Array.from(inst.ready)).toEqual([0, 0, 0, 0, 0, 100]);
    // Depot 0 is used by vehicle 9 too, whose shift never ends.
    expect(Array.from(inst.due)).toEqual([Infinity, Infinity, 500, Infinity, Infinity, 400]);
    expect(inst.vehicles).toEqual([
      { id: '7', capacity: 10, start: 0, end: 0, shift: [0, 1000], count: 1, trips: 1, speed: 1 },
      { id: '9', capacity: 8, start: 0, end: 1, shift: [0, Infinity], count: 1, trips: 1, speed: 2 },
    ]);
    expect(inst.meta.warnings?.some((w) => w.includes('pickup'))).toBe(true);
  });

  it('reads the solution key into routes and unassigned', () => {
    const loaded = load('hand.json', handProblem);
    expect(loaded.solution).toEqual({
      routes: [
        { vehicle: 0, stops: [3, 2] },
        { vehicle: 1, stops: [4] },
      ],
      unassigned: [{ node: 5, reason: 'no-reason' }],
    });
    const ev = evaluate(loaded.instance(0), loaded.solution!);
    expect(ev.violations).toEqual([]);
    expect(ev.distance).toBe(300 + 130 + 210 + 300 + 260);
  });

  it('is an open route when the vehicle has no end, and acvrp without windows', () => {
    const inst = load('open.json', {
      vehicles: [{ id: 1, start_index: 0 }],
      jobs: [{ id: 5, location_index: 1 }],
      matrix: [
        [0, 3],
        [4, 0],
      ],
    }).instance(0);
    expect(inst.kind).toBe('acvrp');
    expect(inst.vehicles[0].end).toBe(-1);
    expect(inst.vehicles[0].capacity).toBe(Infinity);
    // The legacy matrix has no distances: durations stand in, with a warning.
    expect(inst.distance[1]).toBe(3);
    expect(inst.meta.warnings?.some((w) => w.includes('no distances'))).toBe(true);
  });

  it('builds a flagged crow-fly matrix when every place has coordinates but there is no matrix', () => {
    const inst = load('coords.json', {
      vehicles: [{ id: 1, start: [7.42, 43.73], end: [7.42, 43.73] }],
      jobs: [
        { id: 1, location: [7.43, 43.74] },
        { id: 2, location: [7.41, 43.735] },
      ],
    }).instance(0);
    expect(inst.n).toBe(3);
    expect(Array.from(inst.coords!)).toEqual([7.42, 43.73, 7.43, 43.74, 7.41, 43.735]);
    expect(inst.estimated && Array.from(inst.estimated).every((x) => x === 1)).toBe(true);
    expect(inst.distance[1]).toBeGreaterThan(1000);
    expect(inst.distance[1]).toBeLessThan(1600);
    expect(inst.meta.warnings?.some((w) => w.includes('estimates'))).toBe(true);
  });

  it('maps skills to allowed masks only for vehicles that lose a job', () => {
    const inst = load('skills.json', {
      vehicles: [
        { id: 1, start_index: 0, skills: [1, 2] },
        { id: 2, start_index: 0, skills: [2] },
      ],
      jobs: [
        { id: 10, location_index: 1, skills: [1] },
        { id: 11, location_index: 1, skills: [2] },
      ],
      matrix: [
        [0, 1],
        [1, 0],
      ],
    }).instance(0);
    expect(inst.vehicles[0].allowed).toBeUndefined();
    expect(Array.from(inst.vehicles[1].allowed!)).toEqual([1, 0, 1]);
  });
});

function kpis(ev: Evaluation) {
  return { cost: ev.cost, distance: ev.distance, duration: ev.duration, waiting: ev.waiting, vehicles: ev.vehicles, feasible: ev.feasible, violations: ev.violations.length };
}

function roundTrip(inst: Instance, sol: Solution) {
  const text = JSON.stringify(exportVroom(inst, sol));
  const loaded = load('roundtrip.json', text);
  return { back: loaded.instance(0), sol: loaded.solution!, json: JSON.parse(text) };
}

function expectSameProblem(a: Instance, b: Instance) {
  expect(b.n).toBe(a.n);
  expect(b.kind).toBe(a.kind);
  expect(Array.from(b.distance)).toEqual(Array.from(a.distance));
  expect(Array.from(b.duration)).toEqual(Array.from(a.duration));
  expect(Array.from(b.demand)).toEqual(Array.from(a.demand));
  expect(Array.from(b.service)).toEqual(Array.from(a.service));
  expect(Array.from(b.ready)).toEqual(Array.from(a.ready));
  expect(Array.from(b.due)).toEqual(Array.from(a.due));
  expect(b.depot).toBe(a.depot);
}

describe('VROOM export round trip', () => {
  // Two depots (vehicle 9 ends elsewhere), an open route, a ban, a speed factor, integer matrices.
  function handInstance(): { inst: Instance; sol: Solution } {
    const n = 6;
    const rng = new Rng(7);
    const duration = Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 0 : rng.intIn(5, 60)));
    const distance = Float64Array.from(duration, (x) => x * 12);
    const allowed = Uint8Array.from([1, 1, 1, 0, 1, 1]);
    const inst = makeInstance({
      name: 'hand',
      kind: 'acvrptw',
      n,
      distance,
      duration,
      labels: ['depot', 'yard', 'a', 'b', 'c', 'd'],
      coords: Float64Array.from([7.42, 43.73, 7.43, 43.74, 7.41, 43.735, 7.425, 43.738, 7.415, 43.732, 7.428, 43.741]),
      coordSystem: 'lonlat',
      depot: 0,
      demand: Float64Array.from([0, 0, 3, 4, 2, 5]),
      service: Float64Array.from([0, 0, 10, 0, 30, 5]),
      ready: Float64Array.from([0, 0, 0, 50, 0, 20]),
      due: Float64Array.from([Infinity, Infinity, 200, 300, Infinity, 100]),
      vehicles: [
        { id: 'van', capacity: 10, start: 0, end: 0, shift: [0, 1000], count: 1, trips: 1, speed: 1 },
        { id: 'truck', capacity: 8, start: 0, end: 1, shift: [30, Infinity], count: 1, trips: 1, speed: 2, allowed },
        { id: 'bike', capacity: Infinity, start: 0, end: -1, shift: [0, Infinity], count: 1, trips: 1, speed: 1 },
      ],
      units: { distance: 'm', time: 's' },
    });
    const sol: Solution = {
      routes: [
        { vehicle: 0, stops: [3, 2] },
        { vehicle: 1, stops: [5] },
        { vehicle: 2, stops: [] },
      ],
      unassigned: [{ node: 4, reason: 'capacity' }],
    };
    return { inst, sol };
  }

  it('keeps nodes, matrices, demands, windows and vehicles of a hand instance', () => {
    const { inst, sol } = handInstance();
    const { back, json } = roundTrip(inst, sol);
    expectSameProblem(inst, back);
    expect(Array.from(back.coords!)).toEqual(Array.from(inst.coords!));
    expect(back.vehicles.map((v) => [v.capacity, v.start, v.end, v.speed, returnDeadline(back, v), v.shift[0]])).toEqual(
      inst.vehicles.map((v) => [v.capacity, v.start, v.end, v.speed, returnDeadline(inst, v), v.shift[0]]),
    );
    const allowedOf = (x: Instance) => x.vehicles.map((v) => Array.from({ length: x.n }, (_, j) => (!v.allowed || v.allowed[j] ? 1 : 0)));
    expect(allowedOf(back)).toEqual(allowedOf(inst));
    // Labels that are not integers cannot be VROOM ids: node indices stand in, labels go to descriptions.
    expect(json.jobs.map((j: { id: number; description: string }) => [j.id, j.description])).toEqual([
      [2, 'a'],
      [3, 'b'],
      [4, 'c'],
      [5, 'd'],
    ]);
    // An unlimited capacity is written as a huge integer (VROOM reads a missing one as 0).
    expect(json.vehicles[2].capacity).toEqual([2147483647]);
  });

  it('gives the same KPIs on the re-imported instance and solution', () => {
    const { inst, sol } = handInstance();
    const { back, sol: backSol, json } = roundTrip(inst, sol);
    const before = evaluate(inst, sol);
    const after = evaluate(back, backSol);
    expect(kpis(after)).toEqual(kpis(before));
    expect(json.solution.code).toBe(0);
    expect(json.solution.summary.unassigned).toBe(1);
    expect(json.solution.unassigned).toEqual([{ id: 4, type: 'job', description: 'c', location_index: 4, location: [7.415, 43.732] }]);
    const steps = json.solution.routes[0].steps;
    expect(steps.map((s: { type: string }) => s.type)).toEqual(['start', 'job', 'job', 'end']);
    expect(steps.map((s: { load: number[] }) => s.load[0])).toEqual([7, 3, 0, 0]);
    expect(steps[3].distance).toBe(json.solution.routes[0].distance);
  });

  function randomInstance(kind: ProblemKind): { inst: Instance; sol: Solution } {
    const n = 31;
    const rng = new Rng(2024);
    const duration = Float64Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 0 : rng.intIn(30, 900)));
    const distance = Float64Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 0 : rng.intIn(100, 9000)));
    const demand = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 0 : rng.intIn(1, 9)));
    const service = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 0 : rng.intIn(0, 120)));
    const ready = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 0 : rng.intIn(0, 3000)));
    const due = Float64Array.from(ready, (r, i) => (i === 0 ? 20000 : r + rng.intIn(600, 4000)));
    const inst = makeInstance({
      name: 'random30',
      kind,
      n,
      distance,
      duration,
      demand,
      service,
      ...(kind === 'acvrptw' ? { ready, due } : {}),
      vehicles: [defaultVehicle(kind, 0, kind === 'acvrptw' ? 20000 : Infinity, 25)],
    });
    const routes: Solution['routes'] = [];
    let current: number[] = [];
    let load = 0;
    for (let j = 1; j < n; j++) {
      if (load + demand[j] > 25) {
        routes.push({ vehicle: 0, stops: current });
        current = [];
        load = 0;
      }
      current.push(j);
      load += demand[j];
    }
    routes.push({ vehicle: 0, stops: current });
    return { inst, sol: { routes, unassigned: [] } };
  }

  it.each(['acvrp', 'acvrptw'] as const)('keeps a 30-stop %s instance from makeInstance and its KPIs', (kind) => {
    const { inst, sol } = randomInstance(kind);
    const { back, sol: backSol } = roundTrip(inst, sol);
    expectSameProblem(inst, back);
    // The unlimited fleet is one VROOM vehicle per client, read back as the one unlimited type.
    expect(back.vehicles).toHaveLength(1);
    expect(back.vehicles[0]).toMatchObject({ capacity: 25, start: 0, end: 0, count: Infinity, trips: 1 });
    const before = evaluate(inst, sol);
    const after = evaluate(back, backSol);
    expect(kpis(after)).toEqual(kpis(before));
    expect(before.vehicles).toBeGreaterThan(3);
  });

  /** Each stop on a trip of the first vehicle allowed to serve it, trips cut at the capacity. */
  function tripsOf(inst: Instance): Solution {
    const open = new Map<number, { stops: number[]; load: number }>();
    const routes: Solution['routes'] = [];
    for (let j = 1; j < inst.n; j++) {
      const k = inst.vehicles.findIndex((v) => !v.allowed || v.allowed[j]);
      let trip = open.get(k);
      if (!trip || trip.load + inst.demand[j] > inst.vehicles[k].capacity) {
        trip = { stops: [], load: 0 };
        open.set(k, trip);
        routes.push({ vehicle: k, stops: trip.stops });
      }
      trip.stops.push(j);
      trip.load += inst.demand[j];
    }
    return { routes, unassigned: [] };
  }

  it.each(['pvrp-zc', 'pvrp-p'] as const)('keeps a sampled %s scenario: kind, bans, preferences, the fleet and its trips', (problem) => {
    const sampled = sampleInstance(bundledCity('Monaco'), { problem, n: 40, seed: 3, profile: 'angular' });
    // VROOM's matrices are integers: whole seconds and metres keep the KPIs exact through the trip.
    const inst = { ...sampled, distance: sampled.distance.map(Math.round), duration: sampled.duration.map(Math.round) };
    const sol = tripsOf(inst);
    const { back, sol: backSol } = roundTrip(inst, sol);
    expect(back.kind).toBe(problem);
    expect(back.vehicles.map((v) => [v.id, v.count, v.trips, v.capacity])).toEqual(inst.vehicles.map((v) => [v.id, v.count, v.trips, v.capacity]));
    const allowedOf = (x: Instance) => x.vehicles.map((v) => Array.from({ length: x.n }, (_, j) => (!v.allowed || v.allowed[j] ? 1 : 0)));
    expect(allowedOf(back)).toEqual(allowedOf(inst));
    if (problem === 'pvrp-zc') expect(allowedOf(back).flat()).toContain(0);
    const preferenceOf = (x: Instance) => x.vehicles.map((v) => (v.preference ? Array.from(v.preference) : null));
    expect(preferenceOf(back)).toEqual(preferenceOf(inst));
    expect(back.objective).toEqual(inst.objective);
    expect(backSol.routes.map((r) => [r.vehicle, r.stops])).toEqual(sol.routes.map((r) => [r.vehicle, r.stops]));
    const [before, after] = [evaluate(inst, sol), evaluate(back, backSol)];
    expect(before.feasible).toBe(true);
    expect(kpis(after)).toEqual(kpis(before));
  });

  it('locates a broken fleet note', () => {
    const json = exportVroom(randomInstance('acvrp').inst);
    json.routelab.vehicles[0].vroom[0] = 999;
    const r = parseProblemFile('note.json', bytes(json));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('routelab.vehicles[0].vroom[0]');
  });

  it('rounds fractional matrices and writes unreachable cells as a sentinel read back as Infinity', () => {
    const inst = makeInstance({
      name: 'frac',
      kind: 'acvrp',
      n: 2,
      distance: Float64Array.from([0, 10.6, Infinity, 0]),
      duration: Float64Array.from([0, 4.4, 9, 0]),
    });
    const json = exportVroom(inst);
    expect(json.matrices.car.distances).toEqual([
      [0, 11],
      [2147483647, 0],
    ]);
    expect(json.matrices.car.durations).toEqual([
      [0, 4],
      [9, 0],
    ]);
    const back = load('frac.json', json).instance(0);
    expect(back.distance[2]).toBe(Infinity);
  });
});

describe('VROOM output', () => {
  const inst = load('hand.json', handProblem).instance(0);

  it('maps job and vehicle ids back to nodes and vehicles', () => {
    const out = vroomOutputFromJson('out.json', handProblem.solution, inst);
    expect(out.format).toBe('vroom-output');
    expect(out.statedCost).toBe(123);
    expect(out.solution.routes[0]).toEqual({ vehicle: 0, stops: [3, 2] });
  });

  it('reports an unknown job id with its field path', () => {
    const bad = {
      code: 0,
      summary: { cost: 1 },
      routes: [
        { vehicle: 7, steps: [{ type: 'start' }, { type: 'job', id: 101 }, { type: 'end' }] },
        { vehicle: 9, steps: [{ type: 'start' }, { type: 'job', id: 102 }, { type: 'job', id: 999 }, { type: 'end' }] },
      ],
    };
    expect(() => vroomOutputFromJson('out.json', bad, inst)).toThrow(FormatError);
    const r = parseSolutionFile('out.json', bytes(bad), inst);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.field).toBe('routes[1].steps[2].id');
    expect(r.error.message).toContain('999');
  });

  it('reports an unknown vehicle id and a failed run', () => {
    const r = parseSolutionFile('out.json', bytes({ code: 0, summary: {}, routes: [{ vehicle: 3, steps: [] }] }), inst);
    expect(!r.ok && r.error.field).toBe('routes[0].vehicle');
    const failed = parseSolutionFile('out.json', bytes({ code: 2, error: 'Invalid vehicles.', summary: {}, routes: [] }), inst);
    expect(!failed.ok && failed.error.message).toContain('Invalid vehicles.');
  });

  it('locates errors inside an embedded solution key', () => {
    const r = parseProblemFile('hand.json', bytes({ ...handProblem, solution: { ...handProblem.solution, unassigned: [{ id: 5, type: 'job' }] } }));
    expect(!r.ok && r.error.field).toBe('solution.unassigned[0].id');
  });
});
