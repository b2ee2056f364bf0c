/**
 * Neural + LS, second half (shared by the RRNCO-S and CAMP-S solvers): the kind's best classical
 * search (problem traits: atsp-ils / sisr) starts from the neural routes for the rest of the time.
 */
import { evaluate } from '../../core/evaluate';
import type { Instance } from '../../core/instance';
import { traitsOf } from '../../core/problems';
import type { Solution } from '../../core/solution';
import type { SolveControl, SolveOptions, SolveResult, Solver } from '../solver';
import { atspIlsSolver } from '../classical/atsp-ils';
import { sisrSolver } from '../classical/sisr-solver';

export interface Found {
  /** Best solution in the instance's own node numbering. */
  best: Solution | null;
  bestAt: number;
  iterations: number;
}

/** The classical searches the problem traits may name as a kind's best (the registry imports this module, so not the registry). */
const SEARCHES = new Map<string, Solver>([atspIlsSolver, sisrSolver].map((s) => [s.id, s]));

/** Neural + LS, second half: the kind's best classical search starts from the neural routes. */
export async function polish(instance: Instance, options: SolveOptions, control: SolveControl | undefined, t0: number, found: Found): Promise<SolveResult> {
  const best = traitsOf(instance.kind).bestClassical;
  const search = SEARCHES.get(best);
  if (!search) throw new Error(`neural-ls: no classical search ${best} to polish ${instance.kind} routes with`);
  const offset = performance.now() - t0;
  const res = await search.solve(
    instance,
    { ...options, backend: undefined, timeLimitMs: Math.max(0, options.timeLimitMs - offset), initial: found.best! },
    {
      signal: control?.signal,
      onProgress: control?.onProgress && ((p) => control.onProgress!({ ...p, elapsedMs: p.elapsedMs + offset, fraction: Math.min(1, (p.elapsedMs + offset) / options.timeLimitMs) })),
    },
  );
  const before = evaluate(instance, found.best!);
  const after = evaluate(instance, res.solution);
  const improved = after.unassigned.length < before.unassigned.length || (after.unassigned.length === before.unassigned.length && after.cost < before.cost - 1e-9);
  return {
    solution: improved ? res.solution : found.best!,
    elapsedMs: performance.now() - t0,
    timeToBestMs: improved ? offset + res.timeToBestMs : found.bestAt,
    iterations: found.iterations + (res.iterations ?? 0),
    stopped: res.stopped,
  };
}
