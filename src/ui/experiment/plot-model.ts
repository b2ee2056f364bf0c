/**
 * The experiment plots as numbers: box-plot statistics and a kernel density for the gap
 * distributions, axis ticks, and the step path of a performance profile. No React here, so it
 * is unit tested directly.
 */
import { quantileSorted, stdev } from '../../core/experiment/stats';

export interface BoxStats {
  q1: number;
  median: number;
  q3: number;
  /** The most extreme values within 1.5 IQR of the box. */
  low: number;
  high: number;
  outliers: number[];
}

/** `sorted` ascending and non-empty. */
export function boxStats(sorted: readonly number[]): BoxStats {
  const q1 = quantileSorted(sorted, 0.25);
  const median = quantileSorted(sorted, 0.5);
  const q3 = quantileSorted(sorted, 0.75);
  const fence = 1.5 * (q3 - q1);
  const inside = sorted.filter((x) => x >= q1 - fence && x <= q3 + fence);
  return { q1, median, q3, low: inside[0] ?? q1, high: inside[inside.length - 1] ?? q3, outliers: sorted.filter((x) => x < q1 - fence || x > q3 + fence) };
}

/** Silverman's rule of thumb, 0.9 · min(s, IQR / 1.34) · n^(−1/5); a small width when all values agree. */
export function bandwidth(sorted: readonly number[]): number {
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  const s = sorted.length > 1 ? stdev(sorted) : 0;
  const spread = Math.min(s, iqr / 1.34) || s || Math.abs(sorted[0] ?? 1) * 0.01 || 0.01;
  return 0.9 * spread * Math.pow(Math.max(1, sorted.length), -0.2);
}

/** Gaussian kernel density at each point of `grid`. */
export function density(values: readonly number[], grid: readonly number[], h: number): number[] {
  const norm = 1 / (values.length * h * Math.sqrt(2 * Math.PI));
  return grid.map((g) => {
    let sum = 0;
    for (const v of values) {
      const z = (g - v) / h;
      if (z > -6 && z < 6) sum += Math.exp(-0.5 * z * z);
    }
    return sum * norm;
  });
}

export function linspace(lo: number, hi: number, n: number): number[] {
  if (n < 2 || hi === lo) return [lo];
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** About `count` round ticks (1, 2 or 5 × 10^k apart) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  // toPrecision drops the float noise of k · step (0.6000000000000001).
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/**
 * A performance profile's steps as SVG path data: the share of `instances` within x of the
 * reference, for sorted `gaps`, from x = 0 to x = xMax.
 */
export function profilePath(gaps: readonly number[], instances: number, x: (v: number) => number, y: (share: number) => number, xMax: number): string {
  if (instances === 0) return '';
  let k = 0;
  while (k < gaps.length && gaps[k] <= 0) k++;
  const parts = [`M${x(0).toFixed(1)},${y(k / instances).toFixed(1)}`];
  while (k < gaps.length && gaps[k] <= xMax) {
    const g = gaps[k];
    while (k < gaps.length && gaps[k] === g) k++;
    parts.push(`H${x(g).toFixed(1)}V${y(k / instances).toFixed(1)}`);
  }
  parts.push(`H${x(xMax).toFixed(1)}`);
  return parts.join('');
}

/** At most `most` values, evenly spread over the sorted list (outlier dots stay readable and cheap). */
export function thin<T>(values: readonly T[], most: number): T[] {
  if (values.length <= most) return [...values];
  const step = values.length / most;
  return Array.from({ length: most }, (_, i) => values[Math.floor(i * step)]);
}
