/**
 * The instance a neural warm-up decodes once after creating its sessions. Creating the sessions
 * is not all a page's first neural run paid for: its first inferences ran in code the browser
 * had not yet optimised (WebAssembly is compiled fast first, and optimised once it has run a
 * while). Measured at 999 stops in headless Chromium (load ~7): with the sessions created ahead,
 * the first run still took 7.9 s against 5.6 s after it; after one neural run at n = 100 the first
 * 999-stop run took 5.1 s, like the later ones. So the warm-up decodes a 100-stop instance.
 *
 * The instance is synthetic (no city needed: the worker may hold none): points on a jittered
 * grid, straight-line distances, sampled by the app's own sampler so that every problem kind's
 * fields (demands, capacities, time windows, profiles) are the ones it makes.
 */
import type { CityData } from '../../core/cities/city';
import { sampleInstance } from '../../core/cities/sampler';
import type { Instance, ProblemKind } from '../../core/instance';
import { Rng } from '../../core/random';

/** Stops of the warm-up instance: enough decoding to get the model's kernels optimised. */
export const WARMUP_STOPS = 100;

const METRES_PER_DEGREE = 111_320;
const SPEED_M_S = 10;

function gridCity(points: number): CityData {
  const rng = new Rng(7);
  const side = Math.ceil(Math.sqrt(points));
  const lonlat = new Float64Array(2 * points);
  for (let i = 0; i < points; i++) {
    lonlat[2 * i] = 0.001 * ((i % side) + 0.8 * rng.next());
    lonlat[2 * i + 1] = 0.001 * (Math.floor(i / side) + 0.8 * rng.next());
  }
  const distance = new Float64Array(points * points);
  const duration = new Float64Array(points * points);
  for (let i = 0; i < points; i++) {
    for (let j = 0; j < points; j++) {
      const d = Math.hypot(lonlat[2 * i] - lonlat[2 * j], lonlat[2 * i + 1] - lonlat[2 * j + 1]) * METRES_PER_DEGREE;
      distance[i * points + j] = d;
      duration[i * points + j] = d / SPEED_M_S;
    }
  }
  return { name: 'warm-up grid', n: points, lonlat, distance, duration, attribution: '' };
}

export function warmupInstance(problem: ProblemKind, n: number = WARMUP_STOPS): Instance {
  return sampleInstance(gridCity(n + 1), { problem, n, seed: 1, vehicles: 3 });
}
