import { describe, expect, it } from 'vitest';
import { makeInstance } from '../../src/core/instance';
import { vehicleColor } from '../../src/core/palette';
import { numberIconId, parseNumberIconId, stopNumbersGeoJSON } from '../../src/ui/map/geojson';

const coords = Float64Array.from([7.4, 43.7, 7.41, 43.71, 7.42, 43.72, 7.43, 43.73]);
const distance = new Float64Array(16).fill(1);

describe('stop numbers', () => {
  it('numbers each route’s stops from 1, in the route colour', () => {
    const inst = makeInstance({ name: 'c', kind: 'acvrp', n: 4, distance, coords, coordSystem: 'lonlat' });
    const sol = { routes: [{ vehicle: 0, stops: [2, 1] }, { vehicle: 0, stops: [3] }], unassigned: [] };
    const props = stopNumbersGeoJSON(inst, sol).features.map((f) => [f.properties.node, f.properties.seq, f.properties.color]);
    expect(props).toEqual([
      [2, 1, vehicleColor(0)],
      [1, 2, vehicleColor(0)],
      [3, 1, vehicleColor(1)],
    ]);
    expect(stopNumbersGeoJSON(inst, null).features).toEqual([]);
  });

  it('names number icons so that they can be drawn on demand', () => {
    expect(parseNumberIconId(numberIconId('#1f77b4', 12))).toEqual({ color: '#1f77b4', seq: 12 });
    expect(parseNumberIconId('depot-icon')).toBeNull();
  });
});
