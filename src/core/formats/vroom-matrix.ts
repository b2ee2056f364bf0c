/**
 * The matrix part of a VROOM problem: `matrices.<profile>.{durations, distances}` or the legacy
 * top-level `matrix` (durations only). Cells are kept as given (seconds, metres); the export
 * sentinel for "no road" comes back as Infinity so a round trip keeps unreachable pairs explicit.
 */
import { checkDimension, fail } from './text';
import { asArray, asRecord, foundText } from './json-fields';

/**
 * Largest value RouteLab writes into a VROOM file. VROOM reads matrix cells, amounts and times
 * as unsigned 32-bit integers, so Infinity (no road, no capacity, no deadline) cannot be written
 * as such; 2^31 − 1 fits both signed and unsigned readers and is 68 years in seconds, far from
 * any real value. Importers read anything at or above it back as Infinity.
 */
export const VROOM_MAX = 2_147_483_647;

export function fromVroomValue(x: number): number {
  return x >= VROOM_MAX ? Infinity : x;
}

export interface VroomMatrix {
  /** Locations (rows) in the file's matrix. */
  size: number;
  durations: Float64Array;
  distances: Float64Array | null;
  /** Where the matrix came from, for messages: `matrices.car`, `matrix`. */
  source: string;
}

function readSquare(file: string, v: unknown, field: string, warn: (w: string) => void): { size: number; data: Float64Array } {
  const rows = asArray(file, v, field, 'a square matrix (an array of rows)');
  const size = checkDimension(file, rows.length, { field });
  const data = new Float64Array(size * size);
  let fractional = 0;
  let huge = 0;
  rows.forEach((row, i) => {
    const cells = asArray(file, row, `${field}[${i}]`, `a row of ${size} numbers`);
    if (cells.length !== size) {
      fail(file, `a row of ${size} numbers (the matrix must be square)`, { field: `${field}[${i}]`, found: `${cells.length} values` });
    }
    cells.forEach((c, j) => {
      if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) {
        // VROOM has no marker for a missing road: a null or negative cell is an error, not a guess.
        fail(file, 'a non-negative number (VROOM matrices have no unreachable marker)', { field: `${field}[${i}][${j}]`, found: foundText(c) });
      }
      if (!Number.isInteger(c)) fractional++;
      if (c >= VROOM_MAX) huge++;
      data[i * size + j] = fromVroomValue(c);
    });
  });
  if (fractional > 0) warn(`${field}: ${fractional} fractional cells kept as they are (VROOM itself only accepts integers)`);
  if (huge > 0) warn(`${field}: ${huge} cells ≥ ${VROOM_MAX} read as unreachable`);
  return { size, data };
}

/**
 * The one matrix RouteLab uses: that of the vehicles' profile. Returns null when the file has
 * no matrix at all (the caller decides whether coordinates can stand in).
 */
export function readVroomMatrix(
  file: string,
  json: Record<string, unknown>,
  profile: string,
  warn: (w: string) => void,
): VroomMatrix | null {
  if (json.matrices !== undefined) {
    const all = asRecord(file, json.matrices, 'matrices', 'an object of matrices per profile ({"car": {"durations": ...}})');
    let key = profile;
    if (all[key] === undefined) {
      const keys = Object.keys(all);
      if (keys.length !== 1) {
        fail(file, `a matrix for the vehicles' profile "${profile}"`, { field: `matrices.${profile}`, found: `profiles ${keys.join(', ') || '(none)'}` });
      }
      key = keys[0];
      warn(`vehicles use profile "${profile}" but the only matrix is "${key}": using it`);
    }
    const entry = asRecord(file, all[key], `matrices.${key}`, 'an object with durations (and distances)');
    if (entry.durations === undefined) fail(file, 'a durations matrix', { field: `matrices.${key}.durations`, found: 'nothing' });
    const dur = readSquare(file, entry.durations, `matrices.${key}.durations`, warn);
    let distances: Float64Array | null = null;
    if (entry.distances !== undefined) {
      const dist = readSquare(file, entry.distances, `matrices.${key}.distances`, warn);
      if (dist.size !== dur.size) {
        fail(file, `a ${dur.size}×${dur.size} distances matrix like durations`, { field: `matrices.${key}.distances`, found: `${dist.size}×${dist.size}` });
      }
      distances = dist.data;
    }
    if (entry.costs !== undefined) warn(`matrices.${key}.costs ignored: RouteLab scores routes by its own objective`);
    const others = Object.keys(all).filter((k) => k !== key);
    if (others.length > 0) warn(`matrices for profiles ${others.join(', ')} ignored (no vehicle uses them)`);
    return { size: dur.size, durations: dur.data, distances, source: `matrices.${key}` };
  }
  if (json.matrix !== undefined) {
    const dur = readSquare(file, json.matrix, 'matrix', warn);
    return { size: dur.size, durations: dur.data, distances: null, source: 'matrix' };
  }
  return null;
}
