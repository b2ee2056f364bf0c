import { describe, expect, it } from 'vitest';
import { makeInstance } from '../../src/core/instance';
import { vehicleColor } from '../../src/core/palette';
import { numberIconId, parseNumberIconId, stopNumbersGeoJSON } from '../../src/ui/map/geojson';
import { NUMBERS_AT_ANY_ZOOM, numbersMinZoom } from '../../src/ui/map/scene';

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

describe('the zoom from which stop numbers show', () => {
  it('any zoom up to 300 stops; beyond, enough levels past the framing zoom for ~300 in view', () => {
    expect(numbersMinZoom(100, 13)).toBe(0);
    expect(numbersMinZoom(NUMBERS_AT_ANY_ZOOM, 13)).toBe(0);
    // 999 stops: one level in shows a quarter of the area, ~250 stops
    expect(numbersMinZoom(999, 13.4)).toBeCloseTo(14.4, 9);
    expect(numbersMinZoom(1200, 12)).toBe(13);
    expect(numbersMinZoom(1201, 12)).toBe(14);
    expect(numbersMinZoom(999, Number.NaN)).toBe(0);
  });
});
