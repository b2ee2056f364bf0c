/**
 * Where the map draws an instance's nodes. [lon, lat] instances are drawn as they are; planar
 * benchmarks (CVRPLIB, Solomon, RRNCO/CAMP unit squares) have abstract x/y, which are scaled
 * into a small box near (0°, 0°) on the background-only style (no city, so no city credit).
 * The box keeps the aspect ratio; y grows northwards as in the files' plots.
 */
import type { Instance } from '../../core/instance';

/** Side of the box the larger planar extent is scaled to, in degrees. */
export const PLANAR_BOX_DEG = 0.2;

export interface PlanarFrame {
  minX: number;
  minY: number;
  /** Degrees per file unit. */
  scale: number;
}

const cache = new WeakMap<Instance, Float64Array | null>();
const frames = new WeakMap<Instance, PlanarFrame>();

/** [[west, south], [east, north]] of [x, y] / [lon, lat] pairs, or null when there are none. */
export function boundsOf(pairs: Float64Array): [[number, number], [number, number]] | null {
  if (pairs.length < 2) return null;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    w = Math.min(w, pairs[i]);
    e = Math.max(e, pairs[i]);
    s = Math.min(s, pairs[i + 1]);
    n = Math.max(n, pairs[i + 1]);
  }
  return [
    [w, s],
    [e, n],
  ];
}

export function planarFrame(coords: Float64Array): PlanarFrame {
  const b = boundsOf(coords);
  const [[minX, minY], [maxX, maxY]] = b ?? [
    [0, 0],
    [0, 0],
  ];
  const span = Math.max(maxX - minX, maxY - minY);
  return { minX, minY, scale: span > 0 ? PLANAR_BOX_DEG / span : 1 };
}

/** [lon, lat] per node for drawing, or null when the instance has no coordinates. */
export function displayLonLat(instance: Instance): Float64Array | null {
  if (!instance.coords) return null;
  if (instance.coordSystem === 'lonlat') return instance.coords;
  let out = cache.get(instance);
  if (out === undefined) {
    const frame = planarFrame(instance.coords);
    frames.set(instance, frame);
    out = Float64Array.from(instance.coords, (v, k) => (v - (k % 2 === 0 ? frame.minX : frame.minY)) * frame.scale);
    cache.set(instance, out);
  }
  return out;
}

/** The inverse for a planar instance: a map position back to file x/y (for clicks on the map). */
export function displayToPlanar(instance: Instance, lon: number, lat: number): [number, number] | null {
  if (instance.coordSystem !== 'planar' || !displayLonLat(instance)) return null;
  const f = frames.get(instance)!;
  return [lon / f.scale + f.minX, lat / f.scale + f.minY];
}
