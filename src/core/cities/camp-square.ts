/**
 * CAMP's own PVRP instances: depot and n clients uniform on the unit square, Euclidean distances
 * (travel time = distance / speed), demands 1–9, capacity 40, speed 1, one vehicle per profile
 * with unlimited trips, preferences / zone bans from CAMP's generators (the sampler's
 * preferenceScores / zoneBans, applied to the raw unit-square coordinates). The same instance
 * a CAMP .npz file gives (src/core/formats/npz-files.ts: planar, abstract units, preference
 * unit 1), drawn from a seeded Rng instead of read: `npm run bench -- neural --set camp` uses it.
 * CAMP's generator uses numpy's legacy RNG, so the draws are CAMP's recipe, not its numbers.
 */
import { defaultObjective, makeInstance, type Instance, type Vehicle } from '../instance';
import { Rng } from '../random';
import { PVRP_CAPACITY, preferenceScores, zoneBans, type ProfileGenerator } from './sampler';

export interface CampSquareSpec {
  problem: 'pvrp-p' | 'pvrp-zc';
  /** Clients. */
  n: number;
  vehicles: number;
  profile: ProfileGenerator;
  seed: number;
}

export function campSquareInstance(spec: CampSquareSpec): Instance {
  const { problem, n, vehicles: m, profile, seed } = spec;
  const rng = new Rng(seed);
  const pointRng = rng.fork(1);
  const demandRng = rng.fork(2);
  const profileRng = rng.fork(4);
  const count = n + 1;
  const coords = new Float64Array(2 * count);
  for (let i = 0; i < 2 * count; i++) coords[i] = pointRng.next();
  const distance = new Float64Array(count * count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) distance[i * count + j] = Math.hypot(coords[2 * j] - coords[2 * i], coords[2 * j + 1] - coords[2 * i + 1]);
  }
  const demand = new Float64Array(count);
  for (let i = 1; i < count; i++) demand[i] = demandRng.intIn(1, 9);
  const scores = preferenceScores(coords, m, profile, profileRng);
  const allowed = problem === 'pvrp-zc' ? zoneBans(coords, m, profile, profileRng) : null;
  const vehicles: Vehicle[] = scores.map((row, k) => ({
    id: `vehicle ${k + 1}`,
    capacity: PVRP_CAPACITY,
    start: 0,
    end: 0,
    shift: [0, Infinity],
    count: 1,
    trips: Infinity,
    speed: 1,
    ...(allowed ? { allowed: allowed[k] } : { preference: row }),
  }));
  return makeInstance({
    name: `camp-${problem}-n${n}-m${m}-${profile}-s${seed}`,
    kind: problem,
    n: count,
    distance,
    coords,
    coordSystem: 'planar',
    depot: 0,
    demand,
    vehicles,
    objective: defaultObjective(problem),
    units: { distance: 'abstract', time: 'abstract' },
    meta: { seed, generator: `camp-square-${profile}` },
  });
}
