/**
 * Scenario edits: pure functions from an Instance to a NEW Instance (the input is never
 * mutated, so runs that solved an older version keep an intact instance). Each edit keeps the
 * instance structurally valid (instanceProblems stays empty), keeps the depot at node 0 (the
 * RRNCO / CAMP convention the sampler and the neural models follow) and keeps meta.cityPoints
 * aligned with the nodes. Invalid requests throw an EditError whose message is shown as is.
 *
 * Adding a stop (or moving the depot to a new road point) needs the arcs between the new point
 * and every node, which only the full city matrices hold: the data worker computes them with
 * cityArcs() and the page applies them here.
 */
import type { CityData } from '../cities/city';
import { CROW_FLY_SPEED_MPS, haversineMetres } from '../formats/crow-fly';
import { depotMask, isProfiled, usesTimeWindows, type Instance, type Vehicle } from '../instance';

export class EditError extends Error {
  constructor(
    message: string,
    /** The field the message is about (demand, due, capacity, …), for inline display. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'EditError';
  }
}

/**
 * The arcs between one new position and the nodes of an instance (in node order): a city road
 * point with arcs from the city matrices, or (point = -1) a free [lon, lat] position with
 * straight-line estimates (crowFlyArcs) for lon/lat scenarios that have no city.
 */
export interface CityArcs {
  /** City point index; -1 for a free position. */
  point: number;
  /** The arcs are estimates (flagged in the instance's `estimated` mask). */
  estimated?: boolean;
  lonlat: [number, number];
  /** node i → point, for every node i of the instance. */
  distanceTo: Float64Array;
  durationTo: Float64Array;
  /** point → node i. */
  distanceFrom: Float64Array;
  durationFrom: Float64Array;
  /** point → point (0 in OSRM tables). */
  selfDistance: number;
  selfDuration: number;
}

/** Arcs of `point` against the city points of the nodes (`nodePoints` = meta.cityPoints). */
export function cityArcs(city: CityData, nodePoints: readonly number[], point: number): CityArcs {
  if (!Number.isInteger(point) || point < 0 || point >= city.n) throw new EditError(`road point ${point} is not in ${city.name} (0..${city.n - 1})`);
  const n = nodePoints.length;
  const N = city.n;
  const arcs: CityArcs = {
    point,
    lonlat: [city.lonlat[2 * point], city.lonlat[2 * point + 1]],
    distanceTo: new Float64Array(n),
    durationTo: new Float64Array(n),
    distanceFrom: new Float64Array(n),
    durationFrom: new Float64Array(n),
    selfDistance: city.distance[point * N + point],
    selfDuration: city.duration[point * N + point],
  };
  for (let i = 0; i < n; i++) {
    const p = nodePoints[i];
    if (!Number.isInteger(p) || p < 0 || p >= N) throw new EditError(`node ${i} refers to road point ${p}, which is not in ${city.name}`);
    arcs.distanceTo[i] = city.distance[p * N + point];
    arcs.durationTo[i] = city.duration[p * N + point];
    arcs.distanceFrom[i] = city.distance[point * N + p];
    arcs.durationFrom[i] = city.duration[point * N + p];
  }
  return arcs;
}

/**
 * Straight-line arcs (haversine at the crow-fly speed, as for files without a road matrix)
 * between a free [lon, lat] position and the nodes of a lon/lat instance without a city.
 */
export function crowFlyArcs(inst: Instance, lonlat: [number, number]): CityArcs {
  if (inst.coordSystem !== 'lonlat' || !inst.coords) throw new EditError('a stop can only be placed on a map position in a scenario with [lon, lat] coordinates');
  const n = inst.n;
  const arcs: CityArcs = {
    point: -1,
    estimated: true,
    lonlat: [lonlat[0], lonlat[1]],
    distanceTo: new Float64Array(n),
    durationTo: new Float64Array(n),
    distanceFrom: new Float64Array(n),
    durationFrom: new Float64Array(n),
    selfDistance: 0,
    selfDuration: 0,
  };
  for (let i = 0; i < n; i++) {
    const d = haversineMetres(inst.coords[2 * i], inst.coords[2 * i + 1], lonlat[0], lonlat[1]);
    arcs.distanceTo[i] = arcs.distanceFrom[i] = d;
    arcs.durationTo[i] = arcs.durationFrom[i] = d / CROW_FLY_SPEED_MPS;
  }
  return arcs;
}

export interface NodeFields {
  demand: number;
  service: number;
  ready: number;
  due: number;
}

/** Writes a node's fields into an instance this module just cloned (never a shared one). */
function writeFields(inst: Instance, node: number, f: NodeFields): void {
  inst.demand[node] = f.demand;
  inst.service[node] = f.service;
  inst.ready[node] = f.ready;
  inst.due[node] = f.due;
}

/** Which node fields mean something for the instance's kind (what the editor shows). */
export function editableFields(inst: Instance): (keyof NodeFields)[] {
  if (inst.kind === 'atsp') return [];
  if (usesTimeWindows(inst.kind)) return ['demand', 'service', 'ready', 'due'];
  return ['demand'];
}

// ---------------------------------------------------------------------------------------------
// Structural helpers

function copyVehicle(v: Vehicle): Vehicle {
  return {
    ...v,
    shift: [v.shift[0], v.shift[1]],
    preference: v.preference ? v.preference.slice() : undefined,
    allowed: v.allowed ? v.allowed.slice() : undefined,
  };
}

/** A deep copy: typed arrays, vehicles and meta are new objects. */
export function cloneInstance(inst: Instance): Instance {
  return {
    ...inst,
    labels: inst.labels.slice(),
    coords: inst.coords ? inst.coords.slice() : null,
    demand: inst.demand.slice(),
    service: inst.service.slice(),
    ready: inst.ready.slice(),
    due: inst.due.slice(),
    vehicles: inst.vehicles.map(copyVehicle),
    distance: inst.distance.slice(),
    duration: inst.duration.slice(),
    estimated: inst.estimated ? inst.estimated.slice() : undefined,
    objective: { ...inst.objective },
    units: { ...inst.units },
    meta: editedMeta(inst),
  };
}

function editedMeta(inst: Instance): Instance['meta'] {
  const meta = { ...inst.meta };
  if (meta.cityPoints) meta.cityPoints = meta.cityPoints.slice();
  if (meta.warnings) meta.warnings = meta.warnings.slice();
  // The seed no longer reproduces the instance on its own: say so where the recipe is named.
  if (meta.generator && !meta.generator.endsWith('+edited')) meta.generator = `${meta.generator}+edited`;
  else if (!meta.generator) meta.generator = 'edited';
  delete meta.bestKnown;
  return meta;
}

/**
 * The instance restricted to and reordered by `order` (new node k = old node order[k]).
 * Vehicle start/end nodes follow their node; one whose node is dropped becomes -1.
 */
export function permuteNodes(inst: Instance, order: readonly number[]): Instance {
  const n = order.length;
  const N = inst.n;
  const where = new Int32Array(N).fill(-1);
  order.forEach((old, k) => {
    if (!Number.isInteger(old) || old < 0 || old >= N) throw new EditError(`node ${old} does not exist`);
    if (where[old] >= 0) throw new EditError(`node ${old} appears twice in the new order`);
    where[old] = k;
  });
  const pick = <T extends Float64Array | Uint8Array>(arr: T, make: (n: number) => T): T => {
    const out = make(n);
    for (let k = 0; k < n; k++) out[k] = arr[order[k]];
    return out;
  };
  const matrix = (m: Float64Array): Float64Array => {
    const out = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      const row = order[a] * N;
      for (let b = 0; b < n; b++) out[a * n + b] = m[row + order[b]];
    }
    return out;
  };
  const f64 = (k: number) => new Float64Array(k);
  let estimated: Uint8Array | undefined;
  if (inst.estimated) {
    estimated = new Uint8Array(n * n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) estimated[a * n + b] = inst.estimated[order[a] * N + order[b]];
  }
  let coords: Float64Array | null = null;
  if (inst.coords) {
    coords = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      coords[2 * k] = inst.coords[2 * order[k]];
      coords[2 * k + 1] = inst.coords[2 * order[k] + 1];
    }
  }
  const meta = editedMeta(inst);
  if (inst.meta.cityPoints) meta.cityPoints = order.map((o) => inst.meta.cityPoints![o]);
  return {
    ...inst,
    n,
    labels: order.map((o) => inst.labels[o]),
    coords,
    depot: inst.depot >= 0 ? where[inst.depot] : -1,
    demand: pick(inst.demand, f64),
    service: pick(inst.service, f64),
    ready: pick(inst.ready, f64),
    due: pick(inst.due, f64),
    vehicles: inst.vehicles.map((v) => ({
      ...copyVehicle(v),
      start: v.start >= 0 ? where[v.start] : -1,
      end: v.end >= 0 ? where[v.end] : -1,
      preference: v.preference ? pick(v.preference, f64) : undefined,
      allowed: v.allowed ? pick(v.allowed, (k) => new Uint8Array(k)) : undefined,
    })),
    distance: matrix(inst.distance),
    duration: matrix(inst.duration),
    estimated,
    objective: { ...inst.objective },
    units: { ...inst.units },
    meta,
  };
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function clientsOf(inst: Instance): number[] {
  const mask = depotMask(inst);
  const out: number[] = [];
  for (let i = 0; i < inst.n; i++) if (!mask[i]) out.push(i);
  return out;
}

/** The end of the planning day: the depot's due date, else the first vehicle's shift end. */
export function horizonOf(inst: Instance): number {
  if (inst.depot >= 0 && Number.isFinite(inst.due[inst.depot])) return inst.due[inst.depot];
  return inst.vehicles[0]?.shift[1] ?? Infinity;
}

/**
 * What a new stop gets when the planner states nothing: the median demand and service of the
 * existing stops (1 and 0 when there are none), and for time-window kinds the whole day as its
 * window, shortened so that a vehicle that starts serving it on time still gets back to the
 * depot (due = horizon − service − travel back).
 */
export function defaultFields(inst: Instance, node: number, excluding: readonly number[] = []): NodeFields {
  const clients = clientsOf(inst).filter((j) => j !== node && !excluding.includes(j));
  let demand = 0;
  if (inst.kind !== 'atsp') {
    const d = median(clients.map((j) => inst.demand[j]));
    demand = Number.isFinite(d) ? d : 1;
    if (clients.every((j) => Number.isInteger(inst.demand[j]))) demand = Math.max(clients.length ? 0 : 1, Math.round(demand));
  }
  const s = median(clients.map((j) => inst.service[j]));
  const service = Number.isFinite(s) ? s : 0;
  if (!usesTimeWindows(inst.kind) || inst.depot < 0) {
    return { demand, service, ready: 0, due: inst.depot >= 0 ? inst.due[inst.depot] : Infinity };
  }
  const horizon = horizonOf(inst);
  const back = inst.duration[node * inst.n + inst.depot];
  const latest = horizon - service - back;
  return { demand, service, ready: 0, due: Number.isFinite(latest) && latest >= 0 ? latest : horizon };
}

// ---------------------------------------------------------------------------------------------
// Stops

/**
 * The scenario's road points when the arcs are a city point's; null when the arcs are for a
 * free position (allowed only in lon/lat scenarios without a city, whose nodes are not points).
 */
function requireCity(inst: Instance, arcs: CityArcs, what: string): number[] | null {
  const points = inst.meta.cityPoints;
  if (inst.coordSystem !== 'lonlat' || !inst.coords) {
    throw new EditError(`${what} needs a map scenario: this one has planar coordinates`);
  }
  if (arcs.point < 0) {
    if (points) throw new EditError(`${what} in a city scenario takes a road point of the city`);
    return null;
  }
  if (!points || points.length !== inst.n) throw new EditError(`${what} at a road point needs a city scenario: this one has no road points`);
  return points;
}

/** A label for a new node: its road point, else the first free `s<k>`. */
function newLabel(inst: Instance, arcs: CityArcs): string {
  if (arcs.point >= 0) return `p${arcs.point}`;
  const taken = new Set(inst.labels);
  let k = inst.n;
  while (taken.has(`s${k}`)) k++;
  return `s${k}`;
}

function checkArcs(inst: Instance, arcs: CityArcs): void {
  for (const a of [arcs.distanceTo, arcs.durationTo, arcs.distanceFrom, arcs.durationFrom]) {
    if (a.length !== inst.n) throw new EditError(`the road arcs were computed for ${a.length} nodes, the scenario has ${inst.n}`);
  }
}

/**
 * A new stop at a city road point, appended as the last node, with the arcs from the city
 * matrices and the given fields (defaults: see defaultFields). Every vehicle may serve it
 * (allowed = 1) and none prefers it (preference = 0).
 */
export function addStop(inst: Instance, arcs: CityArcs, fields: Partial<NodeFields> = {}): Instance {
  const points = requireCity(inst, arcs, 'Adding a stop');
  checkArcs(inst, arcs);
  const existing = points ? points.indexOf(arcs.point) : -1;
  if (existing >= 0) throw new EditError(`road point p${arcs.point} is already node ${inst.labels[existing]}`);
  const N = inst.n;
  const n = N + 1;
  const grow = (m: Float64Array, to: Float64Array, from: Float64Array, self: number): Float64Array => {
    const out = new Float64Array(n * n);
    for (let a = 0; a < N; a++) {
      out.set(m.subarray(a * N, a * N + N), a * n);
      out[a * n + N] = to[a];
    }
    out.set(from, N * n);
    out[N * n + N] = self;
    return out;
  };
  const append = (arr: Float64Array, v: number) => {
    const out = new Float64Array(n);
    out.set(arr);
    out[N] = v;
    return out;
  };
  const next: Instance = {
    ...cloneInstance(inst),
    n,
    distance: grow(inst.distance, arcs.distanceTo, arcs.distanceFrom, arcs.selfDistance),
    duration: grow(inst.duration, arcs.durationTo, arcs.durationFrom, arcs.selfDuration),
  };
  if (inst.estimated || arcs.estimated) {
    const est = new Uint8Array(n * n);
    if (inst.estimated) for (let a = 0; a < N; a++) est.set(inst.estimated.subarray(a * N, a * N + N), a * n);
    if (arcs.estimated) {
      for (let a = 0; a < N; a++) est[a * n + N] = 1;
      est.fill(1, N * n, N * n + N);
    }
    next.estimated = est;
  }
  next.labels.push(newLabel(inst, arcs));
  const coords = new Float64Array(2 * n);
  coords.set(inst.coords!);
  coords[2 * N] = arcs.lonlat[0];
  coords[2 * N + 1] = arcs.lonlat[1];
  next.coords = coords;
  if (points) next.meta.cityPoints = [...points, arcs.point];
  next.vehicles = inst.vehicles.map((v) => ({
    ...copyVehicle(v),
    preference: v.preference ? append(v.preference, 0) : undefined,
    allowed: v.allowed ? (() => {
      const a = new Uint8Array(n);
      a.set(v.allowed!);
      a[N] = 1;
      return a;
    })() : undefined,
  }));
  // Defaults are computed on the grown instance, so travel back to the depot is known.
  next.demand = append(inst.demand, 0);
  next.service = append(inst.service, 0);
  next.ready = append(inst.ready, 0);
  next.due = append(inst.due, Infinity);
  const defaults = defaultFields(next, N, [N]);
  const merged = { ...defaults, ...fields };
  const problems = fieldProblems(next, N, merged);
  if (problems.length > 0) throw problems[0];
  writeFields(next, N, merged);
  return next;
}

/** Nodes a planner may not remove or turn into a client: the depot and vehicle start/end nodes. */
export function isDepotNode(inst: Instance, node: number): boolean {
  return node >= 0 && node < inst.n && depotMask(inst)[node] === 1;
}

function checkNode(inst: Instance, node: number): void {
  if (!Number.isInteger(node) || node < 0 || node >= inst.n) throw new EditError(`node ${node} does not exist`);
}

export function removeStop(inst: Instance, node: number): Instance {
  checkNode(inst, node);
  if (isDepotNode(inst, node)) throw new EditError(`${inst.labels[node]} is the depot: make another stop the depot first`);
  const least = inst.kind === 'atsp' ? 2 : 1;
  if (clientsOf(inst).length <= least) {
    throw new EditError(`cannot remove ${inst.labels[node]}: a${inst.kind === 'atsp' ? 'n ATSP tour' : ' scenario'} needs at least ${least} stop${least > 1 ? 's' : ''}`);
  }
  const order: number[] = [];
  for (let i = 0; i < inst.n; i++) if (i !== node) order.push(i);
  return permuteNodes(inst, order);
}

/** Removes several stops at once (indices of the given instance). */
export function removeStops(inst: Instance, nodes: readonly number[]): Instance {
  const drop = new Set(nodes);
  for (const j of drop) {
    checkNode(inst, j);
    if (isDepotNode(inst, j)) throw new EditError(`${inst.labels[j]} is the depot: make another stop the depot first`);
  }
  const order: number[] = [];
  for (let i = 0; i < inst.n; i++) if (!drop.has(i)) order.push(i);
  const left = inst.kind === 'atsp' ? order.length : order.length - 1;
  if (left < (inst.kind === 'atsp' ? 2 : 1)) throw new EditError('a scenario needs at least one stop');
  return permuteNodes(inst, order);
}

// ---------------------------------------------------------------------------------------------
// The depot

function requireDepot(inst: Instance): number {
  if (inst.kind === 'atsp' || inst.depot < 0) throw new EditError('an ATSP tour has no depot');
  return inst.depot;
}

/**
 * The stop `node` becomes the depot and the old depot's place becomes a stop (with default
 * fields), so the number of stops does not change. The new depot moves to node 0 and takes
 * the old depot's window; vehicles that started or ended at the old depot now use the new one.
 */
export function makeDepot(inst: Instance, node: number): Instance {
  const depot = requireDepot(inst);
  checkNode(inst, node);
  if (node === depot) throw new EditError(`${inst.labels[node]} is already the depot`);
  if (isDepotNode(inst, node)) throw new EditError(`${inst.labels[node]} is a vehicle's start or end`);
  const order = Array.from({ length: inst.n }, (_, i) => i);
  // Swap the two nodes, then put the new depot first (normally depot = 0 and this is one swap).
  order[depot] = node;
  order[node] = depot;
  const moved = permuteNodes(inst, order);
  const oldDepot = node; // its new index: the swap put it where `node` was
  const newDepot = depot;
  moved.vehicles = moved.vehicles.map((v) => ({
    ...v,
    start: v.start === oldDepot ? newDepot : v.start,
    end: v.end === oldDepot ? newDepot : v.end,
  }));
  moved.depot = newDepot;
  let out = moved;
  if (newDepot !== 0) {
    const toFront = [newDepot, ...Array.from({ length: moved.n }, (_, i) => i).filter((i) => i !== newDepot)];
    out = permuteNodes(moved, toFront);
  }
  const d = out.depot;
  const client = out === moved ? oldDepot : oldDepot < newDepot ? oldDepot + 1 : oldDepot;
  out.demand[d] = 0;
  out.service[d] = 0;
  out.ready[d] = inst.ready[depot];
  out.due[d] = inst.due[depot];
  for (const v of out.vehicles) {
    if (v.preference) {
      v.preference[d] = 0;
      v.preference[client] = 0;
    }
    if (v.allowed) {
      v.allowed[d] = 1;
      v.allowed[client] = 1;
    }
  }
  const f = defaultFields(out, client, [client]);
  writeFields(out, client, f);
  return out;
}

/**
 * The depot moves to a city road point that is not a node yet: its row and column come from
 * the city matrices, its window and fields stay. The stops do not change.
 */
export function moveDepotTo(inst: Instance, arcs: CityArcs): Instance {
  const depot = requireDepot(inst);
  const points = requireCity(inst, arcs, 'Moving the depot');
  checkArcs(inst, arcs);
  const existing = points ? points.indexOf(arcs.point) : -1;
  if (existing === depot) throw new EditError(`the depot is already at road point p${arcs.point}`);
  if (existing >= 0) throw new EditError(`road point p${arcs.point} is stop ${inst.labels[existing]}: make it the depot instead`);
  const next = cloneInstance(inst);
  const n = inst.n;
  if (arcs.estimated && !next.estimated) next.estimated = new Uint8Array(n * n);
  const flag = arcs.estimated ? 1 : 0;
  for (let i = 0; i < n; i++) {
    next.distance[i * n + depot] = arcs.distanceTo[i];
    next.duration[i * n + depot] = arcs.durationTo[i];
    next.distance[depot * n + i] = arcs.distanceFrom[i];
    next.duration[depot * n + i] = arcs.durationFrom[i];
    if (next.estimated) {
      next.estimated[i * n + depot] = i === depot ? 0 : flag;
      next.estimated[depot * n + i] = i === depot ? 0 : flag;
    }
  }
  next.distance[depot * n + depot] = arcs.selfDistance;
  next.duration[depot * n + depot] = arcs.selfDuration;
  next.coords![2 * depot] = arcs.lonlat[0];
  next.coords![2 * depot + 1] = arcs.lonlat[1];
  if (points) {
    next.labels[depot] = `p${arcs.point}`;
    next.meta.cityPoints![depot] = arcs.point;
  }
  return next;
}

// ---------------------------------------------------------------------------------------------
// Node fields

function isNonNegative(x: number): boolean {
  return typeof x === 'number' && !Number.isNaN(x) && x >= 0;
}

/** Every reason the fields are invalid for the node (empty when they are fine). */
export function fieldProblems(inst: Instance, node: number, f: NodeFields): EditError[] {
  const out: EditError[] = [];
  const depot = node === inst.depot;
  if (!isNonNegative(f.demand) || !Number.isFinite(f.demand)) out.push(new EditError(`demand must be a number ≥ 0, got ${f.demand}`, 'demand'));
  else if (depot && f.demand !== 0) out.push(new EditError('the depot has no demand', 'demand'));
  if (!isNonNegative(f.service) || !Number.isFinite(f.service)) out.push(new EditError(`service time must be a number ≥ 0, got ${f.service}`, 'service'));
  if (!isNonNegative(f.ready) || !Number.isFinite(f.ready)) out.push(new EditError(`ready time must be a number ≥ 0, got ${f.ready}`, 'ready'));
  if (!isNonNegative(f.due)) out.push(new EditError(`due time must be a number ≥ 0 (or unbounded), got ${f.due}`, 'due'));
  if (isNonNegative(f.ready) && isNonNegative(f.due) && f.ready > f.due) out.push(new EditError('the window opens after it closes: ready must be ≤ due', 'due'));
  return out;
}

export function nodeFields(inst: Instance, node: number): NodeFields {
  return { demand: inst.demand[node], service: inst.service[node], ready: inst.ready[node], due: inst.due[node] };
}

/** Sets a node's demand / service / window; throws the first problem if the result is invalid. */
export function setNodeFields(inst: Instance, node: number, patch: Partial<NodeFields>): Instance {
  checkNode(inst, node);
  const merged = { ...nodeFields(inst, node), ...patch };
  const problems = fieldProblems(inst, node, merged);
  if (problems.length > 0) throw problems[0];
  const next = cloneInstance(inst);
  writeFields(next, node, merged);
  return next;
}

// ---------------------------------------------------------------------------------------------
// The fleet

export interface VehiclePatch {
  capacity?: number;
  /** Identical vehicles of this type; Infinity = unlimited. */
  count?: number;
  shift?: [number, number];
  trips?: number;
  speed?: number;
}

export function vehicleProblems(v: VehiclePatch): EditError[] {
  const out: EditError[] = [];
  if (v.capacity !== undefined && !(v.capacity > 0)) out.push(new EditError(`capacity must be > 0, got ${v.capacity}`, 'capacity'));
  if (v.count !== undefined && !(v.count === Infinity || (Number.isInteger(v.count) && v.count >= 1))) {
    out.push(new EditError(`the number of vehicles must be a whole number ≥ 1 (or unlimited), got ${v.count}`, 'count'));
  }
  if (v.trips !== undefined && !(v.trips === Infinity || (Number.isInteger(v.trips) && v.trips >= 1))) {
    out.push(new EditError(`trips must be a whole number ≥ 1 (or unlimited), got ${v.trips}`, 'trips'));
  }
  if (v.speed !== undefined && !(v.speed > 0 && Number.isFinite(v.speed))) out.push(new EditError(`speed must be > 0, got ${v.speed}`, 'speed'));
  if (v.shift !== undefined) {
    const [a, b] = v.shift;
    if (!isNonNegative(a) || !Number.isFinite(a)) out.push(new EditError(`shift start must be a number ≥ 0, got ${a}`, 'shift'));
    else if (!isNonNegative(b)) out.push(new EditError(`shift end must be a number ≥ 0 (or unbounded), got ${b}`, 'shift'));
    else if (a > b) out.push(new EditError('the shift ends before it starts', 'shift'));
  }
  return out;
}

function checkVehicle(inst: Instance, k: number): void {
  if (!Number.isInteger(k) || k < 0 || k >= inst.vehicles.length) throw new EditError(`vehicle ${k} does not exist`);
}

export function setVehicle(inst: Instance, k: number, patch: VehiclePatch): Instance {
  checkVehicle(inst, k);
  if (inst.kind === 'atsp') throw new EditError('an ATSP tour has one salesman and no fleet to edit');
  const problems = vehicleProblems(patch);
  if (problems.length > 0) throw problems[0];
  const next = cloneInstance(inst);
  const v = next.vehicles[k];
  if (patch.capacity !== undefined) v.capacity = patch.capacity;
  if (patch.count !== undefined) v.count = patch.count;
  if (patch.shift !== undefined) v.shift = [patch.shift[0], patch.shift[1]];
  if (patch.trips !== undefined) v.trips = patch.trips;
  if (patch.speed !== undefined) v.speed = patch.speed;
  return next;
}

/**
 * The size of the fleet. Profiled kinds (PVRP) have one entry per vehicle, each with its own
 * profile: growing copies the last vehicle's settings with a neutral profile (allowed
 * everywhere, no preference); shrinking drops the last vehicles. Other kinds have one vehicle
 * type whose count changes (Infinity = unlimited).
 */
export function setVehicleCount(inst: Instance, m: number): Instance {
  if (inst.kind === 'atsp') throw new EditError('an ATSP tour has one salesman and no fleet to edit');
  if (!isProfiled(inst.kind)) return setVehicle(inst, 0, { count: m });
  if (!Number.isInteger(m) || m < 1) throw new EditError(`the number of vehicles must be a whole number ≥ 1, got ${m}`, 'count');
  if (m > 64) throw new EditError('at most 64 vehicles', 'count');
  const next = cloneInstance(inst);
  const vs = next.vehicles.slice(0, m);
  const taken = new Set(vs.map((v) => v.id));
  const last = inst.vehicles[inst.vehicles.length - 1];
  for (let k = vs.length; k < m; k++) {
    let id = `v${k + 1}`;
    for (let x = k + 2; taken.has(id); x++) id = `v${x}`;
    taken.add(id);
    vs.push({
      ...copyVehicle(last),
      id,
      preference: last.preference ? new Float64Array(inst.n) : undefined,
      allowed: last.allowed ? new Uint8Array(inst.n).fill(1) : undefined,
    });
  }
  next.vehicles = vs;
  return next;
}

// ---------------------------------------------------------------------------------------------
// Vehicle profiles: zone bans and preferences

export interface BanResult {
  instance: Instance;
  /** Nodes whose status changed. */
  changed: number[];
  /** Nodes left allowed because no other vehicle may serve them. */
  kept: number[];
}

/**
 * Bans vehicle k from (or allows it again on) the given nodes; depots are skipped. With
 * keepCoverage (the default), a stop that no other vehicle may serve stays allowed, so that
 * every stop keeps a vehicle and the scenario stays solvable.
 */
export function setZone(inst: Instance, k: number, nodes: Iterable<number>, banned: boolean, keepCoverage = true): BanResult {
  checkVehicle(inst, k);
  if (inst.kind === 'atsp') throw new EditError('an ATSP tour has no vehicle profiles');
  const next = cloneInstance(inst);
  const v = next.vehicles[k];
  const allowed = v.allowed ?? new Uint8Array(inst.n).fill(1);
  const mask = depotMask(inst);
  const changed: number[] = [];
  const kept: number[] = [];
  for (const j of new Set(nodes)) {
    checkNode(inst, j);
    if (mask[j]) continue;
    const want = banned ? 0 : 1;
    if (allowed[j] === want) continue;
    if (banned && keepCoverage && !next.vehicles.some((w, x) => x !== k && (!w.allowed || w.allowed[j]))) {
      kept.push(j);
      continue;
    }
    allowed[j] = want;
    changed.push(j);
  }
  v.allowed = allowed;
  changed.sort((a, b) => a - b);
  kept.sort((a, b) => a - b);
  return { instance: next, changed, kept };
}

/** Sets vehicle k's preference score on the given nodes (depots stay 0). */
export function setPreference(inst: Instance, k: number, nodes: Iterable<number>, value: number): Instance {
  checkVehicle(inst, k);
  if (inst.kind === 'atsp') throw new EditError('an ATSP tour has no vehicle profiles');
  if (!Number.isFinite(value)) throw new EditError(`a preference must be a number, got ${value}`, 'preference');
  const next = cloneInstance(inst);
  const v = next.vehicles[k];
  const pref = v.preference ?? new Float64Array(inst.n);
  const mask = depotMask(inst);
  for (const j of nodes) {
    checkNode(inst, j);
    if (!mask[j]) pref[j] = value;
  }
  v.preference = pref;
  return next;
}

/** Nodes vehicle k is banned from. */
export function bannedNodes(inst: Instance, k: number): number[] {
  const a = inst.vehicles[k]?.allowed;
  if (!a) return [];
  const mask = depotMask(inst);
  const out: number[] = [];
  for (let j = 0; j < inst.n; j++) if (!a[j] && !mask[j]) out.push(j);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pre-solve warnings

/**
 * What makes the scenario hard or impossible to solve, without refusing it: the planner may
 * want to see how solvers cope. Capped at `limit` lines.
 */
export function scenarioWarnings(inst: Instance, limit = 8): string[] {
  const out: string[] = [];
  if (inst.kind === 'atsp') return out;
  const clients = clientsOf(inst);
  const maxCap = Math.max(...inst.vehicles.map((v) => v.capacity));
  const heavy = clients.filter((j) => inst.demand[j] > maxCap + 1e-9);
  if (heavy.length) out.push(`${heavy.length} stop${heavy.length > 1 ? 's' : ''} (${heavy.slice(0, 3).map((j) => inst.labels[j]).join(', ')}${heavy.length > 3 ? ', …' : ''}) demand more than any vehicle carries (${maxCap})`);
  let fleetLoad = 0;
  for (const v of inst.vehicles) fleetLoad += v.count * v.trips * v.capacity;
  const total = clients.reduce((s, j) => s + inst.demand[j], 0);
  if (Number.isFinite(fleetLoad) && total > fleetLoad + 1e-9) out.push(`total demand ${total} exceeds what the fleet can carry (${fleetLoad})`);
  if (inst.vehicles.some((v) => v.allowed)) {
    const orphans = clients.filter((j) => !inst.vehicles.some((v) => !v.allowed || v.allowed[j]));
    if (orphans.length) out.push(`${orphans.length} stop${orphans.length > 1 ? 's have' : ' has'} no allowed vehicle (${orphans.slice(0, 3).map((j) => inst.labels[j]).join(', ')}${orphans.length > 3 ? ', …' : ''})`);
  }
  if (usesTimeWindows(inst.kind) && inst.depot >= 0) {
    const d = inst.depot;
    const v = inst.vehicles[0];
    const horizon = Math.min(v.shift[1], inst.due[d]);
    const late = clients.filter((j) => {
      const arrive = Math.max(v.shift[0] + inst.duration[d * inst.n + j] / v.speed, inst.ready[j]);
      return arrive > inst.due[j] + 1e-6 || arrive + inst.service[j] + inst.duration[j * inst.n + d] / v.speed > horizon + 1e-6;
    });
    if (late.length) out.push(`${late.length} stop${late.length > 1 ? 's' : ''} cannot be served on time even by a direct trip (${late.slice(0, 3).map((j) => inst.labels[j]).join(', ')}${late.length > 3 ? ', …' : ''})`);
  }
  return out.slice(0, limit);
}
