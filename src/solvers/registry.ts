/**
 * The solver registry: the one list the UI, the workers and the CLI read. Later solvers
 * (classical, neural) register here and appear everywhere without UI changes.
 */
import type { ProblemKind } from '../core/instance';
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
 * Resolves the stable alias `classical` (the best classical solver for the problem kind); every
 * other id, `neural` included, names one solver.
 */
const BEST_CLASSICAL: Partial<Record<ProblemKind, string>> = {
  atsp: 'atsp-ils',
  acvrp: 'sisr',
  acvrptw: 'sisr',
  'pvrp-p': 'sisr',
  'pvrp-zc': 'sisr',
};

export function resolveSolver(id: string, kind: ProblemKind): Solver | undefined {
  if (id === 'classical') {
    const best = BEST_CLASSICAL[kind];
    return best ? getSolver(best) : undefined;
  }
  const solver = getSolver(id);
  return solver && solver.problems.includes(kind) ? solver : undefined;
}
