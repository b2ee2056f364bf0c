/**
 * Nothing lost on reload: the scenario (its Instance, stored by structured clone), the scenario
 * settings, the runs (solution, evaluation, timings, convergence) and the UI settings are saved
 * in IndexedDB shortly after each change, and restored at startup before anything is sampled.
 * Runs that were going when the page went away come back 'interrupted' with their last best
 * solution. Where storage is refused (private mode) the app works as before, unsaved.
 * The planner's own cities are not part of the session: the data worker keeps them in a
 * database of their own (workers/city-library.ts), so "New scenario" leaves them alone.
 */
import { isBundledCity } from '../core/cities/city';
import type { Instance } from '../core/instance';
import { dataEngine } from '../workers/engines';
import { messageOf, problemName, sampleScenario, supersedeSampling } from './actions';
import { refreshCities } from './city-actions';
import { cityTitle, isKnownCity } from './city-lookup';
import { forgetLastFile } from './file-actions';
import type { AppState } from './index';
import { useAppStore } from './index';
import { KvStore } from '../workers/kv-store';
import { sameScenario } from './instance-ids';
import { cityPoints, instances } from './registries';
import { cancelRun } from './run-actions';
import { reserveRunIds } from './run-ids';
import { isActive, type Run } from './runs-slice';
import { DEFAULT_SCENARIO, type InstanceSummary, type ScenarioSpec } from './scenario-slice';

export const SESSION_KEY = 'session';
export const SESSION_VERSION = 1;
const instanceKey = (id: string) => `instance:${id}`;

/** Instances kept besides the current one (those of older runs); their runs go with them. */
export const MAX_SAVED_INSTANCES = 12;

/** Matrix bytes the saved undo history may take: a reload keeps as many versions as fit, newest first. */
export const HISTORY_SAVE_BYTES = 64 * 1024 * 1024;

function matrixBytes(inst: Instance): number {
  return inst.distance.byteLength + (inst.duration === inst.distance ? 0 : inst.duration.byteLength);
}

/**
 * Plain settings saved with the session when the state has them. Slices may add theirs with
 * persistKeys(); functions and unknown keys are never saved.
 */
const UI_KEYS = new Set<string>(['solverId', 'timeLimitS', 'solverSeed', 'neuralBackend', 'osrmUrl', 'importProblem', 'selectedRunId', 'shownRunIds', 'compareSort']);

export function persistKeys(...keys: string[]): void {
  for (const k of keys) UI_KEYS.add(k);
}

export interface SavedSession {
  version: number;
  savedAt: number;
  scenario: ScenarioSpec;
  instance: InstanceSummary | null;
  shownCity: string | null;
  runs: Run[];
  ui: Record<string, unknown>;
  /** Instances stored under `instance:<id>`, the current one first. */
  instanceIds: string[];
  /** The editor's undo history (instance ids, oldest first), as far as its versions were saved. */
  editHistory?: string[];
}

/** What to save: the session record and the instances it refers to. Pure. */
export function makeSnapshot(state: AppState, registry: ReadonlyMap<string, Instance>): { session: SavedSession; instances: Map<string, Instance> } {
  const ids: string[] = [];
  const current = state.instance?.id;
  if (current && registry.has(current)) ids.push(current);
  for (let i = state.runs.length - 1; i >= 0 && ids.length < MAX_SAVED_INSTANCES + 1; i--) {
    const id = state.runs[i].instanceId;
    if (!ids.includes(id) && registry.has(id)) ids.push(id);
  }
  // The undo history, newest first, as far as its versions fit the budget (runs' versions are in already).
  const history: string[] = [];
  let bytes = 0;
  for (let i = state.editHistory.length - 1; i >= 0; i--) {
    const id = state.editHistory[i];
    const inst = registry.get(id);
    if (!inst) break;
    if (!ids.includes(id)) {
      bytes += matrixBytes(inst);
      if (bytes > HISTORY_SAVE_BYTES) break;
      ids.push(id);
    }
    history.unshift(id);
  }
  const kept = new Set(ids);
  const ui: Record<string, unknown> = {};
  const record = state as unknown as Record<string, unknown>;
  for (const key of UI_KEYS) if (key in record && typeof record[key] !== 'function') ui[key] = record[key];
  return {
    session: {
      version: SESSION_VERSION,
      savedAt: Date.now(),
      scenario: state.scenario,
      instance: current && kept.has(current) ? state.instance : null,
      shownCity: state.shownCity,
      runs: state.runs.filter((r) => kept.has(r.instanceId)),
      ui,
      instanceIds: ids,
      editHistory: history,
    },
    instances: new Map(ids.map((id) => [id, registry.get(id)!])),
  };
}

/** Runs as they come back: those that were going are over now, with their last best kept. */
export function restoredRuns(runs: Run[]): Run[] {
  return runs.map((r) => (isActive(r) ? { ...r, status: 'interrupted' as const, workerId: undefined, liveCost: undefined } : r));
}

function isSession(x: unknown): x is SavedSession {
  const s = x as SavedSession | undefined;
  return !!s && s.version === SESSION_VERSION && Array.isArray(s.runs) && Array.isArray(s.instanceIds) && typeof s.scenario === 'object';
}

// ---- the live session

/** The page's link to its saved session. */
const live = {
  kv: null as KvStore | null,
  started: null as Promise<void> | null,
  /** Instances in the database by id, as saved: an id given to another instance is saved again. */
  savedInstances: new Map<string, Instance>(),
  /** The next save, waiting for a quiet moment. */
  timer: null as ReturnType<typeof setTimeout> | null,
  saving: null as Promise<void> | null,
  /** Changed since the last save began. */
  dirty: false,
  unsubscribe: null as (() => void) | null,
};

/** Quiet period before a save; longer while runs stream progress. */
const SAVE_DELAY_MS = 300;
const SAVE_DELAY_RUNNING_MS = 1000;

function setPersistence(state: Parameters<AppState['setPersistence']>[0], text: string, savedAt?: number): void {
  const p = useAppStore.getState().persistence;
  if (p.state !== state || p.text !== text || (savedAt !== undefined && savedAt !== p.savedAt)) useAppStore.getState().setPersistence(state, text, savedAt);
}

async function save(): Promise<void> {
  if (!live.kv) return;
  live.dirty = false;
  const { session, instances: keep } = makeSnapshot(useAppStore.getState(), instances);
  const puts: [string, unknown][] = [[SESSION_KEY, session]];
  for (const [id, inst] of keep) if (live.savedInstances.get(id) !== inst) puts.push([instanceKey(id), inst]);
  const deletes = [...live.savedInstances.keys()].filter((id) => !keep.has(id)).map(instanceKey);
  try {
    await live.kv.write(puts, deletes);
    for (const [id, inst] of keep) live.savedInstances.set(id, inst);
    for (const key of deletes) live.savedInstances.delete(key.slice('instance:'.length));
    const text = `Saved in this browser at ${new Date(session.savedAt).toLocaleTimeString()}`;
    setPersistence(live.dirty ? 'saving' : 'saved', text, session.savedAt);
  } catch (err) {
    setPersistence('unavailable', `Not saved: ${messageOf(err)}`);
  }
}

function schedule(): void {
  live.dirty = true;
  if (!live.kv) return;
  if (live.timer) return;
  setPersistence('saving', useAppStore.getState().persistence.text || 'Saving…');
  const delay = useAppStore.getState().runs.some(isActive) ? SAVE_DELAY_RUNNING_MS : SAVE_DELAY_MS;
  live.timer = setTimeout(() => void flush(), delay);
}

/** Saves now (after a save in flight); resolves when the session is in the database. */
export async function flush(): Promise<void> {
  if (live.timer) clearTimeout(live.timer);
  live.timer = null;
  while (live.saving) await live.saving;
  if (!live.dirty || !live.kv) return;
  live.saving = save().finally(() => {
    live.saving = null;
  });
  await live.saving;
  if (live.dirty && !live.timer) schedule();
}

function watch(): void {
  live.unsubscribe?.();
  live.unsubscribe = useAppStore.subscribe((s, prev) => {
    const record = s as unknown as Record<string, unknown>;
    const before = prev as unknown as Record<string, unknown>;
    const changed =
      s.scenario !== prev.scenario ||
      s.instance !== prev.instance ||
      s.shownCity !== prev.shownCity ||
      s.runs !== prev.runs ||
      s.editHistory !== prev.editHistory ||
      [...UI_KEYS].some((k) => record[k] !== before[k]);
    if (changed) schedule();
  });
  // Best effort when the tab goes away; a save already under way usually completes.
  addEventListener('pagehide', () => void flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void flush();
  });
}

async function applySession(store: KvStore, session: SavedSession): Promise<boolean> {
  const loaded = new Map<string, Instance>();
  for (const id of session.instanceIds) {
    const inst = await store.get<Instance>(instanceKey(id));
    if (inst && typeof inst.n === 'number') loaded.set(id, inst);
  }
  const current = session.instance && loaded.get(session.instance.id);
  if (!session.instance || !current) return false;
  for (const [id, inst] of loaded) {
    instances.set(id, inst);
    live.savedInstances.set(id, inst);
  }
  const runs = restoredRuns(session.runs.filter((r) => loaded.has(r.instanceId)));
  reserveRunIds(runs.map((r) => r.id));
  const state = useAppStore.getState() as unknown as Record<string, unknown>;
  const ui: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(session.ui ?? {})) if (UI_KEYS.has(key) && key in state && typeof state[key] !== 'function') ui[key] = value;
  supersedeSampling();
  const scenario = { ...DEFAULT_SCENARIO, ...session.scenario };
  // The planner's city may have been removed since (in another tab): the picker falls back.
  if (!isKnownCity(scenario.city)) scenario.city = DEFAULT_SCENARIO.city;
  useAppStore.setState({ ...ui, scenario, runs } as Partial<AppState>);
  const summary = session.instance;
  useAppStore.getState().showInstance(summary);
  // After showInstance, which starts the editor afresh for a new scenario.
  useAppStore.setState({ editHistory: (session.editHistory ?? []).filter((id) => loaded.has(id)) });
  const city = session.shownCity;
  const interrupted = runs.filter((r) => r.status === 'interrupted').length;
  // Counted as the table shows them: runs on this scenario (any version of it), the rest apart.
  const here = runs.filter((r) => sameScenario(r.instanceId, summary.id)).length;
  const elsewhere = runs.length - here;
  const line =
    `Restored ${problemName(summary.kind)} with ${summary.stops} stops and ${here} run${here === 1 ? '' : 's'}` +
    `${elsewhere ? ` (${elsewhere} more on other scenarios)` : ''}${interrupted ? ` (${interrupted} interrupted by the reload)` : ''}`;
  if (city && isKnownCity(city)) {
    useAppStore.getState().setStatus('busy', `${line}; loading ${cityTitle(city)}…`);
    try {
      const points = await dataEngine().loadCity(city);
      cityPoints.set(city, points);
      if (useAppStore.getState().instance?.id === summary.id) useAppStore.getState().showCity(city);
    } catch (err) {
      useAppStore.getState().setStatus('error', `${line}, but ${cityTitle(city)} could not load: ${messageOf(err)}`);
      return true;
    }
  } else {
    useAppStore.getState().showCity(null);
    if (city && !isBundledCity(city)) {
      useAppStore.getState().setStatus('ready', `${line}; its city is no longer among your cities`);
      return true;
    }
  }
  useAppStore.getState().setStatus('ready', line);
  return true;
}

/**
 * Startup: restore the saved session, or sample the default scenario when there is none (or
 * storage is refused), then save on every change. Runs once however often it is called.
 */
export function startSession(): Promise<void> {
  live.started ??= (async () => {
    setPersistence('restoring', 'Restoring the saved session…');
    // The session may name one of the planner's cities: the picker must know them first.
    await refreshCities();
    const opened = await KvStore.open();
    if ('error' in opened) {
      setPersistence('unavailable', `Not saved: ${opened.error}`);
      await sampleScenario();
      return;
    }
    live.kv = opened.store;
    let restored = false;
    try {
      const session = await live.kv.get<unknown>(SESSION_KEY);
      if (isSession(session)) restored = await applySession(live.kv, session);
    } catch (err) {
      console.warn(`RouteLab: the saved session could not be restored: ${messageOf(err)}`);
    }
    setPersistence('saved', restored ? 'Restored from this browser' : 'Saved in this browser');
    watch();
    if (!restored) await sampleScenario();
  })();
  return live.started;
}

/** "New scenario": stops the runs, forgets everything saved, and samples the default scenario. */
export async function clearSession(): Promise<void> {
  const store = useAppStore.getState();
  for (const run of store.runs) if (isActive(run)) cancelRun(run.id);
  const record = store as unknown as Record<string, unknown>;
  useAppStore.setState({
    runs: [],
    scenario: DEFAULT_SCENARIO,
    ...('selectedRunId' in record ? { selectedRunId: null } : {}),
    ...('shownRunIds' in record ? { shownRunIds: [], sideRunId: null } : {}),
  } as Partial<AppState>);
  store.showInstance(null);
  store.clearFileReports();
  forgetLastFile();
  // The registry keeps its instances: solve workers cache them by id, so no id may be reused.
  live.savedInstances.clear();
  if (live.kv) {
    try {
      await live.kv.clear();
    } catch (err) {
      setPersistence('unavailable', `Not saved: ${messageOf(err)}`);
    }
  }
  await sampleScenario();
}
