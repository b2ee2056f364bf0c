/**
 * Where things are, for the editor: snapping a clicked position to the nearest road point,
 * and choosing the stops inside a drawn polygon or in angular sectors around the depot.
 * Positions are [lon, lat] for city instances (measured in local metres, an equirectangular
 * projection that is exact enough across one city) or planar [x, y] for benchmark files.
 */
import { depotMask, type CoordSystem, type Instance } from '../instance';

export type XY = [number, number];

/** Projects [lon, lat] to metres around a reference point; planar coordinates pass through. */
export function projector(system: CoordSystem, ref: XY): (p: XY) => XY {
  if (system === 'planar') return (p) => p;
  const kx = 111_320 * Math.cos((ref[1] * Math.PI) / 180);
  const ky = 110_540;
  return (p) => [(p[0] - ref[0]) * kx, (p[1] - ref[1]) * ky];
}

export interface Snap {
  /** Index of the chosen point. */
  index: number;
  /** How far the chosen point is from the click (metres for lon/lat). */
  distance: number;
}

/**
 * The point of `points` (2n values) nearest to `at`, skipping the indices in `exclude`
 * (road points that already are a node). Null when every point is excluded.
 */
export function nearestPoint(points: Float64Array, at: XY, exclude?: ReadonlySet<number>, system: CoordSystem = 'lonlat'): Snap | null {
  const project = projector(system, at);
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; 2 * i + 1 < points.length; i++) {
    if (exclude?.has(i)) continue;
    const [x, y] = project([points[2 * i], points[2 * i + 1]]);
    const d = x * x + y * y;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  if (best < 0) return null;
  const [ox, oy] = project(at);
  const [x, y] = project([points[2 * best], points[2 * best + 1]]);
  return { index: best, distance: Math.hypot(x - ox, y - oy) };
}

/** Even–odd rule; the ring may be open or closed. */
export function pointInPolygon(p: XY, ring: readonly XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function nodeXY(inst: Instance, i: number): XY {
  return [inst.coords![2 * i], inst.coords![2 * i + 1]];
}

/** Client nodes (never depots) inside the polygon, in node order; none without coordinates. */
export function nodesInPolygon(inst: Instance, ring: readonly XY[]): number[] {
  if (!inst.coords || ring.length < 3) return [];
  const mask = depotMask(inst);
  const out: number[] = [];
  for (let i = 0; i < inst.n; i++) if (!mask[i] && pointInPolygon(nodeXY(inst, i), ring)) out.push(i);
  return out;
}

/** The point sectors are measured around: the depot, else the centroid of the nodes. */
export function sectorOrigin(inst: Instance): XY | null {
  if (!inst.coords) return null;
  if (inst.depot >= 0) return nodeXY(inst, inst.depot);
  let x = 0;
  let y = 0;
  for (let i = 0; i < inst.n; i++) {
    x += inst.coords[2 * i];
    y += inst.coords[2 * i + 1];
  }
  return [x / inst.n, y / inst.n];
}

/**
 * Sector of a position among `sectors` equal wedges around the origin: sector 0 starts due
 * north and they go clockwise (compass bearings), so sector s covers bearings
 * [s·360/sectors, (s+1)·360/sectors).
 */
export function sectorAt(inst: Instance, p: XY, sectors: number): number {
  const origin = sectorOrigin(inst);
  if (!origin) return -1;
  const project = projector(inst.coordSystem, origin);
  const [x, y] = project(p);
  let bearing = (Math.atan2(x, y) * 180) / Math.PI;
  if (bearing < 0) bearing += 360;
  return Math.min(sectors - 1, Math.floor((bearing / 360) * sectors));
}

/** Client nodes whose position lies in one of the given sectors. */
export function nodesInSectors(inst: Instance, chosen: Iterable<number>, sectors: number): number[] {
  if (!inst.coords) return [];
  const want = new Set(chosen);
  const mask = depotMask(inst);
  const out: number[] = [];
  for (let i = 0; i < inst.n; i++) if (!mask[i] && want.has(sectorAt(inst, nodeXY(inst, i), sectors))) out.push(i);
  return out;
}

/** How far the farthest node is from the sector origin (in the instance's metres/units). */
export function reach(inst: Instance): number {
  const origin = sectorOrigin(inst);
  if (!origin || !inst.coords) return 0;
  const project = projector(inst.coordSystem, origin);
  let r = 0;
  for (let i = 0; i < inst.n; i++) {
    const [x, y] = project(nodeXY(inst, i));
    r = Math.max(r, Math.hypot(x, y));
  }
  return r;
}

/** A wedge as a closed ring of positions (for drawing), `radius` in metres / planar units. */
export function sectorRing(inst: Instance, sector: number, sectors: number, radius: number, steps = 12): XY[] {
  const origin = sectorOrigin(inst);
  if (!origin) return [];
  const kx = inst.coordSystem === 'planar' ? 1 : 111_320 * Math.cos((origin[1] * Math.PI) / 180);
  const ky = inst.coordSystem === 'planar' ? 1 : 110_540;
  const ring: XY[] = [origin];
  const a0 = (sector * 360) / sectors;
  const a1 = ((sector + 1) * 360) / sectors;
  for (let s = 0; s <= steps; s++) {
    const b = ((a0 + ((a1 - a0) * s) / steps) * Math.PI) / 180;
    ring.push([origin[0] + (radius * Math.sin(b)) / kx, origin[1] + (radius * Math.cos(b)) / ky]);
  }
  ring.push(origin);
  return ring;
}
