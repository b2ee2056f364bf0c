/**
 * Writes the malformed .npz / OSRM-table corpus in tests/fixtures/bad/npz-osrm/ together with
 * expect.json (file → substring its error message must contain). The outputs are committed;
 * rerun with `npx tsx scripts/make-bad-npz-fixtures.ts` after changing a case.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { writeNpy, writeNpz, type NpyData } from '../src/core/formats/npy';

const DIR = 'tests/fixtures/bad/npz-osrm';

type Arrays = Record<string, { data: NpyData; shape: number[] }>;
const cases: { name: string; bytes: Uint8Array; contains: string }[] = [];

function add(name: string, bytes: Uint8Array | string, contains: string): void {
  cases.push({ name, bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes, contains });
}
const json = (x: unknown): string => JSON.stringify(x);

/** A square matrix with 0 on the diagonal and positive values elsewhere. */
function square(n: number, batch = 1): Float64Array {
  const out = new Float64Array(batch * n * n);
  for (let k = 0; k < out.length; k++) {
    const i = Math.floor(k / n) % n;
    const j = k % n;
    out[k] = i === j ? 0 : 0.5 + 0.25 * i + 0.125 * j;
  }
  return out;
}

function city(n: number): Arrays {
  const points = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    points[2 * i] = 43.73 + i * 1e-3;
    points[2 * i + 1] = 7.42 + i * 1e-3;
  }
  return {
    points: { data: points, shape: [n, 2] },
    distance: { data: square(n), shape: [n, n] },
    duration: { data: square(n), shape: [n, n] },
  };
}

function rcvrp(B: number, N: number): Arrays {
  return {
    depot: { data: new Float32Array(B * 2).fill(0.5), shape: [B, 2] },
    locs: { data: new Float32Array(B * N * 2).fill(0.25), shape: [B, N, 2] },
    demand: { data: new Float32Array(B * N).fill(3), shape: [B, N] },
    capacity: { data: new Float32Array(B).fill(50), shape: [B] },
    distance_matrix: { data: Float32Array.from(square(N + 1, B)), shape: [B, N + 1, N + 1] },
  };
}

function rcvrptw(B: number, N: number): Arrays {
  const windows = new Float32Array(B * (N + 1) * 2);
  for (let k = 0; k < B * (N + 1); k++) {
    windows[2 * k] = k % (N + 1) === 0 ? 0 : 1;
    windows[2 * k + 1] = k % (N + 1) === 0 ? 4.6 : 1.2;
  }
  return {
    locs: { data: new Float32Array(B * (N + 1) * 2).fill(0.25), shape: [B, N + 1, 2] },
    demand_linehaul: { data: new Float32Array(B * N).fill(0.125), shape: [B, N] },
    vehicle_capacity: { data: new Float32Array(B).fill(1), shape: [B, 1] },
    time_windows: { data: windows, shape: [B, N + 1, 2] },
    service_time: { data: new Float32Array(B * (N + 1)).fill(0.15), shape: [B, N + 1] },
    distance_matrix: { data: Float32Array.from(square(N + 1, B)), shape: [B, N + 1, N + 1] },
    duration_matrix: { data: Float32Array.from(square(N + 1, B)), shape: [B, N + 1, N + 1] },
  };
}

function camp(B: number, n: number, m: number): Arrays {
  return {
    depot: { data: new Float32Array(B * 2).fill(0.5), shape: [B, 2] },
    locs: { data: new Float32Array(B * n * 2).fill(0.25), shape: [B, n, 2] },
    demand: { data: new Float32Array(B * n).fill(2), shape: [B, n] },
    capacity: { data: new Float32Array(B * m).fill(40), shape: [B, m] },
    speed: { data: new Float32Array(B * m).fill(1), shape: [B, m] },
    preference: { data: new Float32Array(B * m * n).fill(0.5), shape: [B, m, n] },
  };
}

// ---- .npz: container problems
const good = writeNpz(city(4));
add('truncated.npz', good.subarray(0, Math.floor(good.length / 2)), 'valid .npz (zip) archive');
add('not-a-zip.npz', 'points,distance,duration\n1,2,3\n', 'valid .npz (zip) archive');
add('unknown-keys.npz', writeNpz({ weights: { data: new Float32Array(4), shape: [2, 2] }, bias: { data: new Float32Array(2), shape: [2] } }), 'known .npz layout');
add('no-arrays.npz', zipSync({ 'README.txt': new TextEncoder().encode('no arrays here') }), 'no .npy arrays');
const badMagic = writeNpy(new Float64Array(4), [2, 2]);
badMagic.set(new TextEncoder().encode('XXNUMPY'), 0);
add('bad-magic.npz', zipSync({ 'points.npy': badMagic, 'distance.npy': writeNpy(square(2), [2, 2]), 'duration.npy': writeNpy(square(2), [2, 2]) }), 'magic');
const badDtype = writeNpy(new Float64Array(8), [2, 2]);
badDtype.set(new TextEncoder().encode("'<c8'"), badDtype.indexOf(0x27, 10 + 8));
add('bad-dtype.npz', zipSync({ 'points.npy': badDtype, 'distance.npy': writeNpy(square(2), [2, 2]), 'duration.npy': writeNpy(square(2), [2, 2]) }), 'numeric dtype');

// ---- .npz: RRNCO city
{
  const a = city(4);
  a.distance = { data: new Float64Array(12), shape: [4, 3] };
  add('city-nonsquare-distance.npz', writeNpz(a), 'square (4, 4) matrix');
}
{
  const a = city(4);
  (a.distance.data as Float64Array)[1 * 4 + 2] = -0.5;
  add('city-negative-distance.npz', writeNpz(a), 'npz:distance[1][2]');
}
{
  const a = city(4);
  (a.duration.data as Float64Array)[3 * 4 + 0] = NaN;
  add('city-nan-duration.npz', writeNpz(a), 'npz:duration[3][0]');
}
{
  const a = city(4);
  a.points = { data: new Float64Array(12), shape: [4, 3] };
  add('city-points-shape.npz', writeNpz(a), 'shape (N, 2)');
}

// ---- .npz: RRNCO test batches
{
  const a = rcvrp(2, 5);
  a.demand = { data: new Float32Array(8).fill(3), shape: [2, 4] };
  add('rcvrp-demand-shape.npz', writeNpz(a), 'shape (B, N) = (2, 5)');
}
{
  const a = rcvrp(2, 5);
  (a.distance_matrix.data as Float32Array)[36 + 2 * 6 + 3] = NaN;
  add('rcvrp-nan-distance.npz', writeNpz(a), 'npz:distance_matrix[1][2][3]');
}
{
  const a = rcvrptw(2, 5);
  const w = a.time_windows.data as Float32Array;
  w[2 * 3] = 2;
  w[2 * 3 + 1] = 1;
  add('rcvrptw-window-reversed.npz', writeNpz(a), 'npz:time_windows[0][3]');
}
{
  const a = rcvrptw(2, 5);
  delete (a as Partial<Arrays>).service_time;
  add('rcvrptw-missing-service.npz', writeNpz(a), 'npz:service_time');
}
add(
  'atsp-negative-distance.npz',
  writeNpz({
    locs: { data: new Float32Array(2 * 5 * 2), shape: [2, 5, 2] },
    distance_matrix: { data: Float32Array.from(square(5, 2), (x, k) => (k === 25 + 7 ? -1 : x)), shape: [2, 5, 5] },
  }),
  'npz:distance_matrix[1][1][2]',
);

// ---- .npz: CAMP PVRP
{
  const a = camp(2, 5, 3);
  delete (a as Partial<Arrays>).speed;
  add('camp-missing-speed.npz', writeNpz(a), 'npz:speed');
}
{
  const a = camp(2, 5, 3);
  a.preference = { data: new Float32Array(2 * 3 * 4), shape: [2, 3, 4] };
  add('camp-preference-shape.npz', writeNpz(a), 'shape (B, m, n) = (2, 3, 5)');
}
{
  const a = camp(2, 5, 3);
  (a.speed.data as Float32Array)[4] = 0;
  add('camp-zero-speed.npz', writeNpz(a), 'positive speed');
}

// ---- OSRM /table JSON
const waypoint = (lon: number, lat: number) => ({ hint: '', distance: 0.1, name: '', location: [lon, lat] });
const wps = [waypoint(7.41, 43.73), waypoint(7.42, 43.74), waypoint(7.43, 43.75)];
const durations = [
  [0, 10, 20],
  [11, 0, 12],
  [21, 13, 0],
];
add('osrm-notable.json', json({ code: 'NoTable', message: 'No table found' }), 'NoTable');
add('osrm-no-code.json', json({ durations }), 'code "Ok"');
add('osrm-nonsquare.json', json({ code: 'Ok', durations: [[0, 1, 2], [1, 0, 2]] }), 'table must be square');
add('osrm-string-cell.json', json({ code: 'Ok', durations: [[0, 10, 20], [11, 0, 'abc'], [21, 13, 0]] }), 'durations[1][2]');
add('osrm-nan-string.json', json({ code: 'Ok', durations: [[0, 'NaN', 20], [11, 0, 12], [21, 13, 0]] }), "the string 'NaN'");
add('osrm-negative.json', json({ code: 'Ok', durations, distances: [[0, 100, 200], [110, 0, 120], [-50, 130, 0]] }), 'distances[2][0]');
add('osrm-row-missing.json', json({ code: 'Ok', durations: [[0, 10, 20], [11, 0, 12], [21, 13]] }), 'durations[2]');
add('osrm-row-null.json', json({ code: 'Ok', durations: [[0, 10, 20], null, [21, 13, 0]] }), 'durations[1]');
add('osrm-size-mismatch.json', json({ code: 'Ok', durations, distances: [[0, 1], [1, 0]] }), 'like durations');
add('osrm-huge.json', `{"code":"Ok","durations":[${new Array(20_001).fill('0').join(',')}]}`, 'at most 20000 nodes');
add('osrm-empty-matrix.json', json({ code: 'Ok', durations: [] }), 'positive integer node count');
add('osrm-no-matrix.json', json({ code: 'Ok', sources: wps, destinations: wps }), 'durations and/or distances');
add('osrm-bad-location.json', json({ code: 'Ok', durations, sources: [wps[0], waypoint(200, 43.7), wps[2]] }), 'sources[1].location');
add('osrm-sources-count.json', json({ code: 'Ok', durations, sources: wps.slice(0, 2) }), '3 waypoints');
add('osrm-fallback-cell.json', json({ code: 'Ok', durations, fallback_speed_cells: [[0, 3]] }), 'fallback_speed_cells[0]');
add('empty-object.json', '{}', 'OSRM /table');
add('truncated.json', '{"code":"Ok","durations":[[0,10,20],\n[11,0,', 'valid JSON');

rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });
const expect: Record<string, { contains: string }> = {};
for (const c of cases) {
  if (c.bytes.length > 50_000) throw new Error(`${c.name} is ${c.bytes.length} bytes; keep fixtures under 50 KB`);
  writeFileSync(join(DIR, c.name), c.bytes);
  expect[c.name] = { contains: c.contains };
}
writeFileSync(join(DIR, 'expect.json'), `${JSON.stringify(expect, null, 2)}\n`);
console.log(`${readdirSync(DIR).length - 1} fixtures in ${DIR}`);
