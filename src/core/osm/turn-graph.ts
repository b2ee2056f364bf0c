/**
 * Turns between arcs at each junction, with their costs and the turn restrictions applied. The
 * turn cost follows OSRM's car profile: an angle-dependent cost (a sigmoid that reaches
 * `turns.penalty` for a sharp turn, cheaper to the right with bias > 1) at junctions of three or
 * more roads, a U-turn cost, and a traffic-signal cost when the junction has a signal.
 */
import type { CarProfile } from './car-profile';
import { bearingDeg } from './geo';
import type { SkippedRestrictions, TurnRestriction } from './read-roads';
import { EDGE, type RoadGraph } from './road-graph';

export interface TurnStats {
  read: number;
  /** Restrictions that removed at least one turn. */
  applied: number;
  /** Restrictions whose from/to ways do not meet a drivable junction at the via node. */
  unmatched: number;
  skipped: SkippedRestrictions;
}

export interface TurnGraph {
  turnStart: Uint32Array;
  turnTo: Uint32Array;
  turnTime: Float32Array;
  turnWeight: Float32Array;
  stats: Omit<TurnStats, 'skipped'>;
}

/** How far along a road its direction is measured at a junction (metres). */
const BEARING_LOOKAHEAD_M = 10;

/** Seconds for a turn of `angle` degrees (positive: right, ±180: back). */
export function turnPenalty(profile: CarProfile, angle: number): number {
  const { penalty, bias } = profile.turns;
  if (angle >= 0) return penalty / (1 + Math.exp(-((13 / bias) * (angle / 180) - 6.5 * bias)));
  return penalty / (1 + Math.exp(-((13 * bias) * (-angle / 180) - 6.5 / bias)));
}

/** Point at `d` metres from the first vertex of edge e, clamped to the edge. */
function pointAlong(g: RoadGraph, e: number, d: number): [number, number] {
  const a = g.edgeGeom[e];
  const b = g.edgeGeom[e + 1] - 1;
  const total = g.vertexDist[b];
  d = Math.max(0, Math.min(total, d));
  let k = a + 1;
  while (k < b && g.vertexDist[k] < d) k++;
  const d0 = g.vertexDist[k - 1];
  const seg = g.vertexDist[k] - d0;
  const t = seg > 0 ? (d - d0) / seg : 1;
  return [g.vertexLon[k - 1] + t * (g.vertexLon[k] - g.vertexLon[k - 1]), g.vertexLat[k - 1] + t * (g.vertexLat[k] - g.vertexLat[k - 1])];
}

/** Bearing when leaving the tail of each arc, and when arriving at its head. */
function arcBearings(g: RoadGraph): { depart: Float32Array; arrive: Float32Array } {
  const depart = new Float32Array(g.arcCount);
  const arrive = new Float32Array(g.arcCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const first = g.edgeGeom[e];
    const last = g.edgeGeom[e + 1] - 1;
    const len = g.vertexDist[last];
    const [x1, y1] = pointAlong(g, e, Math.min(BEARING_LOOKAHEAD_M, len));
    const [x2, y2] = pointAlong(g, e, Math.max(0, len - BEARING_LOOKAHEAD_M));
    const lon0 = g.vertexLon[first];
    const lat0 = g.vertexLat[first];
    const lonN = g.vertexLon[last];
    const latN = g.vertexLat[last];
    depart[2 * e] = bearingDeg(lon0, lat0, x1, y1);
    arrive[2 * e] = bearingDeg(x2, y2, lonN, latN);
    depart[2 * e + 1] = bearingDeg(lonN, latN, x2, y2);
    arrive[2 * e + 1] = bearingDeg(x1, y1, lon0, lat0);
  }
  return { depart, arrive };
}

function isDrivable(g: RoadGraph, a: number): boolean {
  return (g.edgeFlags[a >> 1] & ((a & 1) === 0 ? EDGE.FORWARD : EDGE.BACKWARD)) !== 0;
}

function isDestinationOnly(g: RoadGraph, a: number): boolean {
  return (g.edgeFlags[a >> 1] & ((a & 1) === 0 ? EDGE.FORWARD_DESTINATION_ONLY : EDGE.BACKWARD_DESTINATION_ONLY)) !== 0;
}

export function buildTurnGraph(
  g: RoadGraph,
  profile: CarProfile,
  junctions: { barrier: Uint8Array; signal: Uint8Array },
  restrictions: TurnRestriction[],
  viaJunctions: number[],
): TurnGraph {
  const N = g.nodeCount;
  const A = g.arcCount;
  // Arcs by the junction they arrive at / leave from (CSR), and road count per junction.
  const degree = new Uint16Array(N);
  const inCount = new Uint32Array(N + 1);
  const outCount = new Uint32Array(N + 1);
  const tail = (a: number) => ((a & 1) === 0 ? g.edgeFrom[a >> 1] : g.edgeTo[a >> 1]);
  const head = (a: number) => ((a & 1) === 0 ? g.edgeTo[a >> 1] : g.edgeFrom[a >> 1]);
  for (let e = 0; e < g.edgeCount; e++) {
    degree[g.edgeFrom[e]]++;
    degree[g.edgeTo[e]]++;
  }
  for (let a = 0; a < A; a++) {
    if (!isDrivable(g, a)) continue;
    inCount[head(a) + 1]++;
    outCount[tail(a) + 1]++;
  }
  for (let j = 0; j < N; j++) {
    inCount[j + 1] += inCount[j];
    outCount[j + 1] += outCount[j];
  }
  const inArcs = new Uint32Array(inCount[N]);
  const outArcs = new Uint32Array(outCount[N]);
  const inFill = inCount.slice(0, N);
  const outFill = outCount.slice(0, N);
  for (let a = 0; a < A; a++) {
    if (!isDrivable(g, a)) continue;
    inArcs[inFill[head(a)]++] = a;
    outArcs[outFill[tail(a)]++] = a;
  }

  // Restrictions → forbidden (from arc, to arc) pairs and "only" sets.
  const wayAtHead = (a: number) => ((a & 1) === 0 ? g.edgeWayLast[a >> 1] : g.edgeWayFirst[a >> 1]);
  const wayAtTail = (a: number) => ((a & 1) === 0 ? g.edgeWayFirst[a >> 1] : g.edgeWayLast[a >> 1]);
  const forbidden = new Set<number>();
  const onlyTo = new Map<number, Set<number>>();
  let applied = 0;
  let unmatched = 0;
  restrictions.forEach((r, k) => {
    const j = viaJunctions[k];
    if (j < 0) {
      unmatched++;
      return;
    }
    const froms: number[] = [];
    const tos: number[] = [];
    for (let i = inCount[j]; i < inCount[j + 1]; i++) if (wayAtHead(inArcs[i]) === r.from) froms.push(inArcs[i]);
    for (let i = outCount[j]; i < outCount[j + 1]; i++) if (wayAtTail(outArcs[i]) === r.to) tos.push(outArcs[i]);
    if (froms.length === 0 || tos.length === 0) {
      unmatched++;
      return;
    }
    applied++;
    for (const a of froms) {
      switch (r.kind) {
        case 'no':
          for (const b of tos) if (r.value !== 'no_u_turn' || r.from !== r.to || b === (a ^ 1)) forbidden.add(a * A + b);
          break;
        case 'only': {
          const set = onlyTo.get(a) ?? new Set<number>();
          for (const b of tos) set.add(b);
          onlyTo.set(a, set);
          break;
        }
      }
    }
  });

  const { depart, arrive } = arcBearings(g);
  const t = profile.turns;
  const entryWeight = profile.access.destinationOnlyEntryWeight;
  const start = new Uint32Array(A + 1);
  const to: number[] = [];
  const time: number[] = [];
  const weight: number[] = [];
  for (let a = 0; a < A; a++) {
    start[a] = to.length;
    if (!isDrivable(g, a)) continue;
    const j = head(a);
    const barrier = junctions.barrier[j] === 1;
    const uTurnOk = t.uTurns === 'everywhere' || degree[j] === 1 || barrier;
    const only = onlyTo.get(a);
    for (let i = outCount[j]; i < outCount[j + 1]; i++) {
      const b = outArcs[i];
      const uTurn = b === (a ^ 1);
      if (uTurn ? !uTurnOk : barrier) continue;
      if (only && !only.has(b)) continue;
      if (forbidden.has(a * A + b)) continue;
      let s = junctions.signal[j] ? t.trafficSignalPenalty : 0;
      if (uTurn) s += turnPenalty(profile, 180) + t.uTurnPenalty;
      else if (degree[j] > 2) {
        let angle = depart[b] - arrive[a];
        if (angle > 180) angle -= 360;
        else if (angle <= -180) angle += 360;
        s += turnPenalty(profile, angle);
      }
      to.push(b);
      time.push(s);
      weight.push(s + (isDestinationOnly(g, b) && !isDestinationOnly(g, a) ? entryWeight : 0));
    }
  }
  start[A] = to.length;
  return {
    turnStart: start,
    turnTo: Uint32Array.from(to),
    turnTime: Float32Array.from(time),
    turnWeight: Float32Array.from(weight),
    stats: { read: restrictions.length, applied, unmatched },
  };
}
