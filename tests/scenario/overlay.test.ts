import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { makeInstance } from '../../src/core/instance';
import { setZone } from '../../src/core/scenario';
import { drawGeoJSON, marksGeoJSON } from '../../src/ui/editor/overlay';
import { bundledCity } from '../helpers';

describe('editor overlay', () => {
  const base = sampleInstance(bundledCity('Monaco'), { problem: 'pvrp-zc', n: 30, seed: 2, vehicles: 3 });

  it('rings the stops the selected vehicle is banned from, and the selected stop', () => {
    const { instance, changed } = setZone(base, 1, [3, 4, 5], true);
    const marks = marksGeoJSON(instance, instance.coords, 7, 1);
    const banned = marks.features.filter((f) => f.properties.kind === 'banned').map((f) => f.properties.node);
    const before = new Set(Array.from(base.vehicles[1].allowed!).flatMap((a, j) => (a || j === 0 ? [] : [j])));
    expect(banned.sort((a, b) => a - b)).toEqual([...new Set([...before, ...changed])].sort((a, b) => a - b));
    const sel = marks.features.find((f) => f.properties.kind === 'selected')!;
    expect(sel.geometry).toEqual({ type: 'Point', coordinates: [instance.coords![14], instance.coords![15]] });
    expect(marksGeoJSON(null, null, 1, 1).features).toEqual([]);
  });

  it('draws the area as a line, then a closed polygon; sectors carry their banned share', () => {
    const two = drawGeoJSON(null, [[7.4, 43.7], [7.41, 43.7]], null, null);
    expect(two.features.map((f) => f.geometry.type)).toEqual(['LineString', 'Point', 'Point']);
    const three = drawGeoJSON(null, [[7.4, 43.7], [7.41, 43.7], [7.41, 43.71]], null, null);
    const ring = (three.features[0].geometry as { coordinates: number[][][] }).coordinates[0];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    const sectors = drawGeoJSON(base, [], 6, 0).features.filter((f) => f.properties.kind === 'sector');
    expect(sectors).toHaveLength(6);
    for (const f of sectors) expect(f.properties.banned).toBeGreaterThanOrEqual(0);
  });

  it('places planar instances through the given mapping', () => {
    const planar = makeInstance({ name: 'p', kind: 'pvrp-zc', n: 3, distance: new Float64Array(9), coords: new Float64Array([0, 0, 10, 0, 0, 10]) });
    const f = drawGeoJSON(planar, [], 4, 0, ([x, y]) => [x / 100, y / 100]).features[0];
    const ring = (f.geometry as { coordinates: number[][][] }).coordinates[0];
    expect(ring[0]).toEqual([0, 0]);
    for (const [x, y] of ring) expect(Math.hypot(x, y)).toBeLessThan(0.2);
  });
});
