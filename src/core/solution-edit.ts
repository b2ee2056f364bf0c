/**
 * Manual edits of a solution: move one stop to another route or position, or to the unassigned
 * list and back. Pure: the input solution is never changed, the result shares nothing mutable
 * with it. Rules are not enforced here; the evaluator flags whatever the edit breaks.
 */
import type { Solution, UnassignedReason } from './solution';

/** `route` addresses the unassigned list when it is UNASSIGNED. */
export const UNASSIGNED = -1;

export interface StopSlot {
  /** Route index, or UNASSIGNED for the unassigned list. */
  route: number;
  /**
   * From: the stop's index in its list. To: the index the stop has in the destination list
   * after the move (clamped to the list's end). `route === solution.routes.length` as a
   * destination opens a new route.
   */
  index: number;
}

export interface MoveOptions {
  /** Vehicle of a new route; the source route's vehicle (or 0) when not given. */
  newRouteVehicle?: number;
  /** Reason recorded when a stop is moved to the unassigned list. */
  reason?: UnassignedReason;
}

/**
 * Moves one stop. A route left empty stays in place (as an empty route), so that route indices,
 * and with them route colours, do not shift under the planner's hand.
 */
export function moveStop(solution: Solution, from: StopSlot, to: StopSlot, options: MoveOptions = {}): Solution {
  const routes = solution.routes.map((r) => ({ vehicle: r.vehicle, stops: r.stops.slice() }));
  const unassigned = solution.unassigned.map((u) => ({ ...u }));
  const fromUnassigned = from.route === UNASSIGNED;
  const sourceList = fromUnassigned ? null : routes[from.route];
  if (!fromUnassigned && !sourceList) throw new RangeError(`moveStop: no route ${from.route}`);
  const length = fromUnassigned ? unassigned.length : sourceList!.stops.length;
  if (!Number.isInteger(from.index) || from.index < 0 || from.index >= length) {
    throw new RangeError(`moveStop: no stop ${from.index} in ${fromUnassigned ? 'the unassigned list' : `route ${from.route}`}`);
  }
  if (to.route !== UNASSIGNED && (!Number.isInteger(to.route) || to.route < 0 || to.route > routes.length)) {
    throw new RangeError(`moveStop: no route ${to.route} to move to`);
  }

  let node: number;
  let reasonBefore: UnassignedReason | undefined;
  if (fromUnassigned) {
    const [u] = unassigned.splice(from.index, 1);
    node = u.node;
    reasonBefore = u.reason;
  } else {
    [node] = sourceList!.stops.splice(from.index, 1);
  }

  if (to.route === UNASSIGNED) {
    const at = clamp(to.index, unassigned.length);
    unassigned.splice(at, 0, { node, reason: options.reason ?? reasonBefore ?? 'not-routed' });
  } else {
    if (to.route === routes.length) {
      const vehicle = options.newRouteVehicle ?? (sourceList ? sourceList.vehicle : (routes[0]?.vehicle ?? 0));
      routes.push({ vehicle, stops: [] });
    }
    const stops = routes[to.route].stops;
    stops.splice(clamp(to.index, stops.length), 0, node);
  }
  return { routes, unassigned };
}

/**
 * The destination slot for a drop "before position `insertAt` of the displayed list": the lists
 * on screen still hold the dragged stop, so a move down the same list lands one place earlier.
 */
export function dropSlot(from: StopSlot, route: number, insertAt: number): StopSlot {
  const sameList = from.route === route;
  return { route, index: sameList && from.index < insertAt ? insertAt - 1 : insertAt };
}

/** True when moving `from` to `to` would leave the solution as it is. */
export function isNoOpMove(from: StopSlot, to: StopSlot): boolean {
  return from.route === to.route && from.index === to.index;
}

function clamp(index: number, length: number): number {
  if (!Number.isFinite(index)) return length;
  return Math.max(0, Math.min(length, Math.trunc(index)));
}

/** Where a client stands in a solution's routes; null when no route visits it. */
export function slotOfNode(solution: Solution, node: number): StopSlot | null {
  for (let route = 0; route < solution.routes.length; route++) {
    const index = solution.routes[route].stops.indexOf(node);
    if (index >= 0) return { route, index };
  }
  return null;
}

/**
 * The move a drop of the stop at `from` on the stop `onto` makes (on the map: a stop let go on
 * another): right after it in its route; null when `onto` is in no route, or nothing would change.
 */
export function dropOntoStop(solution: Solution, from: StopSlot, onto: number): { from: StopSlot; to: StopSlot } | null {
  const target = slotOfNode(solution, onto);
  if (!target) return null;
  const to = dropSlot(from, target.route, target.index + 1);
  return isNoOpMove(from, to) ? null : { from, to };
}
