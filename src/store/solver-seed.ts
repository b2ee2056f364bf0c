/**
 * The solver seed of a new run, apart from the scenario's seed (which only says how the
 * instance was sampled). Left on automatic, repeated runs of one solver on one instance take
 * seeds 1, 2, 3, … so that they are different runs that can each be reproduced.
 */
import type { Run } from './runs-slice';

export function nextSolverSeed(runs: readonly Run[], instanceId: string, solverId: string): number {
  let most = 0;
  for (const r of runs) if (r.instanceId === instanceId && r.solverId === solverId) most = Math.max(most, r.seed);
  return most + 1;
}
