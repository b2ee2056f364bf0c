/**
 * VROOM input export, with the run as a `solution` key in VROOM output shape so it opens in
 * vroom-frontend and re-imports into RouteLab. Every location is its node index into one `car`
 * matrix, so re-importing a depot-first instance gives back the same nodes in the same order.
 *
 * VROOM reads matrix cells, amounts, service and times as unsigned integers: everything is
 * rounded to the nearest integer here (a fractional matrix does not survive the trip), and
 * Infinity (no road, no deadline, no capacity) is written as VROOM_MAX, which importers read
 * back as Infinity. The kind, the objective and the fleet as RouteLab has them (vehicles that
 * reload, unlimited fleets, preferences) go beside, under `routelab` (see vroom-fleet.ts).
 */
import { clientNodes, usesTimeWindows, type Instance, type Vehicle } from '../instance';
import { evaluate, type Evaluation, type RouteEval } from '../evaluate';
import { returnDeadline } from '../rules';
import type { Solution } from '../solution';
import { FLEET_NOTE_KEY, writeFleetNote, type FleetNote } from './vroom-fleet';
import { VROOM_MAX } from './vroom-matrix';

export interface VroomJob {
  id: number;
  description: string;
  location_index: number;
  location?: [number, number];
  delivery?: number[];
  service: number;
  time_windows?: [number, number][];
  skills?: number[];
}

export interface VroomVehicle {
  id: number;
  description: string;
  start_index: number;
  start?: [number, number];
  end_index?: number;
  end?: [number, number];
  capacity?: number[];
  time_window?: [number, number];
  skills?: number[];
  speed_factor?: number;
}

export interface VroomStep {
  type: 'start' | 'job' | 'end';
  id?: number;
  description?: string;
  location_index: number;
  location?: [number, number];
  arrival: number;
  /** Cumulative travel time, VROOM's meaning of `duration` on a step. */
  duration: number;
  distance: number;
  setup: 0;
  service: number;
  waiting_time: number;
  load?: number[];
  violations: [];
}

export interface VroomRoute {
  vehicle: number;
  description: string;
  cost: number;
  setup: 0;
  service: number;
  duration: number;
  waiting_time: number;
  priority: 0;
  distance: number;
  delivery?: number[];
  pickup?: number[];
  violations: [];
  steps: VroomStep[];
}

export interface VroomOutput {
  code: 0;
  summary: {
    cost: number;
    routes: number;
    unassigned: number;
    setup: 0;
    service: number;
    duration: number;
    waiting_time: number;
    priority: 0;
    distance: number;
    delivery?: number[];
    pickup?: number[];
    violations: [];
  };
  unassigned: { id: number; type: 'job'; description: string; location_index: number; location?: [number, number] }[];
  routes: VroomRoute[];
}

export interface VroomProblem {
  vehicles: VroomVehicle[];
  jobs: VroomJob[];
  matrices: { car: { durations: number[][]; distances: number[][] } };
  solution?: VroomOutput;
  [FLEET_NOTE_KEY]: FleetNote;
}

export function vroomInt(x: number): number {
  return Number.isFinite(x) ? Math.min(Math.round(x), VROOM_MAX) : VROOM_MAX;
}

/** One VROOM vehicle per physical vehicle: a RouteLab vehicle type with count k becomes k. */
interface FleetCopy {
  type: number;
  id: number;
}

export function exportVroom(inst: Instance, solution?: Solution, evaluation?: Evaluation): VroomProblem {
  if (inst.vehicles.some((v) => v.start < 0)) {
    throw new Error('VROOM export needs a start depot for every vehicle (an ATSP tour has none)');
  }
  const clients = clientNodes(inst);
  const jobId = vroomJobIds(inst, clients);
  const fleet = expandFleet(inst, clients.length, solution);
  const skills = skillsFromMasks(inst, clients);
  const where = (j: number): { location?: [number, number] } =>
    inst.coordSystem === 'lonlat' && inst.coords ? { location: [inst.coords[2 * j], inst.coords[2 * j + 1]] } : {};
  // VROOM takes its amount size from the first vehicle's capacity, and a vehicle without one
  // gets capacity 0: amounts are all-or-nothing, and an unlimited capacity must be written.
  const amounts = clients.some((j) => inst.demand[j] !== 0) || inst.vehicles.some((v) => Number.isFinite(v.capacity));
  const windows = usesTimeWindows(inst.kind);

  const jobs: VroomJob[] = clients.map((j) => {
    const job: VroomJob = { id: jobId[j], description: inst.labels[j], location_index: j, ...where(j), service: vroomInt(inst.service[j]) };
    if (amounts) job.delivery = [vroomInt(inst.demand[j])];
    if (windows && (inst.ready[j] > 0 || Number.isFinite(inst.due[j]))) job.time_windows = [[vroomInt(inst.ready[j]), vroomInt(inst.due[j])]];
    if (skills.job.has(j)) job.skills = [skills.job.get(j)!];
    return job;
  });

  const vehicles: VroomVehicle[] = fleet.map(({ type, id }) => {
    const v = inst.vehicles[type];
    const out: VroomVehicle = { id, description: v.id, start_index: v.start };
    if (where(v.start).location) out.start = where(v.start).location;
    if (v.end >= 0) {
      out.end_index = v.end;
      if (where(v.end).location) out.end = where(v.end).location;
    }
    if (amounts) out.capacity = [vroomInt(v.capacity)];
    // Always written for time-window problems so the kind survives a round trip.
    if (windows) out.time_window = [vroomInt(v.shift[0]), vroomInt(returnDeadline(inst, v))];
    if (skills.vehicle[type].length > 0) out.skills = skills.vehicle[type];
    // VROOM accepts speed factors in (0, 5]; others are written as they are and VROOM will say so.
    if (v.speed !== 1) out.speed_factor = v.speed;
    return out;
  });

  const problem: VroomProblem = {
    vehicles,
    jobs,
    matrices: { car: { durations: matrixRows(inst.duration, inst.n), distances: matrixRows(inst.distance, inst.n) } },
    [FLEET_NOTE_KEY]: writeFleetNote(inst, fleet, clients),
  };
  if (solution) {
    problem.solution = vroomOutput(inst, solution, evaluation ?? evaluate(inst, solution), fleet, jobId, amounts, where);
  }
  return problem;
}

function matrixRows(m: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(m.subarray(i * n, (i + 1) * n), vroomInt));
}

/** The labels when they are already unique integers (a VROOM round trip), node indices otherwise. */
function vroomJobIds(inst: Instance, clients: number[]): number[] {
  const ids = new Array<number>(inst.n).fill(-1);
  const labels = clients.map((j) => inst.labels[j]);
  const numeric = labels.every((l) => /^\d{1,15}$/.test(l)) && new Set(labels).size === labels.length;
  clients.forEach((j, k) => (ids[j] = numeric ? Number(labels[k]) : j));
  return ids;
}

function expandFleet(inst: Instance, clientCount: number, solution?: Solution): FleetCopy[] {
  const routesOf = (k: number) => (solution ? solution.routes.filter((r) => r.vehicle === k && r.stops.length > 0).length : 0);
  const copies = inst.vehicles.map((v, k) => {
    const total = v.count * v.trips;
    // An unlimited fleet never needs more vehicles than clients (one each). Multi-trip vehicles
    // become one VROOM vehicle per trip: VROOM has no reloads, so trips lose their sequencing.
    return Number.isFinite(total) ? total : Math.max(clientCount, routesOf(k), 1);
  });
  const used = new Set<number>();
  const own = inst.vehicles.map((v, k) => {
    const id = /^\d{1,15}$/.test(v.id) && copies[k] === 1 ? Number(v.id) : undefined;
    if (id === undefined || used.has(id)) return undefined;
    used.add(id);
    return id;
  });
  let next = 1;
  const fresh = () => {
    while (used.has(next)) next++;
    used.add(next);
    return next;
  };
  const fleet: FleetCopy[] = [];
  inst.vehicles.forEach((_, k) => {
    for (let c = 0; c < copies[k]; c++) fleet.push({ type: k, id: own[k] ?? fresh() });
  });
  return fleet;
}

/**
 * Allowed masks as VROOM skills: one skill per distinct set of vehicle types a job may use.
 * A vehicle type has the skill when it is in the set, so the ban is reproduced exactly.
 */
function skillsFromMasks(inst: Instance, clients: number[]): { job: Map<number, number>; vehicle: number[][] } {
  const vehicle: number[][] = inst.vehicles.map(() => []);
  const job = new Map<number, number>();
  if (!inst.vehicles.some((v) => v.allowed)) return { job, vehicle };
  const skillOf = new Map<string, number>();
  for (const j of clients) {
    const allowed = inst.vehicles.map((v: Vehicle) => !v.allowed || v.allowed[j] === 1);
    if (allowed.every(Boolean)) continue;
    const key = allowed.map((a) => (a ? '1' : '0')).join('');
    let skill = skillOf.get(key);
    if (skill === undefined) {
      skill = skillOf.size + 1;
      skillOf.set(key, skill);
      allowed.forEach((a, k) => a && vehicle[k].push(skill!));
    }
    job.set(j, skill);
  }
  return { job, vehicle };
}

function vroomOutput(
  inst: Instance,
  solution: Solution,
  ev: Evaluation,
  fleet: FleetCopy[],
  jobId: number[],
  amounts: boolean,
  where: (j: number) => { location?: [number, number] },
): VroomOutput {
  const evalOf = new Map<number, RouteEval>(ev.routes.map((r) => [r.index, r]));
  const free = fleet.slice();
  const routed = new Set<number>();
  const routes: VroomRoute[] = [];
  solution.routes.forEach((route, r) => {
    const re = evalOf.get(r);
    if (!re || re.stops.length === 0) return;
    // Routes beyond the fleet cannot be written; their jobs are listed as unassigned below.
    const copy = free.findIndex((c) => c.type === route.vehicle);
    if (copy < 0) return;
    const { id } = free.splice(copy, 1)[0];
    const v = inst.vehicles[route.vehicle];
    const load = (x: number) => (amounts ? { load: [vroomInt(x)] } : {});
    const steps: VroomStep[] = [
      { type: 'start', location_index: v.start, ...where(v.start), arrival: vroomInt(re.startTime), duration: 0, distance: 0, setup: 0, service: 0, waiting_time: 0, ...load(re.load), violations: [] },
    ];
    for (const s of re.stops) {
      routed.add(s.node);
      steps.push({
        type: 'job',
        id: jobId[s.node],
        description: inst.labels[s.node],
        location_index: s.node,
        ...where(s.node),
        arrival: vroomInt(s.arrival),
        duration: vroomInt(s.travel),
        distance: vroomInt(s.distance),
        setup: 0,
        service: vroomInt(inst.service[s.node]),
        waiting_time: vroomInt(s.wait),
        // VROOM's load is what is on board after the step: deliveries leave the vehicle.
        ...load(re.load - s.loadAfter),
        violations: [],
      });
    }
    if (v.end >= 0) {
      steps.push({ type: 'end', location_index: v.end, ...where(v.end), arrival: vroomInt(re.endTime), duration: vroomInt(re.duration), distance: vroomInt(re.distance), setup: 0, service: 0, waiting_time: 0, ...load(0), violations: [] });
    }
    routes.push({
      vehicle: id,
      description: v.id,
      cost: vroomInt(re.cost),
      setup: 0,
      service: vroomInt(re.service),
      duration: vroomInt(re.duration),
      waiting_time: vroomInt(re.waiting),
      priority: 0,
      distance: vroomInt(re.distance),
      ...(amounts ? { delivery: [vroomInt(re.load)], pickup: [0] } : {}),
      violations: [],
      steps,
    });
  });

  // VROOM lists every job that no route serves, declared or not.
  const unassigned = clientNodes(inst)
    .filter((j) => !routed.has(j))
    .map((j) => ({ id: jobId[j], type: 'job' as const, description: inst.labels[j], location_index: j, ...where(j) }));
  const sum = (f: (r: VroomRoute) => number) => routes.reduce((acc, r) => acc + f(r), 0);
  return {
    code: 0,
    summary: {
      cost: sum((r) => r.cost),
      routes: routes.length,
      unassigned: unassigned.length,
      setup: 0,
      service: sum((r) => r.service),
      duration: sum((r) => r.duration),
      waiting_time: sum((r) => r.waiting_time),
      priority: 0,
      distance: sum((r) => r.distance),
      ...(amounts ? { delivery: [sum((r) => r.delivery![0])], pickup: [0] } : {}),
      violations: [],
    },
    unassigned,
    routes,
  };
}
