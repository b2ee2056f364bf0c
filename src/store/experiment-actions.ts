/**
 * What the experiment view asks for: start an experiment from a definition, pause, resume and
 * cancel it, reopen it after a reload, open one of its instances on the map with its runs, and
 * build its exports. Runs go to the planner's worker pool a pool's worth at a time (so a Solve
 * of the planner's waits for one run at most); every finished run is written to IndexedDB at
 * once and reaches the page's tables in batches. Nothing here throws: failures become the
 * experiment's note or its error.
 */
import { evaluate } from '../core/evaluate';
import { aggregate, type ExperimentAggregate, type GivenReference } from '../core/experiment/aggregate';
import { aggregateCsv, aggregateMarkdown, resultsCsv } from '../core/experiment/csv';
import { checkDefinition, definitionToJson, type ExperimentDefinition, type ReferenceCost } from '../core/experiment/definition';
import { budgetMs, planOrder, planRuns } from '../core/experiment/plan';
import { solutionOf, summaryOf, type RunRecord, type RunSummary } from '../core/experiment/record';
import { ExperimentRunner } from '../core/experiment/runner';
import { FormatError } from '../core/errors';
import { parseSolutionFile } from '../core/formats/index';
import { routelabToJson } from '../core/formats/routelab-json';
import type { Instance } from '../core/instance';
import { SOLVER_CATALOG } from '../solvers/catalog';
import { dataEngine, runPool } from '../workers/engines';
import { sourceEngine } from '../workers/experiment-source-client';
import { messageOf } from './actions';
import { IdbExperimentStorage, MemoryExperimentStorage, type ExperimentStatus, type ExperimentStorage, type StoredExperiment } from './experiment-db';
import { experimentInstanceId, poolExecutor } from './experiment-execute';
import { openProvider, type InstanceProvider } from './experiment-provider';
import { useExperimentStore, type ExperimentState } from './experiment-store';
import { showOwnInstance } from './file-actions';
import { useAppStore } from './index';
import { instances } from './registries';
import { nextRunId } from './run-ids';
import type { Run } from './runs-slice';
import { CLASSICAL_ALIAS, resolveChoice } from './solver-choices';

/** Solver ids a definition may name: the catalog's and the `classical` alias. */
export const EXPERIMENT_SOLVERS = [CLASSICAL_ALIAS, ...SOLVER_CATALOG.map((s) => s.id)];

/** Summaries reach the tables at most this often: a few updates a second keep frames short. */
const FLUSH_MS = 500;

interface Active {
  id: string;
  runner: ExperimentRunner;
  provider: InstanceProvider;
}

let storage: ExperimentStorage | null = null;
let started: Promise<void> | null = null;
let active: Active | null = null;
const pendingSummaries: RunSummary[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;
const pendingWrites: RunRecord[] = [];
let writing: Promise<void> | null = null;

function set(patch: Partial<ExperimentState>): void {
  useExperimentStore.setState(patch);
}

function current(): StoredExperiment | null {
  return useExperimentStore.getState().current;
}

async function store(): Promise<ExperimentStorage> {
  await startExperiments();
  return storage!;
}

/** Startup: open the experiments' database, show the latest experiment, and resume it if it was running. */
export function startExperiments(): Promise<void> {
  started ??= (async () => {
    const opened = await IdbExperimentStorage.open();
    if ('error' in opened) {
      storage = new MemoryExperimentStorage();
      set({ persistent: false, note: `Experiments are kept for this visit only: ${opened.error}` });
    } else {
      storage = opened;
      set({ persistent: true });
    }
    addEventListener('pagehide', () => void writeRecords());
    const saved = await storage.list().catch(() => []);
    const latest = saved.at(-1) ?? null;
    set({ saved });
    if (!latest) return;
    await show(latest);
    if (latest.status === 'running') void launch(latest);
  })();
  return started;
}

async function show(exp: StoredExperiment): Promise<void> {
  const records = await storage!.records(exp.id).catch(() => []);
  set({ current: exp, records: records.map(summaryOf), baseline: exp.definition.baseline, progress: progressOf(exp, records), runner: null, error: null });
}

function progressOf(exp: StoredExperiment, records: readonly RunSummary[]) {
  return exp.total === undefined ? null : { total: exp.total, done: records.length, failed: records.filter((r) => r.status === 'failed').length, running: 0 };
}

async function saveExperiment(patch: Partial<StoredExperiment>): Promise<void> {
  const exp = current();
  if (!exp) return;
  const next = { ...exp, ...patch };
  set({ current: next, saved: useExperimentStore.getState().saved.map((e) => (e.id === next.id ? next : e)) });
  try {
    await storage!.put(next);
  } catch (err) {
    set({ note: `The experiment could not be saved: ${messageOf(err)}` });
  }
}

// ---- records: written at once, shown in batches

function onRecord(id: string, record: RunRecord): void {
  pendingWrites.push(record);
  void writeRecords(id);
  if (current()?.id !== id) return;
  pendingSummaries.push(summaryOf(record));
  flushTimer ??= setTimeout(flushSummaries, FLUSH_MS);
}

async function writeRecords(id = active?.id ?? current()?.id): Promise<void> {
  if (!id || !storage) return;
  while (writing) await writing;
  if (pendingWrites.length === 0) return;
  const batch = pendingWrites.splice(0);
  writing = storage
    .putRecords(id, batch)
    .catch((err: unknown) => set({ note: `Results could not be saved in this browser: ${messageOf(err)}` }))
    .finally(() => {
      writing = null;
    });
  await writing;
}

function flushSummaries(): void {
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  const state = useExperimentStore.getState();
  const batch = pendingSummaries.splice(0);
  set({ records: batch.length ? [...state.records, ...batch] : state.records, progress: active ? active.runner.progress() : state.progress });
}

// ---- running

function checkSolvers(def: ExperimentDefinition): void {
  checkDefinition('experiment', def, EXPERIMENT_SOLVERS);
}

/** Best-known costs from `.sol` files, matched to instances by name (among the first 200 instances). */
async function solReferences(files: readonly File[], provider: InstanceProvider): Promise<{ references: ReferenceCost[]; warnings: string[] }> {
  const references: ReferenceCost[] = [];
  const warnings: string[] = [];
  if (files.length === 0) return { references, warnings };
  const byName = new Map<string, Instance>();
  for (let p = 0; p < Math.min(provider.count, 200); p++) {
    const inst = await provider.get(p).catch(() => null);
    if (inst) byName.set(inst.name, inst);
  }
  for (const file of files) {
    const name = file.name.replace(/\.sol$/i, '');
    const inst = byName.get(name);
    if (!inst) {
      warnings.push(`${file.name}: no instance named ${name}`);
      continue;
    }
    const parsed = parseSolutionFile(file.name, new Uint8Array(await file.arrayBuffer()), inst);
    if (!parsed.ok) warnings.push(parsed.error.message);
    else references.push({ instance: name, cost: evaluate(inst, parsed.value.solution).cost, from: file.name });
  }
  return { references, warnings };
}

/** Lets go of a paused experiment's instances and worker (it resumes from storage later). */
function releasePaused(): boolean {
  if (!active) return true;
  if (active.runner.state === 'running') return false;
  active.runner.cancel();
  active.provider.dispose();
  active = null;
  return true;
}

async function launch(exp: StoredExperiment, solFiles: readonly File[] = []): Promise<void> {
  if (!releasePaused()) return;
  const st = await store();
  let provider: InstanceProvider;
  try {
    provider = await openProvider(exp.id, exp.definition, exp.definitionFile, { source: sourceEngine(), data: dataEngine() }, () => st.source(exp.id));
  } catch (err) {
    await saveExperiment({ status: 'failed', error: messageOf(err) });
    set({ error: messageOf(err), runner: null });
    return;
  }
  if (solFiles.length) {
    const { references, warnings } = await solReferences(solFiles, provider);
    await saveExperiment({ definition: { ...exp.definition, references: [...(exp.definition.references ?? []), ...references] } });
    if (warnings.length) set({ note: warnings.join('; ') });
    exp = current()!;
  }
  const def = exp.definition;
  const specs = planRuns(def, provider.count, (i) => provider.first + i);
  const before = await st.records(exp.id).catch(() => []);
  const pool = runPool();
  const executor = poolExecutor({ experimentId: exp.id, provider, pool, resolve: resolveChoice, backend: def.backend });
  const runner: ExperimentRunner = new ExperimentRunner({
    specs,
    done: before.map((r) => r.key),
    concurrency: pool.size,
    execute: executor.execute,
    abort: executor.abort,
    onRecord: (record) => onRecord(exp.id, record),
    onChange: () => {
      const state = runner.state;
      if (useExperimentStore.getState().runner !== state) set({ runner: state, progress: runner.progress() });
    },
  });
  runner.countFailed(before.filter((r) => r.status === 'failed').length);
  active = { id: exp.id, runner, provider };
  await saveExperiment({ status: 'running', total: specs.length, error: undefined });
  set({ runner: 'running', progress: runner.progress(), error: null });
  const next = specs.find((s) => !runner.isDone(s.key));
  if (next) {
    set({ note: 'Loading the models in every worker (not charged to any run)…' });
    await executor.warmUp(next.position, def.solvers);
    set({ note: '' });
  }
  await drive(active);
}

/** Waits for the runner to stop (done, paused, cancelled) and records how it ended. */
async function drive(run: Active): Promise<void> {
  const state = await run.runner.run();
  flushSummaries();
  await writeRecords(run.id);
  const status: ExperimentStatus = state === 'done' ? 'done' : state === 'cancelled' ? 'cancelled' : 'paused';
  if (current()?.id === run.id) await saveExperiment({ status });
  if (state !== 'paused') {
    run.provider.dispose();
    if (active === run) active = null;
  }
  set({ runner: state, progress: run.runner.progress() });
}

export interface NewExperiment {
  definition: ExperimentDefinition;
  /** The name errors are reported under (the problem file's, for a file source). */
  definitionFile: string;
  /** The problem file's bytes, for a file source. */
  bytes?: Uint8Array;
  solFiles?: File[];
}

/** Checks and saves a new experiment, shows it, and starts it. False (with the error shown) when it cannot start. */
export async function createExperiment(spec: NewExperiment): Promise<boolean> {
  const st = await store();
  if (!releasePaused()) {
    set({ error: 'An experiment is running: pause or cancel it first' });
    return false;
  }
  try {
    checkSolvers(spec.definition);
  } catch (err) {
    set({ error: err instanceof FormatError ? err.message : messageOf(err) });
    return false;
  }
  const exp: StoredExperiment = {
    id: `x${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`,
    definition: spec.definition,
    definitionFile: spec.definitionFile,
    status: 'running',
    createdAt: Date.now(),
  };
  try {
    if (spec.bytes) await st.putSource(exp.id, spec.bytes);
    await st.put(exp);
  } catch (err) {
    set({ error: `The experiment could not be saved in this browser: ${messageOf(err)}` });
    return false;
  }
  set({ saved: [...useExperimentStore.getState().saved, exp], current: exp, records: [], baseline: exp.definition.baseline, progress: null, tab: 'results', error: null, note: '' });
  void launch(exp, spec.solFiles ?? []);
  return true;
}

export function pauseExperiment(): void {
  active?.runner.pause();
}

export async function resumeExperiment(): Promise<void> {
  const exp = current();
  if (!exp) return;
  if (active?.id === exp.id) {
    await saveExperiment({ status: 'running' });
    set({ runner: 'running' });
    await drive(active);
    return;
  }
  await launch(exp);
}

export function cancelExperiment(): void {
  const paused = !active || active.runner.state !== 'running';
  // A running experiment's drive() records the end; a paused one has no drive() waiting.
  if (active) active.runner.cancel();
  if (!paused) return;
  if (active) {
    active.provider.dispose();
    active = null;
  }
  if (current()?.status === 'paused' || current()?.status === 'running') void saveExperiment({ status: 'cancelled' });
  set({ runner: 'cancelled' });
}

export async function selectExperiment(id: string): Promise<void> {
  if (active && active.id !== id && active.runner.state === 'running') return;
  const exp = useExperimentStore.getState().saved.find((e) => e.id === id);
  if (exp) await show(exp);
}

export async function deleteExperiment(id: string): Promise<void> {
  const st = await store();
  if (active?.id === id) {
    active.runner.cancel();
    active.provider.dispose();
    active = null;
  }
  await st.remove(id).catch(() => {});
  const saved = useExperimentStore.getState().saved.filter((e) => e.id !== id);
  set({ saved });
  if (current()?.id === id) {
    const latest = saved.at(-1);
    if (latest) await show(latest);
    else set({ current: null, records: [], progress: null, runner: null, tab: 'setup' });
  }
}

// ---- reading results

export function givenReferences(def: ExperimentDefinition): Map<string, GivenReference> {
  return new Map((def.references ?? []).flatMap((r) => (r.cost === undefined ? [] : [[r.instance, { cost: r.cost, ...(r.from ? { from: r.from } : {}) }] as const])));
}

export function aggregateOf(def: ExperimentDefinition, records: readonly RunSummary[], baseline: string | null): ExperimentAggregate {
  const base = baseline && def.solvers.includes(baseline) ? baseline : def.baseline;
  return aggregate(records, { solvers: def.solvers, budgetsMs: def.budgets.map(budgetMs), baseline: base, given: givenReferences(def) });
}

export interface ExportFile {
  name: string;
  text: string;
  type: string;
}

function fileStem(def: ExperimentDefinition): string {
  return def.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'experiment';
}

export type ExperimentExport = 'results-csv' | 'aggregate-csv' | 'aggregate-md' | 'definition';

export async function buildExperimentExport(kind: ExperimentExport): Promise<ExportFile | null> {
  const exp = current();
  if (!exp) return null;
  const { definition: def } = exp;
  const stem = fileStem(def);
  const state = useExperimentStore.getState();
  switch (kind) {
    case 'definition':
      return { name: `${stem}.experiment.json`, text: definitionToJson(def), type: 'application/json' };
    case 'aggregate-csv':
      return { name: `${stem}.aggregate.csv`, text: aggregateCsv(aggregateOf(def, state.records, state.baseline)), type: 'text/csv' };
    case 'aggregate-md':
      return { name: `${stem}.aggregate.md`, text: aggregateMarkdown(aggregateOf(def, state.records, state.baseline), def.name), type: 'text/markdown' };
    case 'results-csv': {
      await writeRecords(exp.id);
      const records = await (await store()).records(exp.id);
      const agg = aggregateOf(def, records.map(summaryOf), state.baseline);
      return { name: `${stem}.results.csv`, text: resultsCsv(records, agg.references, planOrder(def)), type: 'text/csv' };
    }
  }
}

/** The instances the planner has open (the scenario and those of her runs), as an inline source. */
export function openInstancesSource(): { instances: Record<string, unknown>[]; names: string[] } {
  const state = useAppStore.getState();
  const ids = [...new Set([state.instance?.id, ...state.runs.map((r) => r.instanceId)].filter((id): id is string => !!id && instances.has(id)))];
  const list = ids.map((id) => instances.get(id)!);
  return { instances: list.map((inst) => routelabToJson(inst)), names: list.map((inst) => inst.name) };
}

/**
 * Opens instance `position` of the current experiment on the map, with every finished run of
 * the experiment on it as a run of the planner's (evaluated again, as every run is).
 */
export async function openExperimentInstance(position: number): Promise<void> {
  const exp = current();
  if (!exp) return;
  const st = await store();
  let provider: InstanceProvider;
  const temporary = active?.id !== exp.id;
  try {
    provider = temporary ? await openProvider(exp.id, exp.definition, exp.definitionFile, { source: sourceEngine(), data: dataEngine() }, () => st.source(exp.id)) : active!.provider;
  } catch (err) {
    set({ note: `Could not open the instance: ${messageOf(err)}` });
    return;
  }
  try {
    const id = experimentInstanceId(exp.id, position);
    const instance = instances.get(id) ?? (await provider.get(position));
    showOwnInstance(id, instance, instance.name);
    const app = useAppStore.getState();
    if (!app.runs.some((r) => r.instanceId === id)) {
      await writeRecords(exp.id);
      const mine = (await st.records(exp.id)).filter((r) => r.position === position && r.status === 'done');
      const order = planOrder(exp.definition);
      for (const record of mine.sort((a, b) => order(a) - order(b))) {
        const run = runOf(record, id, instance);
        if (run) useAppStore.getState().addRun(run);
      }
    }
    set({ open: false });
    useAppStore.getState().setStatus('ready', `${instance.name}: ${exp.definition.name}, its runs`);
  } catch (err) {
    set({ note: `Could not open the instance: ${messageOf(err)}` });
  } finally {
    if (temporary) provider.dispose();
  }
}

function runOf(record: RunRecord, instanceId: string, instance: Instance): Run | null {
  const solution = solutionOf(record);
  if (!solution) return null;
  return {
    id: nextRunId(),
    instanceId,
    solverId: record.solverId,
    ...(record.solver !== record.solverId ? { alias: record.solver } : {}),
    seed: record.seed,
    ...(record.scenarioSeed !== undefined ? { scenarioSeed: record.scenarioSeed } : {}),
    timeLimitMs: record.budgetMs,
    status: 'done',
    solution,
    evaluation: evaluate(instance, solution),
    timings: { startedAt: Date.now(), solverMs: record.timeMs, timeToBestMs: record.timeToBestMs },
    progressCount: 0,
    fraction: 1,
    backend: record.backend,
  };
}
