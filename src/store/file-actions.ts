/**
 * Files in: the planner drops or picks files; each is parsed in the file worker and either
 * becomes the scenario (a problem file, plus a run when it carries a solution) or a run on the
 * current scenario (a solution file). Every file gets a report: what it became, or where it
 * is broken. Nothing here throws.
 */
import { cityLabel } from '../core/cities/city';
import { isOsmExtractName } from '../core/cities/osm-file';
import { evaluate } from '../core/evaluate';
import { clientNodes, type Instance, type ProblemKind } from '../core/instance';
import type { Solution } from '../core/solution';
import { dataEngine } from '../workers/engines';
import { filesEngine } from '../workers/files-client';
import type { FileImport } from '../workers/files-protocol';
import { messageOf, problemName, supersedeSampling } from './actions';
import { addCity } from './city-actions';
import { openCityBuild } from './city-build-actions';
import { cityTitle, isKnownCity, uniqueCityName } from './city-lookup';
import { useAppStore } from './index';
import { cityPoints, instances } from './registries';
import { nextRunId } from './run-ids';
import type { Run } from './runs-slice';

/** The solver id of runs that came from a file rather than a solver. */
export const IMPORTED_SOLVER = 'imported';

/** Files kept out of the store (a File is not state): read again on the planner's choices. */
const kept = {
  /** The last problem file, kept so that another batch index or problem kind can be read from it. */
  lastProblem: null as File | null,
};

/** The last problem file and its name, for an experiment over its instances. */
export function lastProblemFileOf(): File | null {
  return kept.lastProblem;
}

/**
 * The ids given to the instances of each dropped file, by index and kind: going back to an
 * index of a batch shows that instance again with its runs, instead of an empty table.
 */
const fileInstanceIds = new WeakMap<File, Map<string, string>>();

function fileInstanceId(file: File | null, name: string, index: number, kind: ProblemKind): string {
  if (!file) return freshInstanceId(`file:${name}:${index}`);
  let ids = fileInstanceIds.get(file);
  if (!ids) fileInstanceIds.set(file, (ids = new Map()));
  const known = ids.get(`${index}:${kind}`);
  if (known && instances.has(known)) return known;
  const id = freshInstanceId(`file:${name}:${index}`);
  ids.set(`${index}:${kind}`, id);
  return id;
}

/** A registry id no instance has used in this page: solve workers cache instances by id. */
export function freshInstanceId(base: string): string {
  if (!instances.has(base)) return base;
  let k = 2;
  while (instances.has(`${base}~${k}`)) k++;
  return `${base}~${k}`;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function stopsOf(instance: Instance): number {
  return clientNodes(instance).length;
}

/** The city the instance was sampled from, bundled or still in the library (its road points go on the map), if any. */
function knownCityOf(instance: Instance): string | null {
  const city = instance.meta.city;
  return instance.coordSystem === 'lonlat' && city && isKnownCity(city) ? city : null;
}

/**
 * Registers an instance made outside the sampler and puts it on screen. A city-sampled instance
 * (a RouteLab JSON written by `npm run sample` or saved by the app) brings its city's road
 * points back; anything else is drawn on its own.
 */
export function showOwnInstance(id: string, instance: Instance, label: string): void {
  supersedeSampling();
  const store = useAppStore.getState();
  instances.set(id, instance);
  const city = knownCityOf(instance);
  const stops = stopsOf(instance);
  store.showInstance({ id, city: city ?? label, kind: instance.kind, stops, source: label });
  // The scenario panel shows what is on screen: the file's kind, size and seed (and its city,
  // when it was sampled from one), which Sample then starts from.
  const seed = instance.meta.seed;
  store.setScenario({ problem: instance.kind, n: stops, ...(seed !== undefined ? { seed } : {}), ...(city ? { city } : {}) });
  if (!city) {
    store.showCity(null);
    return;
  }
  if (cityPoints.has(city)) {
    store.showCity(city);
    return;
  }
  dataEngine()
    .loadCity(city)
    .then((points) => {
      cityPoints.set(city, points);
      if (useAppStore.getState().instance?.id === id) useAppStore.getState().showCity(city);
    })
    .catch((err: unknown) => useAppStore.getState().setStatus('error', `Could not load ${cityTitle(city)}: ${messageOf(err)}`));
}

/** A solution from a file becomes a finished run of its own, scored by the evaluator. */
export function addImportedRun(instanceId: string, instance: Instance, solution: Solution, label: string): Run {
  const run: Run = {
    id: nextRunId(),
    instanceId,
    solverId: IMPORTED_SOLVER,
    alias: label,
    seed: 0,
    timeLimitMs: 0,
    status: 'done',
    solution,
    evaluation: evaluate(instance, solution),
    timings: { startedAt: Date.now() },
    progressCount: 0,
    fraction: 1,
  };
  useAppStore.getState().addRun(run);
  return run;
}

function currentInstance(): { id: string; instance: Instance } | null {
  const id = useAppStore.getState().instance?.id;
  const instance = id ? instances.get(id) : undefined;
  return id && instance ? { id, instance } : null;
}

function chosenProblem(): ProblemKind {
  const s = useAppStore.getState();
  return s.importProblem ?? s.instance?.kind ?? s.scenario.problem;
}

/** What the status line says after a file, and whether the file failed (an error status). */
interface Applied {
  line: string;
  failed: boolean;
}

const done = (line: string): Applied => ({ line, failed: false });

/** Applies one parsed file (a problem file is kept for reading again); returns the status line. */
async function apply(result: FileImport, file: File | null): Promise<Applied> {
  const store = useAppStore.getState();
  const name = fileName(result.file);
  switch (result.kind) {
    case 'osm':
      if (file) openCityBuild(file);
      return done(`${name} is an OpenStreetMap extract: choose how to build a city from it`);
    case 'city': {
      const { city, format } = result;
      const points = city.n;
      // A city named like one of the picker's (Monaco_data.npz) gets a number: the picker tells them apart.
      const added = await addCity(city, { name: uniqueCityName(cityLabel(city.name)), source: format, file: name });
      if ('error' in added) {
        const error = { file: name, field: '(file)', expected: 'a city this browser can keep', found: added.error, message: added.error };
        store.addFileReport({ file: name, ok: false, error, warnings: result.warnings });
        return done(added.error);
      }
      const summary = `city ${added.entry.name}, ${points} road points, ${added.existed ? 'already among your cities' : 'added to your cities'}${added.persistent ? '' : ' (for this visit only: this browser does not keep it)'}`;
      store.addFileReport({ file: name, ok: true, format, summary, warnings: result.warnings });
      return done(`Loaded ${summary}`);
    }
    case 'error':
      store.addFileReport({ file: name, ok: false, error: result.error, warnings: result.warnings });
      return { line: `${name}: ${result.error.message}`, failed: true };
    case 'problem': {
      if (file) kept.lastProblem = file;
      const { instance, count, index } = result;
      const id = fileInstanceId(file, name, index, instance.kind);
      const known = instances.get(id);
      showOwnInstance(id, known ?? instance, name);
      const warnings = [...result.warnings];
      let summary = `${instance.name}: ${problemName(instance.kind)}, ${stopsOf(instance)} stops`;
      if (count > 1) summary += ` (instance ${index + 1} of ${count})`;
      // Back on an index read before: its solution is among its runs already.
      if (result.solution && !known) {
        const run = addImportedRun(id, instance, result.solution, name);
        summary += `, with a solution of cost ${run.evaluation ? Math.round(run.evaluation.cost * 1000) / 1000 : '–'}`;
      }
      store.setFileChoice(
        count > 1 || result.kindChosen ? { file: name, format: result.format, count, index, kindChosen: result.kindChosen } : null,
      );
      store.addFileReport({ file: name, ok: true, format: result.format, summary, warnings });
      return done(`Loaded ${summary}`);
    }
    case 'solution': {
      const current = currentInstance();
      if (!current) {
        const error = { file: name, field: '(file)', expected: 'a scenario to read the solution against', found: 'none', message: `${name}: no scenario` };
        store.addFileReport({ file: name, ok: false, error, warnings: [] });
        return done(error.message);
      }
      const run = addImportedRun(current.id, current.instance, result.solution, name);
      const cost = run.evaluation?.cost;
      const warnings = [...result.warnings];
      if (result.statedCost !== undefined && cost !== undefined && Math.abs(result.statedCost - cost) > 1e-6) {
        warnings.push(`the file states cost ${result.statedCost}; the evaluator gives ${cost}`);
      }
      const summary = `solution with ${result.solution.routes.filter((r) => r.stops.length > 0).length} routes, cost ${cost === undefined ? '–' : Math.round(cost * 1000) / 1000}`;
      store.addFileReport({ file: name, ok: true, format: result.format, summary, warnings });
      return done(`Loaded ${name}: ${summary}`);
    }
  }
}

async function readAndImport(file: File, opts: { index?: number; problemOnly?: boolean } = {}): Promise<FileImport> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (err) {
    const message = `could not read the file: ${messageOf(err)}`;
    return { kind: 'error', file: file.name, error: { file: file.name, field: '(file)', expected: 'a readable file', found: messageOf(err), message }, warnings: [] };
  }
  // Solution files need the current instance; problem files do not (the clone would be wasted).
  const maybeSolution = /\.(sol|json)$/i.test(file.name) || !/\.\w+$/.test(file.name);
  return filesEngine().importBytes(file.name, bytes, {
    problem: chosenProblem(),
    index: opts.index,
    problemOnly: opts.problemOnly,
    instance: maybeSolution && !opts.problemOnly ? currentInstance()?.instance : undefined,
  });
}

/** Imports files in order (solution files last, so they land on a problem dropped with them). */
export async function importFiles(files: File[]): Promise<void> {
  if (files.length === 0) return;
  const store = useAppStore.getState();
  const ordered = [...files].sort((a, b) => Number(/\.sol$/i.test(a.name)) - Number(/\.sol$/i.test(b.name)));
  store.setImporting(true);
  store.setStatus('busy', `Reading ${ordered.length === 1 ? ordered[0].name : `${ordered.length} files`}…`);
  let last = '';
  let failed = false;
  try {
    for (const file of ordered) {
      // An extract is not read here: the build dialog asks first, and the builder streams it.
      if (isOsmExtractName(file.name)) {
        last = (await apply({ kind: 'osm', file: file.name, warnings: [] }, file)).line;
        continue;
      }
      const applied = await apply(await readAndImport(file), file);
      failed ||= applied.failed;
      last = applied.line;
    }
  } finally {
    useAppStore.getState().setImporting(false);
  }
  useAppStore.getState().setStatus(failed ? 'error' : 'ready', ordered.length === 1 ? last : `${last} (${ordered.length} files read)`);
}

/** Reads the last problem file again: another instance of its batch, or as another problem kind. */
async function reimport(index: number): Promise<void> {
  const file = kept.lastProblem;
  if (!file) return;
  const store = useAppStore.getState();
  store.setImporting(true);
  try {
    const result = await readAndImport(file, { index, problemOnly: true });
    const applied = await apply(result, file);
    useAppStore.getState().setStatus(applied.failed ? 'error' : 'ready', applied.line);
  } finally {
    useAppStore.getState().setImporting(false);
  }
}

export function chooseFileIndex(index: number): Promise<void> {
  return reimport(index);
}

/** The problem kind for files that cannot tell; the last such file is read again with it. */
export async function chooseImportProblem(kind: ProblemKind | null): Promise<void> {
  const before = chosenProblem();
  useAppStore.getState().setImportProblem(kind);
  const choice = useAppStore.getState().fileChoice;
  if (choice?.kindChosen && chosenProblem() !== before) await reimport(choice.index);
}

/** Forgets the last file (a new scenario replaced it). */
export function forgetLastFile(): void {
  kept.lastProblem = null;
  useAppStore.getState().setFileChoice(null);
}
