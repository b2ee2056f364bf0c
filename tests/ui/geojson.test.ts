import { describe, expect, it } from 'vitest';
import { makeInstance } from '../../src/core/instance';
import { vehicleColor } from '../../src/core/palette';
import { boundsOf, nodesGeoJSON, routesGeoJSON } from '../../src/ui/map/geojson';
import { UNROUTED_CLIENT } from '../../src/ui/map/map-style';
import { PLANAR_BOX_DEG, displayToPlanar } from '../../src/ui/map/planar';

const coords = Float64Array.from([7.4, 43.7, 7.41, 43.71, 7.42, 43.72, 7.43, 43.73]);
const distance = new Float64Array(16).fill(1);

describe('map GeoJSON', () => {
  it('marks the depot, colours stops by route, and leaves unrouted stops white', () => {
    const inst = makeInstance({ name: 'c', kind: 'acvrp', n: 4, distance, coords, coordSystem: 'lonlat' });
    const sol = { routes: [{ vehicle: 0, stops: [1, 2] }], unassigned: [{ node: 3, reason: 'capacity' as const }] };
    const nodes = nodesGeoJSON(inst, sol).features.map((f) => f.properties);
    expect(nodes.map((p) => p.role)).toEqual(['depot', 'client', 'client', 'client']);
    expect(nodes[1].color).toBe(vehicleColor(0));
    expect(nodes[3].color).toBe(UNROUTED_CLIENT);
    expect(nodes[3].route).toBe(-1);
  });

  it('draws each route from the depot and back, one colour per route of an identical fleet', () => {
    const inst = makeInstance({ name: 'c', kind: 'acvrp', n: 4, distance, coords, coordSystem: 'lonlat' });
    const sol = { routes: [{ vehicle: 0, stops: [1] }, { vehicle: 0, stops: [3, 2] }], unassigned: [] };
    const routes = routesGeoJSON(inst, sol).features;
    expect(routes).toHaveLength(2);
    expect(routes[1].geometry.coordinates).toEqual([
      [7.4, 43.7],
      [7.43, 43.73],
      [7.42, 43.72],
      [7.4, 43.7],
    ]);
    expect(routes.map((f) => f.properties.color)).toEqual([vehicleColor(0), vehicleColor(1)]);
  });

  it('closes an ATSP tour on its first stop', () => {
    const inst = makeInstance({ name: 't', kind: 'atsp', n: 4, distance, coords, coordSystem: 'lonlat' });
    const [tour] = routesGeoJSON(inst, { routes: [{ vehicle: 0, stops: [0, 1, 2, 3] }], unassigned: [] }).features;
    expect(tour.geometry.coordinates).toHaveLength(5);
    expect(tour.geometry.coordinates[4]).toEqual(tour.geometry.coordinates[0]);
  });

  it('draws planar instances scaled into a small box near (0, 0), keeping the aspect ratio', () => {
    const planar = Float64Array.from([10, 20, 110, 20, 60, 70, 10, 45]);
    const inst = makeInstance({ name: 'p', kind: 'acvrp', n: 4, distance, coords: planar });
    const points = nodesGeoJSON(inst).features.map((f) => f.geometry.coordinates);
    expect(points).toHaveLength(4);
    expect(points[0]).toEqual([0, 0]);
    expect(points[1][0]).toBeCloseTo(PLANAR_BOX_DEG);
    expect(points[2][1]).toBeCloseTo(PLANAR_BOX_DEG / 2);
    expect(displayToPlanar(inst, points[2][0], points[2][1])?.map((v) => Math.round(v))).toEqual([60, 70]);
    expect(routesGeoJSON(inst, { routes: [{ vehicle: 0, stops: [1] }], unassigned: [] }).features).toHaveLength(1);
  });

  it('puts instances without coordinates nowhere on the map', () => {
    const inst = makeInstance({ name: 'm', kind: 'acvrp', n: 4, distance });
    expect(nodesGeoJSON(inst).features).toEqual([]);
    expect(routesGeoJSON(inst, { routes: [{ vehicle: 0, stops: [1] }], unassigned: [] }).features).toEqual([]);
  });

  it('bounds [lon, lat] pairs', () => {
    expect(boundsOf(coords)).toEqual([
      [7.4, 43.7],
      [7.43, 43.73],
    ]);
    expect(boundsOf(new Float64Array())).toBeNull();
  });
});
