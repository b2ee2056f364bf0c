/**
 * Nearest road position to a point: a uniform grid over the graph's segments (in a local metric
 * projection) searched ring by ring, and an exact projection onto each candidate segment, as
 * OSRM snaps a coordinate to its nearest road.
 */
import { LocalProjection, haversineM } from './geo';
import { EDGE, type RoadGraph } from './road-graph';
import type { RoadPosition } from './road-position';

/** Edges a trip may start or end on: startpoints whose drivable arcs reach the whole network. */
export function routableEdge(g: RoadGraph): (e: number) => boolean {
  return (e) => (g.edgeFlags[e] & (EDGE.STARTPOINT | EDGE.IN_LARGEST_SCC)) === (EDGE.STARTPOINT | EDGE.IN_LARGEST_SCC);
}

export class SegmentIndex {
  readonly proj: LocalProjection;
  private cells = new Map<number, number[]>();
  private vertexEdge: Uint32Array;
  private x: Float64Array;
  private y: Float64Array;
  private minCx = Infinity;
  private maxCx = -Infinity;
  private minCy = Infinity;
  private maxCy = -Infinity;

  constructor(
    readonly graph: RoadGraph,
    accept: (edge: number) => boolean = routableEdge(graph),
    readonly cellM = 50,
  ) {
    const g = graph;
    const V = g.vertexLon.length;
    let lon0 = 0;
    let lat0 = 0;
    for (let i = 0; i < g.nodeCount; i++) {
      lon0 += g.nodeLon[i];
      lat0 += g.nodeLat[i];
    }
    this.proj = new LocalProjection(g.nodeCount ? lon0 / g.nodeCount : 0, g.nodeCount ? lat0 / g.nodeCount : 0);
    this.x = new Float64Array(V);
    this.y = new Float64Array(V);
    for (let v = 0; v < V; v++) {
      this.x[v] = this.proj.x(g.vertexLon[v]);
      this.y[v] = this.proj.y(g.vertexLat[v]);
    }
    this.vertexEdge = new Uint32Array(V);
    for (let e = 0; e < g.edgeCount; e++) {
      const first = g.edgeGeom[e];
      const last = g.edgeGeom[e + 1] - 1;
      this.vertexEdge.fill(e, first, last + 1);
      if (!accept(e)) continue;
      for (let k = first; k < last; k++) {
        const cx0 = Math.floor(Math.min(this.x[k], this.x[k + 1]) / cellM);
        const cx1 = Math.floor(Math.max(this.x[k], this.x[k + 1]) / cellM);
        const cy0 = Math.floor(Math.min(this.y[k], this.y[k + 1]) / cellM);
        const cy1 = Math.floor(Math.max(this.y[k], this.y[k + 1]) / cellM);
        for (let cx = cx0; cx <= cx1; cx++) {
          for (let cy = cy0; cy <= cy1; cy++) {
            const key = cellKey(cx, cy);
            const list = this.cells.get(key);
            if (list) list.push(k);
            else this.cells.set(key, [k]);
          }
        }
        this.minCx = Math.min(this.minCx, cx0);
        this.maxCx = Math.max(this.maxCx, cx1);
        this.minCy = Math.min(this.minCy, cy0);
        this.maxCy = Math.max(this.maxCy, cy1);
      }
    }
  }

  get empty(): boolean {
    return this.cells.size === 0;
  }

  /** The nearest accepted road position within maxDistM (metres), or null. */
  nearest(lon: number, lat: number, maxDistM = Infinity): RoadPosition | null {
    if (this.cells.size === 0) return null;
    const px = this.proj.x(lon);
    const py = this.proj.y(lat);
    const cx = Math.floor(px / this.cellM);
    const cy = Math.floor(py / this.cellM);
    let best = Infinity;
    let bestK = -1;
    let bestT = 0;
    const seen = new Set<number>();
    const maxRing = Math.max(Math.abs(cx - this.minCx), Math.abs(cx - this.maxCx), Math.abs(cy - this.minCy), Math.abs(cy - this.maxCy)) + 1;
    for (let r = 0; r <= maxRing; r++) {
      for (let dx = -r; dx <= r; dx++) {
        for (let dy = -r; dy <= r; dy++) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue;
          const list = this.cells.get(cellKey(cx + dx, cy + dy));
          if (!list) continue;
          for (const k of list) {
            if (seen.has(k)) continue;
            seen.add(k);
            const ax = this.x[k];
            const ay = this.y[k];
            const bx = this.x[k + 1] - ax;
            const by = this.y[k + 1] - ay;
            const len2 = bx * bx + by * by;
            const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * bx + (py - ay) * by) / len2)) : 0;
            const qx = ax + t * bx - px;
            const qy = ay + t * by - py;
            const d = Math.sqrt(qx * qx + qy * qy);
            if (d < best || (d === best && k < bestK)) {
              best = d;
              bestK = k;
              bestT = t;
            }
          }
        }
      }
      if (best <= r * this.cellM || r * this.cellM > maxDistM) break;
    }
    if (bestK < 0) return null;
    const g = this.graph;
    const sLon = g.vertexLon[bestK] + bestT * (g.vertexLon[bestK + 1] - g.vertexLon[bestK]);
    const sLat = g.vertexLat[bestK] + bestT * (g.vertexLat[bestK + 1] - g.vertexLat[bestK]);
    const dist = haversineM(lon, lat, sLon, sLat);
    if (dist > maxDistM) return null;
    return { edge: this.vertexEdge[bestK], segment: bestK, t: bestT, lon: sLon, lat: sLat, snapDistanceM: dist };
  }
}

function cellKey(cx: number, cy: number): number {
  return (cx + 1_000_000) * 2_000_003 + (cy + 1_000_000);
}
