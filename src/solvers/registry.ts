/**
 * The solver registry: the one list the UI, the workers and the CLI read. Later solvers
 * (classical, neural) register here and appear everywhere without UI changes.
 */
import type { ProblemKind } from '../core/instance';
import type { Solver, SolverInfo } from './solver';
import { nearestSolver } from './construct/nearest';

const SOLVERS: Solver[] = [nearestSolver];

export function listSolvers(): SolverInfo[] {
  return SOLVERS.map(({ id, name, family, problems, backends, description }) => ({ id, name, family, problems, backends, description }));
}

export function solversFor(kind: ProblemKind): SolverInfo[] {
  return listSolvers().filter((s) => s.problems.includes(kind));
}

/** Finds a solver by id; returns undefined for unknown ids so callers can report them. */
export function getSolver(id: string): Solver | undefined {
  return SOLVERS.find((s) => s.id === id);
}
