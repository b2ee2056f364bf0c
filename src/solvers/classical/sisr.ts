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
}

export const DEFAULT_SISR: SisrParams = { avgRemoved: 10, maxString: 10, blink: 0.01, splitGrow: 0.5, t0: 3, tf: 0.03 };

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
  private routeOf: Int32Array;

  constructor(ctx: PlanContext, rng: Rng, params: SisrParams = DEFAULT_SISR) {
    this.ctx = ctx;
    this.params = params;
    this.rng = rng;
    this.nb = buildNeighbours(ctx, 100);
    this.emptyRoutes = ctx.inst.vehicles.map((_, k) => ctx.emptyRoute(k));
    this.routeOf = new Int32Array(ctx.n);
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
    this.recreate(plan, pending, new Set());
    return plan;
  }

  /** `plan` with its unassigned clients inserted greedily where they fit (a given start's gaps). */
  complete(plan: Plan): Plan {
    if (plan.unassigned.length === 0) return plan;
    const pending = plan.unassigned;
    plan.unassigned = [];
    this.recreate(plan, pending, new Set());
    return plan;
  }

  /** One ruin-and-recreate step on a copy of `plan`. */
  neighbour(plan: Plan): Plan {
    const cand = plan.clone();
    const fresh = new Set<RoutePlan>();
    const removed = this.ruin(cand, fresh);
    const pending = removed.concat(cand.unassigned);
    cand.unassigned = [];
    this.recreate(cand, pending, fresh);
    return cand;
  }

  private indexRoutes(plan: Plan): number {
    this.routeOf.fill(-1);
    let routed = 0;
    plan.routes.forEach((r, i) => {
      for (const j of r.stops) this.routeOf[j] = i;
      routed += r.stops.length;
    });
    return routed;
  }

  private ruin(plan: Plan, fresh: Set<RoutePlan>): number[] {
    const { rng, params, ctx } = this;
    const routed = this.indexRoutes(plan);
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
      const pos = route.stops.indexOf(c);
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
      for (const j of out) {
        this.routeOf[j] = -1;
        removed.push(j);
      }
      ctx.refresh(route);
      this.repairWindows(route, removed);
    }
    this.dropEmptyRoutes(plan);
    return removed;
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

  private dropEmptyRoutes(plan: Plan): void {
    let w = 0;
    for (const r of plan.routes) {
      if (r.stops.length > 0) plan.routes[w++] = r;
      else plan.routesPerVehicle[r.vehicle]--;
    }
    plan.routes.length = w;
  }

  private order(pending: number[]): void {
    const sort = SORTS[this.rng.int(SORTS.length)];
    const { inst } = this.ctx;
    if (sort === 'random') this.rng.shuffle(pending);
    else if (sort === 'demand') pending.sort((a, b) => inst.demand[b] - inst.demand[a]);
    else if (sort === 'far') pending.sort((a, b) => this.depotDistance[b] - this.depotDistance[a]);
    else pending.sort((a, b) => this.depotDistance[a] - this.depotDistance[b]);
  }

  /** Inserts each pending client at its cheapest feasible position (blinking), or leaves it out. */
  recreate(plan: Plan, pending: number[], fresh: Set<RoutePlan>): void {
    const { ctx, rng } = this;
    const blink = this.params.blink;
    this.order(pending);
    for (const j of pending) {
      let best = Infinity;
      let bestRoute = -1;
      let bestPos = 0;
      for (let ri = 0; ri < plan.routes.length; ri++) {
        const r = plan.routes[ri];
        if (!ctx.fits(r, j)) continue;
        for (let p = 0; p <= r.stops.length; p++) {
          if (rng.next() < blink) continue;
          const d = ctx.insertionDelta(r, j, p);
          if (d < best) {
            best = d;
            bestRoute = ri;
            bestPos = p;
          }
        }
      }
      let newVehicle = -1;
      for (let k = 0; k < this.emptyRoutes.length; k++) {
        if (plan.routesPerVehicle[k] >= ctx.maxRoutes[k]) continue;
        const e = this.emptyRoutes[k];
        if (!ctx.fits(e, j)) continue;
        const d = ctx.insertionDelta(e, j, 0);
        if (d < best) {
          best = d;
          newVehicle = k;
        }
      }
      if (newVehicle >= 0) {
        const r = ctx.refresh({ vehicle: newVehicle, stops: [j], load: 0, cost: 0, start: null, latest: null });
        plan.routes.push(r);
        plan.routesPerVehicle[newVehicle]++;
        fresh.add(r);
      } else if (bestRoute >= 0) {
        let r = plan.routes[bestRoute];
        if (!fresh.has(r)) {
          r = own(plan, bestRoute);
          fresh.add(r);
        }
        r.stops.splice(bestPos, 0, j);
        ctx.refresh(r);
      } else {
        plan.unassigned.push(j);
      }
    }
  }
}

/** Lexicographic: fewer unassigned clients first, then lower cost. */
export function better(a: Plan, aCost: number, b: Plan, bCost: number): boolean {
  if (a.unassigned.length !== b.unassigned.length) return a.unassigned.length < b.unassigned.length;
  return aCost < bCost - 1e-9;
}
