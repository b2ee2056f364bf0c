import { describe, expect, it } from 'vitest';
import { catchFormat } from '../../src/core/errors';
import { evaluate } from '../../src/core/evaluate';
import { writeNpz, type NpyData } from '../../src/core/formats/npy';
import { parseNpz } from '../../src/core/formats/npz-files';
import { osrmTableFromJson } from '../../src/core/formats/osrm';
import { instanceFromMatrices } from '../../src/core/formats/matrix-instance';
import type { ParseOptions } from '../../src/core/formats/types';

type Arrays = Record<string, { data: NpyData; shape: number[] }>;
const B = 2;
const N = 5;

function load(arrays: Arrays, opts: ParseOptions = {}, file = 'batch.npz') {
  const warnings: string[] = [];
  const loaded = parseNpz(file, writeNpz(arrays), opts, (w) => warnings.push(w));
  return { loaded, warnings };
}

function parseError(arrays: Arrays, opts: ParseOptions = {}) {
  const r = catchFormat('bad.npz', () => parseNpz('bad.npz', writeNpz(arrays), opts));
  if (r.ok) throw new Error('expected a parse error');
  return r.error;
}

/** d[b][i][j] = (b + 1)·(0.25 i + 0.5 j + 0.125) km off the diagonal: exact in float32. */
function batchMatrix(n: number): Float32Array {
  const out = new Float32Array(B * n * n);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[(b * n + i) * n + j] = i === j ? 0 : (b + 1) * (0.25 * i + 0.5 * j + 0.125);
  }
  return out;
}

function coords(count: number): Float32Array {
  return Float32Array.from({ length: B * count * 2 }, (_, k) => (k % 7) / 8);
}

describe('RRNCO atsp batch', () => {
  const arrays: Arrays = {
    locs: { data: coords(N), shape: [B, N, 2] },
    distance_matrix: { data: batchMatrix(N), shape: [B, N, N] },
  };

  it('reads B lazy instances in metres, with no durations (distance stands in for the rules)', () => {
    const { loaded } = load(arrays);
    expect(loaded.format).toBe('rrnco-batch');
    expect(loaded.count).toBe(2);
    const inst = loaded.instance(1);
    expect(inst.kind).toBe('atsp');
    expect(inst.n).toBe(5);
    expect(inst.depot).toBe(-1);
    expect(inst.units).toEqual({ distance: 'm', time: 'none' });
    expect(inst.coordSystem).toBe('planar');
    expect(inst.distance[0 * 5 + 1]).toBe(1250);
    expect(inst.duration[0 * 5 + 1]).toBe(1250);
    expect(Array.from(inst.coords!.subarray(0, 4))).toEqual([3 / 8, 4 / 8, 5 / 8, 6 / 8]);
    expect(() => loaded.instance(2)).toThrow(RangeError);
  });

  it('scores the tour 0-1-2-3-4 with the closing arc', () => {
    const inst = load(arrays).loaded.instance(1);
    // 2·(0.625 + 1.375 + 2.125 + 2.875 + 1.125) km
    const ev = evaluate(inst, { routes: [{ vehicle: 0, stops: [0, 1, 2, 3, 4] }], unassigned: [] });
    expect(ev.distance).toBe(16250);
    expect(ev.feasible).toBe(true);
  });

  it('keeps the file kind over a requested problem, with a warning', () => {
    const { loaded, warnings } = load(arrays, { problem: 'acvrp' });
    expect(loaded.instance(0).kind).toBe('atsp');
    expect(warnings.join()).toMatch(/holds atsp instances/);
    expect(loaded.instance(1).meta.warnings).toEqual(warnings);
  });
});

describe('RRNCO rcvrp batch', () => {
  const arrays: Arrays = {
    depot: { data: Float32Array.from([0.5, 0.5, 0.25, 0.75]), shape: [B, 2] },
    locs: { data: coords(N), shape: [B, N, 2] },
    demand: { data: Float32Array.from([1, 2, 3, 4, 5, 9, 9, 9, 9, 9]), shape: [B, N] },
    capacity: { data: Float32Array.from([10, 6]), shape: [B] },
    distance_matrix: { data: batchMatrix(N + 1), shape: [B, N + 1, N + 1] },
  };

  it('puts the depot at node 0 with raw demands and the file capacity', () => {
    const inst = load(arrays).loaded.instance(0);
    expect(inst.kind).toBe('acvrp');
    expect(inst.n).toBe(6);
    expect(inst.depot).toBe(0);
    expect(Array.from(inst.demand)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(inst.vehicles).toHaveLength(1);
    expect(inst.vehicles[0]).toMatchObject({ capacity: 10, start: 0, end: 0, count: Infinity });
    expect(Array.from(inst.coords!.subarray(0, 2))).toEqual([0.5, 0.5]);
    expect(load(arrays).loaded.instance(1).vehicles[0].capacity).toBe(6);
  });

  it('evaluates a two-route solution to the hand-computed distance', () => {
    const inst = load(arrays).loaded.instance(0);
    const ev = evaluate(inst, { routes: [{ vehicle: 0, stops: [1, 2, 3] }, { vehicle: 0, stops: [4, 5] }], unassigned: [] });
    // 0→1→2→3→0: 0.625 + 1.375 + 2.125 + 0.875; 0→4→5→0: 2.125 + 3.625 + 1.375 (km)
    expect(ev.distance).toBe(12125);
    expect(ev.feasible).toBe(true);
    const tight = load(arrays).loaded.instance(1);
    const ev1 = evaluate(tight, { routes: [{ vehicle: 0, stops: [1, 2, 3, 4, 5] }], unassigned: [] });
    expect(ev1.violations.map((v) => v.kind)).toContain('capacity');
  });

  it('accepts capacity shaped (B, 1)', () => {
    const inst = load({ ...arrays, capacity: { data: Float32Array.from([7, 8]), shape: [B, 1] } }).loaded.instance(1);
    expect(inst.vehicles[0].capacity).toBe(8);
  });

  it('reports a demand of the wrong shape against npz:demand', () => {
    const err = parseError({ ...arrays, demand: { data: new Float32Array(8), shape: [B, 4] } });
    expect(err.field).toBe('npz:demand');
    expect(err.message).toContain('shape (B, N) = (2, 5)');
  });

  it('locates NaN and negative matrix cells', () => {
    const bad = batchMatrix(N + 1);
    bad[(1 * 6 + 2) * 6 + 3] = NaN;
    expect(parseError({ ...arrays, distance_matrix: { data: bad, shape: [B, 6, 6] } }).field).toBe('npz:distance_matrix[1][2][3]');
    bad[(1 * 6 + 2) * 6 + 3] = 1;
    bad[4] = -2;
    expect(parseError({ ...arrays, distance_matrix: { data: bad, shape: [B, 6, 6] } }).field).toBe('npz:distance_matrix[0][0][4]');
  });

  it('treats RRNCO huge values as unreachable', () => {
    const m = batchMatrix(N + 1);
    m[1] = 1e9;
    const inst = load({ ...arrays, distance_matrix: { data: m, shape: [B, 6, 6] } }).loaded.instance(0);
    expect(inst.distance[1]).toBe(Infinity);
  });
});

describe('RRNCO rcvrptw batch', () => {
  const n = N + 1;
  const windows = new Float64Array(B * n * 2);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < n; i++) {
      windows[(b * n + i) * 2] = i === 0 ? 0 : 1 + 0.25 * i;
      windows[(b * n + i) * 2 + 1] = i === 0 ? 4.6 : 2 + 0.25 * i;
    }
  }
  // duration = distance / 8 in the abstract unit.
  const durationMatrix = batchMatrix(n).map((x) => x / 8);
  const arrays: Arrays = {
    locs: { data: coords(n), shape: [B, n, 2] },
    demand_linehaul: { data: Float64Array.from({ length: B * N }, (_, k) => ((k % N) + 1) / 50), shape: [B, N] },
    vehicle_capacity: { data: Float32Array.from([1, 1]), shape: [B, 1] },
    speed: { data: Float32Array.from([1, 1]), shape: [B, 1] },
    time_windows: { data: windows, shape: [B, n, 2] },
    service_time: { data: Float64Array.from({ length: B * n }, (_, k) => (k % n === 0 ? 0 : 0.125)), shape: [B, n] },
    distance_matrix: { data: batchMatrix(n), shape: [B, n, n] },
    duration_matrix: { data: durationMatrix, shape: [B, n, n] },
  };

  it('reads windows, service, normalised demands and the depot shift', () => {
    const inst = load(arrays).loaded.instance(0);
    expect(inst.kind).toBe('acvrptw');
    expect(inst.n).toBe(6);
    expect(inst.units).toEqual({ distance: 'm', time: 'abstract' });
    expect(inst.demand[0]).toBe(0);
    expect(inst.demand[3]).toBeCloseTo(3 / 50, 12);
    expect(inst.ready[2]).toBe(1.5);
    expect(inst.due[2]).toBe(2.5);
    expect(inst.service[0]).toBe(0);
    expect(inst.service[4]).toBe(0.125);
    expect(inst.vehicles[0]).toMatchObject({ capacity: 1, shift: [0, 4.6], count: Infinity });
    expect(inst.duration[1]).toBe(0.625 / 8);
    expect(inst.distance[1]).toBe(625);
  });

  it('scores distance and checks windows on the normalised durations', () => {
    const inst = load(arrays).loaded.instance(0);
    const ok = evaluate(inst, { routes: [{ vehicle: 0, stops: [1, 2, 3, 4, 5] }], unassigned: [] });
    // 0.625 + 1.375 + 2.125 + 2.875 + 3.625 + 1.375 km
    expect(ok.distance).toBe(12000);
    expect(ok.feasible).toBe(true);
    // Node 5 first (ready 2.25), then node 1 whose window closes at 2.25: late.
    const late = evaluate(inst, { routes: [{ vehicle: 0, stops: [5, 1, 2, 3, 4] }], unassigned: [] });
    expect(late.violations.some((v) => v.kind === 'time-window' && v.node === 1)).toBe(true);
  });
});

describe('CAMP PVRP batch', () => {
  const m = 2;
  // Depot (0,0); clients on a 3-4-5 grid so that every route length is exact.
  const pts = [0.3, 0.4, 0.6, 0.8, 0, 0.5, 0.5, 0.5, 0.5, 0];
  const arrays: Arrays = {
    depot: { data: new Float64Array(B * 2), shape: [B, 2] },
    locs: { data: Float64Array.from([...pts, ...pts]), shape: [B, N, 2] },
    demand: { data: Float32Array.from([1, 2, 3, 4, 5, 1, 1, 1, 1, 1]), shape: [B, N] },
    capacity: { data: Float32Array.from([40, 40, 40, 40]), shape: [B, m] },
    speed: { data: Float32Array.from([1, 2, 1, 2]), shape: [B, m] },
    preference: {
      data: Float32Array.from([1, 0.5, 0, 0, 0, 0, 0, 0.25, 0.25, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
      shape: [B, m, N],
    },
  };
  const solution = { routes: [{ vehicle: 0, stops: [1, 2] }, { vehicle: 1, stops: [3, 4, 5] }], unassigned: [] };

  it('builds pvrp-p instances with one vehicle per profile row', () => {
    const { loaded } = load(arrays, {}, 'n5_m2_seed1234_random.npz');
    expect(loaded.format).toBe('camp-pvrp');
    expect(loaded.count).toBe(2);
    const inst = loaded.instance(0);
    expect(inst.kind).toBe('pvrp-p');
    expect(inst.n).toBe(6);
    expect(inst.name).toBe('n5_m2_seed1234_random#0');
    expect(inst.vehicles).toHaveLength(2);
    expect(inst.vehicles[1]).toMatchObject({ count: 1, trips: Infinity, capacity: 40, speed: 2, start: 0, end: 0 });
    expect(Array.from(inst.vehicles[0].preference!)).toEqual([0, 1, 0.5, 0, 0, 0]);
    expect(inst.distance[0 * 6 + 2]).toBeCloseTo(1, 12);
    expect(inst.objective).toMatchObject({ timeWeight: 0.8, preferenceWeight: 0.2 });
  });

  it('scores 0.8·time − 0.2·preference', () => {
    const ev = evaluate(load(arrays).loaded.instance(0), solution);
    // vehicle 1: 0.5 + 0.5 + 1 = 2 at speed 1; vehicle 2: 4 × 0.5 = 2 at speed 2 → time 3; preference 1.5 + 1.5
    expect(ev.distance).toBeCloseTo(4, 9);
    expect(ev.duration).toBeCloseTo(3, 9);
    expect(ev.preference).toBeCloseTo(3, 9);
    expect(ev.cost).toBeCloseTo(0.8 * 3 - 0.2 * 3, 9);
    expect(ev.feasible).toBe(true);
  });

  it('turns preferences into zone masks for pvrp-zc', () => {
    const { loaded, warnings } = load(arrays, { problem: 'pvrp-zc' });
    const inst = loaded.instance(0);
    expect(inst.kind).toBe('pvrp-zc');
    expect(Array.from(inst.vehicles[0].allowed!)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(inst.vehicles[0].preference).toBeUndefined();
    const ev = evaluate(inst, solution);
    expect(ev.feasible).toBe(true);
    expect(ev.cost).toBeCloseTo(3, 9);
    const banned = evaluate(inst, { routes: [{ vehicle: 0, stops: [1, 2, 3] }, { vehicle: 1, stops: [4, 5] }], unassigned: [] });
    expect(banned.violations.map((v) => v.kind)).toContain('zone');
    expect(warnings).toEqual([]);
  });

  it('warns about clients no vehicle may serve', () => {
    const pref = new Float32Array(B * m * N).fill(1);
    pref[2] = 0;
    pref[N + 2] = 0;
    const { warnings } = load({ ...arrays, preference: { data: pref, shape: [B, m, N] } }, { problem: 'pvrp-zc' });
    expect(warnings.join()).toMatch(/1 clients .* banned for every vehicle/);
  });

  it('names a missing key and a wrong profile shape', () => {
    const { speed: _speed, ...noSpeed } = arrays;
    expect(parseError(noSpeed).field).toBe('npz:speed');
    const err = parseError({ ...arrays, preference: { data: new Float32Array(B * m * 4), shape: [B, m, 4] } });
    expect(err.field).toBe('npz:preference');
    expect(err.message).toContain('(2, 2, 5)');
  });
});

describe('npz layout dispatch', () => {
  const atsp: Arrays = {
    locs: { data: coords(N), shape: [B, N, 2] },
    distance_matrix: { data: batchMatrix(N), shape: [B, N, N] },
  };

  it('takes a batch with an extra key (points) for the batch its required keys name, not a city', () => {
    const { loaded } = load({ ...atsp, points: { data: coords(N), shape: [B, N, 2] } });
    expect(loaded.format).toBe('rrnco-batch');
    expect(loaded.instance(0).kind).toBe('atsp');
  });

  it('picks the layout whose required keys are all there and that asks for the most of them', () => {
    const rcvrp: Arrays = {
      ...atsp,
      depot: { data: Float32Array.from([0.5, 0.5, 0.25, 0.75]), shape: [B, 2] },
      locs: { data: coords(N), shape: [B, N, 2] },
      demand: { data: Float32Array.from([1, 2, 3, 4, 5, 9, 9, 9, 9, 9]), shape: [B, N] },
      capacity: { data: Float32Array.from([10, 6]), shape: [B] },
      distance_matrix: { data: batchMatrix(N + 1), shape: [B, N + 1, N + 1] },
    };
    expect(load(rcvrp).loaded.instance(0).kind).toBe('acvrp');
  });

  it('names the keys missing from the nearest layout when none is complete', () => {
    const err = parseError({ locs: atsp.locs, demand: { data: new Float32Array(B * N), shape: [B, N] }, depot: { data: new Float32Array(2 * B), shape: [B, 2] } });
    expect(err.field).toBe('npz:capacity');
    expect(err.message).toMatch(/nearest: rrnco-rcvrp, missing capacity, distance_matrix/);
  });

  it('lists the keys found and the layouts known', () => {
    const err = parseError({ weights: { data: new Float32Array(4), shape: [2, 2] } });
    expect(err.field).toBe('(keys)');
    expect(err.message).toContain('keys weights');
    expect(err.message).toContain('camp-pvrp (depot, locs, demand, capacity, speed, preference)');
  });

  it('reads a small city file as one whole-city instance', () => {
    const n = 3;
    const points = Float64Array.from([43.7, 7.4, 43.71, 7.41, 43.72, 7.42]);
    const km = Float64Array.from([0, 1.5, 2, 1.25, 0, 3, 2.5, 3.5, 0]);
    const min = Float64Array.from([0, 2, 3, 2, 0, 4, 3, 5, 0]);
    const { loaded, warnings } = load(
      { points: { data: points, shape: [n, 2] }, distance: { data: km, shape: [n, n] }, duration: { data: min, shape: [n, n] } },
      { problem: 'acvrp', capacity: 2 },
      'Tiny_data.npz',
    );
    expect(loaded.format).toBe('rrnco-city');
    expect(loaded.city?.name).toBe('Tiny');
    const inst = loaded.instance(0);
    expect(inst.kind).toBe('acvrp');
    expect(inst.units).toEqual({ distance: 'm', time: 's' });
    expect(inst.distance[1]).toBe(1500);
    expect(inst.duration[1]).toBe(120);
    expect(Array.from(inst.coords!.subarray(0, 2))).toEqual([7.4, 43.7]);
    expect(Array.from(inst.demand)).toEqual([0, 1, 1]);
    expect(inst.vehicles[0].capacity).toBe(2);
    expect(warnings.join()).toMatch(/no demands/);
    expect(inst.meta.warnings).toEqual(warnings);
  });
});

describe('instanceFromMatrices', () => {
  const base = {
    file: 'm.json',
    name: 'm',
    n: 3,
    distance: Float64Array.from([0, 1, 2, 1, 0, 1, 2, 1, 0]),
    duration: Float64Array.from([0, 1, 2, 1, 0, 1, 2, 1, 0]),
    coords: null,
    coordSystem: 'planar' as const,
    units: { distance: 'abstract' as const, time: 'abstract' as const },
    format: 'test',
  };

  it('gives PVRP one vehicle that reloads, without profiles, and says so', () => {
    const warnings: string[] = [];
    const p = instanceFromMatrices({ ...base, kind: 'pvrp-p', capacity: 5, warn: (w) => warnings.push(w) });
    expect(p.vehicles).toHaveLength(1);
    expect(p.vehicles[0]).toMatchObject({ count: 1, trips: Infinity, capacity: 5 });
    expect(Array.from(p.vehicles[0].preference!)).toEqual([0, 0, 0]);
    expect(warnings.join()).toMatch(/no vehicle profiles/);
    const zc = instanceFromMatrices({ ...base, kind: 'pvrp-zc' });
    expect(Array.from(zc.vehicles[0].allowed!)).toEqual([1, 1, 1]);
    expect(zc.vehicles[0].capacity).toBe(Infinity);
  });

  it('opens every window for acvrptw and rejects a bad capacity', () => {
    const warnings: string[] = [];
    const tw = instanceFromMatrices({ ...base, kind: 'acvrptw', warn: (w) => warnings.push(w) });
    expect(tw.due[1]).toBe(Infinity);
    expect(warnings.join()).toMatch(/no time windows/);
    const r = catchFormat('m.json', () => instanceFromMatrices({ ...base, kind: 'acvrp', capacity: -1 }));
    expect(r.ok).toBe(false);
  });
});

describe('OSRM /table', () => {
  const wp = (lon: number, lat: number, distance = 0.2) => ({ hint: 'x', name: '', distance, location: [lon, lat] });
  const table = {
    code: 'Ok',
    durations: [
      [0, 60, 120],
      [65, 0, null],
      [130, 70.5, 0],
    ],
    distances: [
      [0, 500, 1000],
      [520, 0, null],
      [1100, 580.3, 0],
    ],
    fallback_speed_cells: [[2, 0]],
    sources: [wp(7.41, 43.73), wp(7.42, 43.74, 150), wp(7.43, 43.75)],
    destinations: [wp(7.41, 43.73), wp(7.42, 43.74, 150), wp(7.43, 43.75)],
  };

  function parse(json: Record<string, unknown>, opts: ParseOptions = {}) {
    const warnings: string[] = [];
    const loaded = osrmTableFromJson('table.json', json, opts, (w) => warnings.push(w));
    return { inst: loaded.instance(0), loaded, warnings };
  }

  it('reads metres and seconds, nulls as unreachable, fallback cells as estimated', () => {
    const { inst, loaded, warnings } = parse(table);
    expect(loaded.format).toBe('osrm-table');
    expect(inst.kind).toBe('atsp');
    expect(inst.n).toBe(3);
    expect(inst.units).toEqual({ distance: 'm', time: 's' });
    expect(inst.coordSystem).toBe('lonlat');
    expect(Array.from(inst.coords!)).toEqual([7.41, 43.73, 7.42, 43.74, 7.43, 43.75]);
    expect(inst.distance[1 * 3 + 2]).toBe(Infinity);
    expect(inst.duration[1 * 3 + 2]).toBe(Infinity);
    expect(inst.distance[2 * 3 + 1]).toBe(580.3);
    expect(inst.duration[2 * 3 + 1]).toBe(70.5);
    expect(Array.from(inst.estimated!)).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(warnings.some((w) => /1 pairs are null/.test(w))).toBe(true);
    expect(warnings.some((w) => /fallback speed/.test(w))).toBe(true);
    expect(warnings.some((w) => /snapped more than 100 m .*point 1, 150 m/.test(w))).toBe(true);
    expect(inst.meta.warnings).toEqual(warnings);
    expect(inst.meta.attribution).toMatch(/OpenStreetMap/);
    const ev = evaluate(inst, { routes: [{ vehicle: 0, stops: [0, 2, 1] }], unassigned: [] });
    expect(ev.distance).toBe(1000 + 580.3 + 520);
    expect(ev.feasible).toBe(true);
    expect(evaluate(inst, { routes: [{ vehicle: 0, stops: [0, 1, 2] }], unassigned: [] }).violations[0].kind).toBe('unreachable');
  });

  it('uses durations as distances when that is all there is, and warns', () => {
    const { distances: _distances, ...rest } = table;
    const { inst, warnings } = parse(rest);
    expect(inst.distance[1]).toBe(60);
    expect(warnings.some((w) => /no distances .* durations \(s\) are used as distances/.test(w))).toBe(true);
  });

  it('derives durations from distances-only tables at a stated speed', () => {
    const { durations: _durations, ...rest } = table;
    const { inst, warnings } = parse(rest);
    expect(inst.duration[1]).toBeCloseTo(500 / (50 / 3.6), 9);
    expect(warnings.some((w) => /50 km\/h/.test(w))).toBe(true);
  });

  it('applies the requested problem and capacity', () => {
    const { inst } = parse(table, { problem: 'acvrp', capacity: 2 });
    expect(inst.kind).toBe('acvrp');
    expect(inst.depot).toBe(0);
    expect(inst.vehicles[0].capacity).toBe(2);
  });

  it('sets OSRM rounding artefacts just below zero to 0, with a warning', () => {
    const { inst, warnings } = parse({ code: 'Ok', durations: [[0, -0.3], [2, 0]] });
    expect(inst.duration[1]).toBe(0);
    expect(warnings.some((w) => /slightly negative/.test(w))).toBe(true);
  });

  it('reports OSRM errors with their code and message', () => {
    const r = catchFormat('t.json', () => osrmTableFromJson('t.json', { code: 'TooBig', message: 'Too many table coordinates' }, {}));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('code');
      expect(r.error.message).toContain('TooBig');
      expect(r.error.message).toContain('Too many table coordinates');
    }
  });

  it('refuses destinations that are not the sources', () => {
    const r = catchFormat('t.json', () =>
      osrmTableFromJson('t.json', { ...table, destinations: [wp(7.41, 43.73), wp(7.5, 43.74), wp(7.43, 43.75)] }, {}),
    );
    expect(!r.ok && r.error.field).toBe('destinations[1].location');
  });
});
