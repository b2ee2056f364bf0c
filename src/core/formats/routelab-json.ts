/**
 * RouteLab's own instance file (`routelab-instance@1`): everything an Instance holds, plus an
 * optional solution. What `npm run sample` writes and what the app saves; JSON has no Infinity,
 * so null stands for "unbounded" in limits and for "unreachable" in matrices.
 */
import { isProblemKind, type Instance, type Vehicle } from '../instance';
import type { Solution, UnassignedReason } from '../solution';
import { checkDimension, fail, isRecord } from './text';
import { singleInstance, type LoadedFile } from './types';

export const ROUTELAB_FORMAT_TAG = 'routelab-instance@1';

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function matrixRows(m: Float64Array, n: number): (number | null)[][] {
  return Array.from({ length: n }, (_, i) => Array.from(m.subarray(i * n, (i + 1) * n), finiteOrNull));
}

export function routelabToJson(inst: Instance, solution?: Solution): Record<string, unknown> {
  const n = inst.n;
  const estimated: [number, number][] = [];
  if (inst.estimated) for (let k = 0; k < n * n; k++) if (inst.estimated[k]) estimated.push([Math.floor(k / n), k % n]);
  const vehicles = inst.vehicles.map((v) => ({
    id: v.id,
    capacity: finiteOrNull(v.capacity),
    start: v.start,
    end: v.end,
    shift: [v.shift[0], finiteOrNull(v.shift[1])],
    count: finiteOrNull(v.count),
    trips: finiteOrNull(v.trips),
    speed: v.speed,
    ...(v.preference ? { preference: Array.from(v.preference) } : {}),
    ...(v.allowed ? { allowed: Array.from(v.allowed) } : {}),
  }));
  return {
    format: ROUTELAB_FORMAT_TAG,
    name: inst.name,
    kind: inst.kind,
    n,
    labels: inst.labels,
    coordSystem: inst.coordSystem,
    coords: inst.coords ? Array.from({ length: n }, (_, i) => [inst.coords![2 * i], inst.coords![2 * i + 1]]) : null,
    depot: inst.depot,
    demand: Array.from(inst.demand),
    service: Array.from(inst.service),
    ready: Array.from(inst.ready),
    due: Array.from(inst.due, finiteOrNull),
    vehicles,
    objective: inst.objective,
    units: inst.units,
    meta: inst.meta,
    distance: matrixRows(inst.distance, n),
    duration: inst.duration === inst.distance ? 'same-as-distance' : matrixRows(inst.duration, n),
    ...(estimated.length ? { estimated } : {}),
    ...(solution ? { solution } : {}),
  };
}

type Json = Record<string, unknown>;

export function routelabFromJson(file: string, json: Json): LoadedFile {
  const field = (name: string, expected: string, found?: unknown): never =>
    fail(file, expected, { field: name, found: found === undefined ? 'nothing' : JSON.stringify(found)?.slice(0, 60) });
  const n = checkDimension(file, json.n as number, { field: 'n' });
  if (!isProblemKind(json.kind)) field('kind', 'one of atsp, acvrp, acvrptw, pvrp-p, pvrp-zc', json.kind);
  const numbers = (name: string, nullIs: number | undefined, len = n): Float64Array => {
    const arr = json[name];
    if (!Array.isArray(arr) || arr.length !== len) return field(name, `an array of ${len} numbers`, Array.isArray(arr) ? `${arr.length} entries` : arr);
    return Float64Array.from(arr, (x, i) => {
      if (x === null && nullIs !== undefined) return nullIs;
      if (typeof x !== 'number' || !Number.isFinite(x)) field(`${name}[${i}]`, 'a finite number', x);
      return x as number;
    });
  };
  const matrix = (name: string): Float64Array => {
    const rows = json[name];
    if (!Array.isArray(rows) || rows.length !== n) return field(name, `${n} rows`, Array.isArray(rows) ? `${rows.length} rows` : rows);
    const out = new Float64Array(n * n);
    rows.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== n) field(`${name}[${i}]`, `a row of ${n} numbers`, Array.isArray(row) ? `${row.length} entries` : row);
      (row as unknown[]).forEach((x, j) => {
        if (x === null) out[i * n + j] = Infinity;
        else if (typeof x === 'number' && Number.isFinite(x) && x >= 0) out[i * n + j] = x;
        else field(`${name}[${i}][${j}]`, 'a non-negative number or null (unreachable)', x);
      });
    });
    return out;
  };
  const distance = matrix('distance');
  const duration = json.duration === 'same-as-distance' ? distance : matrix('duration');
  if (!Array.isArray(json.vehicles) || json.vehicles.length === 0) field('vehicles', 'a non-empty array of vehicles', json.vehicles);
  const vehicles: Vehicle[] = (json.vehicles as unknown[]).map((raw, k) => {
    if (!isRecord(raw)) return field(`vehicles[${k}]`, 'an object', raw);
    const f = (key: string, nullIs?: number): number => {
      const x = raw[key];
      if (x === null && nullIs !== undefined) return nullIs;
      if (typeof x !== 'number' || !Number.isFinite(x)) return field(`vehicles[${k}].${key}`, nullIs !== undefined ? 'a number or null' : 'a number', x);
      return x;
    };
    const shift = raw.shift;
    if (!Array.isArray(shift) || shift.length !== 2) field(`vehicles[${k}].shift`, '[start, end]', shift);
    const v: Vehicle = {
      id: String(raw.id ?? `v${k + 1}`),
      capacity: f('capacity', Infinity),
      start: f('start'),
      end: f('end'),
      shift: [Number((shift as unknown[])[0]), (shift as unknown[])[1] === null ? Infinity : Number((shift as unknown[])[1])],
      count: f('count', Infinity),
      trips: f('trips', Infinity),
      speed: f('speed'),
    };
    if (Array.isArray(raw.preference)) {
      if (raw.preference.length !== n) field(`vehicles[${k}].preference`, `${n} numbers`, `${raw.preference.length} entries`);
      v.preference = Float64Array.from(raw.preference as number[]);
    }
    if (Array.isArray(raw.allowed)) {
      if (raw.allowed.length !== n) field(`vehicles[${k}].allowed`, `${n} entries of 0/1`, `${raw.allowed.length} entries`);
      v.allowed = Uint8Array.from(raw.allowed as number[], (x) => (x ? 1 : 0));
    }
    return v;
  });
  let coords: Float64Array | null = null;
  if (Array.isArray(json.coords)) {
    if (json.coords.length !== n) field('coords', `${n} coordinate pairs`, `${json.coords.length} entries`);
    coords = new Float64Array(2 * n);
    (json.coords as unknown[]).forEach((p, i) => {
      if (!Array.isArray(p) || p.length !== 2 || !p.every((x) => typeof x === 'number' && Number.isFinite(x))) field(`coords[${i}]`, '[x, y] numbers', p);
      coords![2 * i] = (p as number[])[0];
      coords![2 * i + 1] = (p as number[])[1];
    });
  }
  let estimated: Uint8Array | undefined;
  if (Array.isArray(json.estimated)) {
    estimated = new Uint8Array(n * n);
    for (const cell of json.estimated as unknown[]) {
      if (!Array.isArray(cell) || cell.length !== 2) field('estimated', '[row, column] pairs', cell);
      estimated[(cell as number[])[0] * n + (cell as number[])[1]] = 1;
    }
  }
  const labels = Array.isArray(json.labels) && json.labels.length === n ? (json.labels as unknown[]).map(String) : Array.from({ length: n }, (_, i) => String(i));
  const inst: Instance = {
    name: typeof json.name === 'string' ? json.name : file,
    kind: json.kind as Instance['kind'],
    n,
    labels,
    coords,
    coordSystem: json.coordSystem === 'lonlat' ? 'lonlat' : 'planar',
    depot: typeof json.depot === 'number' ? json.depot : field('depot', 'a node index (-1 for ATSP)', json.depot),
    demand: numbers('demand', undefined),
    service: numbers('service', undefined),
    ready: numbers('ready', undefined),
    due: numbers('due', Infinity),
    vehicles,
    distance,
    duration,
    estimated,
    objective: isRecord(json.objective) ? (json.objective as unknown as Instance['objective']) : field('objective', 'an objective object', json.objective),
    units: isRecord(json.units) ? (json.units as unknown as Instance['units']) : { distance: 'abstract', time: 'abstract' },
    meta: isRecord(json.meta) ? (json.meta as Instance['meta']) : {},
  };
  const solution = json.solution === undefined ? undefined : solutionFromJson(file, json.solution, 'solution');
  return singleInstance('routelab-json', file, inst, solution);
}

const REASONS: UnassignedReason[] = ['capacity', 'time-window', 'zone', 'unreachable', 'fleet', 'not-routed', 'no-reason'];

/** A `{routes: [{vehicle, stops}], unassigned}` object. */
export function solutionFromJson(file: string, raw: unknown, path: string): Solution {
  if (!isRecord(raw) || !Array.isArray(raw.routes)) fail(file, 'an object with a routes array', { field: path });
  const routes = (raw.routes as unknown[]).map((r, i) => {
    if (!isRecord(r) || !Array.isArray(r.stops)) fail(file, '{vehicle, stops}', { field: `${path}.routes[${i}]` });
    const stops = (r.stops as unknown[]).map((s, k) => {
      if (typeof s !== 'number' || !Number.isInteger(s)) fail(file, 'an integer node index', { field: `${path}.routes[${i}].stops[${k}]`, found: String(s) });
      return s as number;
    });
    return { vehicle: typeof r.vehicle === 'number' ? r.vehicle : 0, stops };
  });
  const unassigned = Array.isArray(raw.unassigned)
    ? (raw.unassigned as unknown[]).map((u, i) => {
        if (!isRecord(u) || typeof u.node !== 'number') fail(file, '{node, reason}', { field: `${path}.unassigned[${i}]` });
        const reason = REASONS.includes(u.reason as UnassignedReason) ? (u.reason as UnassignedReason) : 'no-reason';
        return { node: u.node as number, reason };
      })
    : [];
  return { routes, unassigned };
}
