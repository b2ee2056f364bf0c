/**
 * The planner's own cities: listing them, adding one (an uploaded city file or a built city),
 * and removing one. A new city is selected and sampled at once. Removing a city keeps the
 * scenarios and runs made on it (an Instance carries its own matrices): only new samples and
 * road-point edits need the city. Nothing here throws: failures become the status line.
 */
import type { CityData } from '../core/cities/city';
import { dataEngine } from '../workers/engines';
import type { CityEntry, CitySource, CityStreets } from '../workers/city-library';
import { messageOf, sampleScenario } from './actions';
import { cityPointCount, cityTitle } from './city-lookup';
import { useAppStore } from './index';
import { cityPoints } from './registries';
import { DEFAULT_SCENARIO } from './scenario-slice';

/** Reads the library's list from the data worker; an unreadable library leaves the bundled cities. */
export async function refreshCities(): Promise<void> {
  try {
    const list = await dataEngine().listCities();
    useAppStore.getState().setUserCities(list.entries, { persistent: list.persistent, warning: list.warning });
  } catch (err) {
    useAppStore.getState().setUserCities(useAppStore.getState().userCities, { persistent: false, warning: messageOf(err) });
  }
}

export interface AddedCity {
  entry: CityEntry;
  existed: boolean;
  persistent: boolean;
}

/**
 * Adds a city to the library (its arrays are transferred to the data worker: the caller's copy
 * is detached), selects it and samples the current problem on it. Returns null on failure,
 * with the reason on the status line.
 */
export async function addCity(
  city: CityData,
  about: { name: string; source: CitySource; file: string; build?: Record<string, unknown>; streets?: CityStreets },
): Promise<AddedCity | { error: string }> {
  const store = useAppStore.getState();
  let added: AddedCity;
  try {
    const result = await dataEngine().putCity(city, about);
    cityPoints.set(result.entry.id, result.points);
    added = { entry: result.entry, existed: result.existed, persistent: result.persistent };
  } catch (err) {
    const error = `Could not add the city from ${about.file}: ${messageOf(err)}`;
    store.setStatus('error', error);
    return { error };
  }
  const entries = useAppStore.getState().userCities.filter((c) => c.id !== added.entry.id);
  useAppStore.getState().setUserCities([...entries, added.entry]);
  await selectCity(added.entry.id);
  return added;
}

/** Makes the city the scenario's and samples on it (the stop count shrinks to fit a small city). */
export async function selectCity(key: string): Promise<void> {
  const store = useAppStore.getState();
  const { problem, n } = store.scenario;
  const max = cityPointCount(key) - (problem === 'atsp' ? 0 : 1);
  store.setScenario({ city: key, n: Math.max(2, Math.min(n, max)) });
  await sampleScenario();
}

/**
 * Removes a city from the library. The scenario on screen and every run stay; the picker moves
 * to the default city if it pointed at the removed one, and its road points leave the map.
 */
export async function removeCity(id: string): Promise<boolean> {
  const store = useAppStore.getState();
  const title = cityTitle(id);
  try {
    await dataEngine().removeCity(id);
  } catch (err) {
    store.setStatus('error', `Could not remove ${title}: ${messageOf(err)}`);
    return false;
  }
  cityPoints.delete(id);
  const after = useAppStore.getState();
  after.setUserCities(after.userCities.filter((c) => c.id !== id));
  if (after.scenario.city === id) after.setScenario({ city: DEFAULT_SCENARIO.city });
  if (after.shownCity === id) after.showCity(null);
  const kept = after.instance && after.instance.city === id ? '; the scenario on screen and its runs stay' : '';
  after.setStatus('ready', `Removed ${title} from your cities${kept}`);
  return true;
}
