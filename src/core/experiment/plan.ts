/**
 * The runs of an experiment in a fixed order (instance by instance, then budget, seed, solver),
 * each with a key that names it across reloads and between the app and the CLI.
 */
import type { ExperimentDefinition } from './definition';

export interface RunSpec {
  key: string;
  /** Position of the instance in the experiment (0-based). */
  position: number;
  /** The instance's index in its file, or its sampler seed. */
  index: number;
  /** As the definition names it (`classical` included). */
  solver: string;
  seed: number;
  budgetMs: number;
}

export function runKey(index: number, solver: string, seed: number, budgetMs: number): string {
  return `${index}|${solver}|${seed}|${budgetMs}`;
}

export function budgetMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

/** A record's place in the plan, from its fields: exports sort by it whatever order runs finished in. */
export function planOrder(def: ExperimentDefinition): (run: { position: number; budgetMs: number; seed: number; solver: string }) => number {
  const budgets = def.budgets.map(budgetMs);
  return (r) => ((r.position * budgets.length + budgets.indexOf(r.budgetMs)) * def.seeds.length + def.seeds.indexOf(r.seed)) * def.solvers.length + def.solvers.indexOf(r.solver);
}

/**
 * Every run, instance by instance: the runs of one instance follow each other, so a worker that
 * holds an instance keeps using it and the page needs only a few instances at a time.
 */
export function planRuns(def: ExperimentDefinition, count: number, sourceIndex: (position: number) => number): RunSpec[] {
  const specs: RunSpec[] = [];
  for (let position = 0; position < count; position++) {
    const index = sourceIndex(position);
    for (const seconds of def.budgets) {
      const ms = budgetMs(seconds);
      for (const seed of def.seeds) {
        for (const solver of def.solvers) specs.push({ key: runKey(index, solver, seed, ms), position, index, solver, seed, budgetMs: ms });
      }
    }
  }
  return specs;
}
