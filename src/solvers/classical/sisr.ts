/**
 * Slack Induction by String Removals (Christiaens & Vanden Berghe, 2020): ruin a few strings of
 * related clients, recreate by greedy insertion with blinks, accept by simulated annealing. No
 * move ever reverses a route segment, so it is valid on asymmetric matrices, and every rule is an
 * insertion test in PlanContext, so the same loop serves ACVRP, ACVRPTW and the profiled VRPs.
 */
import type { Rng } from '../../core/random';
import { TIME_EPS } from '../../core/rules';
import { buildNeighbours, type Neighbours } from './neighbours';
import { Plan, own, type PlanContext, type RoutePlan } from './plan';

export interface SisrParams {
  /** Mean number of clients removed per ruin (c̄). */
  avgRemoved: number;
  /** Longest string removed from one route (L_max). */
  maxString: number;
  /** Probability of skipping an insertion position (β). */
  blink: number;
  /** Probability that the split-string variant keeps one more client. */
  splitGrow: number;
  /** Start and end temperatures as multiples of the instance's typical neighbour arc cost. */
  t0: number;
  tf: number;
  /**
   * Granular recreate: a client is tried only next to its `insertNeighbours` nearest routed
   * clients and at both ends of their routes, instead of at every position of every route.
   */
  insertNeighbours: number;
  /**
   * Granular recreate starts at this many clients. Below it, every position is tried (about as
   * cheap as the granular candidate set, and the search n = 100 was tuned with).
   */
  granularFrom: number;
  /**
   * Mixed fleets (vehicles that differ in bans, preferences, speed or capacity): probability that
   * a ruined route is handed to another vehicle. Recreate only inserts into a route as it is, so
   * without this move a route never changes vehicle, and a client a route's vehicle may not serve
   * can never join it: on PVRP-ZC, sisr 60 s stayed 16 % above a neural start polished for 1 s.
   */
  reassign: number;
}

export const DEFAULT_SISR: SisrParams = { avgRemoved: 10, maxString: 10, blink: 0.01, splitGrow: 0.5, t0: 3, tf: 0.03, insertNeighbours: 20, granularFrom: 200, reassign: 0.2 };

/** Orders in which removed clients are re-inserted, with the paper's weights 4:4:2:1. */
type SortKind = 'random' | 'demand' | 'far' | 'close';
const SORTS: SortKind[] = ['random', 'random', 'random', 'random', 'demand', 'demand', 'demand', 'demand', 'far', 'far', 'close'];

export class Sisr {
  readonly ctx: PlanContext;
  readonly params: SisrParams;
  readonly rng: Rng;
  readonly nb: Neighbours;
  /** Typical cost of an arc to a close neighbour: the temperature scale. */
  readonly scale: number;
  private readonly emptyRoutes: RoutePlan[];
  private readonly depotDistance: Float64Array;
  /**
   * Where each client is in the plan being edited: index of its route in plan.routes (-1 when
   * unassigned) and its position in that route. Built once per step and kept up to date by every
   * edit, so that ruin and recreate never search a route for a client.
   */
  private readonly routeOf: Int32Array;
  private readonly posOf: Int32Array;
  /** Per route index: the insertion (stamp) it was last looked at for, and whether the client fit. */
  private seenFor: Int32Array;
  private stamp = 0;
  /** Per client: the insertion (stamp) for which the position before it was priced. */
  private readonly posSeen: Int32Array;
  /** The plan routeOf / posOf describe, and the plan it was edited from (see syncIndex). */
  private indexed: Plan | null = null;
  private base: Plan | null = null;
  /** Route indices whose entries changed since `base` (dirtyAll: the routes were renumbered). */
  private readonly dirtySlots: number[] = [];
  private readonly dirtyMark: Uint8Array;
  private dirtyAll = false;
  private fitsSeen: Uint8Array;
  private readonly granular: boolean;
  private readonly mixedFleet: boolean;

  constructor(ctx: PlanContext, rng: Rng, params: SisrParams = DEFAULT_SISR) {
    this.ctx = ctx;
    this.params = params;
    this.rng = rng;
    this.nb = buildNeighbours(ctx, 100);
    this.emptyRoutes = ctx.inst.vehicles.map((_, k) => ctx.emptyRoute(k));
    this.routeOf = new Int32Array(ctx.n).fill(-1);
    this.posOf = new Int32Array(ctx.n);
    this.posSeen = new Int32Array(ctx.n);
    // A plan never has more routes than clients (every route serves one at least).
    this.dirtyMark = new Uint8Array(ctx.n + 1);
    this.seenFor = new Int32Array(64).fill(-1);
    this.fitsSeen = new Uint8Array(64);
    this.granular = ctx.clients.length >= params.granularFrom && params.insertNeighbours > 0;
    const fleet = ctx.inst.vehicles;
    this.mixedFleet = fleet.length > 1 && fleet.some((v) => v.allowed || v.preference || v.speed !== fleet[0].speed || v.capacity !== fleet[0].capacity);
    const { n } = ctx;
    const cost = ctx.arcCost[0];
    let sum = 0;
    let count = 0;
    for (const i of ctx.clients) {
      const j = this.nb.k > 0 ? this.nb.list[i * this.nb.k] : -1;
      if (j >= 0 && Number.isFinite(cost[i * n + j])) {
        sum += cost[i * n + j];
        count++;
      }
    }
    this.scale = count > 0 && sum > 0 ? sum / count : 1;
    const depot = ctx.inst.depot;
    this.depotDistance = new Float64Array(n);
    if (depot >= 0) for (let j = 0; j < n; j++) this.depotDistance[j] = cost[depot * n + j] + cost[j * n + depot];
  }

  /** Greedy insertion of every unassigned client (the constructive start). */
  construct(): Plan {
    const plan = Plan.empty(this.ctx);
    const pending = plan.unassigned;
    plan.unassigned = [];
    this.indexAll(plan);
    this.recreate(plan, pending, new Set());
    return plan;
  }

  /** `plan` with its unassigned clients inserted greedily where they fit (a given start's gaps). */
  complete(plan: Plan): Plan {
    if (plan.unassigned.length === 0) return plan;
    const pending = plan.unassigned;
    plan.unassigned = [];
    this.indexAll(plan);
    this.recreate(plan, pending, new Set());
    return plan;
  }

  /** One ruin-and-recreate step on a copy of `plan`. */
  neighbour(plan: Plan): Plan {
    this.syncIndex(plan);
    const cand = plan.clone();
    this.indexed = cand;
    this.base = plan;
    const fresh = new Set<RoutePlan>();
    const removed = this.ruin(cand, fresh);
    const pending = removed.concat(cand.unassigned);
    cand.unassigned = [];
    this.recreate(cand, pending, fresh);
    return cand;
  }

  /**
   * Makes routeOf / posOf describe `plan`. A step's candidate is indexed as it is edited; if it
   * is accepted the index is already right, and if it is dropped only the routes it changed are
   * indexed again from the plan it came from, so a step costs O(clients moved), not O(n).
   */
  private syncIndex(plan: Plan): void {
    if (plan === this.indexed) return;
    if (plan === this.base && !this.dirtyAll) {
      for (const ri of this.dirtySlots) if (ri < plan.routes.length) this.writeIndex(plan.routes[ri], ri, 0);
      for (const j of plan.unassigned) this.routeOf[j] = -1;
    } else {
      this.routeOf.fill(-1);
      for (let ri = 0; ri < plan.routes.length; ri++) this.writeIndex(plan.routes[ri], ri, 0);
    }
    this.clearDirty();
    this.indexed = plan;
    this.base = null;
  }

  /** Indexes `plan` from scratch (construction and completion of a given start). */
  private indexAll(plan: Plan): void {
    this.indexed = null;
    this.base = null;
    this.syncIndex(plan);
  }

  private clearDirty(): void {
    for (const ri of this.dirtySlots) this.dirtyMark[ri] = 0;
    this.dirtySlots.length = 0;
    this.dirtyAll = false;
  }

  /** Indexes route r's stops from position `from` on, noting that route index ri changed. */
  private indexStops(r: RoutePlan, ri: number, from: number): void {
    if (!this.dirtyMark[ri]) {
      this.dirtyMark[ri] = 1;
      this.dirtySlots.push(ri);
    }
    this.writeIndex(r, ri, from);
  }

  private writeIndex(r: RoutePlan, ri: number, from: number): void {
    const stops = r.stops;
    for (let p = from; p < stops.length; p++) {
      this.routeOf[stops[p]] = ri;
      this.posOf[stops[p]] = p;
    }
  }

  private ruin(plan: Plan, fresh: Set<RoutePlan>): number[] {
    const { rng, params, ctx } = this;
    let routed = 0;
    for (const r of plan.routes) routed += r.stops.length;
    const removed: number[] = [];
    if (routed === 0 || plan.routes.length === 0) return removed;
    const lsMax = Math.min(params.maxString, routed / plan.routes.length);
    const ksMax = (4 * params.avgRemoved) / (1 + lsMax) - 1;
    const ks = Math.floor(rng.uniform(1, ksMax + 1));
    let seed = -1;
    while (seed < 0) {
      const c = ctx.clients[rng.int(ctx.clients.length)];
      if (this.routeOf[c] >= 0) seed = c;
    }
    const ruined = new Set<number>();
    const { list, k } = this.nb;
    for (let t = -1; t < k && ruined.size < ks; t++) {
      const c = t < 0 ? seed : list[seed * k + t];
      if (c < 0) break;
      const ri = this.routeOf[c];
      if (ri < 0 || ruined.has(ri)) continue;
      ruined.add(ri);
      const route = own(plan, ri);
      fresh.add(route);
      const len = route.stops.length;
      const lt = Math.floor(rng.uniform(1, Math.min(len, lsMax) + 1));
      const pos = this.posOf[c];
      let out: number[];
      if (lt >= len || rng.next() < 0.5) {
        const start = Math.max(0, pos - lt + 1) + rng.int(Math.min(pos, len - lt) - Math.max(0, pos - lt + 1) + 1);
        out = route.stops.splice(start, lt);
      } else {
        let m = 1;
        while (m < len - lt && rng.next() < params.splitGrow) m++;
        const span = lt + m;
        const lo = Math.max(0, pos - span + 1);
        const start = lo + rng.int(Math.min(pos, len - span) - lo + 1);
        const keepAt = rng.int(lt + 1);
        const window = route.stops.slice(start, start + span);
        const kept = window.splice(keepAt, m);
        out = window;
        route.stops.splice(start, span, ...kept);
      }
      for (const j of out) removed.push(j);
      ctx.refresh(route);
      this.repairWindows(route, removed);
      if (this.mixedFleet && route.stops.length > 0 && rng.next() < params.reassign) this.reassign(plan, route);
      this.indexStops(route, ri, 0);
    }
    for (const j of removed) this.routeOf[j] = -1;
    // Dropping an emptied route renumbers the routes after it (rare: index them all again).
    if (this.dropEmptyRoutes(plan)) {
      for (let ri = 0; ri < plan.routes.length; ri++) this.writeIndex(plan.routes[ri], ri, 0);
      this.dirtyAll = true;
    }
    return removed;
  }

  /** Hands an owned route to a random other vehicle with a trip left that may serve all of it. */
  private reassign(plan: Plan, route: RoutePlan): void {
    const { ctx, rng } = this;
    const from = route.vehicle;
    let k = rng.int(ctx.inst.vehicles.length - 1);
    if (k >= from) k++;
    if (plan.routesPerVehicle[k] >= ctx.maxRoutes[k]) return;
    for (const j of route.stops) if (!ctx.allowed(k, j)) return;
    route.vehicle = k;
    ctx.refresh(route);
    if (!ctx.feasible(route)) {
      route.vehicle = from;
      ctx.refresh(route);
      return;
    }
    plan.routesPerVehicle[from]--;
    plan.routesPerVehicle[k]++;
  }

  /**
   * Removing clients can, rarely, make a later stop late when travel times break the triangle
   * inequality (OSRM durations do for ~0.1 % of triples): take such stops out too.
   */
  private repairWindows(route: RoutePlan, removed: number[]): void {
    const { ctx } = this;
    while (route.stops.length > 0 && !ctx.feasible(route)) {
      let bad = route.stops.length - 1;
      for (let i = 0; i < route.stops.length; i++) {
        if (route.start![i] > ctx.inst.due[route.stops[i]] + TIME_EPS) {
          bad = i;
          break;
        }
      }
      removed.push(route.stops.splice(bad, 1)[0]);
      ctx.refresh(route);
    }
  }

  /** Removes emptied routes; true if any was removed. */
  private dropEmptyRoutes(plan: Plan): boolean {
    let w = 0;
    for (const r of plan.routes) {
      if (r.stops.length > 0) plan.routes[w++] = r;
      else plan.routesPerVehicle[r.vehicle]--;
    }
    const dropped = w < plan.routes.length;
    plan.routes.length = w;
    return dropped;
  }

  private order(pending: number[]): void {
    const sort = SORTS[this.rng.int(SORTS.length)];
    const { inst } = this.ctx;
    if (sort === 'random') this.rng.shuffle(pending);
    else if (sort === 'demand') pending.sort((a, b) => inst.demand[b] - inst.demand[a]);
    else if (sort === 'far') pending.sort((a, b) => this.depotDistance[b] - this.depotDistance[a]);
    else pending.sort((a, b) => this.depotDistance[a] - this.depotDistance[b]);
  }

  /**
   * Inserts each pending client at its cheapest feasible position (blinking), or leaves it out.
   * Granular (large instances): only the positions next to the client's nearest routed
   * neighbours and the ends of their routes are priced; every position is priced only when none
   * of those is feasible, so a client that fits somewhere is never left out or given a new route
   * for want of looking.
   */
  recreate(plan: Plan, pending: number[], fresh: Set<RoutePlan>): void {
    const { ctx } = this;
    this.order(pending);
    const best = this.best;
    for (const j of pending) {
      best.delta = Infinity;
      best.route = -1;
      best.pos = 0;
      if (this.granular) this.nearInsertion(plan, j);
      if (best.route < 0) this.anyInsertion(plan, j);
      let newVehicle = -1;
      for (let k = 0; k < this.emptyRoutes.length; k++) {
        if (plan.routesPerVehicle[k] >= ctx.maxRoutes[k]) continue;
        const e = this.emptyRoutes[k];
        if (!ctx.fits(e, j)) continue;
        const d = ctx.insertionDelta(e, j, 0);
        if (d < best.delta) {
          best.delta = d;
          newVehicle = k;
        }
      }
      if (newVehicle >= 0) {
        const r = ctx.refresh({ vehicle: newVehicle, stops: [j], load: 0, cost: 0, start: null, latest: null });
        plan.routes.push(r);
        plan.routesPerVehicle[newVehicle]++;
        fresh.add(r);
        this.indexStops(r, plan.routes.length - 1, 0);
      } else if (best.route >= 0) {
        let r = plan.routes[best.route];
        if (!fresh.has(r)) {
          r = own(plan, best.route);
          fresh.add(r);
        }
        r.stops.splice(best.pos, 0, j);
        ctx.refresh(r);
        this.indexStops(r, best.route, best.pos);
      } else {
        plan.unassigned.push(j);
      }
    }
  }

  /** Cheapest insertion found so far for the client being inserted. */
  private readonly best = { delta: Infinity, route: -1, pos: 0 };

  /** Prices position p of route ri for j, skipping it with the blink probability. */
  private tryAt(r: RoutePlan, ri: number, j: number, p: number): void {
    if (this.rng.next() < this.params.blink) return;
    const d = this.ctx.insertionDelta(r, j, p);
    if (d < this.best.delta) {
      this.best.delta = d;
      this.best.route = ri;
      this.best.pos = p;
    }
  }

  /** Every position of every route j fits (O(n)). */
  private anyInsertion(plan: Plan, j: number): void {
    const { ctx } = this;
    for (let ri = 0; ri < plan.routes.length; ri++) {
      const r = plan.routes[ri];
      if (!ctx.fits(r, j)) continue;
      for (let p = 0; p <= r.stops.length; p++) this.tryAt(r, ri, j, p);
    }
  }

  /** Positions before and after j's nearest routed clients, and the ends of their routes (O(k)). */
  private nearInsertion(plan: Plan, j: number): void {
    const { ctx } = this;
    const { list, k } = this.nb;
    const kk = Math.min(k, this.params.insertNeighbours);
    if (this.seenFor.length < plan.routes.length) {
      this.seenFor = new Int32Array(2 * plan.routes.length).fill(-1);
      this.fitsSeen = new Uint8Array(2 * plan.routes.length);
    }
    if (this.stamp === 0x7fffffff) {
      // Stamps would wrap (after hours of search): start the marks afresh.
      this.stamp = 0;
      this.seenFor.fill(-1);
      this.posSeen.fill(0);
    }
    const seenFor = this.seenFor;
    const fitsSeen = this.fitsSeen;
    const stamp = ++this.stamp;
    for (let t = 0; t < kk; t++) {
      const u = list[j * k + t];
      if (u < 0) break;
      const ri = this.routeOf[u];
      if (ri < 0) continue;
      const r = plan.routes[ri];
      const len = r.stops.length;
      if (seenFor[ri] !== stamp) {
        seenFor[ri] = stamp;
        fitsSeen[ri] = ctx.fits(r, j) ? 1 : 0;
        if (!fitsSeen[ri]) continue;
        this.tryBefore(r, ri, j, 0);
        this.tryAt(r, ri, j, len);
      } else if (!fitsSeen[ri]) continue;
      // Before u and after u (before its successor); the route's end was priced above.
      const p = this.posOf[u];
      this.tryBefore(r, ri, j, p);
      if (p + 1 < len) this.tryBefore(r, ri, j, p + 1);
    }
  }

  /**
   * Prices position p < len (before stop p) once per insertion: neighbours next to each other
   * in a route share the position between them.
   */
  private tryBefore(r: RoutePlan, ri: number, j: number, p: number): void {
    const x = r.stops[p];
    if (this.posSeen[x] === this.stamp) return;
    this.posSeen[x] = this.stamp;
    this.tryAt(r, ri, j, p);
  }
}

/** Lexicographic: fewer unassigned clients first, then lower cost. */
export function better(a: Plan, aCost: number, b: Plan, bCost: number): boolean {
  if (a.unassigned.length !== b.unassigned.length) return a.unassigned.length < b.unassigned.length;
  return aCost < bCost - 1e-9;
}
