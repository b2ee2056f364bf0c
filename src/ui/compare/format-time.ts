/** Display of times of day and loads in the compare views. */
import type { Units } from '../../core/instance';

/** Seconds from the start of the horizon as h:mm (road data); abstract units as a number. */
export function formatClock(t: number | undefined, units: Units | undefined): string {
  if (t === undefined || Number.isNaN(t)) return '–';
  if (!Number.isFinite(t)) return '∞';
  if (units?.time !== 's') return (Math.round(t * 10) / 10).toLocaleString('en-GB');
  const minutes = Math.round(t / 60);
  const sign = minutes < 0 ? '-' : '';
  const m = Math.abs(minutes);
  return `${sign}${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
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
