/**
 * Adding and removing stops. The depot stays node 0 (the RRNCO / CAMP convention the sampler and
 * the neural models follow) and meta.cityPoints stays aligned with the nodes.
 */
import { clientNodes, depotMask, type Instance } from '../instance';
import { traitsOf } from '../problems';
import { checkArcs, requireCity, type CityArcs } from './city-arcs';
import { EditError, checkNode } from './edit-checks';
import { cloneInstance, copyVehicle, permuteNodes } from './instance-copy';
import { defaultFields, fieldProblems, writeFields, type NodeFields } from './node-fields';

/** A label for a new node: its road point, else the first free `s<k>`. */
function newLabel(inst: Instance, arcs: CityArcs): string {
  if (arcs.point >= 0) return `p${arcs.point}`;
  const taken = new Set(inst.labels);
  let k = inst.n;
  while (taken.has(`s${k}`)) k++;
  return `s${k}`;
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

export function removeStop(inst: Instance, node: number): Instance {
  return removeStops(inst, [node]);
}

/** Removes several stops at once (indices of the given instance). */
export function removeStops(inst: Instance, nodes: readonly number[]): Instance {
  const drop = new Set(nodes);
  for (const j of drop) {
    checkNode(inst, j);
    if (isDepotNode(inst, j)) throw new EditError(`${inst.labels[j]} is the depot: make another stop the depot first`);
  }
  // A tour needs two nodes to be one.
  const tour = traitsOf(inst.kind).tour;
  const least = tour ? 2 : 1;
  if (clientNodes(inst).filter((j) => !drop.has(j)).length < least) {
    const what = drop.size === 1 ? inst.labels[nodes[0]] : `${drop.size} stops`;
    throw new EditError(`cannot remove ${what}: a${tour ? 'n ATSP tour' : ' scenario'} needs at least ${least} stop${least > 1 ? 's' : ''}`);
  }
  const order: number[] = [];
  for (let i = 0; i < inst.n; i++) if (!drop.has(i)) order.push(i);
  return permuteNodes(inst, order);
}
