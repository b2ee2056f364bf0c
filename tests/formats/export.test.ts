import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Feature, Position } from 'geojson';
import { exportGeoJson, exportStopsCsv, STOPS_CSV_FIELDS } from '../../src/core/formats/export';
import { evaluate } from '../../src/core/evaluate';
import { defaultVehicle, makeInstance, type Instance } from '../../src/core/instance';
import type { Solution } from '../../src/core/solution';

function instance(coordSystem: 'lonlat' | 'planar'): Instance {
  const n = 6;
  const coords =
    coordSystem === 'lonlat'
      ? Float64Array.from([7.42, 43.73, 7.43, 43.74, 7.41, 43.735, 7.425, 43.738, 7.415, 43.732, 7.428, 43.741])
      : Float64Array.from([0, 0, 10, 0, 10, 10, 0, 10, 5, 5, 20, 20]);
  const distance = Float64Array.from({ length: n * n }, (_, k) => {
    const [i, j] = [Math.floor(k / n), k % n];
    return Math.hypot(coords[2 * i] - coords[2 * j], coords[2 * i + 1] - coords[2 * j + 1]) * 1000;
  });
  return makeInstance({
    name: 'exp',
    kind: 'acvrp',
    n,
    distance,
    labels: ['depot', 'a', 'b', 'c', 'd', 'e'],
    coords,
    coordSystem,
    demand: Float64Array.from([0, 1, 2, 3, 4, 5]),
    vehicles: [defaultVehicle('acvrp', 0, Infinity, 10)],
  });
}

const solution: Solution = {
  routes: [
    { vehicle: 0, stops: [1, 2] },
    { vehicle: 0, stops: [] },
    { vehicle: 0, stops: [3, 4] },
  ],
  unassigned: [{ node: 5, reason: 'capacity' }],
};

function isPosition(p: Position): boolean {
  return Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'number' && Number.isFinite(x));
}

function coordinatesValid(f: Feature): boolean {
  const g = f.geometry;
  if (g.type === 'Point') return isPosition(g.coordinates);
  if (g.type === 'LineString') return g.coordinates.length >= 2 && g.coordinates.every(isPosition);
  return false;
}

describe('GeoJSON export', () => {
  it('is a valid FeatureCollection with one LineString per non-empty route', () => {
    const inst = instance('lonlat');
    const fc = JSON.parse(JSON.stringify(exportGeoJson(inst, solution, undefined, { solver: 'nn', run: 'r1' })));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(0);
    for (const f of fc.features as Feature[]) {
      expect(f.type).toBe('Feature');
      expect(coordinatesValid(f)).toBe(true);
      expect(f.properties).toBeTypeOf('object');
    }
    const lines = (fc.features as Feature[]).filter((f) => f.geometry.type === 'LineString');
    expect(lines).toHaveLength(2);
    expect(lines[0].properties).toMatchObject({ solver: 'nn', run: 'r1', vehicle: 'vehicle/1', 'stroke-width': 3 });
    expect(lines[0].properties!.stroke).toBe(lines[0].properties!.color);
    expect(lines[0].properties!.color).not.toBe(lines[1].properties!.color);
    // Start depot, two stops, end depot.
    expect(lines[0].geometry).toEqual({ type: 'LineString', coordinates: [[7.42, 43.73], [7.43, 43.74], [7.41, 43.735], [7.42, 43.73]] });
  });

  it('has stop points with sequence, job, times and load, and unassigned points with a reason', () => {
    const inst = instance('lonlat');
    const ev = evaluate(inst, solution);
    const fc = exportGeoJson(inst, solution, ev);
    const stops = fc.features.filter((f) => f.properties?.seq !== undefined);
    expect(stops.map((f) => [f.properties!.job, f.properties!.seq, f.properties!.load])).toEqual([
      ['a', 1, 1],
      ['b', 2, 3],
      ['c', 1, 3],
      ['d', 2, 7],
    ]);
    expect(stops[0].properties!.arrival).toBeCloseTo(ev.routes[0].stops[0].arrival, 3);
    expect(stops[0].properties!['marker-color']).toMatch(/^#[0-9a-f]{6}$/);
    const unassigned = fc.features.filter((f) => f.properties?.role === 'unassigned');
    expect(unassigned.map((f) => [f.properties!.job, f.properties!.reason])).toEqual([['e', 'capacity']]);
    expect(fc.features.filter((f) => f.properties?.role === 'depot')).toHaveLength(1);
  });

  it('writes planar coordinates as they are and says so', () => {
    const fc = exportGeoJson(instance('planar'), solution);
    expect(fc.routelab.coordinates).toBe('planar');
    expect(fc.features.every((f) => f.properties?.coordinates === 'planar')).toBe(true);
    const line = fc.features.find((f) => f.geometry.type === 'LineString')!;
    expect(line.geometry).toEqual({ type: 'LineString', coordinates: [[0, 0], [10, 0], [10, 10], [0, 0]] });
  });

  it('is an empty collection for an instance without coordinates', () => {
    const inst = makeInstance({ name: 'm', kind: 'acvrp', n: 2, distance: Float64Array.from([0, 1, 1, 0]) });
    const fc = exportGeoJson(inst, { routes: [{ vehicle: 0, stops: [1] }], unassigned: [] });
    expect(fc.features).toEqual([]);
    expect(fc.routelab.coordinates).toBe('none');
  });
});

describe('stops CSV export', () => {
  it('has the documented header and one row per stop, and parses back', () => {
    const inst = instance('lonlat');
    const ev = evaluate(inst, solution);
    const text = exportStopsCsv(inst, solution, ev, { solver: 'nn', run: 'r1' });
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...STOPS_CSV_FIELDS]);
    expect(text.split(/\r?\n/)[0]).toBe('run,solver,vehicle,seq,job,lat,lon,arrival,departure,wait,load_after,cum_distance_m,cum_duration_s');
    expect(parsed.data).toHaveLength(4);
    const first = parsed.data[0];
    expect(first).toMatchObject({ run: 'r1', solver: 'nn', vehicle: 'vehicle/1', seq: '1', job: 'a', lat: '43.74', lon: '7.43', load_after: '1' });
    expect(Number(first.cum_distance_m)).toBeCloseTo(ev.routes[0].stops[0].distance, 3);
    const last = parsed.data[3];
    expect(last).toMatchObject({ vehicle: 'vehicle/2', seq: '2', job: 'd', load_after: '7' });
    expect(Number(last.cum_duration_s)).toBeCloseTo(ev.routes[1].stops[1].travel, 3);
  });

  it('leaves lat/lon empty for planar coordinates', () => {
    const text = exportStopsCsv(instance('planar'), solution);
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    expect(rows.every((r) => r.lat === '' && r.lon === '')).toBe(true);
    expect(rows[0].vehicle).toBe('vehicle/1');
  });
});
