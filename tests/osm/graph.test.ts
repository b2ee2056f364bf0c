/** Road graph and routing on hand-made networks: one-ways, private roads, restrictions, SCC. */
import { describe, expect, it } from 'vitest';
import {
  EDGE,
  SegmentIndex,
  boxAround,
  buildRoadGraph,
  computeMatrices,
  computeMatricesAsync,
  readRoads,
  roadPath,
  samplePoints,
  stockCarProfile,
  type RoadGraph,
  type RoadPosition,
} from '../../src/core/osm';
import { FormatError } from '../../src/core/errors';
import { gridNetwork, latOf, lonOf, osmXml } from './osm-fixture';

function graphOf(xml: Uint8Array, profile = stockCarProfile()): RoadGraph {
  return buildRoadGraph(readRoads('test.osm', xml, { profile }));
}

/** The road position nearest to a point given in fixture metres. */
function at(g: RoadGraph, x: number, y: number): RoadPosition {
  const p = new SegmentIndex(g, () => true).nearest(lonOf(x), latOf(y));
  if (!p) throw new Error('no road');
  return p;
}

function edgeOfWay(g: RoadGraph, way: number): number {
  const e = Array.from(g.edgeWayFirst).findIndex((w) => w === way);
  expect(e).toBeGreaterThanOrEqual(0);
  return e;
}

describe('road graph', () => {
  const g = graphOf(gridNetwork());

  it('keeps one-ways in the right direction (oneway=yes, oneway=-1)', () => {
    expect(g.edgeFlags[edgeOfWay(g, 2)] & (EDGE.FORWARD | EDGE.BACKWARD)).toBe(EDGE.FORWARD);
    expect(g.edgeFlags[edgeOfWay(g, 4)] & (EDGE.FORWARD | EDGE.BACKWARD)).toBe(EDGE.BACKWARD);
    expect(g.edgeFlags[edgeOfWay(g, 1)] & (EDGE.FORWARD | EDGE.BACKWARD)).toBe(EDGE.FORWARD | EDGE.BACKWARD);
  });

  it('contracts degree-2 nodes but keeps the geometry', () => {
    // Way 1 (1-2-3) is cut at 2, where the private road joins: two edges of 200 m each.
    const lengths = [0, 1].map((k) => {
      const e = Array.from(g.edgeWayFirst).map((w, i) => [w, i]).filter(([w]) => w === 1)[k][1];
      return g.vertexDist[g.edgeGeom[e + 1] - 1];
    });
    expect(lengths[0]).toBeCloseTo(200, 0);
    expect(lengths[1]).toBeCloseTo(200, 0);
  });

  it('drops a road that is not strongly connected to the rest (largest SCC)', () => {
    const island = edgeOfWay(g, 6);
    expect(g.edgeFlags[island] & EDGE.IN_LARGEST_SCC).toBe(0);
    expect(g.edgeFlags[edgeOfWay(g, 1)] & EDGE.IN_LARGEST_SCC).toBe(EDGE.IN_LARGEST_SCC);
    // Snapping skips the island: a point on it goes to the main network, far away.
    const p = new SegmentIndex(g).nearest(lonOf(2000), latOf(150))!;
    expect(p.edge).not.toBe(island);
    expect(p.snapDistanceM).toBeGreaterThan(1500);
  });

  it('routes one-ways asymmetrically and never through a private road', () => {
    const P = at(g, 210, 0);
    const Q = at(g, 210, 200);
    const pq = roadPath(g, P, Q)!;
    const qp = roadPath(g, Q, P)!;
    // P → west → 1 → 4 → east to Q: the private short cut 2–5 and the -1 one-way 3→6 are not taken.
    expect(pq.distanceM).toBeCloseTo(620, 0);
    // Q → east → 6 → 3 (with the -1 one-way) → west to P.
    expect(qp.distanceM).toBeCloseTo(580, 0);
    expect(pq.coords.length / 2).toBeGreaterThan(2);
    const open = graphOf(gridNetwork({ privateTag: 'yes' }));
    expect(roadPath(open, at(open, 210, 0), at(open, 210, 200))!.distanceM).toBeCloseTo(220, 0);
  });

  it('honours a turn restriction with a via node', () => {
    const r = graphOf(gridNetwork({ restriction: true }));
    expect(r.stats.restrictions.applied).toBe(1);
    // No right turn from the west road onto North Street at 4: the only way left is the private road.
    const d = roadPath(r, at(r, 210, 0), at(r, 210, 200))!.distanceM;
    expect(d).toBeCloseTo(220, 0);
  });

  it('treats a roundabout as an implied one-way', () => {
    const ring = osmXml(
      { 1: [0, 0], 2: [100, 0], 3: [100, 100], 4: [0, 100], 5: [-200, 0] },
      [
        { id: 1, nodes: [1, 2, 3, 4, 1], tags: { highway: 'primary', junction: 'roundabout' } },
        { id: 2, nodes: [5, 1], tags: { highway: 'primary' } },
      ],
    );
    const rg = graphOf(ring);
    const e = edgeOfWay(rg, 1);
    expect(rg.edgeFlags[e] & (EDGE.FORWARD | EDGE.BACKWARD | EDGE.ROUNDABOUT)).toBe(EDGE.FORWARD | EDGE.ROUNDABOUT);
    // Going from just after node 1 back to just before it means the whole way round.
    const d = roadPath(rg, at(rg, 10, 0), at(rg, 0, 10))!.distanceM;
    expect(d).toBeGreaterThan(370);
  });

  it('gives a symmetric matrix on two-way roads and an asymmetric one with one-ways', () => {
    const line = osmXml({ 1: [0, 0], 2: [1000, 0] }, [{ id: 1, nodes: [1, 2], tags: { highway: 'residential' } }]);
    const lg = graphOf(line);
    const pts = [100, 350, 700, 990].map((x) => at(lg, x, 0));
    const m = computeMatrices(lg, pts);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        expect(m.distance[i * 4 + j]).toBeCloseTo(m.distance[j * 4 + i], 6);
        expect(m.duration[i * 4 + j]).toBeCloseTo(m.duration[j * 4 + i], 6);
      }
    }
    expect(m.distance[1]).toBeCloseTo(250, 0);
    expect(m.duration[1]).toBeCloseTo(250 / (25 / 3.6), 1);
    const gm = computeMatrices(g, [at(g, 210, 0), at(g, 210, 200), at(g, 100, 0)]);
    expect(gm.distance[1]).not.toBeCloseTo(gm.distance[3], 0);
    expect(gm.unreachable).toBe(0);
  });

  it('cancels a matrix computation', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(computeMatricesAsync(g, [at(g, 210, 0), at(g, 210, 200)], { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('sampling', () => {
  const g = graphOf(gridNetwork({ privateTag: 'private' }));
  const area = boxAround([lonOf(200), latOf(100)], 3);

  it('is reproducible for a seed and differs between seeds', () => {
    const a = samplePoints(g, { file: 't', area, count: 20, seed: 5 }).positions;
    const b = samplePoints(g, { file: 't', area, count: 20, seed: 5 }).positions;
    const c = samplePoints(g, { file: 't', area, count: 20, seed: 6 }).positions;
    expect(a.map((p) => [p.lon, p.lat])).toEqual(b.map((p) => [p.lon, p.lat]));
    expect(a.map((p) => [p.lon, p.lat])).not.toEqual(c.map((p) => [p.lon, p.lat]));
  });

  it('puts no point on a private road or off the largest SCC, and keeps the spacing', () => {
    const { positions, report } = samplePoints(g, { file: 't', area: boxAround([lonOf(1000), latOf(100)], 5), count: 60, seed: 1, minSpacingM: 10 });
    const privateEdge = Array.from(g.edgeWayFirst).findIndex((w) => w === 5);
    const island = Array.from(g.edgeWayFirst).findIndex((w) => w === 6);
    for (const p of positions) {
      expect(p.edge).not.toBe(privateEdge);
      expect(p.edge).not.toBe(island);
    }
    expect(report.roadKmInArea.destination_only).toBeCloseTo(0.2, 2);
    expect(report.roadKmInArea.not_in_largest_scc).toBeCloseTo(0.3, 2);
    for (let i = 0; i < positions.length; i++) {
      for (let j = i + 1; j < positions.length; j++) {
        const dx = (positions[i].lon - positions[j].lon) * 64000;
        const dy = (positions[i].lat - positions[j].lat) * 111000;
        expect(Math.hypot(dx, dy)).toBeGreaterThan(9.5);
      }
    }
  });

  it('says so when the area holds fewer road points than asked', () => {
    expect(() => samplePoints(g, { file: 'grid.osm', area, count: 500, seed: 1 })).toThrow(FormatError);
    expect(() => samplePoints(g, { file: 'grid.osm', area, count: 500, seed: 1 })).toThrow(/grid\.osm.*500 road points/);
  });
});
