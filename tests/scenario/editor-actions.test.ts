/**
 * The editor's store actions with the data worker replaced by an in-process engine: each edit
 * registers a new version and shows it, runs keep theirs, undo goes back, a refused edit says
 * why, and a new scenario from elsewhere resets the editor.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { clientNodes, instanceProblems } from '../../src/core/instance';
import { EngineClient, type EngineChannel } from '../../src/workers/engine-client';
import { bundledCity } from '../helpers';
import { inProcess } from '../workers/in-process';

const engine = new EngineClient(inProcess());
vi.mock('../../src/workers/engines', () => ({ dataEngine: () => engine, runPool: () => null }));

const { useAppStore } = await import('../../src/store');
const actions = await import('../../src/store/editor-actions');
const { cityPoints, instances } = await import('../../src/store/registries');

const city = bundledCity('Monaco');
const BASE = 'Monaco:acvrp:30:uniform:4';
const base = sampleInstance(city, { problem: 'acvrp', n: 30, seed: 4 });

function current() {
  const id = useAppStore.getState().instance!.id;
  return { id, inst: instances.get(id)! };
}

function freeLonLat(excluded: number[]): { lon: number; lat: number; point: number } {
  const used = new Set(excluded);
  for (let q = 0; q < city.n; q++) if (!used.has(q)) return { lon: city.lonlat[2 * q], lat: city.lonlat[2 * q + 1], point: q };
  throw new Error('none');
}

beforeAll(async () => {
  cityPoints.set('Monaco', await engine.loadCity('Monaco', 'Monaco.rlc'));
});

beforeEach(() => {
  instances.set(BASE, base);
  useAppStore.setState({ runs: [] });
  useAppStore.getState().showInstance(null);
  useAppStore.getState().showInstance({ id: BASE, city: 'Monaco', kind: 'acvrp', stops: 30 });
});

describe('editor actions', () => {
  it('adds a stop at the clicked road point through the worker, as a new version', async () => {
    const spot = freeLonLat(base.meta.cityPoints!);
    expect(await actions.addStopAt(spot.lon + 1e-6, spot.lat)).toBe(true);
    const { id, inst } = current();
    expect(id).toMatch(/^Monaco:acvrp:30:uniform:4~e\d+$/);
    expect(inst.meta.cityPoints![inst.n - 1]).toBe(spot.point);
    expect(useAppStore.getState().instance!.stops).toBe(31);
    expect(useAppStore.getState().editHistory).toEqual([BASE]);
    expect(instanceProblems(inst)).toEqual([]);
    expect(instances.get(BASE)).toBe(base);
  });

  it('two quick clicks on the same spot add one stop and explain the second', async () => {
    const spot = freeLonLat(base.meta.cityPoints!);
    const [a, b] = await Promise.all([actions.addStopAt(spot.lon, spot.lat), actions.addStopAt(spot.lon, spot.lat)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(useAppStore.getState().instance!.stops).toBe(31);
    expect(useAppStore.getState().editMessage).toEqual({ tone: 'error', text: expect.stringMatching(/became a stop meanwhile/) });
  });

  it('an add that lands after a resample is dropped', async () => {
    const spot = freeLonLat(base.meta.cityPoints!);
    const pending = actions.addStopAt(spot.lon, spot.lat);
    const other = sampleInstance(city, { problem: 'acvrp', n: 20, seed: 9 });
    instances.set('Monaco:acvrp:20:uniform:9', other);
    useAppStore.getState().showInstance({ id: 'Monaco:acvrp:20:uniform:9', city: 'Monaco', kind: 'acvrp', stops: 20 });
    expect(await pending).toBe(false);
    expect(useAppStore.getState().instance!.id).toBe('Monaco:acvrp:20:uniform:9');
    expect(useAppStore.getState().editHistory).toEqual([]);
  });

  it('removes, makes a depot, edits fields; refuses with a message; undo walks back', () => {
    expect(actions.removeNode(3)).toBe(true);
    const afterRemove = current().id;
    expect(useAppStore.getState().instance!.stops).toBe(29);
    expect(actions.makeNodeDepot(5)).toBe(true);
    expect(current().inst.meta.cityPoints![0]).toBe(base.meta.cityPoints![6]);
    expect(useAppStore.getState().instance!.stops).toBe(29);
    expect(actions.editNode(2, { demand: 9 })).toBe(true);
    expect(current().inst.demand[2]).toBe(9);

    expect(actions.editNode(2, { demand: -1 })).toBe(false);
    expect(useAppStore.getState().editMessage).toEqual({ tone: 'error', text: expect.stringMatching(/^Demand must be a number ≥ 0/) });
    expect(actions.removeNode(0)).toBe(false);
    expect(useAppStore.getState().editMessage?.text).toMatch(/depot/);

    expect(useAppStore.getState().editHistory).toHaveLength(3);
    actions.undoEdit();
    actions.undoEdit();
    expect(current().id).toBe(afterRemove);
    actions.undoEdit();
    expect(current().id).toBe(BASE);
    expect(actions.undoEdit()).toBe(false);
  });

  it('keeps the versions runs refer to and drops the others', () => {
    actions.removeNode(1);
    const solved = current().id;
    useAppStore.setState({ runs: [{ id: 'r', instanceId: solved, solverId: 'nearest', seed: 1, timeLimitMs: 1, status: 'done', timings: { startedAt: 0 }, progressCount: 0 }] });
    for (let k = 0; k < 40; k++) actions.editNode(clientNodes(current().inst)[0], { demand: k % 9 });
    expect(instances.has(solved)).toBe(true);
    const versions = [...instances.keys()].filter((id) => id.startsWith(`${BASE}~e`));
    expect(versions.length).toBeLessThanOrEqual(32);
  });

  it('a map scenario without a city takes the stop at the click, synchronously', async () => {
    const free = { ...base, meta: { ...base.meta, city: undefined, cityPoints: undefined } };
    instances.set('upload-1', free);
    useAppStore.getState().showInstance({ id: 'upload-1', city: 'stops.csv', kind: 'acvrp', stops: 30 });
    expect(actions.clickPlacement(free)).toBe('free');
    expect(await actions.addStopAt(7.42, 43.735)).toBe(true);
    const { inst } = current();
    expect([inst.coords![2 * (inst.n - 1)], inst.coords![2 * inst.n - 1]]).toEqual([7.42, 43.735]);
    expect(useAppStore.getState().editMessage?.text).toMatch(/straight-line estimates/);
    expect(actions.roadPointsUnavailable({ ...free, coordSystem: 'planar' })).toMatch(/planar/);
  });

  it('fleet and zone edits go through the same history', () => {
    expect(actions.setFleetSize(3)).toBe(true);
    expect(current().inst.vehicles[0].count).toBe(3);
    expect(actions.editVehicle(0, { capacity: 0 })).toBe(false);
    expect(actions.editVehicle(0, { capacity: 60 })).toBe(true);
    expect(current().inst.vehicles[0].capacity).toBe(60);
  });
});
