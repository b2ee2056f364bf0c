/** Moving the depot: onto one of the stops, or to a road point that is not a node yet. */
import type { Instance } from '../instance';
import { traitsOf } from '../problems';
import { checkArcs, requireCity, type CityArcs } from './city-arcs';
import { EditError, checkNode } from './edit-checks';
import { cloneInstance, permuteNodes } from './instance-copy';
import { defaultFields, writeFields } from './node-fields';
import { isDepotNode } from './stops';

function requireDepot(inst: Instance): number {
  if (traitsOf(inst.kind).tour || inst.depot < 0) throw new EditError('an ATSP tour has no depot');
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
