/**
 * VROOM input problems (docs/API.md): jobs, vehicles and a matrix per profile, optionally with a
 * `solution` key in VROOM output shape (vroom-frontend's convention for saved runs).
 *
 * Node layout: first the distinct vehicle start/end locations (the depots, in vehicle order),
 * then one node per job in file order, even when jobs share a location_index: a node is a thing
 * to serve, its matrix row is looked up through its location. Labels keep the VROOM ids (job ids;
 * `start:<vehicle id>` / `end:<vehicle id>` for depots) and Vehicle.id keeps the vehicle id, so
 * VROOM output files and exports map back without a side table.
 */
import { makeInstance, type Instance, type ProblemKind, type Vehicle } from '../instance';
import { checkDimension, fail, isRecord } from './text';
import { singleInstance, type LoadedFile, type ParseOptions } from './types';
import { asArray, asRecord, foundText, lonLat, nonNegative, nonNegativeInt } from './json-fields';
import { CROW_FLY_WARNING, crowFlyMatrices } from './crow-fly';
import { fromVroomValue, readVroomMatrix, type VroomMatrix } from './vroom-matrix';
import { FLEET_NOTE_KEY, readFleetNote, type ReadNote } from './vroom-fleet';
import { vroomSolutionFromJson } from './vroom-output';

export { vroomOutputFromJson } from './vroom-output';
export { exportVroom } from './vroom-export';

interface Place {
  index?: number;
  lonlat?: [number, number];
}

interface JobIn {
  id: number;
  place: Place;
  demand: number;
  service: number;
  window: [number, number] | null;
  skills: number[];
  pickup: boolean;
}

interface VehicleIn {
  id: number;
  start: Place;
  end: Place | null;
  capacity: number;
  shift: [number, number] | null;
  speed: number;
  skills: Set<number>;
}

const IGNORED_VEHICLE_KEYS = ['breaks', 'max_tasks', 'max_travel_time', 'max_distance', 'costs', 'steps', 'type'];

export function vroomInputFromJson(file: string, json: Record<string, unknown>, opts: ParseOptions): LoadedFile {
  const warnings: string[] = [];
  const warn = (w: string) => warnings.push(w);
  if (json.shipments !== undefined && !(Array.isArray(json.shipments) && json.shipments.length === 0)) {
    fail(file, 'jobs only: shipments are not supported yet', { field: 'shipments', found: foundText(json.shipments) });
  }
  const jobsJson = asArray(file, json.jobs, 'jobs', 'an array of jobs');
  if (jobsJson.length === 0) fail(file, 'at least one job', { field: 'jobs', found: 'an empty array' });
  const vehiclesJson = asArray(file, json.vehicles, 'vehicles', 'an array of vehicles');
  if (vehiclesJson.length === 0) fail(file, 'at least one vehicle', { field: 'vehicles', found: 'an empty array' });

  const matrix = readVroomMatrix(file, json, vehicleProfile(file, vehiclesJson), warn);
  const readPlace = (rec: Record<string, unknown>, indexKey: string, coordKey: string, base: string): Place | null =>
    placeOf(file, rec, indexKey, coordKey, base, matrix);

  const jobs = jobsJson.map((j, k) => readJob(file, j, k, readPlace, warn));
  checkUniqueIds(file, jobs, 'jobs');
  if (jobs.some((j) => j.pickup)) {
    warn('pickup amounts count against the same capacity as deliveries (exact unless a route mixes pickups and deliveries)');
  }
  const vehicles = vehiclesJson.map((v, k) => readVehicle(file, v, k, readPlace, warn));
  checkUniqueIds(file, vehicles, 'vehicles');

  // Depots first, shared by vehicles that start or end at the same place.
  const places: Place[] = [];
  const labels: string[] = [];
  const byKey = new Map<string, number>();
  const nodeOf = (p: Place, label: string): number => {
    const key = p.index !== undefined ? `i${p.index}` : `c${p.lonlat![0]},${p.lonlat![1]}`;
    let node = byKey.get(key);
    if (node === undefined) {
      node = places.length;
      byKey.set(key, node);
      places.push(p);
      labels.push(label);
    }
    return node;
  };
  const ends = vehicles.map((v) => ({
    start: nodeOf(v.start, `start:${v.id}`),
    end: v.end ? nodeOf(v.end, `end:${v.id}`) : -1,
  }));
  const firstJob = places.length;
  for (const job of jobs) {
    places.push(job.place);
    labels.push(String(job.id));
  }
  const n = checkDimension(file, places.length, { field: 'jobs' });

  const { distance, duration, estimated, coords } = nodeMatrices(places, matrix, warn);
  const demand = new Float64Array(n);
  const service = new Float64Array(n);
  const ready = new Float64Array(n);
  const due = new Float64Array(n).fill(Infinity);
  // A depot closes when the last shift using it ends (Solomon's depot due date); its ready time
  // stays 0 since routes start at their vehicle's shift start anyway.
  for (let d = 0; d < firstJob; d++) {
    const shifts = vehicles.filter((_, k) => ends[k].start === d || ends[k].end === d).map((v) => v.shift?.[1] ?? Infinity);
    due[d] = Math.max(...shifts);
  }
  jobs.forEach((job, k) => {
    const node = firstJob + k;
    demand[node] = job.demand;
    service[node] = job.service;
    if (job.window) [ready[node], due[node]] = job.window;
  });

  const note = json[FLEET_NOTE_KEY] === undefined ? null : readFleetNote(file, json[FLEET_NOTE_KEY], vehicles.map((v) => v.id), jobs.length);
  const kind: ProblemKind = opts.problem ?? note?.kind ?? (jobs.some((j) => j.window) || vehicles.some((v) => v.shift) ? 'acvrptw' : 'acvrp');
  const masks = skillMasks(jobs, vehicles, firstJob, n, warn);
  const copies: Vehicle[] = vehicles.map((v, k) => ({
    id: String(v.id),
    capacity: v.capacity,
    start: ends[k].start,
    end: ends[k].end,
    shift: v.shift ?? [0, Infinity],
    count: 1,
    trips: 1,
    speed: v.speed,
    ...(masks[k] ? { allowed: masks[k] } : {}),
  }));
  const fleet = note ? notedFleet(note, copies, firstJob, n, warn) : copies;

  const inst: Instance = makeInstance({
    name: baseName(file),
    kind,
    n,
    distance,
    duration,
    estimated,
    labels,
    coords,
    coordSystem: 'lonlat',
    depot: fleet[0].start,
    demand,
    service,
    ready,
    due,
    vehicles: fleet,
    units: { distance: 'm', time: 's' },
    ...(note ? { objective: note.objective } : {}),
    meta: { sourceFile: file, format: 'vroom-input', warnings },
  });

  let solution;
  if (json.solution !== undefined) {
    if (!isRecord(json.solution)) fail(file, 'a VROOM output object (code, summary, routes)', { field: 'solution', found: foundText(json.solution) });
    // Routes name VROOM vehicles; with a note, several of them are one RouteLab vehicle.
    const vehicleOf = note ? new Map(note.vehicles.flatMap((t, k) => t.members.map((m) => [String(vehicles[m].id), k] as const))) : undefined;
    solution = vroomSolutionFromJson(file, json.solution, inst, 'solution.', vehicleOf).solution;
  }
  return singleInstance('vroom-input', file, inst, solution);
}

/** The RouteLab vehicles the note names, each from its first VROOM copy (they are written alike). */
function notedFleet(note: ReadNote, copies: Vehicle[], firstJob: number, n: number, warn: (w: string) => void): Vehicle[] {
  return note.vehicles.map((t) => {
    const first = copies[t.members[0]];
    const same = t.members.every((m) => {
      const c = copies[m];
      return c.start === first.start && c.end === first.end && c.capacity === first.capacity && c.speed === first.speed && c.shift[0] === first.shift[0] && c.shift[1] === first.shift[1];
    });
    if (!same) warn(`the VROOM vehicles of ${t.id} differ; ${t.id} takes the first one's start, end, capacity, shift and speed`);
    const v: Vehicle = { ...first, id: t.id, count: t.count, trips: t.trips };
    if (t.preference) {
      v.preference = new Float64Array(n);
      t.preference.forEach((x, k) => (v.preference![firstJob + k] = x));
    }
    return v;
  });
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]+$/, '');
}

/** RouteLab holds one matrix per instance, so all vehicles must share a profile. */
function vehicleProfile(file: string, vehicles: unknown[]): string {
  let profile: string | undefined;
  vehicles.forEach((v, k) => {
    const p = isRecord(v) && typeof v.profile === 'string' ? v.profile : 'car';
    if (profile !== undefined && p !== profile) {
      fail(file, `the same profile for every vehicle ("${profile}"): RouteLab holds one matrix`, { field: `vehicles[${k}].profile`, found: p });
    }
    profile = p;
  });
  return profile ?? 'car';
}

function placeOf(
  file: string,
  rec: Record<string, unknown>,
  indexKey: string,
  coordKey: string,
  base: string,
  matrix: VroomMatrix | null,
): Place | null {
  const hasIndex = rec[indexKey] !== undefined;
  const hasCoord = rec[coordKey] !== undefined;
  if (!hasIndex && !hasCoord) return null;
  const place: Place = {};
  if (hasCoord) place.lonlat = lonLat(file, rec[coordKey], `${base}.${coordKey}`);
  if (hasIndex) {
    place.index = nonNegativeInt(file, rec[indexKey], `${base}.${indexKey}`, 'a matrix index (non-negative integer)');
    if (matrix && place.index >= matrix.size) {
      fail(file, `an index into the ${matrix.size}×${matrix.size} ${matrix.source} (0..${matrix.size - 1})`, {
        field: `${base}.${indexKey}`,
        found: String(place.index),
      });
    }
  }
  if (matrix && place.index === undefined) {
    fail(file, `a ${indexKey} into ${matrix.source} (the file has a matrix, so coordinates alone cannot be looked up)`, { field: `${base}.${indexKey}`, found: 'nothing' });
  }
  if (!matrix && !place.lonlat) {
    fail(file, `a ${coordKey} [lon, lat]: the file has no matrix and RouteLab has no router offline (add matrices.car.durations)`, {
      field: `${base}.${coordKey}`,
      found: 'only an index',
    });
  }
  return place;
}

/** First amount dimension; the others must be absent or zero since RouteLab has one capacity. */
function firstAmount(file: string, rec: Record<string, unknown>, key: string, base: string): number | undefined {
  if (rec[key] === undefined) return undefined;
  const field = `${base}.${key}`;
  const values = asArray(file, rec[key], field, 'an amount array like [3]');
  values.forEach((x, i) => nonNegative(file, x, `${field}[${i}]`, 'a non-negative amount'));
  if (values.slice(1).some((x) => x !== 0)) {
    fail(file, 'a one-dimensional amount: RouteLab models a single capacity dimension', { field, found: JSON.stringify(values) });
  }
  return values.length > 0 ? (values[0] as number) : 0;
}

function readWindow(file: string, v: unknown, field: string): [number, number] {
  const w = asArray(file, v, field, 'a time window [start, end] in seconds');
  if (w.length !== 2) fail(file, 'a time window [start, end] in seconds', { field, found: JSON.stringify(v) });
  const start = fromVroomValue(nonNegative(file, w[0], `${field}[0]`, 'a window start in seconds'));
  const end = fromVroomValue(nonNegative(file, w[1], `${field}[1]`, 'a window end in seconds'));
  if (start > end) fail(file, 'a window whose start is not after its end', { field, found: JSON.stringify(v) });
  return [start, end];
}

function readSkills(file: string, rec: Record<string, unknown>, base: string): number[] {
  if (rec.skills === undefined) return [];
  const field = `${base}.skills`;
  return asArray(file, rec.skills, field, 'an array of integer skills').map((s, i) => nonNegativeInt(file, s, `${field}[${i}]`, 'an integer skill'));
}

type PlaceReader = (rec: Record<string, unknown>, indexKey: string, coordKey: string, base: string) => Place | null;

function readJob(file: string, v: unknown, k: number, readPlace: PlaceReader, warn: (w: string) => void): JobIn {
  const base = `jobs[${k}]`;
  const rec = asRecord(file, v, base, 'a job object');
  const id = nonNegativeInt(file, rec.id, `${base}.id`, 'an integer job id');
  const place = readPlace(rec, 'location_index', 'location', base);
  if (!place) fail(file, 'a location_index or a location', { field: base, found: 'neither' });

  const delivery = firstAmount(file, rec, 'delivery', base);
  const pickup = firstAmount(file, rec, 'pickup', base);
  const amount = firstAmount(file, rec, 'amount', base);
  if (delivery && pickup) {
    fail(file, 'either a delivery or a pickup amount: jobs with both are not supported yet', { field: `${base}.pickup`, found: JSON.stringify(rec.pickup) });
  }
  const demand = delivery || pickup || (delivery === undefined && pickup === undefined ? (amount ?? 0) : 0);

  let service = rec.service === undefined ? 0 : nonNegative(file, rec.service, `${base}.service`, 'a service time in seconds');
  if (rec.setup !== undefined) {
    const setup = nonNegative(file, rec.setup, `${base}.setup`, 'a setup time in seconds');
    // VROOM skips setup between jobs at the same place; counting it always is the safe side.
    if (setup > 0) {
      service += setup;
      warn(`${base}: setup time added to service`);
    }
  }

  let window: [number, number] | null = null;
  if (rec.time_windows !== undefined) {
    const field = `${base}.time_windows`;
    const windows = asArray(file, rec.time_windows, field, 'an array of time windows [[start, end]]');
    if (windows.length > 1) fail(file, 'one time window per job (several windows are not supported yet)', { field, found: `${windows.length} windows` });
    if (windows.length === 1) window = readWindow(file, windows[0], `${field}[0]`);
  }
  if (typeof rec.priority === 'number' && rec.priority > 0) warn(`${base}: priority ignored (RouteLab must serve every job)`);
  return { id, place, demand, service, window, skills: readSkills(file, rec, base), pickup: Boolean(pickup) };
}

function readVehicle(file: string, v: unknown, k: number, readPlace: PlaceReader, warn: (w: string) => void): VehicleIn {
  const base = `vehicles[${k}]`;
  const rec = asRecord(file, v, base, 'a vehicle object');
  const id = nonNegativeInt(file, rec.id, `${base}.id`, 'an integer vehicle id');
  const start = readPlace(rec, 'start_index', 'start', base);
  const end = readPlace(rec, 'end_index', 'end', base);
  if (!start && !end) fail(file, 'a start or an end (start / start_index, end / end_index)', { field: base, found: 'neither' });
  if (!start) fail(file, 'a start: vehicles with only an end are not supported yet', { field: `${base}.start_index`, found: 'nothing' });

  let capacity = Infinity;
  if (rec.capacity !== undefined) {
    const field = `${base}.capacity`;
    const caps = asArray(file, rec.capacity, field, 'a capacity array like [10]');
    caps.forEach((c, i) => nonNegative(file, c, `${field}[${i}]`, 'a non-negative capacity'));
    if (caps.length > 0) capacity = fromVroomValue(caps[0] as number);
  }
  const shift = rec.time_window === undefined ? null : readWindow(file, rec.time_window, `${base}.time_window`);
  let speed = 1;
  if (rec.speed_factor !== undefined) {
    speed = nonNegative(file, rec.speed_factor, `${base}.speed_factor`, 'a speed factor in (0, 5]');
    if (!(speed > 0 && speed <= 5)) fail(file, 'a speed factor in (0, 5]', { field: `${base}.speed_factor`, found: String(speed) });
  }
  const ignored = IGNORED_VEHICLE_KEYS.filter((key) => rec[key] !== undefined);
  if (ignored.length > 0) warn(`${base}: ${ignored.join(', ')} ignored (not modelled by RouteLab)`);
  return { id, start, end, capacity, shift, speed, skills: new Set(readSkills(file, rec, base)) };
}

function checkUniqueIds(file: string, items: { id: number }[], what: 'jobs' | 'vehicles'): void {
  const seen = new Map<number, number>();
  items.forEach((item, k) => {
    const prev = seen.get(item.id);
    if (prev !== undefined) fail(file, `a unique id (duplicate of ${what}[${prev}])`, { field: `${what}[${k}].id`, found: String(item.id) });
    seen.set(item.id, k);
  });
}

function nodeMatrices(places: Place[], matrix: VroomMatrix | null, warn: (w: string) => void) {
  const n = places.length;
  const coords = places.every((p) => p.lonlat) ? Float64Array.from(places.flatMap((p) => p.lonlat!)) : null;
  if (!matrix) {
    // placeOf guarantees coordinates here: every node has a location.
    const cf = crowFlyMatrices(coords!, true);
    warn(CROW_FLY_WARNING);
    return { ...cf, coords };
  }
  if (!matrix.distances) warn(`${matrix.source} has no distances: durations (seconds) stand in for distances`);
  const m = matrix.size;
  const durations = matrix.durations;
  const distances = matrix.distances ?? matrix.durations;
  const duration = new Float64Array(n * n);
  const distance = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const ia = places[a].index!;
    for (let b = 0; b < n; b++) {
      const ib = places[b].index!;
      duration[a * n + b] = durations[ia * m + ib];
      distance[a * n + b] = distances[ia * m + ib];
    }
  }
  return { distance, duration, estimated: undefined, coords };
}

/** Skills become per-vehicle allowed masks, only for vehicles that actually lose a job. */
function skillMasks(jobs: JobIn[], vehicles: VehicleIn[], firstJob: number, n: number, warn: (w: string) => void): (Uint8Array | undefined)[] {
  if (!jobs.some((j) => j.skills.length > 0)) return vehicles.map(() => undefined);
  const masks = vehicles.map((v) => {
    const mask = new Uint8Array(n).fill(1);
    let banned = 0;
    jobs.forEach((job, k) => {
      if (!job.skills.every((s) => v.skills.has(s))) {
        mask[firstJob + k] = 0;
        banned++;
      }
    });
    return banned > 0 ? mask : undefined;
  });
  if (masks.some(Boolean)) warn('skills mapped to per-vehicle allowed masks (the problem kind is unchanged)');
  const orphans = jobs.filter((job, k) => masks.every((m) => m && !m[firstJob + k])).map((j) => j.id);
  if (orphans.length > 0) warn(`no vehicle has the skills for jobs ${orphans.slice(0, 10).join(', ')}${orphans.length > 10 ? ', …' : ''}`);
  return masks;
}
