/**
 * An RRNCO-layout ACVRP batch (`depot`, `locs`, `demand`, `capacity`, `distance_matrix` in km)
 * sampled from a bundled city, seeded: the experiment scale check needs 1280 instances and no
 * such file is committed (tens of megabytes). Instance b is the sampler's instance for seed
 * `seed + b`, its coordinates normalised to the unit square as RRNCO's are.
 *
 *   npx tsx scripts/make-experiment-batch.ts --city Monaco --count 1280 --n 100 --seed 1 --out batch.npz
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCity } from '../src/core/cities/encoding';
import type { CityData } from '../src/core/cities/city';
import { normalisedCoords, sampleInstance } from '../src/core/cities/sampler';
import { writeNpz } from '../src/core/formats/npy';

export function rrncoBatch(city: CityData, count: number, n: number, seed: number): Uint8Array {
  const nodes = n + 1;
  const depot = new Float32Array(count * 2);
  const locs = new Float32Array(count * n * 2);
  const demand = new Float32Array(count * n);
  const capacity = new Float32Array(count);
  const distance = new Float32Array(count * nodes * nodes);
  for (let b = 0; b < count; b++) {
    const inst = sampleInstance(city, { problem: 'acvrp', n, seed: seed + b });
    const xy = normalisedCoords(inst.coords!);
    depot.set(xy.subarray(0, 2), b * 2);
    locs.set(xy.subarray(2), b * n * 2);
    demand.set(inst.demand.subarray(1), b * n);
    capacity[b] = inst.vehicles[0].capacity;
    for (let k = 0; k < nodes * nodes; k++) distance[b * nodes * nodes + k] = inst.distance[k] / 1000;
  }
  return writeNpz({
    depot: { data: depot, shape: [count, 2] },
    locs: { data: locs, shape: [count, n, 2] },
    demand: { data: demand, shape: [count, n] },
    capacity: { data: capacity, shape: [count] },
    distance_matrix: { data: distance, shape: [count, nodes, nodes] },
  });
}

export function bundledCity(root: string, name: string): CityData {
  return decodeCity(name, readFileSync(join(root, 'public', 'cities', `${name}.rlc`)));
}

if (process.argv[1]?.endsWith('make-experiment-batch.ts')) {
  const flag = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const out = flag('out', 'batch.npz');
  const bytes = rrncoBatch(bundledCity(process.cwd(), flag('city', 'Monaco')), Number(flag('count', '1280')), Number(flag('n', '100')), Number(flag('seed', '1')));
  writeFileSync(out, bytes);
  console.log(`${out}: ${(bytes.length / 1e6).toFixed(1)} MB`);
}
