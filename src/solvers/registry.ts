/**
 * The solver registry: the one list the UI, the workers and the CLI read. Later solvers
 * (classical, neural) register here and appear everywhere without UI changes.
 */
import type { ProblemKind } from '../core/instance';
import { traitsOf } from '../core/problems';
import type { Solver, SolverInfo } from './solver';
import { nearestSolver } from './construct/nearest';
import { sisrSolver } from './classical/sisr-solver';
import { savingsSolver } from './construct/savings';
import { regretSolver } from './construct/regret';
import { atspIlsSolver } from './classical/atsp-ils';
import { neuralSolvers } from './neural/solver';
import { checkManifest } from './neural/manifest';
import { configuredSource } from './neural/model-source';
import manifestJson from '../../models/manifest.json';

// Models are data: every usable manifest entry becomes the neural solvers of its problem.
const NEURAL = neuralSolvers(checkManifest(manifestJson), configuredSource);

const SOLVERS: Solver[] = [nearestSolver, savingsSolver, regretSolver, sisrSolver, atspIlsSolver, ...NEURAL];

export function listSolvers(): (SolverInfo & { kind: string })[] {
  // `kind` is the CLI contract's name for the family; both are kept.
  return SOLVERS.map(({ id, name, family, problems, backends, description }) => ({ id, name, kind: family, family, problems, backends, description }));
}

export function solversFor(kind: ProblemKind): SolverInfo[] {
  return listSolvers().filter((s) => s.problems.includes(kind));
}

/** Finds a solver by id; returns undefined for unknown ids so callers can report them. */
export function getSolver(id: string): Solver | undefined {
  return SOLVERS.find((s) => s.id === id);
}

/**
 * Resolves the stable alias `classical` (the best classical solver for the problem kind, named
 * by its traits); every other id, `neural` included, names one solver.
 */
export function resolveSolver(id: string, kind: ProblemKind): Solver | undefined {
  const solver = getSolver(id === 'classical' ? traitsOf(kind).bestClassical : id);
  return solver && solver.problems.includes(kind) ? solver : undefined;
}
