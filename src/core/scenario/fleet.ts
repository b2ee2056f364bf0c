/** The fleet: a vehicle type's settings, and how many vehicles there are. */
import { isProfiled, type Instance } from '../instance';
import { traitsOf } from '../problems';
import { EditError, checkVehicle, isNonNegative } from './edit-checks';
import { cloneInstance, copyVehicle } from './instance-copy';

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

export function setVehicle(inst: Instance, k: number, patch: VehiclePatch): Instance {
  checkVehicle(inst, k);
  if (traitsOf(inst.kind).tour) throw new EditError('an ATSP tour has one salesman and no fleet to edit');
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
  if (traitsOf(inst.kind).tour) throw new EditError('an ATSP tour has one salesman and no fleet to edit');
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
