/**
 * Small random instances that exercise every rule at once, for property tests: holes in the
 * matrices (unreachable arcs, in distance or in duration only), tight capacities and windows,
 * vehicles with their own speed, shift, zone bans and preferences, open routes, and objective
 * weights of every kind (zero weights included). Whole numbers and speeds that are powers of two
 * keep the arithmetic exact, so that a rule's verdict never hangs on a rounding.
 */
import { PROBLEM_KINDS, makeInstance, type Instance, type ProblemKind, type Vehicle } from '../src/core/instance';
import { traitsOf } from '../src/core/problems';
import { Rng } from '../src/core/random';
import { beginRoute, checkNext, advance } from '../src/core/rules';

export function randomInstance(rng: Rng, kind: ProblemKind = PROBLEM_KINDS[rng.int(PROBLEM_KINDS.length)]): Instance {
  const traits = traitsOf(kind);
  const n = rng.intIn(4, 12);
  const distance = new Float64Array(n * n);
  const duration = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      const hole = rng.next();
      distance[a * n + b] = hole < 0.08 ? Infinity : rng.intIn(1, 100);
      duration[a * n + b] = hole >= 0.08 && hole < 0.12 ? Infinity : rng.intIn(1, 60);
    }
  }
  const objective = {
    distanceWeight: [0, 1, 0.25][rng.int(3)],
    timeWeight: [0, 1, 2][rng.int(3)],
    preferenceWeight: traits.preferences ? [0, 0.5][rng.int(2)] : 0,
    preferenceUnit: 8,
  };
  if (traits.tour) return makeInstance({ name: `random-${kind}`, kind, n, distance, duration, objective });
  const demand = Float64Array.from({ length: n }, (_, j) => (j === 0 ? 0 : rng.intIn(0, 9)));
  const ready = new Float64Array(n);
  const due = new Float64Array(n).fill(Infinity);
  const service = new Float64Array(n);
  if (traits.timeWindows) {
    for (let j = 1; j < n; j++) {
      ready[j] = rng.intIn(0, 150);
      due[j] = ready[j] + rng.intIn(20, 200);
      service[j] = rng.intIn(0, 10);
    }
    due[0] = rng.intIn(250, 450);
  }
  const vehicles: Vehicle[] = [];
  for (let k = rng.intIn(1, 3); k > 0; k--) {
    const v: Vehicle = {
      id: `v${k}`,
      capacity: rng.intIn(8, 30),
      start: 0,
      end: rng.next() < 0.2 ? -1 : 0,
      shift: [rng.intIn(0, 20), rng.intIn(200, 500)],
      count: rng.intIn(1, 3),
      trips: 1,
      speed: [1, 2, 0.5][rng.int(3)],
    };
    if (traits.zones) v.allowed = Uint8Array.from({ length: n }, (_, j) => (j === 0 || rng.next() < 0.7 ? 1 : 0));
    if (traits.preferences) v.preference = Float64Array.from({ length: n }, (_, j) => (j === 0 ? 0 : rng.intIn(0, 4) / 4));
    vehicles.push(v);
  }
  return makeInstance({ name: `random-${kind}`, kind, n, distance, duration, demand, ready, due, service, vehicles, objective, depot: 0 });
}

/** A route the rules accept stop by stop: clients in random order, each kept if checkNext allows it. */
export function acceptedRoute(inst: Instance, vehicle: number, rng: Rng, taken: Uint8Array = new Uint8Array(inst.n)): number[] {
  const s = beginRoute(inst, vehicle);
  const stops: number[] = [];
  for (const j of rng.shuffle(Array.from({ length: inst.n }, (_, i) => i))) {
    if (taken[j] || checkNext(inst, s, j) !== 'ok') continue;
    advance(inst, s, j);
    taken[j] = 1;
    stops.push(j);
  }
  return stops;
}

/** Any order of distinct clients, whether or not a rule allows it. */
export function anyRoute(inst: Instance, rng: Rng): number[] {
  const clients = Array.from({ length: inst.n }, (_, i) => i).filter((j) => j !== inst.depot);
  return rng.shuffle(clients).slice(0, rng.intIn(1, clients.length));
}
