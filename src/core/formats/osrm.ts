/**
 * OSRM `/table` responses (sources = destinations = all points): durations in seconds and/or
 * distances in metres, `null` for pairs OSRM cannot route, `fallback_speed_cells` for pairs it
 * estimated from crow-fly distance. Nothing missing is filled in silently: an absent matrix is
 * derived from the other one with a warning, unreachable cells stay Infinity.
 */
import { OSM_ATTRIBUTION } from '../cities/city';
import type { Units } from '../instance';
import { instanceFromMatrices } from './matrix-instance';
import { checkDimension, fail, isRecord } from './text';
import { singleInstance, type LoadedFile, type ParseOptions } from './types';

/** Speed assumed to turn a distances-only table into durations. */
export const OSRM_ASSUMED_SPEED_KMH = 50;
/** A waypoint moved this far by snapping probably sits on the wrong road. */
export const OSRM_SNAP_WARN_M = 100;
/**
 * OSRM returns 0 or a few tenths below 0 for points less than about a metre apart on one road;
 * such values are rounding artefacts, not data errors, and become 0.
 */
const NEGATIVE_ARTEFACT = -1;

interface Matrix {
  values: Float64Array;
  nulls: number;
  clamped: number;
}

function readMatrix(file: string, key: 'durations' | 'distances', raw: unknown, n: number | undefined, unit: string): Matrix {
  if (!Array.isArray(raw)) fail(file, `an array of rows (${unit})`, { field: key, found: raw === null ? 'null' : typeof raw });
  if (n !== undefined && raw.length !== n) {
    fail(file, `${n} rows, like durations (both matrices cover the same points)`, { field: key, found: `${raw.length} rows` });
  }
  const size = checkDimension(file, raw.length, { field: key });
  const values = new Float64Array(size * size);
  let nulls = 0;
  let clamped = 0;
  for (let i = 0; i < size; i++) {
    const row: unknown = raw[i];
    if (!Array.isArray(row) || row.length !== size) {
      const found = Array.isArray(row) ? `${row.length} values` : row === null ? 'null' : typeof row;
      fail(file, `a row of ${size} values (the table must be square: sources = destinations)`, { field: `${key}[${i}]`, found });
    }
    for (let j = 0; j < size; j++) {
      const x: unknown = row[j];
      const k = i * size + j;
      if (x === null) {
        values[k] = Infinity;
        if (i !== j) nulls++;
        continue;
      }
      if (typeof x !== 'number' || !Number.isFinite(x) || x < NEGATIVE_ARTEFACT) {
        fail(file, `a non-negative number (${unit}) or null`, { field: `${key}[${i}][${j}]`, found: describe(x) });
      }
      if (x < 0) clamped++;
      values[k] = Math.max(0, x);
    }
  }
  return { values, nulls, clamped };
}

/** A JSON value as a user would recognise it in the file ("12" the string is not 12 the number). */
function describe(x: unknown): string {
  return typeof x === 'string' ? `the string '${x}'` : (JSON.stringify(x) ?? String(x));
}

function readFallbackCells(file: string, raw: unknown, n: number): Uint8Array | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) fail(file, 'an array of [source, destination] index pairs', { field: 'fallback_speed_cells', found: typeof raw });
  const mask = new Uint8Array(n * n);
  raw.forEach((cell: unknown, k) => {
    const ok = Array.isArray(cell) && cell.length === 2 && cell.every((x) => Number.isInteger(x) && x >= 0 && x < n);
    if (!ok) fail(file, `a pair [i, j] of node indices below ${n}`, { field: `fallback_speed_cells[${k}]`, found: describe(cell) });
    const [i, j] = cell as [number, number];
    mask[i * n + j] = 1;
  });
  return mask;
}

interface Waypoints {
  coords: Float64Array;
  far: { index: number; distance: number }[];
}

function readWaypoints(file: string, key: 'sources' | 'destinations', raw: unknown, n: number): Waypoints | null {
  if (raw === undefined) return null;
  if (!Array.isArray(raw) || raw.length !== n) {
    fail(file, `${n} waypoints, one per matrix row (sources = destinations = all points)`, {
      field: key,
      found: Array.isArray(raw) ? `${raw.length} waypoints` : typeof raw,
    });
  }
  const coords = new Float64Array(2 * n);
  const far: { index: number; distance: number }[] = [];
  raw.forEach((w: unknown, i) => {
    if (!isRecord(w)) fail(file, 'a waypoint object', { field: `${key}[${i}]`, found: describe(w) });
    const loc = w.location;
    const valid =
      Array.isArray(loc) &&
      loc.length === 2 &&
      typeof loc[0] === 'number' &&
      typeof loc[1] === 'number' &&
      Math.abs(loc[0]) <= 180 &&
      Math.abs(loc[1]) <= 90;
    if (!valid) fail(file, '[longitude, latitude] in degrees', { field: `${key}[${i}].location`, found: describe(loc) });
    coords[2 * i] = (loc as number[])[0];
    coords[2 * i + 1] = (loc as number[])[1];
    if (typeof w.distance === 'number' && w.distance > OSRM_SNAP_WARN_M) far.push({ index: i, distance: w.distance });
  });
  return { coords, far };
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '');
}

/** Warnings go to `warn` when given and always into the instance's meta.warnings. */
export function osrmTableFromJson(file: string, json: Record<string, unknown>, opts: ParseOptions, onWarning?: (w: string) => void): LoadedFile {
  const warnings: string[] = [];
  const warn = (w: string): void => {
    warnings.push(w);
    onWarning?.(w);
  };
  if (json.code !== 'Ok') {
    const message = typeof json.message === 'string' ? `: ${json.message}` : '';
    const found = json.code === undefined ? 'no code' : `OSRM code ${JSON.stringify(json.code)}${message}`;
    fail(file, 'an OSRM response with code "Ok"', { field: 'code', found });
  }
  if (json.durations === undefined && json.distances === undefined) {
    fail(file, 'a durations and/or distances matrix (annotations=duration,distance)', { field: 'durations', found: 'neither' });
  }
  const durations = json.durations === undefined ? null : readMatrix(file, 'durations', json.durations, undefined, 'seconds');
  const n = durations ? Math.sqrt(durations.values.length) : undefined;
  const distances = json.distances === undefined ? null : readMatrix(file, 'distances', json.distances, n, 'metres');
  const size = n ?? Math.sqrt(distances!.values.length);

  let distance: Float64Array;
  let duration: Float64Array;
  if (durations && distances) {
    distance = distances.values;
    duration = durations.values;
  } else if (durations) {
    distance = durations.values;
    duration = durations.values;
    warn(`${file}: no distances in the OSRM response (annotations=duration); durations (s) are used as distances, so distance figures are seconds`);
  } else {
    distance = distances!.values;
    const mps = OSRM_ASSUMED_SPEED_KMH / 3.6;
    duration = distance.map((d) => d / mps);
    warn(`${file}: no durations in the OSRM response (annotations=distance); durations are distances at ${OSRM_ASSUMED_SPEED_KMH} km/h`);
  }
  const nulls = Math.max(durations?.nulls ?? 0, distances?.nulls ?? 0);
  if (nulls > 0) warn(`${file}: ${nulls} pairs are null in the OSRM table (no route); they are unreachable`);
  const clamped = (durations?.clamped ?? 0) + (distances?.clamped ?? 0);
  if (clamped > 0) warn(`${file}: ${clamped} slightly negative values (OSRM rounding for nearly coincident points) were set to 0`);

  const estimated = readFallbackCells(file, json.fallback_speed_cells, size);
  if (estimated) {
    const count = estimated.reduce((a, b) => a + b, 0);
    if (count > 0) warn(`${file}: ${count} pairs were estimated by OSRM's fallback speed (crow-fly), not routed`);
  }

  const sources = readWaypoints(file, 'sources', json.sources, size);
  const destinations = readWaypoints(file, 'destinations', json.destinations, size);
  if (sources && destinations) {
    for (let i = 0; i < 2 * size; i++) {
      if (Math.abs(sources.coords[i] - destinations.coords[i]) > 1e-6) {
        fail(file, `the same point as sources[${i >> 1}] (a square table of all points to all points)`, {
          field: `destinations[${i >> 1}].location`,
          found: `[${destinations.coords[i & ~1]}, ${destinations.coords[i | 1]}]`,
        });
      }
    }
  }
  const waypoints = sources ?? destinations;
  if (waypoints && waypoints.far.length > 0) {
    const worst = waypoints.far.reduce((a, b) => (b.distance > a.distance ? b : a));
    warn(
      `${file}: ${waypoints.far.length} points were snapped more than ${OSRM_SNAP_WARN_M} m onto the road ` +
        `(worst: point ${worst.index}, ${Math.round(worst.distance)} m); check their coordinates`,
    );
  }

  const units: Units = { distance: 'm', time: 's' };
  const inst = instanceFromMatrices({
    file,
    name: baseName(file),
    kind: opts.problem ?? 'atsp',
    n: size,
    distance,
    duration,
    coords: waypoints?.coords ?? null,
    coordSystem: 'lonlat',
    units,
    estimated,
    capacity: opts.capacity,
    format: 'osrm-table',
    warn,
  });
  // Table-level warnings belong with the instance too; instanceFromMatrices recorded only its own.
  inst.meta.warnings = warnings;
  // OSRM routes on OpenStreetMap data, which the map must credit wherever these matrices go.
  inst.meta.attribution = OSM_ATTRIBUTION;
  return singleInstance('osrm-table', file, inst);
}
