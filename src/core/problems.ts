/**
 * What sets the problem kinds apart, as one row each. Code that behaves differently per kind
 * asks this table (`traitsOf(inst.kind).tour`) instead of comparing kind names, so that adding
 * a kind, or a kind gaining a feature, is an edit here and not a hunt through the code.
 */
import type { Objective, ProblemKind } from './instance';

export interface ProblemTraits {
  /**
   * One closed tour through every node (ATSP): no depot, a single salesman, no loads and no fleet.
   * Otherwise routes leave a depot and come back to it, as many as the fleet allows.
   */
  readonly tour: boolean;
  readonly timeWindows: boolean;
  /** Vehicles score the nodes they serve (PVRP-P): the objective rewards the scores. */
  readonly preferences: boolean;
  /** Vehicles are banned from some nodes (PVRP-ZC): a hard rule. */
  readonly zones: boolean;
  /** The objective's weights when a file states none (RRNCO: distance; CAMP: travel time and preference). */
  readonly objective: Readonly<Objective>;
  /** The solver behind the `classical` alias (an id of the solver registry). */
  readonly bestClassical: string;
}

const DISTANCE: Objective = { distanceWeight: 1, timeWeight: 0, preferenceWeight: 0, preferenceUnit: 1 };
const ROUTES = { tour: false, timeWindows: false, preferences: false, zones: false, objective: DISTANCE, bestClassical: 'sisr' };

const TRAITS: Readonly<Record<ProblemKind, ProblemTraits>> = {
  atsp: { ...ROUTES, tour: true, bestClassical: 'atsp-ils' },
  acvrp: ROUTES,
  acvrptw: { ...ROUTES, timeWindows: true },
  'pvrp-p': { ...ROUTES, preferences: true, objective: { distanceWeight: 0, timeWeight: 0.8, preferenceWeight: 0.2, preferenceUnit: 1 } },
  'pvrp-zc': { ...ROUTES, zones: true, objective: { distanceWeight: 0, timeWeight: 1, preferenceWeight: 0, preferenceUnit: 1 } },
};

export function traitsOf(kind: ProblemKind): ProblemTraits {
  return TRAITS[kind];
}

/** Nodes of a scenario with `stops` stops: one more, the depot, unless the kind is a tour. */
export function nodeCount(kind: ProblemKind, stops: number): number {
  return TRAITS[kind].tour ? stops : stops + 1;
}
