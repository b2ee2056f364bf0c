/**
 * Road-following geometry: the route between two positions as a polyline along the road
 * geometry, for drawing a run's routes on the map.
 */
import type { RoadGraph } from './road-graph';
import { offsetM, type RoadPosition } from './road-position';
import { RoadRouter, TargetSet } from './router';

export interface RoadPath {
  distanceM: number;
  durationS: number;
  /** lon, lat pairs from the source position to the target position. */
  coords: Float64Array;
  /** Arcs driven (2·edge forward, 2·edge+1 backward), first partial from the source, last partial to the target. */
  arcs: number[];
}

/** Vertices of edge e between two offsets (metres from its first vertex), in driving order. */
function appendBetween(g: RoadGraph, e: number, fromOff: number, toOff: number, out: number[]): void {
  const first = g.edgeGeom[e];
  const last = g.edgeGeom[e + 1] - 1;
  const point = (off: number) => {
    let k = first;
    while (k < last - 1 && g.vertexDist[k + 1] < off) k++;
    const seg = g.vertexDist[k + 1] - g.vertexDist[k];
    const t = seg > 0 ? Math.max(0, Math.min(1, (off - g.vertexDist[k]) / seg)) : 0;
    return [g.vertexLon[k] + t * (g.vertexLon[k + 1] - g.vertexLon[k]), g.vertexLat[k] + t * (g.vertexLat[k + 1] - g.vertexLat[k])];
  };
  const push = (lon: number, lat: number) => {
    const n = out.length;
    if (n >= 2 && out[n - 2] === lon && out[n - 1] === lat) return;
    out.push(lon, lat);
  };
  const [sLon, sLat] = point(fromOff);
  push(sLon, sLat);
  if (toOff >= fromOff) {
    for (let k = first; k <= last; k++) if (g.vertexDist[k] > fromOff && g.vertexDist[k] < toOff) push(g.vertexLon[k], g.vertexLat[k]);
  } else {
    for (let k = last; k >= first; k--) if (g.vertexDist[k] < fromOff && g.vertexDist[k] > toOff) push(g.vertexLon[k], g.vertexLat[k]);
  }
  const [eLon, eLat] = point(toOff);
  push(eLon, eLat);
}

/** Polyline of a route given by its arcs (as returned by RoadRouter.arcsTo). */
export function pathCoords(g: RoadGraph, source: RoadPosition, target: RoadPosition, arcs: number[]): Float64Array {
  const out: number[] = [];
  arcs.forEach((a, i) => {
    const e = a >> 1;
    const len = g.vertexDist[g.edgeGeom[e + 1] - 1];
    const forward = (a & 1) === 0;
    const from = i === 0 ? offsetM(g, source) : forward ? 0 : len;
    const to = i === arcs.length - 1 ? offsetM(g, target) : forward ? len : 0;
    appendBetween(g, e, from, to, out);
  });
  return Float64Array.from(out);
}

/**
 * Routes from one source to several targets at once (one search), with their geometry. Null for
 * an unreachable target. Reuse a router across calls to avoid reallocating its arrays.
 */
export function roadPaths(g: RoadGraph, source: RoadPosition, targets: RoadPosition[], router = new RoadRouter(g)): (RoadPath | null)[] {
  const set = new TargetSet(g, targets);
  const r = router.search(source, set);
  return targets.map((t, j) => {
    if (!Number.isFinite(r.weight[j])) return null;
    const arcs = router.arcsTo(r.via[j]);
    return { distanceM: r.dist[j], durationS: r.time[j], coords: pathCoords(g, source, t, arcs), arcs };
  });
}

export function roadPath(g: RoadGraph, source: RoadPosition, target: RoadPosition, router?: RoadRouter): RoadPath | null {
  return roadPaths(g, source, [target], router)[0];
}
