/**
 * A run's convergence trace: [elapsedMs, cost] pairs, cost from the evaluator on the progress
 * solution. Plain arrays, so a run stays serialisable (IndexedDB). Points are taken when the
 * cost changes, at most every MIN_GAP_MS, and the trace is thinned past MAX_POINTS.
 */

export type ConvergencePoint = [elapsedMs: number, cost: number];

export const MIN_GAP_MS = 100;
export const MAX_POINTS = 600;

/** Whether a progress event at `elapsedMs` is worth evaluating for the trace. */
export function wantsPoint(trace: readonly ConvergencePoint[] | undefined, elapsedMs: number): boolean {
  const last = trace?.[trace.length - 1];
  return !last || elapsedMs - last[0] >= MIN_GAP_MS;
}

/**
 * The trace with a point added; the same array object when the point adds nothing (same cost as
 * the last point), so the store is not patched for nothing.
 */
export function addPoint(trace: readonly ConvergencePoint[] | undefined, elapsedMs: number, cost: number): ConvergencePoint[] {
  const points = trace ? trace.slice() : [];
  const last = points[points.length - 1];
  if (!Number.isFinite(elapsedMs) || Number.isNaN(cost)) return points;
  if (last && last[1] === cost) return trace as ConvergencePoint[];
  if (last && elapsedMs < last[0]) elapsedMs = last[0];
  points.push([elapsedMs, cost]);
  return points.length > MAX_POINTS ? thin(points) : points;
}

/**
 * Closes a trace at the end of a run: the final cost from the time the best was found (when it
 * improved since the last point) to the end.
 */
export function finishTrace(
  trace: readonly ConvergencePoint[] | undefined,
  finalCost: number,
  timeToBestMs: number | undefined,
  totalMs: number | undefined,
): ConvergencePoint[] {
  let points = trace ? trace.slice() : [];
  if (Number.isNaN(finalCost)) return points;
  const last = points[points.length - 1];
  const end = totalMs ?? last?.[0] ?? 0;
  if (!last || last[1] !== finalCost) points = addPoint(points, Math.min(timeToBestMs ?? end, end), finalCost);
  const tail = points[points.length - 1];
  if (tail[0] < end) points.push([end, finalCost]);
  return points;
}

/** Keeps the first and last points and every other one between. */
function thin(points: ConvergencePoint[]): ConvergencePoint[] {
  const out: ConvergencePoint[] = [points[0]];
  for (let i = 1; i < points.length - 1; i += 2) out.push(points[i]);
  out.push(points[points.length - 1]);
  return out;
}
