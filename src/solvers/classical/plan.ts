/**
 * The working representation the classical VRP solvers edit: routes as stop arrays with cached
 * load, cost and time-window slack, so that inserting a client anywhere is an O(1) test.
 *
 * The rules are the ones in core/rules.ts, restated incrementally: service starts at
 * max(arrival, ready) and no later than due; the route must reach its end by the vehicle's
 * return deadline. `latest[i]` is the latest service start at stop i that keeps every later stop
 * on time, so an insertion before stop i only has to compare its new start time with it. Routes
 * are immutable once a solution holds them: edits go to a fresh copy (copy-on-write), which makes
 * keeping the best and the current solution side by side cheap.
 */
import { priceTables } from '../../core/costs';
import { clientNodes, depotMask, usesTimeWindows, type Instance } from '../../core/instance';
import { TIME_EPS, backInTime, fitsCapacity, onTime, returnDeadline, zoneAllows } from '../../core/rules';
import type { Solution } from '../../core/solution';
import { unassignedReason } from '../../core/unassigned';

export interface RoutePlan {
  vehicle: number;
  stops: number[];
  load: number;
  /** Objective of the route (distance / time / preference weights of the instance). */
  cost: number;
  /** Service start per stop (time-window problems only). */
  start: Float64Array | null;
  /** Latest service start per stop that keeps the rest of the route feasible. */
  latest: Float64Array | null;
}

/** Per-instance data the solvers read in their inner loops. */
export class PlanContext {
  readonly inst: Instance;
  readonly n: number;
  readonly windows: boolean;
  readonly isDepot: Uint8Array;
  readonly clients: number[];
  /** Objective cost of an arc per vehicle (vehicles with the same speed share one matrix). */
  readonly arcCost: Float64Array[];
  /** Travel time of an arc per vehicle. */
  readonly travel: Float64Array[];
  /** Objective cost of serving j with vehicle k (the preference bonus, negative), [k·n + j]. */
  readonly serveCost: Float64Array;
  readonly deadline: Float64Array;
  readonly maxRoutes: number[];

  constructor(inst: Instance) {
    this.inst = inst;
    const n = inst.n;
    this.n = n;
    this.windows = usesTimeWindows(inst.kind);
    this.isDepot = depotMask(inst);
    this.clients = clientNodes(inst);
    const prices = priceTables(inst);
    this.arcCost = prices.arc;
    this.travel = prices.travel;
    this.serveCost = prices.serve;
    this.deadline = Float64Array.from(inst.vehicles, (v) => returnDeadline(inst, v));
    this.maxRoutes = inst.vehicles.map((v) => v.count * v.trips);
  }

  allowed(vehicle: number, j: number): boolean {
    return zoneAllows(this.inst.vehicles[vehicle], j);
  }

  emptyRoute(vehicle: number): RoutePlan {
    return this.refresh({ vehicle, stops: [], load: 0, cost: 0, start: null, latest: null });
  }

  /** Recomputes a route's cached load, cost and schedule after its stops changed. */
  refresh(r: RoutePlan): RoutePlan {
    const { inst, n } = this;
    const v = inst.vehicles[r.vehicle];
    const cost = this.arcCost[r.vehicle];
    const stops = r.stops;
    const len = stops.length;
    let load = 0;
    let c = 0;
    let prev = v.start;
    for (let i = 0; i < len; i++) {
      const j = stops[i];
      load += inst.demand[j];
      c += cost[prev * n + j] + this.serveCost[r.vehicle * n + j];
      prev = j;
    }
    if (len > 0 && v.end >= 0) c += cost[prev * n + v.end];
    r.load = load;
    r.cost = c;
    if (this.windows) {
      const travel = this.travel[r.vehicle];
      const start = r.start && r.start.length >= len ? r.start : new Float64Array(Math.max(4, len * 2));
      const latest = r.latest && r.latest.length >= len ? r.latest : new Float64Array(start.length);
      let t = v.shift[0];
      prev = v.start;
      for (let i = 0; i < len; i++) {
        const j = stops[i];
        const s = Math.max(t + travel[prev * n + j], inst.ready[j]);
        start[i] = s;
        t = s + inst.service[j];
        prev = j;
      }
      let late = this.deadline[r.vehicle];
      let next = v.end;
      for (let i = len - 1; i >= 0; i--) {
        const j = stops[i];
        const bound = next >= 0 ? late - inst.service[j] - travel[j * n + next] : late - inst.service[j];
        late = Math.min(inst.due[j], bound);
        latest[i] = late;
        next = j;
      }
      r.start = start;
      r.latest = latest;
    }
    return r;
  }

  /**
   * True when the route's cached schedule meets every window and the return deadline, and its
   * load fits. Reachability and vehicle bans are not checked here: insertions never create them.
   */
  feasible(r: RoutePlan): boolean {
    const v = this.inst.vehicles[r.vehicle];
    if (!fitsCapacity(v, r.load)) return false;
    if (!this.windows || r.stops.length === 0) return true;
    const { inst, n } = this;
    for (let i = 0; i < r.stops.length; i++) if (!onTime(inst, r.stops[i], r.start![i])) return false;
    const last = r.stops[r.stops.length - 1];
    return backInTime(inst, v, r.start![r.stops.length - 1] + inst.service[last] + (v.end >= 0 ? this.travel[r.vehicle][last * n + v.end] : 0));
  }

  /**
   * Cost increase of inserting j at position p of route r (before r.stops[p]), or Infinity when
   * a rule forbids it. Capacity and vehicle bans are the caller's to check once per route.
   */
  insertionDelta(r: RoutePlan, j: number, p: number): number {
    const { inst, n } = this;
    const k = r.vehicle;
    const v = inst.vehicles[k];
    const stops = r.stops;
    const prev = p === 0 ? v.start : stops[p - 1];
    const next = p === stops.length ? v.end : stops[p];
    const cost = this.arcCost[k];
    let delta = cost[prev * n + j] + this.serveCost[k * n + j];
    if (next >= 0) delta += cost[j * n + next];
    // An empty route costs nothing yet: only an existing arc prev → next is replaced.
    if (next >= 0 && stops.length > 0) delta -= cost[prev * n + next];
    if (!(delta < Infinity)) return Infinity;
    if (this.windows) {
      const travel = this.travel[k];
      const depart = p === 0 ? v.shift[0] : r.start![p - 1] + inst.service[prev];
      const s = Math.max(depart + travel[prev * n + j], inst.ready[j]);
      if (!onTime(inst, j, s)) return Infinity;
      const leave = s + inst.service[j];
      if (p === stops.length) {
        // Open routes end when the last service ends; closed ones when the vehicle is back.
        if (!backInTime(inst, v, next >= 0 ? leave + travel[j * n + next] : leave)) return Infinity;
      } else if (Math.max(leave + travel[j * n + next], inst.ready[next]) > r.latest![p] + TIME_EPS) {
        return Infinity;
      }
    }
    return delta;
  }

  /** Whether j fits route r's capacity and vehicle. */
  fits(r: RoutePlan, j: number): boolean {
    const v = this.inst.vehicles[r.vehicle];
    return fitsCapacity(v, r.load + this.inst.demand[j]) && zoneAllows(v, j);
  }
}

/** A solution under construction: routes (shared, copy-on-write) and the unassigned clients. */
export class Plan {
  routes: RoutePlan[];
  unassigned: number[];
  routesPerVehicle: number[];

  constructor(routes: RoutePlan[], unassigned: number[], routesPerVehicle: number[]) {
    this.routes = routes;
    this.unassigned = unassigned;
    this.routesPerVehicle = routesPerVehicle;
  }

  static empty(ctx: PlanContext): Plan {
    return new Plan([], [...ctx.clients], new Array(ctx.inst.vehicles.length).fill(0));
  }

  static fromSolution(ctx: PlanContext, sol: Solution): Plan {
    const routes = sol.routes.filter((r) => r.stops.length > 0).map((r) => ctx.refresh({ vehicle: r.vehicle, stops: [...r.stops], load: 0, cost: 0, start: null, latest: null }));
    const perVehicle = new Array(ctx.inst.vehicles.length).fill(0);
    for (const r of routes) perVehicle[r.vehicle]++;
    const routed = new Uint8Array(ctx.n);
    for (const r of routes) for (const j of r.stops) routed[j] = 1;
    return new Plan(routes, ctx.clients.filter((j) => !routed[j]), perVehicle);
  }

  /** A copy sharing route objects: edit routes only through `own`. */
  clone(): Plan {
    return new Plan(this.routes.slice(), this.unassigned.slice(), this.routesPerVehicle.slice());
  }

  cost(): number {
    let c = 0;
    for (const r of this.routes) c += r.cost;
    return c;
  }

  toSolution(ctx: PlanContext): Solution {
    const fleetLeft = (k: number) => this.routesPerVehicle[k] < ctx.maxRoutes[k];
    return {
      routes: this.routes.filter((r) => r.stops.length > 0).map((r) => ({ vehicle: r.vehicle, stops: r.stops.slice() })),
      unassigned: this.unassigned.map((node) => ({ node, reason: unassignedReason(ctx.inst, node, fleetLeft) })),
    };
  }
}

/** A private copy of route i of `plan` (after this call the plan may edit it freely). */
export function own(plan: Plan, i: number): RoutePlan {
  const r = plan.routes[i];
  const copy: RoutePlan = { vehicle: r.vehicle, stops: r.stops.slice(), load: r.load, cost: r.cost, start: null, latest: null };
  plan.routes[i] = copy;
  return copy;
}
