/** A solver's answer: routes per vehicle. Its cost and feasibility come only from evaluate(). */

export interface Route {
  /** Index into Instance.vehicles. */
  vehicle: number;
  /** Node indices in visiting order, without the start and end depot. */
  stops: number[];
}

/** Why a client is not served (vocabulary after vrp-cli's reason codes). */
export type UnassignedReason =
  | 'capacity'
  | 'time-window'
  | 'zone'
  | 'unreachable'
  | 'fleet'
  | 'not-routed'
  | 'no-reason';

export interface Unassigned {
  node: number;
  reason: UnassignedReason;
}

export interface Solution {
  routes: Route[];
  unassigned: Unassigned[];
}

/** Routes with at least one stop, in order. */
export function usedRoutes(sol: Solution): Route[] {
  return sol.routes.filter((r) => r.stops.length > 0);
}
