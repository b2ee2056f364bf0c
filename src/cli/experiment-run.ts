/**
 * The CLI's side of an experiment: the instances read from disk, each run solved here in turn
 * by the registry's solver, and the records, references and exports made by the core, as the
 * app makes them. Separate from the entry point so that tests run it in-process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { evaluate } from '../core/evaluate';
import { aggregate, type ExperimentAggregate, type GivenReference } from '../core/experiment/aggregate';
import { resultsCsv } from '../core/experiment/csv';
import { parseDefinition, type ExperimentDefinition, type ReferenceCost } from '../core/experiment/definition';
import { fileInstances, inlineInstances, sampledInstances, type InstanceSet } from '../core/experiment/instances';
import { budgetMs, planOrder, planRuns, type RunSpec } from '../core/experiment/plan';
import { failedRecord, solvedRecord, summaryOf, type RunRecord } from '../core/experiment/record';
import { ExperimentRunner, type RunOutcome } from '../core/experiment/runner';
import { FormatError } from '../core/errors';
import { listSolvers, resolveSolver } from '../solvers/registry';
import { requireCity } from './city-source';
import { InputError, loadSolution } from './io';

export const KNOWN_SOLVERS = ['classical', ...listSolvers().map((s) => s.id)];

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError({ file: path, field: '(file)', expected: 'a readable file', message: `${path}: cannot read (${(err as Error).message})` });
  }
}

/** Next to the definition first (where the app's export and its data usually sit), then from here. */
function findBeside(definitionFile: string, path: string): string | null {
  const candidates = isAbsolute(path) ? [path] : [resolve(dirname(definitionFile), path), resolve(path)];
  return candidates.find((p) => existsSync(p)) ?? null;
}

function located<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof FormatError) throw new InputError({ ...err.info, message: err.message });
    throw err;
  }
}

export function openInstances(def: ExperimentDefinition, definitionFile: string, fileFlag?: string, cityFlag?: string): InstanceSet {
  const source = def.instances;
  switch (source.kind) {
    case 'file': {
      const path = fileFlag ?? findBeside(definitionFile, source.file);
      if (!path || !existsSync(path)) {
        throw new InputError({
          file: definitionFile,
          field: 'instances.file',
          expected: `a file next to the definition or in the working directory (or --file <path>)`,
          found: source.file,
          message: `${definitionFile}, field instances.file: ${source.file} not found; give its path with --file`,
        });
      }
      return located(() => fileInstances({ ...source, file: basename(path) }, readFileSync(path), definitionFile));
    }
    case 'sample':
      return sampledInstances(source, requireCity(cityFlag ?? source.city));
    case 'inline':
      return inlineInstances(source, definitionFile);
  }
}

/** Best-known costs by instance name; `.sol` files are evaluated against their instance. */
function givenReferences(refs: readonly ReferenceCost[], definitionFile: string, records: readonly RunRecord[], set: InstanceSet): Map<string, GivenReference> {
  const out = new Map<string, GivenReference>();
  for (const ref of refs) {
    if (ref.cost !== undefined) {
      out.set(ref.instance, { cost: ref.cost, ...(ref.from ? { from: ref.from } : {}) });
      continue;
    }
    const record = records.find((r) => r.instance === ref.instance);
    const path = ref.sol ? findBeside(definitionFile, ref.sol) : null;
    if (!record || !path) continue;
    const instance = set.instance(record.position);
    out.set(ref.instance, { cost: evaluate(instance, loadSolution(path, instance).solution).cost, from: basename(path) });
  }
  return out;
}

export function localExecutor(set: InstanceSet): (spec: RunSpec) => Promise<RunOutcome> {
  // Runs go one after another, instance by instance: the last instance is reused.
  let cached: { position: number; instance: ReturnType<InstanceSet['instance']> } | null = null;
  return async (spec) => {
    let instance;
    try {
      if (cached?.position !== spec.position) cached = { position: spec.position, instance: set.instance(spec.position) };
      instance = cached.instance;
    } catch (err) {
      return { status: 'recorded', record: failedRecord(spec, null, spec.solver, 'js', (err as Error).message) };
    }
    const solver = resolveSolver(spec.solver, instance.kind);
    if (!solver) return { status: 'recorded', record: failedRecord(spec, instance, spec.solver, 'js', `${spec.solver} does not solve ${instance.kind}`) };
    const backend = solver.backends.includes('node') ? 'node' : 'js';
    try {
      const result = await solver.solve(instance, { timeLimitMs: spec.budgetMs, seed: spec.seed });
      return { status: 'recorded', record: solvedRecord(spec, instance, solver.id, result, backend) };
    } catch (err) {
      return { status: 'recorded', record: failedRecord(spec, instance, solver.id, backend, (err as Error).message) };
    }
  };
}

/** As the app does: model loading is not charged to the first recorded run of a neural solver. */
async function warmUp(set: InstanceSet, position: number, solvers: readonly string[]): Promise<void> {
  const instance = set.instance(position);
  for (const id of solvers) {
    const solver = resolveSolver(id, instance.kind);
    if (solver?.family === 'neural') await solver.solve(instance, { timeLimitMs: 1, seed: 0 });
  }
}

export function readDefinition(definitionFile: string): ExperimentDefinition {
  const parsed = parseDefinition(definitionFile, readText(definitionFile), KNOWN_SOLVERS);
  if (!parsed.ok) throw new InputError(parsed.error);
  return parsed.value;
}

export interface ExperimentOutput {
  records: RunRecord[];
  aggregate: ExperimentAggregate;
  csv: string;
}

export interface RunOptions {
  file?: string;
  city?: string;
  onRecord?: (record: RunRecord, done: number, total: number) => void;
}

/** Runs every run of the definition in plan order, one at a time. */
export async function runExperiment(def: ExperimentDefinition, definitionFile: string, opts: RunOptions = {}): Promise<ExperimentOutput> {
  const set = openInstances(def, definitionFile, opts.file, opts.city);
  const specs = planRuns(def, set.count, set.sourceIndex);
  const records: RunRecord[] = [];
  if (specs.length) await warmUp(set, specs[0].position, def.solvers);
  const runner = new ExperimentRunner({
    specs,
    concurrency: 1,
    execute: localExecutor(set),
    onRecord: (record) => {
      records.push(record);
      const p = runner.progress();
      opts.onRecord?.(record, p.done, p.total);
    },
  });
  await runner.run();
  const given = givenReferences(def.references ?? [], definitionFile, records, set);
  const agg = aggregate(records.map(summaryOf), { solvers: def.solvers, budgetsMs: def.budgets.map(budgetMs), baseline: def.baseline, given });
  return { records, aggregate: agg, csv: resultsCsv(records, agg.references, planOrder(def)) };
}
