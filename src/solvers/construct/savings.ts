/**
 * Clarke–Wright savings (parallel version) on asymmetric matrices. Every client starts alone on
 * its cheapest feasible vehicle; then, by decreasing saving s(i,j) = c(i,0) + c(0,j) − c(i,j),
 * the route ending in i and the route starting with j are joined (never reversed: the matrix is
 * directed) when the joined route passes every rule on some vehicle and really costs less than
 * the two apart. Deterministic.
 */
import { clientNodes, type Instance } from '../../core/instance';
import type { Unassigned } from '../../core/solution';
import { unassignedReason } from '../../core/unassigned';
import { PlanContext, type RoutePlan } from '../classical/plan';
import { cheapestPosition, constructionSolver, routeFor, type Construction } from './route-build';

/** A join must save more than float noise, or ties would shuffle routes for nothing. */
const MIN_SAVING = 1e-9;

interface State {
  ctx: PlanContext;
  /** Route slots; joined-away routes leave null behind so that indices stay stable. */
  routes: (RoutePlan | null)[];
  routeOf: Int32Array;
  count: number[];
}

export function savings(inst: Instance): Construction {
  const ctx = new PlanContext(inst);
  const st: State = { ctx, routes: [], routeOf: new Int32Array(ctx.n).fill(-1), count: new Array(inst.vehicles.length).fill(0) };
  const unassigned: Unassigned[] = [];
  for (const j of clientNodes(inst)) {
    const r = cheapestSingleton(ctx, j);
    if (r) addRoute(st, r);
    else unassigned.push({ node: j, reason: unassignedReason(inst, j, (k) => ctx.maxRoutes[k] > 0) });
  }
  for (const pair of savingsOrder(st)) join(st, Math.floor(pair / ctx.n), pair % ctx.n);
  unassigned.push(...enforceFleet(st));
  return { routes: st.routes.filter((r): r is RoutePlan => r !== null), unassigned };
}

/** Heterogeneous and profiled fleets: each client starts on the vehicle that serves it cheapest. */
function cheapestSingleton(ctx: PlanContext, j: number): RoutePlan | null {
  let best: RoutePlan | null = null;
  for (let k = 0; k < ctx.inst.vehicles.length; k++) {
    const r = routeFor(ctx, k, [j]);
    if (r && (!best || r.cost < best.cost)) best = r;
  }
  return best;
}

function addRoute(st: State, r: RoutePlan): void {
  const slot = st.routes.length;
  st.routes.push(r);
  for (const j of r.stops) st.routeOf[j] = slot;
  st.count[r.vehicle]++;
}

/**
 * Pairs i·n + j with a positive saving, best first. Savings are priced on vehicle 0 around the
 * depot: they only order the attempts, each join is priced exactly when it is tried.
 */
function savingsOrder(st: State): number[] {
  const { ctx, routeOf } = st;
  const { n } = ctx;
  const depot = ctx.inst.depot;
  const c = ctx.arcCost[0];
  const routed = ctx.clients.filter((j) => routeOf[j] >= 0);
  const pairs: number[] = [];
  const value: number[] = [];
  for (const i of routed) {
    for (const j of routed) {
      if (i === j) continue;
      const s = c[i * n + depot] + c[depot * n + j] - c[i * n + j];
      if (s > MIN_SAVING && Number.isFinite(s)) {
        pairs.push(i * n + j);
        value.push(s);
      }
    }
  }
  const order = pairs.map((_, t) => t);
  order.sort((a, b) => value[b] - value[a] || a - b);
  return order.map((t) => pairs[t]);
}

/** Joins the route ending in i to the route starting with j, on the cheapest vehicle that can drive it. */
function join(st: State, i: number, j: number): void {
  const { ctx, routes, routeOf, count } = st;
  const a = routeOf[i];
  const b = routeOf[j];
  if (a < 0 || b < 0 || a === b) return;
  const ra = routes[a]!;
  const rb = routes[b]!;
  if (ra.stops[ra.stops.length - 1] !== i || rb.stops[0] !== j) return;
  const stops = ra.stops.concat(rb.stops);
  let best: RoutePlan | null = null;
  for (let k = 0; k < ctx.inst.vehicles.length; k++) {
    // Moving onto a third vehicle adds one of its routes: only while its fleet has room.
    if (k !== ra.vehicle && k !== rb.vehicle && count[k] >= ctx.maxRoutes[k]) continue;
    const r = routeFor(ctx, k, stops);
    if (r && r.cost < ra.cost + rb.cost - MIN_SAVING && (!best || r.cost < best.cost)) best = r;
  }
  if (!best) return;
  count[ra.vehicle]--;
  count[rb.vehicle]--;
  count[best.vehicle]++;
  routes[a] = best;
  routes[b] = null;
  for (const s of rb.stops) routeOf[s] = a;
}

/**
 * Savings only shrink the number of routes where joins pay, so a limited fleet can still be
 * over-used at the end. Each over-used vehicle gives up its shortest routes: to a vehicle with
 * room if one can drive the route whole, else client by client into the cheapest position left.
 * Clients that fit nowhere stay unassigned for want of a vehicle.
 */
function enforceFleet(st: State): Unassigned[] {
  const { ctx, routes, count } = st;
  const out: Unassigned[] = [];
  const hasRoom = (k: number) => count[k] < ctx.maxRoutes[k];
  for (let k = 0; k < count.length; k++) {
    while (count[k] > ctx.maxRoutes[k]) {
      const slot = shortestRouteOf(routes, k);
      const r = routes[slot]!;
      routes[slot] = null;
      count[k]--;
      const moved = movedWhole(ctx, r.stops, hasRoom);
      if (moved) {
        routes[slot] = moved;
        count[moved.vehicle]++;
        continue;
      }
      for (const j of r.stops) {
        st.routeOf[j] = -1;
        if (!insertCheapest(st, j)) out.push({ node: j, reason: 'fleet' });
      }
    }
  }
  return out;
}

function shortestRouteOf(routes: (RoutePlan | null)[], k: number): number {
  let best = -1;
  routes.forEach((r, slot) => {
    if (r && r.vehicle === k && (best < 0 || r.stops.length < routes[best]!.stops.length)) best = slot;
  });
  return best;
}

function movedWhole(ctx: PlanContext, stops: number[], hasRoom: (k: number) => boolean): RoutePlan | null {
  let best: RoutePlan | null = null;
  for (let k = 0; k < ctx.inst.vehicles.length; k++) {
    if (!hasRoom(k)) continue;
    const r = routeFor(ctx, k, stops.slice());
    if (r && (!best || r.cost < best.cost)) best = r;
  }
  return best;
}

/** Cheapest feasible position in any kept route, or a new route on a vehicle with room. */
function insertCheapest(st: State, j: number): boolean {
  const { ctx, routes, count } = st;
  let bestSlot = -1;
  let bestPos = -1;
  let bestDelta = Infinity;
  routes.forEach((r, slot) => {
    if (!r) return;
    const ins = cheapestPosition(ctx, r, j);
    if (ins.delta < bestDelta) {
      bestDelta = ins.delta;
      bestSlot = slot;
      bestPos = ins.pos;
    }
  });
  let fresh: RoutePlan | null = null;
  for (let k = 0; k < ctx.inst.vehicles.length; k++) {
    if (count[k] >= ctx.maxRoutes[k]) continue;
    const r = routeFor(ctx, k, [j]);
    if (r && r.cost < bestDelta && (!fresh || r.cost < fresh.cost)) fresh = r;
  }
  if (fresh) {
    addRoute(st, fresh);
    return true;
  }
  if (bestSlot < 0) return false;
  const r = routes[bestSlot]!;
  r.stops.splice(bestPos, 0, j);
  ctx.refresh(r);
  st.routeOf[j] = bestSlot;
  return true;
}

export const savingsSolver = constructionSolver(
  {
    id: 'savings',
    name: 'Clarke–Wright savings',
    problems: ['acvrp', 'acvrptw', 'pvrp-p', 'pvrp-zc'],
    description: 'Start with one route per client, then join routes end-to-start by decreasing saving c(i,0) + c(0,j) − c(i,j).',
  },
  savings,
);
