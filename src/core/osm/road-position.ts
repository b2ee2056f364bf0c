/**
 * A position on the road graph: a point on one segment of one edge, like OSRM's phantom node.
 * Trips start and end at positions, so the part of the edge before or after the point is costed
 * exactly (by interpolating the edge's running sums), in each drivable direction.
 */
import type { RoadGraph } from './road-graph';

export interface RoadPosition {
  edge: number;
  /** Global vertex index of the segment's first vertex (edgeGeom[edge] ≤ segment < edgeGeom[edge+1]-1). */
  segment: number;
  /** Fraction along the segment, 0..1. */
  t: number;
  /** The point on the road, degrees. */
  lon: number;
  lat: number;
  /** Metres from the query point to the road (0 for sampled points). */
  snapDistanceM: number;
}

/** Running sum at the position (metres / seconds / weight from the edge's first vertex). */
function at(sums: Float64Array, p: RoadPosition): number {
  const a = sums[p.segment];
  return a + p.t * (sums[p.segment + 1] - a);
}

export function offsetM(g: RoadGraph, p: RoadPosition): number {
  return at(g.vertexDist, p);
}

/** Costs between a position and the ends of its edge. */
export interface PartialCosts {
  dist: number;
  time: number;
  weight: number;
}

/** From the position to the arc's head, driving along arc a (a must be 2·edge or 2·edge+1). */
export function partialToHead(g: RoadGraph, p: RoadPosition, a: number): PartialCosts {
  const last = g.edgeGeom[p.edge + 1] - 1;
  if ((a & 1) === 0) {
    return {
      dist: g.vertexDist[last] - at(g.vertexDist, p),
      time: g.vertexFwdTime[last] - at(g.vertexFwdTime, p),
      weight: g.vertexFwdWeight[last] - at(g.vertexFwdWeight, p),
    };
  }
  return { dist: at(g.vertexDist, p), time: at(g.vertexBwdTime, p), weight: at(g.vertexBwdWeight, p) };
}

/** From the arc's tail to the position, driving along arc a. */
export function partialFromTail(g: RoadGraph, p: RoadPosition, a: number): PartialCosts {
  const last = g.edgeGeom[p.edge + 1] - 1;
  if ((a & 1) === 0) return { dist: at(g.vertexDist, p), time: at(g.vertexFwdTime, p), weight: at(g.vertexFwdWeight, p) };
  return {
    dist: g.vertexDist[last] - at(g.vertexDist, p),
    time: g.vertexBwdTime[last] - at(g.vertexBwdTime, p),
    weight: g.vertexBwdWeight[last] - at(g.vertexBwdWeight, p),
  };
}

/** Whether `to` lies ahead of `from` on arc a of their shared edge. */
export function ahead(g: RoadGraph, from: RoadPosition, to: RoadPosition, a: number): boolean {
  const f = offsetM(g, from);
  const t = offsetM(g, to);
  return (a & 1) === 0 ? t >= f : t <= f;
}

/** A position at a given offset (metres) from the first vertex of edge e. */
export function positionAtOffset(g: RoadGraph, e: number, offset: number): RoadPosition {
  const first = g.edgeGeom[e];
  const last = g.edgeGeom[e + 1] - 1;
  let k = first;
  while (k < last - 1 && g.vertexDist[k + 1] < offset) k++;
  const seg = g.vertexDist[k + 1] - g.vertexDist[k];
  const t = seg > 0 ? Math.max(0, Math.min(1, (offset - g.vertexDist[k]) / seg)) : 0;
  return {
    edge: e,
    segment: k,
    t,
    lon: g.vertexLon[k] + t * (g.vertexLon[k + 1] - g.vertexLon[k]),
    lat: g.vertexLat[k] + t * (g.vertexLat[k + 1] - g.vertexLat[k]),
    snapDistanceM: 0,
  };
}
