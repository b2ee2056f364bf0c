/** Display formatting of KPIs. Road instances are in metres and seconds; planar ones are not. */
import type { Units } from '../core/instance';

const DASH = '–';

function fixed(x: number, digits: number): string {
  return x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
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

/** Minutes for road data; the abstract unit as is for planar benchmarks. */
export function formatDuration(x: number | undefined, units: Units | undefined): string {
  if (x === undefined || Number.isNaN(x)) return DASH;
  if (!Number.isFinite(x)) return '∞';
  return units?.time === 's' ? fixed(x / 60, 1) : fixed(x, 2);
}

export function formatMs(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return DASH;
  return x < 10 ? fixed(x, 1) : fixed(x, 0);
}
