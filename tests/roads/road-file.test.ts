import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCity } from '../../src/core/cities/encoding';
import { decodeRoadFile, encodeRoadFile } from '../../src/core/roads/road-file';
import { legRouter } from '../../src/core/roads/leg-router';

const roads = readFileSync('public/cities/Monaco.roads');
const city = decodeCity('Monaco.rlc', readFileSync('public/cities/Monaco.rlc'));

describe('the bundled road network', () => {
  const graph = decodeRoadFile('Monaco.roads', roads);

  it('decodes into a consistent graph', () => {
    expect(graph.edgeCount).toBeGreaterThan(1000);
    expect(graph.edgeGeom[graph.edgeCount]).toBe(graph.vertexLon.length);
    expect(graph.turnStart[graph.arcCount]).toBe(graph.turnTo.length);
    for (let e = 0; e < graph.edgeCount; e++) {
      const first = graph.edgeGeom[e];
      const last = graph.edgeGeom[e + 1] - 1;
      expect(graph.vertexLon[first]).toBe(graph.nodeLon[graph.edgeFrom[e]]);
      expect(graph.vertexLat[last]).toBe(graph.nodeLat[graph.edgeTo[e]]);
      expect(graph.vertexDist[last]).toBeGreaterThanOrEqual(graph.vertexDist[first]);
    }
    for (const to of graph.turnTo) expect(to).toBeLessThan(graph.arcCount);
  });

  it('encodes to the same network again', () => {
    const again = decodeRoadFile('again.roads', encodeRoadFile(graph));
    expect(again.edgeCount).toBe(graph.edgeCount);
    expect(Array.from(again.vertexLon.slice(0, 50))).toEqual(Array.from(graph.vertexLon.slice(0, 50)));
    expect(Array.from(again.turnTo)).toEqual(Array.from(graph.turnTo));
    expect(Math.abs(again.vertexFwdTime[again.vertexFwdTime.length - 1] - graph.vertexFwdTime[graph.vertexFwdTime.length - 1])).toBeLessThan(1e-6);
  });

  it('cuts a network to a box, keeping the edges that reach into it', () => {
    const box: [number, number, number, number] = [7.415, 43.73, 7.43, 43.745];
    const cut = decodeRoadFile('cut.roads', encodeRoadFile(graph, box));
    expect(cut.edgeCount).toBeGreaterThan(0);
    expect(cut.edgeCount).toBeLessThan(graph.edgeCount);
    for (let e = 0; e < cut.edgeCount; e++) {
      let inside = false;
      for (let v = cut.edgeGeom[e]; v < cut.edgeGeom[e + 1]; v++) inside ||= cut.vertexLon[v] >= box[0] && cut.vertexLon[v] <= box[2] && cut.vertexLat[v] >= box[1] && cut.vertexLat[v] <= box[3];
      expect(inside).toBe(true);
    }
  });

  it('snaps every road point of the city within a metre and finds paths between them', () => {
    const router = legRouter(graph);
    const snaps = Array.from({ length: city.n }, (_, i) => router.snap(city.lonlat[2 * i], city.lonlat[2 * i + 1]));
    for (const s of snaps) expect(s?.snapDistanceM ?? Infinity).toBeLessThan(1);
    for (let k = 0; k < 20; k++) {
      const path = router.path(snaps[k]!, snaps[(k * 37 + 11) % city.n]!);
      expect(path).not.toBeNull();
      expect(path!.length).toBeGreaterThanOrEqual(4);
    }
  });

  it('names the file when it is not a road network', () => {
    expect(() => decodeRoadFile('bad.roads', new Uint8Array([0x1f, 0x8b, 0, 0]))).toThrow(/bad\.roads/);
  });
});

describe('paths simplified for drawing', () => {
  it('keeps a subset of the vertices, the ends included, within the tolerance', async () => {
    const { simplifyPath } = await import('../../src/core/roads/simplify');
    // A straight street with a kink of 0.3 m and one of 3 m (at about 1e-5° ≈ 0.8–1.1 m).
    const flat = Float64Array.from([7.4, 43.7, 7.4001, 43.7, 7.4002, 43.700003, 7.4003, 43.7, 7.4004, 43.70003, 7.4005, 43.7]);
    const out = Array.from(simplifyPath(flat, 0.5));
    expect(out.slice(0, 2)).toEqual([7.4, 43.7]);
    expect(out.slice(-2)).toEqual([7.4005, 43.7]);
    expect(out).toContain(43.70003);
    expect(out).not.toContain(43.700003);
    for (let i = 0; i < out.length; i += 2) expect(Array.from(flat).some((_, j) => j % 2 === 0 && flat[j] === out[i] && flat[j + 1] === out[i + 1])).toBe(true);
  });
});
