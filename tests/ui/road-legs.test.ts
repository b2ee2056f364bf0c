import { describe, expect, it } from 'vitest';
import { makeInstance } from '../../src/core/instance';
import type { Solution } from '../../src/core/solution';
import { routesGeoJSON } from '../../src/ui/map/geojson';
import { ROADS_WHILE_RUNNING_MAX_NODES, RoadLegs, roadCityOf, runsAlongRoads, waitsForRuns } from '../../src/ui/map/road-legs';
import type { LegPaths } from '../../src/workers/roads-protocol';

const coords = Float64Array.from([7.4, 43.7, 7.41, 43.71, 7.42, 43.72]);
const distance = new Float64Array(9).fill(1);
const city = makeInstance({ name: 'c', kind: 'acvrp', n: 3, distance, coords, coordSystem: 'lonlat', meta: { city: 'Monaco' } });
const planar = makeInstance({ name: 'p', kind: 'acvrp', n: 3, distance, coords });
const sol = { routes: [{ vehicle: 0, stops: [1, 2] }], unassigned: [] };

/** Each leg as its two ends with a bend between them. */
function fakeLegs(calls: Float64Array[]) {
  return async (_city: string, pairs: Float64Array): Promise<LegPaths> => {
    calls.push(pairs.slice());
    const n = pairs.length / 4;
    const coordsOut: number[] = [];
    const offsets = new Uint32Array(n + 1);
    for (let k = 0; k < n; k++) {
      const [ax, ay, bx, by] = pairs.subarray(4 * k, 4 * k + 4);
      coordsOut.push(ax, ay, (ax + bx) / 2, ay, bx, by);
      offsets[k + 1] = offsets[k] + 3;
    }
    return { coords: Float64Array.from(coordsOut), offsets };
  };
}

describe('road legs on the page', () => {
  it('only instances on a city are drawn along roads', () => {
    expect(roadCityOf(city)).toBe('Monaco');
    expect(roadCityOf(planar)).toBeNull();
    expect(new RoadLegs(fakeLegs([])).lookup(planar)).toBeUndefined();
  });

  it('asks once for the legs a solution lacks, then draws its routes along them', async () => {
    const calls: Float64Array[] = [];
    const legs = new RoadLegs(fakeLegs(calls));
    expect(legs.complete(city, sol)).toBe(false);
    const straight = routesGeoJSON(city, sol, legs.lookup(city)).features[0];
    expect(straight.properties.roads).toBe(false);
    expect(straight.geometry.coordinates).toHaveLength(4);

    expect(await legs.fetch(city, [sol])).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(12); // depot→1, 1→2, 2→depot
    expect(legs.complete(city, sol)).toBe(true);
    expect(await legs.fetch(city, [sol])).toBe(false);
    expect(calls).toHaveLength(1);

    const road = routesGeoJSON(city, sol, legs.lookup(city)).features[0];
    expect(road.properties.roads).toBe(true);
    // Three legs of three points, sharing their ends: 7 vertices.
    expect(road.geometry.coordinates).toHaveLength(7);
    expect(road.geometry.coordinates[1]).toEqual([7.405, 43.7]);
  });

  it('draws legs without a path straight', async () => {
    const legs = new RoadLegs(async (_c, pairs) => ({ coords: new Float64Array(0), offsets: new Uint32Array(pairs.length / 4 + 1) }));
    await legs.fetch(city, [sol]);
    expect(legs.complete(city, sol)).toBe(true);
    const f = routesGeoJSON(city, sol, legs.lookup(city)).features[0];
    // No leg has a path (a city without a network): the route does not count as along the roads.
    expect(f.properties.roads).toBe(false);
    expect(f.geometry.coordinates).toEqual([
      [7.4, 43.7],
      [7.41, 43.71],
      [7.42, 43.72],
      [7.4, 43.7],
    ]);
  });
});

describe('which runs are drawn along the roads', () => {
  const solA: Solution = { routes: [{ vehicle: 0, stops: [1, 2] }], unassigned: [] };
  const solB: Solution = { routes: [{ vehicle: 0, stops: [2, 1] }], unassigned: [] };
  const complete = (s: Solution) => s === solA || s === solB;
  const large = ROADS_WHILE_RUNNING_MAX_NODES + 1;
  const targets = [
    { id: 'run-1', solution: solA, live: false },
    { id: 'run-2', solution: solB, live: false },
    { id: 'run-3', solution: solA, live: true },
  ];

  it('draws every final run whose legs are in; a live run stays straight', () => {
    expect([...runsAlongRoads(targets, complete, large, false, new Map()).keys()]).toEqual(['run-1', 'run-2']);
    expect([...runsAlongRoads(targets, (s) => s === solB, large, false, new Map()).keys()]).toEqual(['run-2']);
  });

  it('waits for the runs on a large instance only, and only while a run goes', () => {
    expect(waitsForRuns(large, true)).toBe(true);
    expect(waitsForRuns(large, false)).toBe(false);
    expect(waitsForRuns(ROADS_WHILE_RUNNING_MAX_NODES, true)).toBe(false);
  });

  it('on a small instance, switches to the roads while runs go', () => {
    expect([...runsAlongRoads(targets, complete, ROADS_WHILE_RUNNING_MAX_NODES, true, new Map()).keys()]).toEqual(['run-1', 'run-2']);
  });

  it('on a large instance while runs go, keeps runs already along the roads and holds the others straight', () => {
    const before = new Map([['run-1', solA]]);
    expect([...runsAlongRoads(targets, complete, large, true, before).keys()]).toEqual(['run-1']);
    // A run drawn along the roads with another solution (an edit) waits too.
    expect([...runsAlongRoads(targets, complete, large, true, new Map([['run-1', solB]])).keys()]).toEqual([]);
    // Once no run goes, the held one switches.
    expect([...runsAlongRoads(targets, complete, large, false, before).keys()]).toEqual(['run-1', 'run-2']);
  });
});
