/**
 * Writes the small, valid upload fixtures of e2e/fixtures/ (one per format the repository has no
 * small sample of). The outputs are committed; rerun with `npx tsx scripts/make-e2e-fixtures.ts`.
 * Stop counts the e2e specs expect are in e2e/fixtures/expect.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCity } from '../src/core/cities/encoding';
import { sampleInstance } from '../src/core/cities/sampler';
import { writeNpz, type NpyData } from '../src/core/formats/npy';
import { routelabToJson } from '../src/core/formats/routelab-json';

const DIR = 'e2e/fixtures';
mkdirSync(DIR, { recursive: true });
const expect: Record<string, { stops: number; kind: string; count?: number }> = {};

function write(name: string, bytes: Uint8Array | string): void {
  if (bytes.length > 100_000) throw new Error(`${name} is ${bytes.length} bytes; keep fixtures small`);
  writeFileSync(join(DIR, name), bytes);
}

// A deterministic pseudo-random stream, so that reruns write the same bytes.
let state = 12345;
const rand = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

// ---- RouteLab JSON, as `npm run sample -- --city Monaco --problem acvrp --n 20 --seed 7` writes it
{
  const monaco = decodeCity('Monaco.rlc', readFileSync('public/cities/Monaco.rlc'));
  const inst = sampleInstance(monaco, { problem: 'acvrp', n: 20, seed: 7, distribution: 'uniform', vehicles: 5, profile: 'random' });
  write('monaco-acvrp-20.routelab.json', JSON.stringify(routelabToJson(inst)));
  expect['monaco-acvrp-20.routelab.json'] = { stops: 20, kind: 'acvrp' };
}

// ---- VROOM problem: one vehicle, six jobs with Monaco coordinates and an explicit matrix
{
  const lonlat = [
    [7.4246, 43.7384],
    [7.4189, 43.7312],
    [7.4281, 43.7402],
    [7.4163, 43.7351],
    [7.4305, 43.7437],
    [7.4214, 43.7289],
    [7.4122, 43.7326],
  ];
  const n = lonlat.length;
  const durations = lonlat.map((a, i) => lonlat.map((b, j) => (i === j ? 0 : Math.round(60 + 2000 * Math.hypot(a[0] - b[0], a[1] - b[1]) * 60 + (i * 7 + j * 3) % 11))));
  const distances = durations.map((row) => row.map((x) => x * 9));
  const problem = {
    vehicles: [{ id: 1, profile: 'car', start_index: 0, end_index: 0, start: lonlat[0], end: lonlat[0], capacity: [10] }],
    jobs: lonlat.slice(1).map((p, k) => ({ id: 101 + k, location_index: k + 1, location: p, delivery: [1 + (k % 3)], service: 120 })),
    matrices: { car: { durations, distances } },
  };
  write('small-vroom.json', JSON.stringify(problem, null, 1));
  expect['small-vroom.json'] = { stops: n - 1, kind: 'acvrp' };
}

type Arrays = Record<string, { data: NpyData; shape: number[] }>;

function planarMatrix(points: number[][]): Float32Array {
  const n = points.length;
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = Math.hypot(points[i][0] - points[j][0], points[i][1] - points[j][1]) * (1 + 0.05 * ((i + 2 * j) % 3));
  return out;
}

// ---- RRNCO rcvrp test batch: 3 instances of 12 customers (depot + 12 nodes each)
{
  const B = 3;
  const N = 12;
  const depot = new Float32Array(B * 2);
  const locs = new Float32Array(B * N * 2);
  const demand = new Float32Array(B * N);
  const dist = new Float32Array(B * (N + 1) * (N + 1));
  for (let b = 0; b < B; b++) {
    const pts: number[][] = [[rand(), rand()]];
    for (let i = 0; i < N; i++) pts.push([rand(), rand()]);
    depot.set(pts[0], 2 * b);
    pts.slice(1).forEach((p, i) => locs.set(p, 2 * (b * N + i)));
    for (let i = 0; i < N; i++) demand[b * N + i] = 1 + Math.floor(rand() * 9);
    dist.set(planarMatrix(pts), b * (N + 1) * (N + 1));
  }
  const arrays: Arrays = {
    depot: { data: depot, shape: [B, 2] },
    locs: { data: locs, shape: [B, N, 2] },
    demand: { data: demand, shape: [B, N] },
    capacity: { data: Float32Array.from([30, 30, 30]), shape: [B] },
    distance_matrix: { data: dist, shape: [B, N + 1, N + 1] },
  };
  write('rrnco-rcvrp-batch.npz', writeNpz(arrays));
  expect['rrnco-rcvrp-batch.npz'] = { stops: N, kind: 'acvrp', count: B };
}

// ---- CAMP PVRP batch: 2 instances, 9 clients, 3 vehicles with preferences
{
  const B = 2;
  const n = 9;
  const m = 3;
  const arrays: Arrays = {
    depot: { data: Float32Array.from({ length: B * 2 }, () => rand()), shape: [B, 2] },
    locs: { data: Float32Array.from({ length: B * n * 2 }, () => rand()), shape: [B, n, 2] },
    demand: { data: Float32Array.from({ length: B * n }, () => 1 + Math.floor(rand() * 5)), shape: [B, n] },
    capacity: { data: new Float32Array(B * m).fill(20), shape: [B, m] },
    speed: { data: Float32Array.from({ length: B * m }, (_, k) => 1 + (k % 2) * 0.5), shape: [B, m] },
    preference: { data: Float32Array.from({ length: B * m * n }, () => Math.round(rand() * 100) / 100), shape: [B, m, n] },
  };
  write('camp-pvrp.npz', writeNpz(arrays));
  expect['camp-pvrp.npz'] = { stops: n, kind: 'pvrp-p', count: B };
}

// ---- CSV of stops: a depot and eight stops in Monaco, with demands and service minutes
{
  const rows = ['id,type,lat,lon,demand,service_min'];
  rows.push('Depot,depot,43.7384,7.4246,0,');
  const stops = [
    [43.7312, 7.4189],
    [43.7402, 7.4281],
    [43.7351, 7.4163],
    [43.7437, 7.4305],
    [43.7289, 7.4214],
    [43.7326, 7.4122],
    [43.7451, 7.4262],
    [43.7368, 7.4201],
  ];
  stops.forEach(([lat, lon], k) => rows.push(`S${k + 1},stop,${lat},${lon},${1 + (k % 4)},5`));
  write('monaco-stops.csv', `${rows.join('\n')}\n`);
  expect['monaco-stops.csv'] = { stops: stops.length, kind: 'acvrp' };
}

writeFileSync(join(DIR, 'expect.json'), `${JSON.stringify(expect, null, 2)}\n`);
console.log(`wrote ${Object.keys(expect).length} fixtures to ${DIR}`);
