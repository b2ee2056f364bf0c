/**
 * Cutting map geometry to the box a city's basemap covers, so that a forest or a motorway that
 * runs far beyond the town costs nothing. Coordinates are flat [lon, lat, lon, lat, …] arrays.
 */

/** [west, south, east, north] in degrees. */
export type Box = [number, number, number, number];

export function inBox(box: Box, lon: number, lat: number): boolean {
  return lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
}

export function expandBox(box: Box, metres: number): Box {
  const midLat = (box[1] + box[3]) / 2;
  const dLat = metres / 110_540;
  const dLon = metres / (111_320 * Math.cos((midLat * Math.PI) / 180));
  return [box[0] - dLon, box[1] - dLat, box[2] + dLon, box[3] + dLat];
}

/**
 * The runs of a line that lie in the box, each kept with one vertex beyond the box at either
 * end, so that a road leaves the map's edge instead of stopping short of it.
 */
export function clipLine(box: Box, coords: ArrayLike<number>): number[][] {
  const n = coords.length / 2;
  const pieces: number[][] = [];
  let i = 0;
  while (i < n) {
    while (i < n && !inBox(box, coords[2 * i], coords[2 * i + 1])) i++;
    if (i >= n) break;
    const start = Math.max(0, i - 1);
    while (i < n && inBox(box, coords[2 * i], coords[2 * i + 1])) i++;
    const end = Math.min(n - 1, i);
    if (end > start) pieces.push(Array.from({ length: 2 * (end - start + 1) }, (_, k) => coords[2 * start + k]));
  }
  return pieces;
}

type Edge = { axis: 0 | 1; value: number; keepAbove: boolean };

function clipRingEdge(ring: number[], e: Edge): number[] {
  const out: number[] = [];
  const n = ring.length / 2;
  const inside = (k: number) => (e.keepAbove ? ring[2 * k + e.axis] >= e.value : ring[2 * k + e.axis] <= e.value);
  for (let k = 0; k < n; k++) {
    const j = (k + n - 1) % n;
    const a = inside(j);
    const b = inside(k);
    if (a !== b) {
      const t = (e.value - ring[2 * j + e.axis]) / (ring[2 * k + e.axis] - ring[2 * j + e.axis]);
      out.push(ring[2 * j] + t * (ring[2 * k] - ring[2 * j]), ring[2 * j + 1] + t * (ring[2 * k + 1] - ring[2 * j + 1]));
    }
    if (b) out.push(ring[2 * k], ring[2 * k + 1]);
  }
  return out;
}

/**
 * A closed ring cut to the box (Sutherland–Hodgman against the four sides); the result has no
 * repeated closing vertex and is empty when nothing of the ring is inside.
 */
export function clipRing(box: Box, coords: ArrayLike<number>): number[] {
  let ring = Array.from(coords);
  const last = ring.length - 2;
  if (ring.length >= 4 && ring[0] === ring[last] && ring[1] === ring[last + 1]) ring = ring.slice(0, last);
  for (const e of [
    { axis: 0, value: box[0], keepAbove: true },
    { axis: 0, value: box[2], keepAbove: false },
    { axis: 1, value: box[1], keepAbove: true },
    { axis: 1, value: box[3], keepAbove: false },
  ] as Edge[]) {
    if (ring.length < 6) return [];
    ring = clipRingEdge(ring, e);
  }
  return ring.length >= 6 ? ring : [];
}

/** Twice the signed area (shoelace) of a ring without its closing vertex: > 0 counter-clockwise. */
export function signedArea2(ring: ArrayLike<number>): number {
  const n = ring.length / 2;
  let s = 0;
  for (let k = 0; k < n; k++) {
    const j = (k + 1) % n;
    s += ring[2 * k] * ring[2 * j + 1] - ring[2 * j] * ring[2 * k + 1];
  }
  return s;
}

export function pointInRing(ring: ArrayLike<number>, lon: number, lat: number): boolean {
  const n = ring.length / 2;
  let inside = false;
  for (let k = 0, j = n - 1; k < n; j = k++) {
    const yk = ring[2 * k + 1];
    const yj = ring[2 * j + 1];
    if (yk > lat !== yj > lat && lon < ((ring[2 * j] - ring[2 * k]) * (lat - yk)) / (yj - yk) + ring[2 * k]) inside = !inside;
  }
  return inside;
}
