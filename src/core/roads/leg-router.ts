/**
 * What drawing routes along the streets needs of a road network: put a stop on the nearest road
 * (once: the worker remembers it), and find the path between two such positions. core/osm does
 * the work (its segment index snaps, its router searches and traces the geometry); this only
 * binds them to one decoded network.
 */
import type { RoadGraph } from '../osm/road-graph';
import { roadPath } from '../osm/road-path';
import type { RoadPosition } from '../osm/road-position';
import { RoadRouter } from '../osm/router';
import { SegmentIndex } from '../osm/segment-index';
import { decodeRoadFile } from './road-file';

export interface LegRouter<Snap = unknown> {
  /** The nearest position on a road, or null when the network has none near enough. */
  snap(lon: number, lat: number): Snap | null;
  /** The path as [lon, lat] flat, from one snapped position to the other; null when there is none. */
  path(from: Snap, to: Snap): Float64Array | null;
  /** What the network holds. */
  readonly size: { edges: number; vertices: number };
}

/**
 * Stops are road points of the city, metres from a road of the network; a point further than
 * this is not on it (another city's point, an edited stop off the map), and its legs stay straight.
 */
export const MAX_SNAP_M = 250;

export function legRouter(graph: RoadGraph): LegRouter<RoadPosition> {
  const index = new SegmentIndex(graph);
  const router = new RoadRouter(graph);
  return {
    snap: (lon, lat) => index.nearest(lon, lat, MAX_SNAP_M),
    path: (from, to) => roadPath(graph, from, to, router)?.coords ?? null,
    size: { edges: graph.edgeCount, vertices: graph.vertexLon.length },
  };
}

export function openLegRouter(file: string, bytes: Uint8Array): LegRouter {
  return legRouter(decodeRoadFile(file, bytes)) as LegRouter;
}
