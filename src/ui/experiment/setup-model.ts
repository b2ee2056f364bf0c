/**
 * The setup form as data, and the definition it makes: every field checked, an error that says
 * which field and why. No React here, so it is unit tested directly.
 */
import type { Distribution } from '../../core/cities/sampler';
import { EXPERIMENT_FORMAT, MAX_BUDGET_S, MAX_SEEDS, MAX_BUDGETS, MAX_SAMPLED, parseNumberList, type ExperimentDefinition, type InstanceSource } from '../../core/experiment/definition';
import type { ProblemKind } from '../../core/instance';

export type SourceChoice = 'file' | 'sample' | 'open';

export interface SetupForm {
  name: string;
  source: SourceChoice;
  /** File source: the problem file, and the range (empty: from the first / to the last). */
  fileName: string | null;
  from: string;
  to: string;
  /** Sample source. */
  city: string;
  problem: ProblemKind;
  n: string;
  distribution: Distribution;
  sampleFrom: string;
  sampleTo: string;
  solvers: string[];
  seeds: string;
  budgets: string;
  baseline: string;
  backend: string;
}

export type Built = { definition: ExperimentDefinition; definitionFile: string } | { error: string; field: string };

function intField(text: string, field: string, min: number, max: number): number | { error: string; field: string } {
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(v) || v < min || v > max) return { error: `${field}: expected an integer in ${min}..${max}, found "${text}"`, field };
  return v;
}

const isError = (x: unknown): x is { error: string; field: string } => typeof x === 'object' && x !== null && 'error' in x;

export function buildDefinition(form: SetupForm, open: { instances: Record<string, unknown>[] }): Built {
  let instances: InstanceSource;
  let definitionFile = `${form.name || 'experiment'}.experiment.json`;
  switch (form.source) {
    case 'file': {
      if (!form.fileName) return { error: 'Instances: drop or choose a problem file first', field: 'file' };
      const from = form.from.trim() === '' ? undefined : intField(form.from, 'From', 0, 1_000_000);
      const to = form.to.trim() === '' ? undefined : intField(form.to, 'To', 0, 1_000_000);
      if (isError(from)) return from;
      if (isError(to)) return to;
      if (from !== undefined && to !== undefined && to < from) return { error: `To: expected an index ≥ ${from}`, field: 'to' };
      instances = { kind: 'file', file: form.fileName, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
      definitionFile = form.fileName;
      break;
    }
    case 'sample': {
      const n = intField(form.n, 'Stops', 2, 20_000);
      const from = intField(form.sampleFrom, 'Sampler seeds from', 0, 2 ** 31 - 1);
      if (isError(n)) return n;
      if (isError(from)) return from;
      const to = intField(form.sampleTo, 'Sampler seeds to', from, from + MAX_SAMPLED - 1);
      if (isError(to)) return to;
      instances = { kind: 'sample', city: form.city, problem: form.problem, n, distribution: form.distribution, seeds: { from, to } };
      break;
    }
    case 'open':
      if (open.instances.length === 0) return { error: 'Instances: no instance is open', field: 'open' };
      instances = { kind: 'inline', instances: open.instances };
      break;
  }
  if (form.solvers.length === 0) return { error: 'Solvers: pick at least one', field: 'solvers' };
  const seeds = parseNumberList(form.seeds, { integers: true, min: 0, max: 2 ** 31 - 1, most: MAX_SEEDS });
  if ('error' in seeds) return { error: `Solver seeds: ${seeds.error}`, field: 'seeds' };
  const budgets = parseNumberList(form.budgets, { integers: false, min: 0.01, max: MAX_BUDGET_S, most: MAX_BUDGETS });
  if ('error' in budgets) return { error: `Budgets: ${budgets.error}`, field: 'budgets' };
  const baseline = form.solvers.includes(form.baseline) ? form.baseline : form.solvers[0];
  return {
    definition: {
      format: EXPERIMENT_FORMAT,
      name: form.name.trim() || 'experiment',
      instances,
      solvers: form.solvers,
      seeds,
      budgets,
      baseline,
      backend: form.backend,
    },
    definitionFile,
  };
}

/** How many runs the form asks for, when it can tell (for the Start button). */
export function plannedRuns(form: SetupForm, instanceCount: number | null): number | null {
  const seeds = parseNumberList(form.seeds, { integers: true, min: 0, max: 2 ** 31 - 1, most: MAX_SEEDS });
  const budgets = parseNumberList(form.budgets, { integers: false, min: 0.01, max: MAX_BUDGET_S, most: MAX_BUDGETS });
  if ('error' in seeds || 'error' in budgets || instanceCount === null) return null;
  return instanceCount * seeds.length * budgets.length * form.solvers.length;
}
