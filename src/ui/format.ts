/** Display formatting of KPIs. Road instances are in metres and seconds; planar ones are not. */
import type { Units } from '../core/instance';

const DASH = '–';

/**
 * One formatter per number of digits: toLocaleString with options builds a new Intl.NumberFormat
 * on every call, which made a 100-stop route list take tens of milliseconds to render.
 */
const formatters = new Map<number, Intl.NumberFormat>();

function fixed(x: number, digits: number): string {
  let f = formatters.get(digits);
  if (!f) formatters.set(digits, (f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f.format(x);
}

export function formatCost(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return DASH;
  if (!Number.isFinite(x)) return '∞';
  return fixed(x, Math.abs(x) >= 1000 ? 0 : 2);
}

/** Kilometres for road data; the abstract unit as is for planar benchmarks. */
export function formatDistance(x: number | undefined, units: Units | undefined): string {
  if (x === undefined || Number.isNaN(x)) return DASH;
  if (!Number.isFinite(x)) return '∞';
  return units?.distance === 'm' ? fixed(x / 1000, 2) : fixed(x, 2);
}

/** Minutes for road data; the abstract unit as is for planar benchmarks; nothing for files without durations. */
export function formatDuration(x: number | undefined, units: Units | undefined): string {
  if (x === undefined || Number.isNaN(x) || units?.time === 'none') return DASH;
  if (!Number.isFinite(x)) return '∞';
  return units?.time === 's' ? fixed(x / 60, 1) : fixed(x, 2);
}

export function formatMs(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return DASH;
  return x < 10 ? fixed(x, 1) : fixed(x, 0);
}

export interface UnitLabel {
  /** Short, for a column head or a KPI. */
  label: string;
  title: string;
}

/** What the distance KPI is called: kilometres for road data only. */
export function distanceLabel(units: Units | undefined): UnitLabel {
  return units?.distance === 'm' ? { label: 'km', title: 'Distance (km)' } : { label: 'Dist.', title: 'Distance, in the file’s own unit' };
}

/** What the duration KPI is called: driving minutes for road data only. */
export function durationLabel(units: Units | undefined): UnitLabel {
  if (units?.time === 's') return { label: 'Drive min', title: 'Driving time (minutes)' };
  if (units?.time === 'none') return { label: 'Time', title: 'The file has no travel times' };
  return { label: 'Time', title: 'Travel time, in the file’s own unit (RRNCO: normalised, not minutes)' };
}
