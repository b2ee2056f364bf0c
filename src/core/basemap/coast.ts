/**
 * The sea, from OSM coastlines. OSM has no sea polygons: a coastline way runs with the land on
 * its left and the water on its right. Inside the basemap's box, each stretch of coast that
 * crosses the box from edge to edge is closed into water polygons by walking the box's edge
 * clockwise (keeping the water on the right) to the next stretch. Islands (coast rings inside
 * the box) become holes. Stretches that end inside the box (a coastline the extract cut off)
 * cannot be closed and are left out.
 */
import { inBox, pointInRing, signedArea2, type Box } from './clip';

interface Piece {
  coords: number[];
  /** Clockwise position along the box's edge of the first and last points. */
  from: number;
  to: number;
}

/** The part of segment a→b inside the box as [t0, t1] along it, or null (Liang–Barsky). */
function clipSegment(box: Box, ax: number, ay: number, bx: number, by: number): [number, number] | null {
  let t0 = 0;
  let t1 = 1;
  const dx = bx - ax;
  const dy = by - ay;
  const checks: [number, number][] = [
    [-dx, ax - box[0]],
    [dx, box[2] - ax],
    [-dy, ay - box[1]],
    [dy, box[3] - ay],
  ];
  for (const [p, q] of checks) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return null;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return null;
      if (r < t1) t1 = r;
    }
  }
  return t0 <= t1 ? [t0, t1] : null;
}

/** Clockwise distance along the box's edge from its north-west corner (north edge first). */
function edgePosition(box: Box, x: number, y: number): number {
  const [w, s, e, n] = box;
  const W = e - w;
  const H = n - s;
  const d = [Math.abs(y - n), Math.abs(x - e), Math.abs(y - s), Math.abs(x - w)];
  const side = d.indexOf(Math.min(...d));
  if (side === 0) return x - w;
  if (side === 1) return W + (n - y);
  if (side === 2) return W + H + (e - x);
  return 2 * W + H + (y - s);
}

function onEdge(box: Box, x: number, y: number): boolean {
  const eps = 1e-12;
  return Math.abs(x - box[0]) < eps || Math.abs(x - box[2]) < eps || Math.abs(y - box[1]) < eps || Math.abs(y - box[3]) < eps;
}

/** The stretches of a coast chain inside the box, with whether each starts and ends on its edge. */
function piecesOf(box: Box, chain: number[]): { coords: number[]; closed: boolean }[] {
  const out: { coords: number[]; closed: boolean }[] = [];
  const n = chain.length / 2;
  let cur: number[] | null = null;
  let entered = false;
  for (let k = 0; k + 1 < n; k++) {
    const [ax, ay, bx, by] = [chain[2 * k], chain[2 * k + 1], chain[2 * k + 2], chain[2 * k + 3]];
    const t = clipSegment(box, ax, ay, bx, by);
    if (!t) continue;
    const [t0, t1] = t;
    if (!cur) {
      const px = ax + t0 * (bx - ax);
      const py = ay + t0 * (by - ay);
      cur = [px, py];
      entered = t0 > 0 || onEdge(box, px, py);
    }
    const qx = ax + t1 * (bx - ax);
    const qy = ay + t1 * (by - ay);
    cur.push(qx, qy);
    if (t1 < 1) {
      out.push({ coords: cur, closed: entered });
      cur = null;
    }
  }
  if (cur) out.push({ coords: cur, closed: entered && onEdge(box, cur[cur.length - 2], cur[cur.length - 1]) });
  return out;
}

/** Box corners clockwise from the north-west, with their edge positions. */
function corners(box: Box): [number, number, number][] {
  const [w, s, e, n] = box;
  const W = e - w;
  const H = n - s;
  return [
    [0, w, n],
    [W, e, n],
    [W + H, e, s],
    [2 * W + H, w, s],
  ];
}

/** Corners passed going clockwise from edge position a to b. */
function cornersBetween(box: Box, a: number, b: number): number[] {
  const [w, s, e, n] = box;
  const P = 2 * (e - w + (n - s));
  const span = (b - a + P) % P;
  const out: number[] = [];
  const list = corners(box)
    .map(([p, x, y]) => [((p - a + P) % P) || P, x, y] as const)
    .sort((u, v) => u[0] - v[0]);
  for (const [d, x, y] of list) if (d < span) out.push(x, y);
  return out;
}

/**
 * Water polygons (outer ring, then holes), rings closed by repeating the first vertex, from
 * coastline chains given as flat [lon, lat, …] arrays in their OSM direction.
 */
export function seaPolygons(box: Box, chains: readonly number[][]): number[][][] {
  const pieces: Piece[] = [];
  const islands: number[][] = [];
  for (const chain of chains) {
    const n = chain.length / 2;
    if (n < 2) continue;
    const ring = chain[0] === chain[2 * n - 2] && chain[1] === chain[2 * n - 1];
    let all = true;
    for (let k = 0; k < n && all; k++) all = inBox(box, chain[2 * k], chain[2 * k + 1]);
    if (ring && all) {
      islands.push(chain);
      continue;
    }
    let walk = chain;
    if (ring) {
      // Start a crossing ring outside the box, so that no stretch is split at the seam.
      const k = Array.from({ length: n }, (_, i) => i).find((i) => !inBox(box, chain[2 * i], chain[2 * i + 1]))!;
      walk = [...chain.slice(2 * k, 2 * n - 2), ...chain.slice(0, 2 * k + 2)];
    }
    for (const p of piecesOf(box, walk)) {
      if (!p.closed) continue;
      const c = p.coords;
      pieces.push({ coords: c, from: edgePosition(box, c[0], c[1]), to: edgePosition(box, c[c.length - 2], c[c.length - 1]) });
    }
  }
  if (pieces.length === 0) return [];
  const P = 2 * (box[2] - box[0] + (box[3] - box[1]));
  const used = new Set<Piece>();
  const outers: number[][] = [];
  for (const start of pieces) {
    if (used.has(start)) continue;
    const ring: number[] = [];
    let piece = start;
    for (let guard = 0; guard <= pieces.length; guard++) {
      used.add(piece);
      ring.push(...piece.coords);
      const at = piece.to;
      // The next stretch to enter clockwise from here (possibly this one, closing the ring).
      let next = start;
      let best = Infinity;
      for (const q of pieces) {
        if (used.has(q) && q !== start) continue;
        const d = (q.from - at + P) % P;
        if (d < best) {
          best = d;
          next = q;
        }
      }
      ring.push(...cornersBetween(box, at, next.from));
      if (next === start) break;
      piece = next;
    }
    ring.push(ring[0], ring[1]);
    outers.push(ring);
  }
  const polygons: number[][][] = outers.map((o) => [o]);
  for (const island of islands) {
    // Land rings run counter-clockwise; a clockwise ring is water enclosed by the coast.
    if (signedArea2(island) < 0) {
      polygons.push([island]);
      continue;
    }
    const host = polygons.find((p) => pointInRing(p[0], island[0], island[1]));
    host?.push(island);
  }
  return polygons;
}
