/** Display of times of day and loads in the compare views. */
import { DAY_SECONDS as DAY } from '../../core/clock';
import type { Units } from '../../core/instance';

/** What a time is read against: the instance's units, and when its day starts (if it says). */
export interface TimeFrame {
  units: Units;
  meta: { dayStart?: number };
}

/** h:mm, or hh:mm for a time of day. */
function hoursMinutes(seconds: number, pad: boolean): string {
  const minutes = Math.round(seconds / 60);
  const sign = minutes < 0 ? '-' : '';
  const m = Math.abs(minutes);
  const h = String(Math.floor(m / 60));
  return `${sign}${pad ? h.padStart(2, '0') : h}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * A time of the instance: the clock time (08:14, "+1d" past midnight) when the day's start is
 * known, else h:mm after the start (road data), else the abstract number.
 */
export function formatClock(t: number | undefined, frame: TimeFrame | undefined): string {
  if (t === undefined || Number.isNaN(t)) return '–';
  if (!Number.isFinite(t)) return '∞';
  if (frame?.units.time !== 's') return (Math.round(t * 10) / 10).toLocaleString('en-GB');
  const start = frame.meta.dayStart;
  if (start === undefined) return hoursMinutes(t, false);
  const at = start + t;
  const days = Math.floor(Math.round(at / 60) / (DAY / 60));
  return `${hoursMinutes(at - days * DAY, true)}${days > 0 ? ` +${days}d` : ''}`;
}

/** A length of time: minutes for road data. */
export function formatSpan(t: number, units: Units | undefined): string {
  if (!Number.isFinite(t)) return '∞';
  return units?.time === 's' ? `${(t / 60).toFixed(1)} min` : (Math.round(t * 100) / 100).toLocaleString('en-GB');
}

export function formatLoad(load: number, capacity: number): string {
  const l = Number.isInteger(load) ? String(load) : load.toFixed(1);
  return Number.isFinite(capacity) ? `${l}/${Number.isInteger(capacity) ? capacity : capacity.toFixed(1)}` : l;
}

export function formatSeconds(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  return ms < 10_000 ? (ms / 1000).toFixed(2) : (ms / 1000).toFixed(1);
}
