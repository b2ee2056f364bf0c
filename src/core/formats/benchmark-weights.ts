/**
 * Arc costs of planar benchmarks. Published best-known costs are only reproducible with the
 * exact per-arc rule of each set (TSPLIB nint, DIMACS one-decimal truncation), so every rule
 * lives here, once, and both the TSPLIB and Solomon parsers use it.
 */
import type { Rounding } from '../instance';

export const COORD_WEIGHT_TYPES = ['EUC_2D', 'CEIL_2D', 'ATT', 'MAN_2D', 'MAX_2D', 'GEO'] as const;
export type CoordWeightType = (typeof COORD_WEIGHT_TYPES)[number];

export const EXPLICIT_FORMATS = [
  'FULL_MATRIX',
  'UPPER_ROW',
  'LOWER_ROW',
  'UPPER_DIAG_ROW',
  'LOWER_DIAG_ROW',
  'UPPER_COL',
  'LOWER_COL',
  'UPPER_DIAG_COL',
  'LOWER_DIAG_COL',
] as const;
export type ExplicitFormat = (typeof EXPLICIT_FORMATS)[number];

/** TSPLIB's nint is (int)(x + 0.5), which is Math.round for the non-negative values used here. */
function nint(x: number): number {
  return Math.floor(x + 0.5);
}

/**
 * A Euclidean arc under a rounding convention. trunc1 takes the root of 100·d² so that exact
 * tenths (integer coordinates) stay exact; the epsilon absorbs the error of decimal coordinates.
 */
export function euclidean(dx: number, dy: number, rounding: Rounding): number {
  const sq = dx * dx + dy * dy;
  switch (rounding) {
    case 'nint':
      return nint(Math.sqrt(sq));
    case 'trunc1':
      return Math.floor(Math.sqrt(100 * sq) + 1e-9) / 10;
    default:
      return Math.sqrt(sq);
  }
}

/** TSPLIB GEO: DDD.MM means degrees and minutes; the 5/3 turns minutes into hundredths of a degree. */
export function geoDegrees(x: number): number {
  const deg = Math.trunc(x);
  return deg + (5 * (x - deg)) / 3;
}

function geoDistance(latA: number, lonA: number, latB: number, lonB: number): number {
  const PI = 3.141592; // TSPLIB's own constant: optimal tour lengths depend on it
  const RRR = 6378.388;
  const la = (PI * geoDegrees(latA)) / 180;
  const lb = (PI * geoDegrees(latB)) / 180;
  const q1 = Math.cos((PI * geoDegrees(lonA)) / 180 - (PI * geoDegrees(lonB)) / 180);
  const q2 = Math.cos(la - lb);
  const q3 = Math.cos(la + lb);
  return Math.trunc(RRR * Math.acos(0.5 * ((1 + q1) * q2 - (1 - q1) * q3)) + 1);
}

function coordMetric(type: CoordWeightType, rounding: Rounding): (ax: number, ay: number, bx: number, by: number) => number {
  switch (type) {
    case 'EUC_2D':
      return (ax, ay, bx, by) => euclidean(ax - bx, ay - by, rounding);
    case 'CEIL_2D':
      return (ax, ay, bx, by) => Math.ceil(Math.sqrt((ax - bx) ** 2 + (ay - by) ** 2));
    case 'ATT':
      return (ax, ay, bx, by) => {
        const r = Math.sqrt(((ax - bx) ** 2 + (ay - by) ** 2) / 10);
        const t = nint(r);
        return t < r ? t + 1 : t;
      };
    case 'MAN_2D':
      return (ax, ay, bx, by) => nint(Math.abs(ax - bx) + Math.abs(ay - by));
    case 'MAX_2D':
      return (ax, ay, bx, by) => Math.max(nint(Math.abs(ax - bx)), nint(Math.abs(ay - by)));
    case 'GEO':
      return geoDistance;
  }
}

/** n×n matrix from planar [x, y] pairs; every supported metric is symmetric, so each pair is computed once. */
export function coordMatrix(n: number, coords: Float64Array, type: CoordWeightType, rounding: Rounding): Float64Array {
  const metric = coordMetric(type, rounding);
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = metric(coords[2 * i], coords[2 * i + 1], coords[2 * j], coords[2 * j + 1]);
      m[i * n + j] = d;
      m[j * n + i] = d;
    }
  }
  return m;
}

/**
 * A column-wise triangle lists the same pairs in the same order as the opposite row-wise
 * triangle, transposed; the matrix is symmetric, so the twin's cell order serves as is.
 */
const ROW_TWIN: Record<ExplicitFormat, ExplicitFormat> = {
  FULL_MATRIX: 'FULL_MATRIX',
  UPPER_ROW: 'UPPER_ROW',
  LOWER_ROW: 'LOWER_ROW',
  UPPER_DIAG_ROW: 'UPPER_DIAG_ROW',
  LOWER_DIAG_ROW: 'LOWER_DIAG_ROW',
  UPPER_COL: 'LOWER_ROW',
  LOWER_COL: 'UPPER_ROW',
  UPPER_DIAG_COL: 'LOWER_DIAG_ROW',
  LOWER_DIAG_COL: 'UPPER_DIAG_ROW',
};

export function explicitCount(format: ExplicitFormat, n: number): number {
  if (format === 'FULL_MATRIX') return n * n;
  return format.includes('DIAG') ? (n * (n + 1)) / 2 : (n * (n - 1)) / 2;
}

/** The [row, column] cell each successive EDGE_WEIGHT_SECTION value belongs to. */
export function* explicitCells(format: ExplicitFormat, n: number): Generator<[number, number]> {
  const f = ROW_TWIN[format];
  for (let i = 0; i < n; i++) {
    const from = f === 'FULL_MATRIX' || f === 'LOWER_ROW' || f === 'LOWER_DIAG_ROW' ? 0 : f === 'UPPER_ROW' ? i + 1 : i;
    const to = f === 'FULL_MATRIX' || f === 'UPPER_ROW' || f === 'UPPER_DIAG_ROW' ? n : f === 'LOWER_ROW' ? i : i + 1;
    for (let j = from; j < to; j++) yield [i, j];
  }
}

/** Builds the matrix from values in cell order; triangles are mirrored and the diagonal is 0. */
export function explicitMatrix(format: ExplicitFormat, n: number, values: ArrayLike<number>): Float64Array {
  const m = new Float64Array(n * n);
  const mirror = format !== 'FULL_MATRIX';
  let k = 0;
  for (const [i, j] of explicitCells(format, n)) {
    const v = i === j ? 0 : values[k];
    k++;
    m[i * n + j] = v;
    if (mirror) m[j * n + i] = v;
  }
  return m;
}
