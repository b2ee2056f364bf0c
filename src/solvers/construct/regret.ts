/**
 * Regret-k insertion (Potvin & Rousseau 1993; the form of Ropke & Pisinger 2006). Each step
 * inserts the client that would lose the most by waiting: the sum over its k best routes of how
 * much more each costs than its best one. A client with fewer than k options goes first, since
 * it is the one about to run out of them. Opening a route on a vehicle type is an option while
 * that type's fleet (count × trips) has room; free routes of one type count as that many options.
 * Deterministic.
 */
import { clientNodes, type Instance } from '../../core/instance';
import type { Unassigned } from '../../core/solution';
import { unassignedReason } from '../../core/unassigned';
import { PlanContext, type RoutePlan } from '../classical/plan';
import { cheapestPosition, constructionSolver, routeFor, type Construction, type Insertion } from './route-build';

export const DEFAULT_REGRET_K = 3;

/** The best insertion of every pending client into one route, kept until that route changes. */
interface Column {
  route: RoutePlan;
  delta: Float64Array;
  pos: Int32Array;
}

interface Choice {
  node: number;
  options: number;
  regret: number;
  best: number;
}

export function regretInsertion(inst: Instance, k = DEFAULT_REGRET_K): Construction {
  const ctx = new PlanContext(inst);
  const { n } = ctx;
  const types = inst.vehicles.length;
  const count = new Array<number>(types).fill(0);
  const opening = new Float64Array(types * n).fill(Infinity);
  const pending: number[] = [];
  const unassigned: Unassigned[] = [];
  for (const j of clientNodes(inst)) {
    let any = false;
    for (let t = 0; t < types; t++) {
      const r = routeFor(ctx, t, [j]);
      if (r) {
        opening[t * n + j] = r.cost;
        any = true;
      }
    }
    if (any) pending.push(j);
    else unassigned.push({ node: j, reason: unassignedReason(inst, j, (t) => ctx.maxRoutes[t] > 0) });
  }

  const openOrder = byRoominess(ctx);
  const columns: Column[] = [];
  const scratch: Insertion = { delta: Infinity, pos: -1 };
  const fillColumn = (col: Column) => {
    for (const j of pending) {
      cheapestPosition(ctx, col.route, j, scratch);
      col.delta[j] = scratch.delta;
      col.pos[j] = scratch.pos;
    }
  };
  const top = new Float64Array(k);

  while (pending.length > 0) {
    let choice: Choice | null = null;
    for (const j of pending) {
      const options = bestOptions(j, columns, opening, count, ctx.maxRoutes, n, top);
      if (options === 0) continue;
      let regret = 0;
      for (let h = 1; h < options; h++) regret += top[h] - top[0];
      const c: Choice = { node: j, options, regret, best: top[0] };
      if (!choice || ahead(c, choice)) choice = c;
    }
    if (!choice) break;
    const j = choice.node;
    pending.splice(pending.indexOf(j), 1);
    const { col, opened } = placeAt(ctx, j, columns, opening, count, openOrder);
    if (opened) {
      columns.push(col);
      count[col.route.vehicle]++;
    }
    fillColumn(col);
  }
  for (const j of pending) unassigned.push({ node: j, reason: unassignedReason(inst, j, (t) => count[t] < ctx.maxRoutes[t]) });
  return { routes: columns.map((c) => c.route), unassigned };
}

/** Writes j's k cheapest option costs, ascending, into top; returns how many there are. */
function bestOptions(j: number, columns: Column[], opening: Float64Array, count: number[], maxRoutes: number[], n: number, top: Float64Array): number {
  const k = top.length;
  let m = 0;
  const offer = (cost: number) => {
    if (!(cost < Infinity) || (m === k && cost >= top[k - 1])) return;
    let h = m < k ? m++ : k - 1;
    while (h > 0 && top[h - 1] > cost) {
      top[h] = top[h - 1];
      h--;
    }
    top[h] = cost;
  };
  for (const col of columns) offer(col.delta[j]);
  for (let t = 0; t < count.length; t++) {
    const room = Math.min(k, maxRoutes[t] - count[t]);
    for (let c = 0; c < room; c++) offer(opening[t * n + j]);
  }
  return m;
}

/**
 * Fewer options first, then larger regret; on equal regret (typically every option a fresh
 * route) the client dearest to serve goes first, the classic seed of a new route.
 */
function ahead(a: Choice, b: Choice): boolean {
  if (a.options !== b.options) return a.options < b.options;
  if (a.regret !== b.regret) return a.regret > b.regret;
  return a.best > b.best;
}

/** Inserts j at its cheapest option (an existing route on ties); returns that route's column. */
function placeAt(
  ctx: PlanContext,
  j: number,
  columns: Column[],
  opening: Float64Array,
  count: number[],
  openOrder: number[],
): { col: Column; opened: boolean } {
  const { n } = ctx;
  let best: Column | null = null;
  for (const col of columns) if (col.delta[j] < (best ? best.delta[j] : Infinity)) best = col;
  let open = -1;
  for (const t of openOrder) {
    if (count[t] >= ctx.maxRoutes[t]) continue;
    const c = opening[t * n + j];
    if (c < (best ? best.delta[j] : Infinity) && (open < 0 || c < opening[open * n + j])) open = t;
  }
  if (open >= 0) {
    const route = routeFor(ctx, open, [j])!;
    return { col: { route, delta: new Float64Array(n).fill(Infinity), pos: new Int32Array(n) }, opened: true };
  }
  const col = best!;
  col.route.stops.splice(col.pos[j], 0, j);
  ctx.refresh(col.route);
  return { col, opened: false };
}

/**
 * Vehicle types, roomiest first: on equal opening cost the roomier one opens the route, since
 * more capacity (then more allowed clients) leaves more cheap insertions for later.
 */
function byRoominess(ctx: PlanContext): number[] {
  const types = ctx.inst.vehicles.map((v, t) => ({ t, capacity: v.capacity, allowed: ctx.clients.filter((j) => ctx.allowed(t, j)).length }));
  types.sort((a, b) => (a.capacity === b.capacity ? 0 : b.capacity > a.capacity ? 1 : -1) || b.allowed - a.allowed || a.t - b.t);
  return types.map((x) => x.t);
}

export const regretSolver = constructionSolver(
  {
    id: 'regret',
    name: `Regret-${DEFAULT_REGRET_K} insertion`,
    problems: ['acvrp', 'acvrptw', 'pvrp-p', 'pvrp-zc'],
    description: `Insert first the client whose ${DEFAULT_REGRET_K} best routes differ most in cost; a new route per vehicle type is an option while the fleet allows.`,
  },
  regretInsertion,
);
