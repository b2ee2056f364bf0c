import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { clientNodes } from '../../src/core/instance';
import { nearestPoint, nodesInPolygon, nodesInSectors, pointInPolygon, reach, sectorAt, sectorRing, type XY } from '../../src/core/scenario';
import { bundledCity } from '../helpers';

const city = bundledCity('Monaco');

describe('snapping', () => {
  it('a click on a road point snaps to it; a click beside one snaps to the nearest', () => {
    const p = 123;
    const at: XY = [city.lonlat[2 * p], city.lonlat[2 * p + 1]];
    expect(nearestPoint(city.lonlat, at)).toEqual({ index: p, distance: 0 });
    const beside: XY = [at[0] + 0.00001, at[1]];
    const snap = nearestPoint(city.lonlat, beside)!;
    // Brute force in local metres agrees.
    const kx = 111_320 * Math.cos((beside[1] * Math.PI) / 180);
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < city.n; i++) {
      const d = Math.hypot((city.lonlat[2 * i] - beside[0]) * kx, (city.lonlat[2 * i + 1] - beside[1]) * 110_540);
      if (d < bestD) [best, bestD] = [i, d];
    }
    expect(snap.index).toBe(best);
    expect(snap.distance).toBeCloseTo(bestD, 6);
  });

  it('skips excluded points (already nodes)', () => {
    const p = 40;
    const at: XY = [city.lonlat[2 * p], city.lonlat[2 * p + 1]];
    const snap = nearestPoint(city.lonlat, at, new Set([p]))!;
    expect(snap.index).not.toBe(p);
    expect(snap.distance).toBeGreaterThan(0);
    expect(nearestPoint(new Float64Array([1, 2]), [0, 0], new Set([0]))).toBeNull();
  });
});

describe('areas', () => {
  const inst = sampleInstance(city, { problem: 'pvrp-zc', n: 80, seed: 3 });

  it('point in polygon (even–odd)', () => {
    const square: XY[] = [[0, 0], [2, 0], [2, 2], [0, 2]];
    expect(pointInPolygon([1, 1], square)).toBe(true);
    expect(pointInPolygon([3, 1], square)).toBe(false);
  });

  it('a polygon around everything selects every client, never the depot', () => {
    const lons = Array.from({ length: inst.n }, (_, i) => inst.coords![2 * i]);
    const lats = Array.from({ length: inst.n }, (_, i) => inst.coords![2 * i + 1]);
    const [w, e, s, n] = [Math.min(...lons) - 0.01, Math.max(...lons) + 0.01, Math.min(...lats) - 0.01, Math.max(...lats) + 0.01];
    expect(nodesInPolygon(inst, [[w, s], [e, s], [e, n], [w, n]])).toEqual(clientNodes(inst));
    const west = nodesInPolygon(inst, [[w, s], [inst.coords![0], s], [inst.coords![0], n], [w, n]]);
    for (const j of west) expect(inst.coords![2 * j]).toBeLessThan(inst.coords![0]);
  });

  it('sectors partition the clients and follow compass bearings', () => {
    const all = new Set<number>();
    for (let s = 0; s < 8; s++) {
      const nodes = nodesInSectors(inst, [s], 8);
      for (const j of nodes) {
        expect(all.has(j)).toBe(false);
        all.add(j);
      }
    }
    expect([...all].sort((a, b) => a - b)).toEqual(clientNodes(inst));
    const [lon, lat] = [inst.coords![0], inst.coords![1]];
    expect(sectorAt(inst, [lon + 0.0001, lat + 0.01], 4)).toBe(0); // north
    expect(sectorAt(inst, [lon + 0.01, lat - 0.0001], 4)).toBe(1); // east
    expect(sectorAt(inst, [lon - 0.0001, lat - 0.01], 4)).toBe(2); // south
    expect(sectorAt(inst, [lon - 0.01, lat + 0.0001], 4)).toBe(3); // west
  });

  it('a sector ring contains the nodes of its sector', () => {
    const r = reach(inst) * 1.05;
    for (let s = 0; s < 6; s++) {
      const ring = sectorRing(inst, s, 6, r, 24);
      for (const j of nodesInSectors(inst, [s], 6)) expect(pointInPolygon([inst.coords![2 * j], inst.coords![2 * j + 1]], ring)).toBe(true);
    }
  });
});
