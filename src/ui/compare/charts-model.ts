/**
 * Geometry of the two SVG charts, as pure functions: the per-vehicle timeline (travel, wait and
 * service segments from the evaluator's stop timings) and the convergence plot (evaluator cost
 * over solver time on a log-ish time axis).
 */
import type { Evaluation } from '../../core/evaluate';
import type { Instance } from '../../core/instance';
import { routeColor } from '../../core/palette';
import type { ConvergencePoint } from '../../store/convergence';

export type SegmentKind = 'travel' | 'wait' | 'service';

export interface Segment {
  kind: SegmentKind;
  from: number;
  to: number;
  /** The stop the segment leads to or happens at; the end depot for the return leg (-1 if open). */
  node: number;
  /** Service that starts after the stop's window closed. */
  late: boolean;
}

export interface TimelineRow {
  route: number;
  vehicle: number;
  color: string;
  start: number;
  end: number;
  segments: Segment[];
  /** Lateness: from the window's close to the actual start. */
  lateness: { node: number; from: number; to: number }[];
  windows: { node: number; ready: number; due: number }[];
  /** The return came after the end of the shift by this much (0 when on time). */
  shiftLate: number;
}

export function timelineRows(instance: Instance, evaluation: Evaluation, withWindows: boolean): TimelineRow[] {
  return evaluation.routes.map((r) => {
    const segments: Segment[] = [];
    const lateness: TimelineRow['lateness'] = [];
    const windows: TimelineRow['windows'] = [];
    let t = r.startTime;
    for (const s of r.stops) {
      if (s.arrival > t) segments.push({ kind: 'travel', from: t, to: s.arrival, node: s.node, late: false });
      if (s.start > s.arrival) segments.push({ kind: 'wait', from: s.arrival, to: s.start, node: s.node, late: false });
      if (s.departure > s.start) segments.push({ kind: 'service', from: s.start, to: s.departure, node: s.node, late: s.late > 0 });
      if (s.late > 0) lateness.push({ node: s.node, from: s.start - s.late, to: s.start });
      if (withWindows && Number.isFinite(instance.due[s.node])) windows.push({ node: s.node, ready: instance.ready[s.node], due: instance.due[s.node] });
      t = Math.max(t, s.departure);
    }
    const vehicle = instance.vehicles[r.vehicle];
    if (r.endTime > t) segments.push({ kind: 'travel', from: t, to: r.endTime, node: vehicle?.end ?? -1, late: false });
    const shiftEnd = vehicle ? vehicle.shift[1] : Infinity;
    return {
      route: r.index,
      vehicle: r.vehicle,
      color: routeColor(instance.vehicles.length, r.vehicle, r.index),
      start: r.startTime,
      end: Math.max(r.endTime, t),
      segments,
      lateness,
      windows,
      shiftLate: withWindows && Number.isFinite(shiftEnd) ? Math.max(0, r.endTime - shiftEnd) : 0,
    };
  });
}

export function timelineExtent(rows: readonly TimelineRow[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of rows) {
    lo = Math.min(lo, row.start);
    hi = Math.max(hi, row.end);
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}

/** Round tick steps for a time axis in seconds (road data) or abstract units. */
export function timeTicks(lo: number, hi: number, seconds: boolean, target = 8): number[] {
  const span = hi - lo;
  const steps = seconds ? [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400] : niceSteps(span);
  const step = steps.find((s) => span / s <= target) ?? steps[steps.length - 1];
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(v);
  return out;
}

function niceSteps(span: number): number[] {
  const base = 10 ** Math.floor(Math.log10(Math.max(span, 1e-9) / 10));
  return [1, 2, 5, 10, 20, 50, 100].map((m) => m * base);
}

// Convergence

export interface Series {
  runId: string;
  number: number;
  label: string;
  color: string;
  points: readonly ConvergencePoint[];
}

/** The log-ish time axis: 0 ms at 0, a decade per step from 10 ms on. */
export function logish(ms: number): number {
  return Math.log10(1 + Math.max(0, ms) / 10);
}

export const TIME_TICKS_MS = [10, 100, 1000, 10_000, 60_000, 600_000, 3_600_000];

export function formatTickMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${ms / 1000} s`;
  if (ms < 3_600_000) return `${ms / 60_000} min`;
  return `${ms / 3_600_000} h`;
}

export interface PlotScales {
  x: (ms: number) => number;
  y: (cost: number) => number;
  xTicks: number[];
  yTicks: number[];
  costRange: [number, number];
  maxMs: number;
}

export interface PlotBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function plotScales(series: readonly Series[], box: PlotBox): PlotScales {
  let maxMs = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (const [t, c] of s.points) {
      maxMs = Math.max(maxMs, t);
      if (Number.isFinite(c)) {
        lo = Math.min(lo, c);
        hi = Math.max(hi, c);
      }
    }
  }
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  if (hi - lo < 1e-9) [lo, hi] = [lo - Math.max(1, Math.abs(lo) * 0.01), hi + Math.max(1, Math.abs(hi) * 0.01)];
  const pad = (hi - lo) * 0.06;
  const [yLo, yHi] = [lo - pad, hi + pad];
  maxMs = Math.max(maxMs, 100);
  const xMax = logish(maxMs);
  const x = (ms: number) => box.left + (logish(ms) / xMax) * (box.right - box.left);
  const y = (cost: number) => box.bottom - ((Math.min(Math.max(cost, yLo), yHi) - yLo) / (yHi - yLo)) * (box.bottom - box.top);
  return {
    x,
    y,
    xTicks: TIME_TICKS_MS.filter((t) => t <= maxMs),
    yTicks: niceTicks(yLo, yHi, 4),
    costRange: [yLo, yHi],
    maxMs,
  };
}

export function niceTicks(lo: number, hi: number, target: number): number[] {
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** A step line: the best cost holds until the next improvement, then drops. */
export function stepPath(points: readonly ConvergencePoint[], x: (ms: number) => number, y: (c: number) => number): string {
  if (points.length === 0) return '';
  const f = (v: number) => v.toFixed(1);
  let d = `M${f(x(points[0][0]))},${f(y(points[0][1]))}`;
  for (let i = 1; i < points.length; i++) d += `H${f(x(points[i][0]))}V${f(y(points[i][1]))}`;
  return d;
}
