/**
 * The solvers the planner can pick for a problem kind, read from the catalog (never the
 * registry, which would pull every solver's code into the page).
 */
import type { ProblemKind } from '../core/instance';
import { traitsOf } from '../core/problems';
import { SOLVER_CATALOG } from '../solvers/catalog';
import type { SolverInfo } from '../solvers/solver';

export const CLASSICAL_ALIAS = 'classical';

export interface SolverChoice {
  id: string;
  name: string;
  description: string;
}

export function solverInfo(id: string): SolverInfo | undefined {
  return SOLVER_CATALOG.find((s) => s.id === id);
}

/** A concrete solver for a choice: aliases resolve per problem kind, as the CLI's do. */
export function resolveChoice(id: string, kind: ProblemKind): SolverInfo | undefined {
  const info = solverInfo(id === CLASSICAL_ALIAS ? traitsOf(kind).bestClassical : id);
  return info?.problems.includes(kind) ? info : undefined;
}

export function solverChoices(kind: ProblemKind): SolverChoice[] {
  const choices: SolverChoice[] = SOLVER_CATALOG.filter((s) => s.problems.includes(kind));
  const best = resolveChoice(CLASSICAL_ALIAS, kind);
  if (best) choices.unshift({ id: CLASSICAL_ALIAS, name: `Best classical (${best.name})`, description: best.description });
  return choices;
}

export function solverName(id: string): string {
  return solverInfo(id)?.name ?? id;
}
