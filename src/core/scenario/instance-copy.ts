/**
 * New instances from an old one that share none of its arrays, so that runs solved on the old
 * version keep an intact instance: a whole copy, or the nodes renumbered (some perhaps dropped).
 * Both are marked edited in their meta, since the seed no longer reproduces them.
 */
import type { Instance, Vehicle } from '../instance';
import { EditError } from './edit-checks';

export function copyVehicle(v: Vehicle): Vehicle {
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
