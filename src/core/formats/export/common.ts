/**
 * What every per-route export needs: the evaluation (computed when the caller has none), one
 * display name and one colour per non-empty route, and node positions in the file's own system.
 */
import { evaluate, type Evaluation, type RouteEval } from '../../evaluate';
import type { Instance, Vehicle } from '../../instance';
import { routeColor } from '../../palette';
import type { Solution } from '../../solution';

export interface ExportMeta {
  solver?: string;
  run?: string;
}

export interface ExportedRoute {
  /** Index into solution.routes. */
  index: number;
  eval: RouteEval;
  vehicle: Vehicle;
  /** The vehicle's id, suffixed `/2`, `/3` … when one vehicle type drives several routes. */
  name: string;
  color: string;
}

export function exportedRoutes(inst: Instance, solution: Solution, evaluation?: Evaluation): { ev: Evaluation; routes: ExportedRoute[] } {
  const ev = evaluation ?? evaluate(inst, solution);
  const perVehicle = new Map<number, number>();
  for (const r of ev.routes) perVehicle.set(r.vehicle, (perVehicle.get(r.vehicle) ?? 0) + 1);
  const seen = new Map<number, number>();
  const routes = ev.routes
    .filter((r) => r.stops.length > 0)
    .map((r) => {
      const vehicle = inst.vehicles[r.vehicle];
      const k = (seen.get(r.vehicle) ?? 0) + 1;
      seen.set(r.vehicle, k);
      const name = (perVehicle.get(r.vehicle) ?? 0) > 1 ? `${vehicle.id}/${k}` : vehicle.id;
      return { index: r.index, eval: r, vehicle, name, color: routeColor(inst.vehicles.length, r.vehicle, r.index) };
    });
  return { ev, routes };
}

/** Node position as stored ([lon, lat] or planar [x, y]); null when the instance has none. */
export function positionOf(inst: Instance, j: number): [number, number] | null {
  return inst.coords ? [inst.coords[2 * j], inst.coords[2 * j + 1]] : null;
}

/** Seconds and metres to the millimetre / millisecond: enough for any report, short in files. */
export function round3(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x;
}
