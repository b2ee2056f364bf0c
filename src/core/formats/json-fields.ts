/**
 * Typed reads of JSON values that fail with the field path (`jobs[3].time_windows`), so every
 * structured format reports where a file is wrong, not just that it is.
 */
import { fail, isRecord } from './text';

/** A short rendering of what was found, for error messages. */
export function foundText(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (isRecord(v)) return 'an object';
  // Messages quote `found` already; saying "text" tells "4" from 4 without double escaping.
  if (typeof v === 'string') return `text ${v}`;
  return String(v);
}

export function asArray(file: string, v: unknown, field: string, what = 'an array'): unknown[] {
  if (!Array.isArray(v)) fail(file, what, { field, found: foundText(v) });
  return v;
}

export function asRecord(file: string, v: unknown, field: string, what = 'an object'): Record<string, unknown> {
  if (!isRecord(v)) fail(file, what, { field, found: foundText(v) });
  return v;
}

export function nonNegative(file: string, v: unknown, field: string, what = 'a non-negative number'): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(file, what, { field, found: foundText(v) });
  return v;
}

export function nonNegativeInt(file: string, v: unknown, field: string, what = 'a non-negative integer'): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(file, what, { field, found: foundText(v) });
  return v;
}

/** A `[lon, lat]` pair in degrees. */
export function lonLat(file: string, v: unknown, field: string): [number, number] {
  const what = 'a [longitude, latitude] pair in degrees';
  const a = asArray(file, v, field, what);
  if (a.length < 2 || typeof a[0] !== 'number' || typeof a[1] !== 'number') fail(file, what, { field, found: JSON.stringify(v) });
  const [lon, lat] = a as [number, number];
  if (!(Math.abs(lon) <= 180) || !(Math.abs(lat) <= 90)) {
    fail(file, `${what} (longitude first, within ±180; latitude within ±90)`, { field, found: JSON.stringify(v) });
  }
  return [lon, lat];
}

/** An optional string-or-number value as a string (ids, descriptions). */
export function optionalText(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}
