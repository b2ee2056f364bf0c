/**
 * The road graph: junctions, and edges that are whole chains of OSM segments between junctions
 * (degree-2 nodes contracted away) that keep their full geometry. Costs live on the geometry
 * vertices as running sums from the edge's first vertex, so a position anywhere on an edge
 * (a snapped point) splits the edge's costs exactly.
 *
 * Directions: arc 2e drives edge e from its first vertex to its last ("forward"), arc 2e+1 the
 * other way. Routing is edge-based: it moves from arc to arc through turns (turn-graph.ts), which
 * carry the turn costs and turn restrictions.
 */
import { haversineM } from './geo';
import type { RoadExtract, RoadWay } from './read-roads';
import { buildTurnGraph, type TurnStats } from './turn-graph';
import { largestArcComponent } from './scc';
import type { DirectionRule } from './way-rules';

/** Bits of RoadGraph.edgeFlags. */
export const EDGE = {
  FORWARD: 1,
  BACKWARD: 2,
  FORWARD_DESTINATION_ONLY: 4,
  BACKWARD_DESTINATION_ONLY: 8,
  /** A trip may start or end here (not a ferry, not a private service road). */
  STARTPOINT: 16,
  ROUNDABOUT: 32,
  /** At least one of its drivable arcs is in the largest strongly connected component. */
  IN_LARGEST_SCC: 64,
} as const;

export interface RoadGraph {
  /** Junctions (graph vertices). */
  nodeCount: number;
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  nodeOsmId: Float64Array;

  /** Edges: chains between two junctions (from → to is the forward direction). */
  edgeCount: number;
  edgeFrom: Uint32Array;
  edgeTo: Uint32Array;
  /** Edge e's geometry is vertices edgeGeom[e] … edgeGeom[e+1]-1 (first and last are its junctions). */
  edgeGeom: Uint32Array;
  edgeFlags: Uint8Array;
  /** Index into `classes` (highway value, e.g. "residential"; "ferry" for ferries). */
  edgeClass: Uint8Array;
  /** Index into `names` ('' when unnamed; the ref when there is no name). */
  edgeName: Uint32Array;
  /** OSM way ids at the edge's first and last segment (turn restrictions refer to ways). */
  edgeWayFirst: Float64Array;
  edgeWayLast: Float64Array;

  /** Geometry vertices, all edges concatenated. */
  vertexLon: Float64Array;
  vertexLat: Float64Array;
  /** Metres from the edge's first vertex along the geometry. */
  vertexDist: Float64Array;
  /** Seconds to drive from the first vertex to this one (forward), including traffic signals passed. */
  vertexFwdTime: Float64Array;
  /** Seconds to drive from this vertex back to the first one (backward). */
  vertexBwdTime: Float64Array;
  /** Route-choice weights, same layout (seconds divided by the profile's route-choice multipliers). */
  vertexFwdWeight: Float64Array;
  vertexBwdWeight: Float64Array;

  /** Edge-based turn graph over arcs: arc a's successors are turnTo[turnStart[a] … turnStart[a+1]-1]. */
  arcCount: number;
  turnStart: Uint32Array;
  turnTo: Uint32Array;
  /** Seconds added by the turn (angle, U-turn, traffic signal). */
  turnTime: Float32Array;
  /** Route-choice weight of the turn (turn time, plus the entry cost of a destination-only road). */
  turnWeight: Float32Array;
  /** 1 when the arc is drivable and in the largest strongly connected component. */
  arcInScc: Uint8Array;

  classes: string[];
  names: string[];
  stats: RoadGraphStats;
}

export interface RoadGraphStats {
  ways: number;
  junctions: number;
  edges: number;
  vertices: number;
  arcs: number;
  turns: number;
  roadKm: number;
  /** Ways cut where the extract lacks one of their nodes. */
  missingNodeRefs: number;
  barriers: number;
  trafficSignals: number;
  restrictions: TurnStats;
  largestScc: { arcs: number; arcShare: number; edges: number; edgeShare: number; roadKm: number };
}

interface Piece {
  way: number;
  /** Positions in the way's node list, start < end. */
  start: number;
  end: number;
  tail: number;
  head: number;
}

type DirKey = string;

function dirKey(r: DirectionRule | null): DirKey {
  return r ? (r.destinationOnly ? 'd' : 'y') : 'n';
}

/** What must agree for two pieces to share an edge, in the piece's own orientation. */
function pieceKey(w: RoadWay, reversed: boolean): string {
  const r = w.rule;
  const f = dirKey(reversed ? r.backward : r.forward);
  const b = dirKey(reversed ? r.forward : r.backward);
  return `${f}${b}|${r.startpoint ? 1 : 0}${r.roundabout ? 1 : 0}|${r.highway}|${r.name}`;
}

export interface BuildGraphOptions {
  /** Called with a phase name and a 0..1 fraction, for progress bars. */
  onProgress?: (phase: string, fraction: number) => void;
}

export function buildRoadGraph(extract: RoadExtract, opts: BuildGraphOptions = {}): RoadGraph {
  const { nodes, ways, profile } = extract;
  const progress = opts.onProgress ?? (() => {});
  progress('graph', 0);

  // Node-store index of every ref (-1: missing from the extract) and how often each node is used.
  const refIdx: Int32Array[] = [];
  const uses = new Uint16Array(nodes.size);
  const forced = new Uint8Array(nodes.size);
  let missing = 0;
  for (const w of ways) {
    const idx = new Int32Array(w.refs.length);
    for (let k = 0; k < w.refs.length; k++) {
      const i = nodes.indexOf(w.refs[k]);
      idx[k] = i;
      if (i < 0) missing++;
      else if (uses[i] < 65535) uses[i]++;
    }
    refIdx.push(idx);
    if (idx[0] >= 0) forced[idx[0]] = 1;
    if (idx[idx.length - 1] >= 0) forced[idx[idx.length - 1]] = 1;
  }
  let barriers = 0;
  let signals = 0;
  const isSignal = new Uint8Array(nodes.size);
  const isBarrier = new Uint8Array(nodes.size);
  for (const [id, rule] of extract.nodeRules) {
    const i = nodes.indexOf(id);
    if (i < 0 || uses[i] === 0) continue;
    if (rule.barrier) {
      isBarrier[i] = 1;
      forced[i] = 1;
      barriers++;
    }
    if (rule.trafficSignal) {
      isSignal[i] = 1;
      signals++;
    }
  }
  for (const r of extract.restrictions) {
    const i = nodes.indexOf(r.via);
    if (i >= 0) forced[i] = 1;
  }

  // Cut every way into pieces between candidate junctions (used twice, an end, forced) and at
  // missing nodes (the piece across a gap is dropped).
  const pieces: Piece[] = [];
  for (let w = 0; w < ways.length; w++) {
    const idx = refIdx[w];
    let start = -1;
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k];
      if (i < 0) {
        start = -1;
        continue;
      }
      if (start >= 0 && i === idx[k - 1]) continue; // a node repeated in a row adds no segment
      const cut = uses[i] >= 2 || forced[i] === 1;
      if (start < 0) start = k;
      else if (cut || k === idx.length - 1 || idx[k + 1] < 0) {
        pieces.push({ way: w, start, end: k, tail: idx[start], head: i });
        start = k;
      }
    }
  }
  progress('graph', 0.3);

  // Contract across junction candidates where exactly two pieces meet with the same attributes.
  const endsAt = new Map<number, number[]>(); // node → [piece*2 + (0 tail | 1 head)]
  for (let p = 0; p < pieces.length; p++) {
    for (const [node, side] of [[pieces[p].tail, 0], [pieces[p].head, 1]] as const) {
      const list = endsAt.get(node);
      if (list) list.push(2 * p + side);
      else endsAt.set(node, [2 * p + side]);
    }
  }
  const keyOf = (p: number, reversed: boolean) => pieceKey(ways[pieces[p].way], reversed);
  /** The piece-end continuing a chain through `node`, or -1 when the node is a junction. */
  const through = (node: number, fromEnd: number): number => {
    if (forced[node]) return -1;
    const list = endsAt.get(node)!;
    if (list.length !== 2) return -1;
    const other = list[0] === fromEnd ? list[1] : list[0];
    if (other >> 1 === fromEnd >> 1) return -1; // a ring made of one piece
    return other;
  };
  const visited = new Uint8Array(pieces.length);
  const chains: { piece: number; reversed: boolean }[][] = [];
  for (let p0 = 0; p0 < pieces.length; p0++) {
    if (visited[p0]) continue;
    visited[p0] = 1;
    const chain = [{ piece: p0, reversed: false }];
    // Extend forward from the head, then backward from the tail.
    for (const dir of ['forward', 'backward'] as const) {
      let cur = chain[dir === 'forward' ? chain.length - 1 : 0];
      for (;;) {
        const p = pieces[cur.piece];
        const atEndSide = dir === 'forward' ? (cur.reversed ? 0 : 1) : cur.reversed ? 1 : 0;
        const node = atEndSide === 1 ? p.head : p.tail;
        const next = through(node, 2 * cur.piece + atEndSide);
        if (next < 0) break;
        const q = next >> 1;
        if (visited[q]) break;
        // Forward: q must start at node (tail → not reversed). Backward: q must end at node.
        const reversed = dir === 'forward' ? (next & 1) === 1 : (next & 1) === 0;
        if (keyOf(q, reversed) !== keyOf(cur.piece, cur.reversed)) break;
        visited[q] = 1;
        const link = { piece: q, reversed };
        if (dir === 'forward') chain.push(link);
        else chain.unshift(link);
        cur = link;
      }
    }
    chains.push(chain);
  }
  progress('graph', 0.5);

  // Junctions: chain ends. Vertices: each chain's node sequence.
  const junctionOf = new Int32Array(nodes.size).fill(-1);
  const jLon: number[] = [];
  const jLat: number[] = [];
  const jId: number[] = [];
  const junction = (i: number): number => {
    if (junctionOf[i] < 0) {
      junctionOf[i] = jLon.length;
      jLon.push(nodes.lon(i));
      jLat.push(nodes.lat(i));
      jId.push(nodes.id(i));
    }
    return junctionOf[i];
  };
  const classIndex = new Map<string, number>();
  const nameIndex = new Map<string, number>([['', 0]]);
  const names = [''];
  const classes: string[] = [];
  const E = chains.length;
  const edgeFrom = new Uint32Array(E);
  const edgeTo = new Uint32Array(E);
  const edgeGeom = new Uint32Array(E + 1);
  const edgeFlags = new Uint8Array(E);
  const edgeClass = new Uint8Array(E);
  const edgeName = new Uint32Array(E);
  const edgeWayFirst = new Float64Array(E);
  const edgeWayLast = new Float64Array(E);
  const vLon: number[] = [];
  const vLat: number[] = [];
  const vDist: number[] = [];
  const vFt: number[] = [];
  const vBt: number[] = [];
  const vFw: number[] = [];
  const vBw: number[] = [];
  const wayLengthCache = new Map<number, number>();
  const wayLength = (w: number): number => {
    let len = wayLengthCache.get(w);
    if (len === undefined) {
      len = 0;
      const idx = refIdx[w];
      for (let k = 1; k < idx.length; k++) {
        if (idx[k] >= 0 && idx[k - 1] >= 0) len += haversineM(nodes.lon(idx[k - 1]), nodes.lat(idx[k - 1]), nodes.lon(idx[k]), nodes.lat(idx[k]));
      }
      wayLengthCache.set(w, len);
    }
    return len;
  };
  let roadM = 0;
  const sig = profile.turns.trafficSignalPenalty;
  for (let e = 0; e < E; e++) {
    const chain = chains[e];
    const first = chain[0];
    const firstWay = ways[pieces[first.piece].way];
    const rule = firstWay.rule;
    const fwd = first.reversed ? rule.backward : rule.forward;
    const bwd = first.reversed ? rule.forward : rule.backward;
    let flags = 0;
    if (fwd) flags |= EDGE.FORWARD | (fwd.destinationOnly ? EDGE.FORWARD_DESTINATION_ONLY : 0);
    if (bwd) flags |= EDGE.BACKWARD | (bwd.destinationOnly ? EDGE.BACKWARD_DESTINATION_ONLY : 0);
    if (rule.startpoint) flags |= EDGE.STARTPOINT;
    if (rule.roundabout) flags |= EDGE.ROUNDABOUT;
    edgeFlags[e] = flags;
    let ci = classIndex.get(rule.highway);
    if (ci === undefined) {
      ci = classes.length;
      classes.push(rule.highway);
      classIndex.set(rule.highway, ci);
    }
    edgeClass[e] = Math.min(ci, 255);
    let ni = nameIndex.get(rule.name);
    if (ni === undefined) {
      ni = names.length;
      names.push(rule.name);
      nameIndex.set(rule.name, ni);
    }
    edgeName[e] = ni;
    edgeWayFirst[e] = firstWay.id;
    edgeWayLast[e] = ways[pieces[chain[chain.length - 1].piece].way].id;
    edgeGeom[e] = vLon.length;

    let dist = 0;
    let ft = 0;
    let bt = 0;
    let fw = 0;
    let bw = 0;
    let prev = -1;
    for (const link of chain) {
      const p = pieces[link.piece];
      const w = ways[p.way];
      const idx = refIdx[p.way];
      const pf = link.reversed ? w.rule.backward : w.rule.forward;
      const pb = link.reversed ? w.rule.forward : w.rule.backward;
      // A fixed duration (ferry) becomes the speed that takes that long over the whole way.
      const fixedKmh = w.rule.durationS !== undefined ? (wayLength(p.way) / w.rule.durationS) * 3.6 : 0;
      const fKmh = fixedKmh || (pf?.speedKmh ?? 0);
      const bKmh = fixedKmh || (pb?.speedKmh ?? 0);
      const fChoice = pf?.choice ?? 1;
      const bChoice = pb?.choice ?? 1;
      const ks: number[] = [];
      for (let k = p.start; k <= p.end; k++) if (idx[k] >= 0 && (ks.length === 0 || idx[k] !== idx[ks[ks.length - 1]])) ks.push(k);
      if (link.reversed) ks.reverse();
      for (const k of ks) {
        const i = idx[k];
        if (prev === i) continue; // the shared junction between consecutive pieces
        if (prev >= 0) {
          const d = haversineM(nodes.lon(prev), nodes.lat(prev), nodes.lon(i), nodes.lat(i));
          dist += d;
          if (fKmh > 0) {
            const t = d / (fKmh / 3.6);
            ft += t;
            fw += t / fChoice;
          }
          if (bKmh > 0) {
            const t = d / (bKmh / 3.6);
            bt += t;
            bw += t / bChoice;
          }
          // A traffic signal inside the chain is passed by every trip along it.
          if (isSignal[prev] && vLon.length - edgeGeom[e] > 1) {
            ft += sig;
            fw += sig;
            bt += sig;
            bw += sig;
          }
        }
        vLon.push(nodes.lon(i));
        vLat.push(nodes.lat(i));
        vDist.push(dist);
        vFt.push(ft);
        vBt.push(bt);
        vFw.push(fw);
        vBw.push(bw);
        prev = i;
      }
    }
    roadM += dist;
    const p0 = pieces[first.piece];
    const last = chain[chain.length - 1];
    const pl = pieces[last.piece];
    edgeFrom[e] = junction(first.reversed ? p0.head : p0.tail);
    edgeTo[e] = junction(last.reversed ? pl.tail : pl.head);
  }
  edgeGeom[E] = vLon.length;
  progress('graph', 0.7);

  const graph: RoadGraph = {
    nodeCount: jLon.length,
    nodeLon: Float64Array.from(jLon),
    nodeLat: Float64Array.from(jLat),
    nodeOsmId: Float64Array.from(jId),
    edgeCount: E,
    edgeFrom,
    edgeTo,
    edgeGeom,
    edgeFlags,
    edgeClass,
    edgeName,
    edgeWayFirst,
    edgeWayLast,
    vertexLon: Float64Array.from(vLon),
    vertexLat: Float64Array.from(vLat),
    vertexDist: Float64Array.from(vDist),
    vertexFwdTime: Float64Array.from(vFt),
    vertexBwdTime: Float64Array.from(vBt),
    vertexFwdWeight: Float64Array.from(vFw),
    vertexBwdWeight: Float64Array.from(vBw),
    arcCount: 2 * E,
    turnStart: new Uint32Array(0),
    turnTo: new Uint32Array(0),
    turnTime: new Float32Array(0),
    turnWeight: new Float32Array(0),
    arcInScc: new Uint8Array(2 * E),
    classes,
    names,
    stats: {
      ways: ways.length,
      junctions: jLon.length,
      edges: E,
      vertices: vLon.length,
      arcs: 0,
      turns: 0,
      roadKm: roadM / 1000,
      missingNodeRefs: missing,
      barriers,
      trafficSignals: signals,
      restrictions: { read: extract.restrictions.length, applied: 0, unmatched: 0, skipped: { ...extract.skippedRestrictions } },
      largestScc: { arcs: 0, arcShare: 0, edges: 0, edgeShare: 0, roadKm: 0 },
    },
  };

  const barrierJunction = new Uint8Array(graph.nodeCount);
  const signalJunction = new Uint8Array(graph.nodeCount);
  for (let i = 0; i < nodes.size; i++) {
    const j = junctionOf[i];
    if (j < 0) continue;
    barrierJunction[j] = isBarrier[i];
    signalJunction[j] = isSignal[i];
  }
  const viaJunctions = extract.restrictions.map((r) => {
    const i = nodes.indexOf(r.via);
    return i >= 0 ? junctionOf[i] : -1;
  });
  const turns = buildTurnGraph(graph, profile, { barrier: barrierJunction, signal: signalJunction }, extract.restrictions, viaJunctions);
  graph.turnStart = turns.turnStart;
  graph.turnTo = turns.turnTo;
  graph.turnTime = turns.turnTime;
  graph.turnWeight = turns.turnWeight;
  graph.stats.restrictions = { ...turns.stats, skipped: { ...extract.skippedRestrictions } };
  graph.stats.arcs = 2 * E;
  graph.stats.turns = turns.turnTo.length;
  progress('graph', 0.85);

  const scc = largestArcComponent(graph);
  graph.arcInScc = scc;
  let sccArcs = 0;
  let sccEdges = 0;
  let sccM = 0;
  let drivableArcs = 0;
  for (let e = 0; e < E; e++) {
    const f = edgeFlags[e];
    if (f & EDGE.FORWARD) drivableArcs++;
    if (f & EDGE.BACKWARD) drivableArcs++;
    sccArcs += scc[2 * e] + scc[2 * e + 1];
    if (scc[2 * e] || scc[2 * e + 1]) {
      edgeFlags[e] |= EDGE.IN_LARGEST_SCC;
      sccEdges++;
      sccM += graph.vertexDist[edgeGeom[e + 1] - 1];
    }
  }
  graph.stats.largestScc = {
    arcs: sccArcs,
    arcShare: drivableArcs ? sccArcs / drivableArcs : 0,
    edges: sccEdges,
    edgeShare: E ? sccEdges / E : 0,
    roadKm: sccM / 1000,
  };
  progress('graph', 1);
  return graph;
}

/** Length of edge e in metres. */
export function edgeLength(g: RoadGraph, e: number): number {
  return g.vertexDist[g.edgeGeom[e + 1] - 1];
}

/** Whether arc a (2e forward, 2e+1 backward) may be driven. */
export function arcDrivable(g: RoadGraph, a: number): boolean {
  return (g.edgeFlags[a >> 1] & ((a & 1) === 0 ? EDGE.FORWARD : EDGE.BACKWARD)) !== 0;
}

/** Seconds and weight to drive a whole arc. */
export function arcTime(g: RoadGraph, a: number): number {
  const last = g.edgeGeom[(a >> 1) + 1] - 1;
  return (a & 1) === 0 ? g.vertexFwdTime[last] : g.vertexBwdTime[last];
}

export function arcWeight(g: RoadGraph, a: number): number {
  const last = g.edgeGeom[(a >> 1) + 1] - 1;
  return (a & 1) === 0 ? g.vertexFwdWeight[last] : g.vertexBwdWeight[last];
}

/** Junction an arc starts from / arrives at. */
export function arcTail(g: RoadGraph, a: number): number {
  return (a & 1) === 0 ? g.edgeFrom[a >> 1] : g.edgeTo[a >> 1];
}

export function arcHead(g: RoadGraph, a: number): number {
  return (a & 1) === 0 ? g.edgeTo[a >> 1] : g.edgeFrom[a >> 1];
}
