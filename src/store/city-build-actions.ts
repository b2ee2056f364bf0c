/**
 * Building a city from a dropped OpenStreetMap extract: the dialog's settings, picking the
 * centre on the map, the build in its own worker with progress, and Cancel. Nothing changes
 * until a build succeeds; then the city joins the library and is selected and sampled. A
 * failed build is reported against the file (the files panel) and leaves everything as it was.
 */
import { buildCityInWorker, readExtentInWorker, type BuildHandle } from '../workers/city-build-client';
import type { CityBuildOptions } from '../workers/city-build-protocol';
import type { CityEntry } from '../workers/city-library';
import { addCity } from './city-actions';
import { uniqueCityName } from './city-lookup';
import { DEFAULT_BUILD, pickedCentre, type BuildSettings } from './cities-slice';
import { useAppStore } from './index';

/** What the dialog keeps out of the store: a File and a worker handle are not state. */
const dialog = {
  /** The extract of the open dialog. */
  extract: null as File | null,
  running: null as BuildHandle | null,
  /** The last dialog's settings, offered again for the next extract. */
  lastSettings: DEFAULT_BUILD as BuildSettings,
};

/** The last stage: the city is built and being stored; Cancel no longer applies. */
export const SAVING_STAGE = 'saving the city';

/** The planner's limits for the dialog's numbers. */
export const BUILD_LIMITS = {
  boxKm: { min: 0.5, max: 20 },
  points: { min: 10, max: 2000 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

export function isBuilding(): boolean {
  return dialog.running !== null;
}

/** Opens the dialog for an extract (the settings of the last dialog are kept). */
export function openCityBuild(file: File): void {
  const store = useAppStore.getState();
  if (dialog.running) {
    store.setStatus('error', `A city is being built already: cancel it to build one from ${file.name}`);
    return;
  }
  dialog.extract = file;
  const settings: BuildSettings = { ...(store.cityBuild?.settings ?? dialog.lastSettings), centre: { kind: 'densest' } };
  store.setCityBuild({ file: file.name, bytes: file.size, settings, picking: false, progress: null, error: null, extent: null });
  const asked = file;
  void readExtentInWorker(file).then((extent) => {
    if (dialog.extract === asked && extent) useAppStore.getState().patchCityBuild({ extent });
  });
}

export function setBuildSettings(patch: Partial<BuildSettings>): void {
  const build = useAppStore.getState().cityBuild;
  if (!build || build.progress) return;
  useAppStore.getState().patchCityBuild({ settings: { ...build.settings, ...patch } });
}

/** The next click on the map sets the centre (the editor's clicks are off meanwhile). */
export function startPickingCentre(): void {
  const store = useAppStore.getState();
  if (!store.cityBuild || store.cityBuild.progress) return;
  if (store.editMode) store.setEditMode(false);
  store.patchCityBuild({ picking: true });
}

export function pickCentre(lonlat: [number, number]): void {
  const build = useAppStore.getState().cityBuild;
  if (!build || !build.picking) return;
  useAppStore.getState().patchCityBuild({ picking: false, settings: { ...build.settings, centre: { kind: 'point', lonlat } } });
}

/** A name for the new city: the extract's, numbered when the picker has a city by that name. */
export function builtCityName(file: string, cities: readonly CityEntry[]): string {
  const stem = (file.split(/[\\/]/).pop() ?? file).replace(/(\.osm)?(\.pbf|\.xml)?(\.gz)?$/i, '').replace(/\.osm$/i, '') || 'City';
  return uniqueCityName(stem.charAt(0).toUpperCase() + stem.slice(1).replace(/[_-]+/g, ' '), cities);
}

export function buildOptions(settings: BuildSettings): CityBuildOptions {
  const centre = pickedCentre(settings.centre);
  return {
    ...(centre ? { centre } : {}),
    boxKm: settings.boxKm,
    points: settings.points,
    seed: settings.seed,
  };
}

/** Runs the build; resolves when it has ended (built, failed or cancelled). */
export async function runCityBuild(): Promise<void> {
  const store = useAppStore.getState();
  const build = store.cityBuild;
  const file = dialog.extract;
  if (!build || !file || dialog.running) return;
  dialog.lastSettings = build.settings;
  store.patchCityBuild({ picking: false, error: null, progress: { stage: 'starting', fraction: 0 } });
  store.setStatus('busy', `Building a city from ${file.name}…`);
  const handle = buildCityInWorker(file, buildOptions(build.settings), (stage, fraction) => {
    if (dialog.running === handle) useAppStore.getState().patchCityBuild({ progress: { stage, fraction } });
  });
  dialog.running = handle;
  const outcome = await handle.result;
  if (dialog.running === handle) dialog.running = null;
  const after = useAppStore.getState();
  switch (outcome.status) {
    case 'cancelled':
      return;
    case 'failed':
      after.patchCityBuild({ progress: null, error: outcome.error.message });
      after.addFileReport({ file: file.name, ok: false, error: outcome.error, warnings: [] });
      after.setStatus('error', outcome.error.message);
      return;
    case 'built': {
      after.patchCityBuild({ progress: { stage: SAVING_STAGE, fraction: 1 } });
      const name = builtCityName(file.name, after.userCities);
      const points = outcome.city.n;
      const added = await addCity(outcome.city, { name, source: 'built', file: file.name, build: outcome.build, streets: outcome.streets });
      const now = useAppStore.getState();
      if ('error' in added) {
        const error = { file: file.name, field: '(file)', expected: 'a city this browser can keep', found: added.error, message: added.error };
        now.patchCityBuild({ progress: null, error: added.error });
        now.addFileReport({ file: file.name, ok: false, error, warnings: outcome.warnings });
        return;
      }
      closeDialog();
      const summary = `city ${added.entry.name} built: ${points} road points${added.existed ? ' (already among your cities)' : ''}`;
      now.addFileReport({ file: file.name, ok: true, format: 'osm-extract', summary, warnings: outcome.warnings });
      return;
    }
  }
}

function closeDialog(): void {
  dialog.extract = null;
  useAppStore.getState().setCityBuild(null);
}

/** Cancel: a build in progress is terminated; the dialog closes; nothing else changes. */
export function cancelCityBuild(): void {
  const handle = dialog.running;
  dialog.running = null;
  closeDialog();
  if (handle) {
    handle.cancel();
    useAppStore.getState().setStatus('ready', 'City build cancelled: nothing was changed');
  }
}
