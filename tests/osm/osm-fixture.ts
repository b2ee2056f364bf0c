/**
 * Hand-made OSM XML for the builder's tests: nodes given in metres east/north of a fixed origin
 * (55° N, 12° E), so a test reads as a little map.
 */
import { EARTH_RADIUS_M } from '../../src/core/osm/geo';

const LAT0 = 55;
const LON0 = 12;
const M_PER_DEG_LAT = (EARTH_RADIUS_M * Math.PI) / 180;
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((LAT0 * Math.PI) / 180);

export function lonOf(x: number): number {
  return LON0 + x / M_PER_DEG_LON;
}

export function latOf(y: number): number {
  return LAT0 + y / M_PER_DEG_LAT;
}

export interface FixtureWay {
  id: number;
  nodes: number[];
  tags: Record<string, string>;
}

export interface FixtureRelation {
  id: number;
  members: { type: 'node' | 'way'; ref: number; role: string }[];
  tags: Record<string, string>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function osmXml(
  nodes: Record<number, [number, number]>,
  ways: FixtureWay[],
  relations: FixtureRelation[] = [],
  nodeTags: Record<number, Record<string, string>> = {},
): Uint8Array {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="routelab-test">'];
  for (const [id, [x, y]] of Object.entries(nodes)) {
    const tags = nodeTags[Number(id)];
    const attrs = `id="${id}" lat="${latOf(y).toFixed(7)}" lon="${lonOf(x).toFixed(7)}"`;
    if (!tags) lines.push(`  <node ${attrs}/>`);
    else {
      lines.push(`  <node ${attrs}>`);
      for (const [k, v] of Object.entries(tags)) lines.push(`    <tag k="${esc(k)}" v="${esc(v)}"/>`);
      lines.push('  </node>');
    }
  }
  for (const w of ways) {
    lines.push(`  <way id="${w.id}">`);
    for (const n of w.nodes) lines.push(`    <nd ref="${n}"/>`);
    for (const [k, v] of Object.entries(w.tags)) lines.push(`    <tag k="${esc(k)}" v="${esc(v)}"/>`);
    lines.push('  </way>');
  }
  for (const r of relations) {
    lines.push(`  <relation id="${r.id}">`);
    for (const m of r.members) lines.push(`    <member type="${m.type}" ref="${m.ref}" role="${m.role}"/>`);
    for (const [k, v] of Object.entries(r.tags)) lines.push(`    <tag k="${esc(k)}" v="${esc(v)}"/>`);
    lines.push('  </relation>');
  }
  lines.push('</osm>');
  return new TextEncoder().encode(lines.join('\n'));
}

/**
 * Six junctions on a 200 m grid:
 *
 *   4 ──W2 oneway→── 5 ──────── 6        W4 (3–6) oneway=-1: drive 6 → 3 only
 *   │                │ W5        │        W5 (2–5) access=private
 *   W3               │ private   W4
 *   │                │           │
 *   1 ──────W1────── 2 ──────── 3        W1, W3 two-way
 *
 * plus W6, a two-way road 2 km east that nothing connects to.
 */
export function gridNetwork(opts: { privateTag?: string; restriction?: boolean } = {}): Uint8Array {
  const nodes: Record<number, [number, number]> = {
    1: [0, 0],
    2: [200, 0],
    3: [400, 0],
    4: [0, 200],
    5: [200, 200],
    6: [400, 200],
    20: [2000, 0],
    21: [2000, 300],
  };
  const ways: FixtureWay[] = [
    { id: 1, nodes: [1, 2, 3], tags: { highway: 'residential', name: 'South Street' } },
    { id: 2, nodes: [4, 5, 6], tags: { highway: 'residential', oneway: 'yes', name: 'North Street' } },
    { id: 3, nodes: [1, 4], tags: { highway: 'residential' } },
    { id: 4, nodes: [3, 6], tags: { highway: 'residential', oneway: '-1' } },
    { id: 5, nodes: [2, 5], tags: { highway: 'residential', access: opts.privateTag ?? 'private' } },
    { id: 6, nodes: [20, 21], tags: { highway: 'residential' } },
  ];
  const relations: FixtureRelation[] = opts.restriction
    ? [
        {
          id: 1,
          members: [
            { type: 'way', ref: 3, role: 'from' },
            { type: 'node', ref: 4, role: 'via' },
            { type: 'way', ref: 2, role: 'to' },
          ],
          tags: { type: 'restriction', restriction: 'no_right_turn' },
        },
      ]
    : [];
  return osmXml(nodes, ways, relations);
}
