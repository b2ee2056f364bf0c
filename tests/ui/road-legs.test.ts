import { describe, expect, it } from 'vitest';
import { makeInstance } from '../../src/core/instance';
import { routesGeoJSON } from '../../src/ui/map/geojson';
import { RoadLegs, roadCityOf } from '../../src/ui/map/road-legs';
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
