/**
 * The JSON line `npm run solve` prints per instance: a public contract that scripts and
 * benchmarks depend on. Fields may be added, never renamed or removed. `routes` are node
 * indices of the instance (depots excluded); `routeVehicles[k]` is the vehicle of route k.
 * `duration` is null for files without travel times (TSPLIB, CVRPLIB, some RRNCO batches).
 */
import type { Evaluation, Violation } from '../evaluate';
import type { Instance } from '../instance';
import type { Solution, Unassigned } from '../solution';
import { fail, isRecord } from './text';
import type { LoadedSolution } from './types';

export interface SolveRecord {
  instance: string;
  index: number;
  kind: string;
  solver: string;
  seed: number;
  cost: number;
  distance: number;
  duration: number | null;
  vehicles: number;
  feasible: boolean;
  violations: Violation[];
  unassigned: Unassigned[];
  routes: number[][];
  routeVehicles: number[];
  timeMs: number;
  timeToBestMs: number;
}

/** A duration KPI as reported: null when the instance has no travel times of its own. */
export function reportedDuration(inst: Instance, duration: number): number | null {
  return inst.units.time === 'none' ? null : duration;
}

export function toSolveRecord(
  inst: Instance,
  index: number,
  solver: string,
  seed: number,
  sol: Solution,
  ev: Evaluation,
  timing: { timeMs: number; timeToBestMs: number },
): SolveRecord {
  const used = sol.routes.filter((r) => r.stops.length > 0);
  return {
    instance: inst.name,
    index,
    kind: inst.kind,
    solver,
    seed,
    cost: ev.cost,
    distance: ev.distance,
    duration: reportedDuration(inst, ev.duration),
    vehicles: ev.vehicles,
    feasible: ev.feasible,
    violations: ev.violations,
    unassigned: ev.unassigned,
    routes: used.map((r) => r.stops),
    routeVehicles: used.map((r) => r.vehicle),
    timeMs: Math.round(timing.timeMs * 1000) / 1000,
    timeToBestMs: Math.round(timing.timeToBestMs * 1000) / 1000,
  };
}

/** Reads a solution in the `solve` output shape (or RouteLab's {routes:[{vehicle, stops}]}). */
export function solveOutputFromJson(file: string, json: unknown, inst: Instance): LoadedSolution {
  if (!isRecord(json) || !Array.isArray(json.routes)) {
    fail(file, 'a solution object with a "routes" array (the shape `npm run solve` prints)', { field: '(root)' });
  }
  const vehicles = Array.isArray(json.routeVehicles) ? (json.routeVehicles as unknown[]) : [];
  const routes = (json.routes as unknown[]).map((r, i) => {
    const stops = Array.isArray(r) ? r : isRecord(r) && Array.isArray(r.stops) ? r.stops : fail(file, 'an array of node indices', { field: `routes[${i}]` });
    const vehicle = isRecord(r) && typeof r.vehicle === 'number' ? r.vehicle : typeof vehicles[i] === 'number' ? (vehicles[i] as number) : 0;
    if (vehicle < 0 || vehicle >= inst.vehicles.length) fail(file, `a vehicle index below ${inst.vehicles.length}`, { field: `routeVehicles[${i}]`, found: String(vehicle) });
    return {
      vehicle,
      stops: (stops as unknown[]).map((s, k) => {
        if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s >= inst.n) {
          fail(file, `a node index in 0..${inst.n - 1}`, { field: `routes[${i}][${k}]`, found: String(s) });
        }
        return s as number;
      }),
    };
  });
  const unassigned = Array.isArray(json.unassigned)
    ? (json.unassigned as unknown[]).filter(isRecord).map((u) => ({ node: Number(u.node), reason: (u.reason as Unassigned['reason']) ?? 'no-reason' }))
    : [];
  return {
    format: 'routelab-json',
    file,
    solution: { routes, unassigned },
    statedCost: typeof json.cost === 'number' ? json.cost : undefined,
  };
}
