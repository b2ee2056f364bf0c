/**
 * The compact road network of a city (`public/cities/<City>.roads`, and the network of a built
 * city): core/osm's RoadGraph, optionally cut to a box, as gzip of "RLR1", a u32 header length,
 * a UTF-8 JSON header (counts, class and name tables, the graph's stats) and one varint stream:
 *
 * - per edge: its junctions, vertex count, flags, class, name;
 * - per vertex: 1e-7° zigzag deltas from the vertex before (OSM's own precision), then per
 *   segment the metres (mm), forward seconds and weight (ms), and the backward ones as
 *   differences from the forward ones (mostly zero, which gzip all but removes);
 * - per arc: its turns (target arc as a difference, seconds and weight in ms), in the SCC or not.
 *
 * Running sums are rebuilt on decoding, so positions on an edge cost what they did when built
 * (to a millisecond per segment). What only building needs (OSM ids) is not kept.
 */
import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';
import { PbfReader, PbfWriter } from 'pbf';
import { FormatError } from '../errors';
import type { RoadGraph, RoadGraphStats } from '../osm/road-graph';
import type { Box } from '../basemap/clip';

const MAGIC = 'RLR1';
const COORD = 1e7;
const MM = 1000;
const MS = 1000;

interface Header {
  nodes: number;
  edges: number;
  vertices: number;
  turns: number;
  classes: string[];
  names: string[];
  stats: RoadGraphStats;
  /** The box the network was cut to, if it was. */
  box?: Box;
}

/** Edges with a vertex inside the box (all edges without a box), renumbered densely. */
function keptEdges(g: RoadGraph, box: Box | undefined): Int32Array {
  const newId = new Int32Array(g.edgeCount).fill(-1);
  let next = 0;
  for (let e = 0; e < g.edgeCount; e++) {
    let keep = !box;
    for (let v = g.edgeGeom[e]; !keep && v < g.edgeGeom[e + 1]; v++) {
      const x = g.vertexLon[v];
      const y = g.vertexLat[v];
      keep = x >= box![0] && x <= box![2] && y >= box![1] && y <= box![3];
    }
    if (keep) newId[e] = next++;
  }
  return newId;
}

export function encodeRoadFile(g: RoadGraph, box?: Box): Uint8Array {
  const edgeId = keptEdges(g, box);
  const nodeId = new Int32Array(g.nodeCount).fill(-1);
  let nodes = 0;
  let edges = 0;
  let vertices = 0;
  for (let e = 0; e < g.edgeCount; e++) {
    if (edgeId[e] < 0) continue;
    edges++;
    vertices += g.edgeGeom[e + 1] - g.edgeGeom[e];
    for (const n of [g.edgeFrom[e], g.edgeTo[e]]) if (nodeId[n] < 0) nodeId[n] = nodes++;
  }
  const w = new PbfWriter();
  let px = 0;
  let py = 0;
  // Sums are finite by construction; a stray non-finite value must not break the varint stream.
  const ms = (s: number) => (Number.isFinite(s) ? Math.round(s * MS) : 0);
  for (let e = 0; e < g.edgeCount; e++) {
    if (edgeId[e] < 0) continue;
    const first = g.edgeGeom[e];
    const last = g.edgeGeom[e + 1] - 1;
    w.writeVarint(nodeId[g.edgeFrom[e]]);
    w.writeVarint(nodeId[g.edgeTo[e]]);
    w.writeVarint(last - first + 1);
    w.writeVarint(g.edgeFlags[e]);
    w.writeVarint(g.edgeClass[e]);
    w.writeVarint(g.edgeName[e]);
    for (let v = first; v <= last; v++) {
      const x = Math.round(g.vertexLon[v] * COORD);
      const y = Math.round(g.vertexLat[v] * COORD);
      w.writeSVarint(x - px);
      w.writeSVarint(y - py);
      px = x;
      py = y;
      if (v === first) continue;
      const fwdT = ms(g.vertexFwdTime[v] - g.vertexFwdTime[v - 1]);
      const fwdW = ms(g.vertexFwdWeight[v] - g.vertexFwdWeight[v - 1]);
      // Backward sums run from each vertex back to the first: the segment's share is the difference.
      const bwdT = ms(g.vertexBwdTime[v] - g.vertexBwdTime[v - 1]);
      const bwdW = ms(g.vertexBwdWeight[v] - g.vertexBwdWeight[v - 1]);
      w.writeVarint(Math.round((g.vertexDist[v] - g.vertexDist[v - 1]) * MM));
      w.writeSVarint(fwdT);
      w.writeSVarint(fwdW - fwdT);
      w.writeSVarint(bwdT - fwdT);
      w.writeSVarint(bwdW - bwdT);
    }
  }
  let turns = 0;
  for (let e = 0; e < g.edgeCount; e++) {
    if (edgeId[e] < 0) continue;
    for (const a of [2 * e, 2 * e + 1]) {
      const kept: number[] = [];
      for (let k = g.turnStart[a]; k < g.turnStart[a + 1]; k++) if (edgeId[g.turnTo[k] >> 1] >= 0) kept.push(k);
      w.writeVarint(g.arcInScc[a]);
      w.writeVarint(kept.length);
      const self = 2 * edgeId[e] + (a & 1);
      for (const k of kept) {
        const to = 2 * edgeId[g.turnTo[k] >> 1] + (g.turnTo[k] & 1);
        w.writeSVarint(to - self);
        const t = ms(g.turnTime[k]);
        w.writeSVarint(t);
        w.writeSVarint(ms(g.turnWeight[k]) - t);
      }
      turns += kept.length;
    }
  }
  const header: Header = { nodes, edges, vertices, turns, classes: g.classes, names: g.names, stats: g.stats, ...(box ? { box } : {}) };
  const head = strToU8(JSON.stringify(header));
  const body = w.finish();
  const out = new Uint8Array(8 + head.length + body.length);
  out.set(strToU8(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, head.length, true);
  out.set(head, 8);
  out.set(body, 8 + head.length);
  // No timestamp in the gzip header: the same network makes the same file.
  return gzipSync(out, { level: 9, mtime: 0 });
}

export function decodeRoadFile(file: string, bytes: Uint8Array): RoadGraph {
  let raw: Uint8Array;
  try {
    raw = gunzipSync(bytes);
  } catch (err) {
    throw new FormatError({ file, field: '(gzip)', expected: 'a gzip-compressed RouteLab road network', found: err instanceof Error ? err.message : String(err) });
  }
  if (raw.length < 8 || strFromU8(raw.subarray(0, 4)) !== MAGIC) throw new FormatError({ file, field: '(magic)', expected: `a RouteLab road network (${MAGIC})` });
  const headLength = new DataView(raw.buffer, raw.byteOffset).getUint32(4, true);
  if (8 + headLength > raw.length) throw new FormatError({ file, field: '(header)', expected: 'a complete header', found: `${raw.length} bytes` });
  const h = JSON.parse(strFromU8(raw.subarray(8, 8 + headLength))) as Header;
  const r = new PbfReader(raw.subarray(8 + headLength));
  const E = h.edges;
  const V = h.vertices;
  const g: RoadGraph = {
    nodeCount: h.nodes,
    nodeLon: new Float64Array(h.nodes),
    nodeLat: new Float64Array(h.nodes),
    nodeOsmId: new Float64Array(h.nodes),
    edgeCount: E,
    edgeFrom: new Uint32Array(E),
    edgeTo: new Uint32Array(E),
    edgeGeom: new Uint32Array(E + 1),
    edgeFlags: new Uint8Array(E),
    edgeClass: new Uint8Array(E),
    edgeName: new Uint32Array(E),
    edgeWayFirst: new Float64Array(E),
    edgeWayLast: new Float64Array(E),
    vertexLon: new Float64Array(V),
    vertexLat: new Float64Array(V),
    vertexDist: new Float64Array(V),
    vertexFwdTime: new Float64Array(V),
    vertexBwdTime: new Float64Array(V),
    vertexFwdWeight: new Float64Array(V),
    vertexBwdWeight: new Float64Array(V),
    arcCount: 2 * E,
    turnStart: new Uint32Array(2 * E + 1),
    turnTo: new Uint32Array(h.turns),
    turnTime: new Float32Array(h.turns),
    turnWeight: new Float32Array(h.turns),
    arcInScc: new Uint8Array(2 * E),
    classes: h.classes,
    names: h.names,
    stats: h.stats,
  };
  const truncated = (what: string) => new FormatError({ file, field: what, expected: 'a complete road network', found: 'the end of the file' });
  let px = 0;
  let py = 0;
  let v = 0;
  for (let e = 0; e < E; e++) {
    g.edgeFrom[e] = r.readVarint();
    g.edgeTo[e] = r.readVarint();
    const count = r.readVarint();
    g.edgeFlags[e] = r.readVarint();
    g.edgeClass[e] = r.readVarint();
    g.edgeName[e] = r.readVarint();
    g.edgeGeom[e] = v;
    if (count < 2 || v + count > V) throw new FormatError({ file, field: `edges[${e}]`, expected: 'an edge of at least two vertices within the vertex count', found: String(count) });
    for (let k = 0; k < count; k++, v++) {
      px += r.readSVarint();
      py += r.readSVarint();
      g.vertexLon[v] = px / COORD;
      g.vertexLat[v] = py / COORD;
      if (k === 0) continue;
      const dist = r.readVarint() / MM;
      const fwdT = r.readSVarint();
      const fwdW = fwdT + r.readSVarint();
      const bwdT = fwdT + r.readSVarint();
      const bwdW = bwdT + r.readSVarint();
      g.vertexDist[v] = g.vertexDist[v - 1] + dist;
      g.vertexFwdTime[v] = g.vertexFwdTime[v - 1] + fwdT / MS;
      g.vertexFwdWeight[v] = g.vertexFwdWeight[v - 1] + fwdW / MS;
      g.vertexBwdTime[v] = g.vertexBwdTime[v - 1] + bwdT / MS;
      g.vertexBwdWeight[v] = g.vertexBwdWeight[v - 1] + bwdW / MS;
    }
    const first = g.edgeGeom[e];
    g.nodeLon[g.edgeFrom[e]] = g.vertexLon[first];
    g.nodeLat[g.edgeFrom[e]] = g.vertexLat[first];
    g.nodeLon[g.edgeTo[e]] = g.vertexLon[v - 1];
    g.nodeLat[g.edgeTo[e]] = g.vertexLat[v - 1];
    if (r.pos > r.length) throw truncated(`edges[${e}]`);
  }
  g.edgeGeom[E] = v;
  let t = 0;
  for (let a = 0; a < 2 * E; a++) {
    g.arcInScc[a] = r.readVarint();
    const count = r.readVarint();
    g.turnStart[a] = t;
    if (t + count > h.turns) throw new FormatError({ file, field: `arcs[${a}]`, expected: 'turns within the turn count', found: String(count) });
    for (let k = 0; k < count; k++, t++) {
      g.turnTo[t] = a + r.readSVarint();
      const time = r.readSVarint();
      g.turnTime[t] = time / MS;
      g.turnWeight[t] = (time + r.readSVarint()) / MS;
    }
    if (r.pos > r.length) throw truncated(`arcs[${a}]`);
  }
  g.turnStart[2 * E] = t;
  return g;
}
