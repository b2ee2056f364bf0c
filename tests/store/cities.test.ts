/**
 * The planner's own cities in the store, with the data worker replaced by an in-process engine
 * and the browser's library by one in memory that outlives an engine (as IndexedDB outlives a
 * page): a city file becomes a city of the picker, is selected and sampled like a bundled one,
 * comes back after a "reload", is not stored twice, and can be removed while the scenarios and
 * runs made on it stay.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CityData } from '../../src/core/cities/city';
import { encodeCity } from '../../src/core/cities/encoding';
import { MemoryCityLibrary, type CityEntry } from '../../src/workers/city-library';
import { EngineClient } from '../../src/workers/engine-client';
import { bundledCity } from '../helpers';
import { inProcess } from '../workers/in-process';

const library = new MemoryCityLibrary();
let engine = new EngineClient(inProcess(undefined, undefined, async () => ({ library })));
vi.mock('../../src/workers/engines', () => ({ dataEngine: () => engine, runPool: () => null }));

const { useAppStore } = await import('../../src/store');
const { addCity, refreshCities, removeCity, selectCity } = await import('../../src/store/city-actions');
const { cityTitle, cityPointCount, isKnownCity, uniqueCityName } = await import('../../src/store/city-lookup');
const { sampleScenario } = await import('../../src/store/actions');
const { snapToRoad } = await import('../../src/store/editor-actions');
const { builtCityName, buildOptions } = await import('../../src/store/city-build-actions');
const { DEFAULT_SCENARIO } = await import('../../src/store/scenario-slice');
const { cityPoints, instances } = await import('../../src/store/registries');

/** The first `n` road points of Monaco with their matrices: a small city of the planner's. */
function smallCity(n: number, name = 'Harbour'): CityData {
  const monaco = bundledCity('Monaco');
  const N = monaco.n;
  const distance = new Float64Array(n * n);
  const duration = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      distance[i * n + j] = monaco.distance[i * N + j];
      duration[i * n + j] = monaco.duration[i * N + j];
    }
  return { name, n, lonlat: monaco.lonlat.slice(0, 2 * n), distance, duration, attribution: '' };
}

/** A new page on the same browser: a fresh engine and store state, the same library. */
async function reload(): Promise<void> {
  engine = new EngineClient(inProcess(undefined, undefined, async () => ({ library })));
  cityPoints.clear();
  useAppStore.setState({ userCities: [], scenario: DEFAULT_SCENARIO, runs: [], shownCity: null, instance: null });
  await refreshCities();
}

beforeEach(async () => {
  for (const e of await library.list()) await library.remove(e.id);
  await reload();
});

describe('the planner’s cities', () => {
  it('a city file joins the picker, is selected and sampled like a bundled city', async () => {
    useAppStore.getState().setScenario({ problem: 'acvrp', n: 100, seed: 3 });
    const added = await addCity(smallCity(150), { name: 'Harbour', source: 'rrnco-city', file: 'Harbour_data.npz' });
    if ('error' in added) throw new Error(added.error);
    const { entry } = added;
    expect(added.existed).toBe(false);
    expect(entry.id).toMatch(/^Harbour-[0-9a-f]{10}$/);
    expect(entry).toMatchObject({ name: 'Harbour', n: 150, source: 'rrnco-city', file: 'Harbour_data.npz' });
    // An empty credit becomes OpenStreetMap's: every such city is OSM data.
    expect(entry.attribution).toContain('OpenStreetMap');

    const s = useAppStore.getState();
    expect(s.userCities.map((c) => c.id)).toEqual([entry.id]);
    expect(s.scenario.city).toBe(entry.id);
    expect(s.shownCity).toBe(entry.id);
    expect(cityPoints.get(entry.id)?.n).toBe(150);
    expect(cityPoints.get(entry.id)?.attribution).toContain('OpenStreetMap');
    const inst = instances.get(s.instance!.id)!;
    expect(s.instance).toMatchObject({ city: entry.id, kind: 'acvrp', stops: 100 });
    expect(inst.meta.city).toBe(entry.id);
    expect(inst.meta.cityPoints!.every((p) => p < 150)).toBe(true);
    expect(cityTitle(entry.id)).toBe('Harbour');
    expect(cityPointCount(entry.id)).toBe(150);
    expect(s.status.tone).toBe('ready');
  });

  it('asks no more stops of a small city than it has points', async () => {
    useAppStore.getState().setScenario({ problem: 'acvrp', n: 500 });
    const added = await addCity(smallCity(120), { name: 'Tiny', source: 'built', file: 'tiny.osm.pbf' });
    expect('error' in added).toBe(false);
    expect(useAppStore.getState().scenario.n).toBe(119);
    expect(useAppStore.getState().instance!.stops).toBe(119);
  });

  it('the same city read twice is stored once', async () => {
    const first = await addCity(smallCity(80), { name: 'Harbour', source: 'rrnco-city', file: 'a.npz' });
    const again = await addCity(smallCity(80), { name: 'Harbour copy', source: 'routelab-city', file: 'a.rlc' });
    if ('error' in first || 'error' in again) throw new Error('not added');
    expect(again.existed).toBe(true);
    expect(again.entry.id).toBe(first.entry.id);
    expect(again.entry.name).toBe('Harbour');
    expect(useAppStore.getState().userCities).toHaveLength(1);
    expect(await library.list()).toHaveLength(1);
  });

  it('a city survives a reload and samples the same instance again', async () => {
    const added = await addCity(smallCity(200), { name: 'Harbour', source: 'built', file: 'harbour.osm.pbf', build: { seed: 7 } });
    if ('error' in added) throw new Error(added.error);
    const before = instances.get(useAppStore.getState().instance!.id)!;
    const spec = useAppStore.getState().scenario;

    await reload();
    expect(useAppStore.getState().userCities).toEqual([added.entry]);
    expect(useAppStore.getState().userCities[0].build).toEqual({ seed: 7 });
    useAppStore.getState().setScenario(spec);
    await sampleScenario();
    const after = instances.get(useAppStore.getState().instance!.id)!;
    expect(useAppStore.getState().instance!.city).toBe(added.entry.id);
    expect(Array.from(after.distance)).toEqual(Array.from(before.distance));
    expect(after.meta.cityPoints).toEqual(before.meta.cityPoints);
  });

  it('a built city’s street files are stored with it and removed with it', async () => {
    const streets = { basemap: new Uint8Array([1, 2]), roads: new Uint8Array([3, 4, 5]) };
    const added = await addCity(smallCity(90), { name: 'Streets', source: 'built', file: 's.osm.pbf', streets });
    if ('error' in added) throw new Error(added.error);
    expect(Array.from((await library.streets(added.entry.id, 'roads'))!)).toEqual([3, 4, 5]);
    expect(Array.from((await library.streets(added.entry.id, 'basemap'))!)).toEqual([1, 2]);
    await removeCity(added.entry.id);
    expect(await library.streets(added.entry.id, 'roads')).toBeUndefined();
  });

  it('removing a city keeps the scenario and runs made on it; the picker falls back', async () => {
    const added = await addCity(smallCity(150), { name: 'Harbour', source: 'rrnco-city', file: 'h.npz' });
    if ('error' in added) throw new Error(added.error);
    const shown = useAppStore.getState().instance!;
    const run = { id: 'run-1', instanceId: shown.id, solverId: 'nearest', seed: 1, timeLimitMs: 0, status: 'done' as const, timings: { startedAt: 0 }, progressCount: 0 };
    useAppStore.setState({ runs: [run] });

    expect(await removeCity(added.entry.id)).toBe(true);
    const s = useAppStore.getState();
    expect(s.userCities).toEqual([]);
    expect(await library.list()).toEqual([]);
    expect(isKnownCity(added.entry.id)).toBe(false);
    expect(s.scenario.city).toBe(DEFAULT_SCENARIO.city);
    expect(s.instance).toEqual(shown);
    expect(s.runs).toEqual([run]);
    expect(instances.has(shown.id)).toBe(true);
    expect(s.shownCity).toBeNull();
    expect(s.status.text).toContain('stay');

    // Stops of that scenario can no longer go to the removed city's road points, and it says so.
    const inst = instances.get(shown.id)!;
    const snap = snapToRoad(inst, inst.coords![0], inst.coords![1]);
    expect(snap).toBeInstanceOf(Error);
    expect((snap as Error).message).toMatch(/no longer among your cities/);
  });

  it('a scenario naming a city that is gone samples the default city instead', async () => {
    useAppStore.getState().setScenario({ city: 'Gone-0123456789' });
    await sampleScenario();
    const s = useAppStore.getState();
    expect(s.scenario.city).toBe('Monaco');
    expect(s.instance!.city).toBe('Monaco');
    expect(s.status.text).toContain('no longer among your cities');
  });

  it('the picker switches between bundled and own cities', async () => {
    const added = await addCity(smallCity(150), { name: 'Harbour', source: 'rrnco-city', file: 'h.npz' });
    if ('error' in added) throw new Error(added.error);
    await selectCity('Andorra');
    expect(useAppStore.getState().instance!.city).toBe('Andorra');
    await selectCity(added.entry.id);
    expect(useAppStore.getState().instance!.city).toBe(added.entry.id);
    expect(useAppStore.getState().shownCity).toBe(added.entry.id);
  });

  it('an .rlc city keeps its content id: the same city as its .npz', async () => {
    const city = smallCity(60);
    const rlc = (await import('../../src/core/cities/encoding')).decodeCity('Harbour.rlc', encodeCity(city));
    const a = await addCity(rlc, { name: 'Harbour', source: 'routelab-city', file: 'Harbour.rlc' });
    const b = await addCity(smallCity(60), { name: 'Harbour', source: 'rrnco-city', file: 'Harbour_data.npz' });
    if ('error' in a || 'error' in b) throw new Error('not added');
    expect(b.entry.id).toBe(a.entry.id);
  });
});

describe('the build dialog’s settings', () => {
  it('names a built city after its extract, numbered when the name is taken', () => {
    const named = (...names: string[]) => names.map((name) => ({ name }) as CityEntry);
    expect(builtCityName('amager.osm.pbf', [])).toBe('Amager');
    expect(builtCityName('/tmp/hoyerswerda.osm.gz', [])).toBe('Hoyerswerda');
    expect(builtCityName('old_town.osm', named('Old town'))).toBe('Old town 2');
    expect(builtCityName('old_town.osm', named('Old town', 'Old town 2'))).toBe('Old town 3');
    // Never a bundled city's name either.
    expect(builtCityName('monaco.osm.pbf', [])).toBe('Monaco 2');
    expect(uniqueCityName('Campo Grande', [])).toBe('Campo Grande 2');
  });

  it('passes a centre only when one was picked', () => {
    expect(buildOptions({ centre: { kind: 'densest' }, boxKm: 3, points: 1000, seed: 1 })).toEqual({ boxKm: 3, points: 1000, seed: 1 });
    expect(buildOptions({ centre: { kind: 'point', lonlat: [12.6, 55.66] }, boxKm: 2, points: 300, seed: 4 })).toEqual({ centre: [12.6, 55.66], boxKm: 2, points: 300, seed: 4 });
  });
});
