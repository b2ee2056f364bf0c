/**
 * Full distance (m) and duration (s) matrices between road positions: one search per source
 * over all targets. Runs in a worker or in Node; `computeMatricesAsync` yields to the event loop
 * now and then so a worker still receives its cancel message.
 */
import type { RoadGraph } from './road-graph';
import type { RoadPosition } from './road-position';
import { RoadRouter, TargetSet } from './router';

export interface MatrixOptions {
  /** Called after each source row (done rows, total rows). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Another way to stop: return true to abandon the computation. */
  shouldStop?: () => boolean;
}

export interface RoadMatrices {
  n: number;
  /** n×n row-major, metres along the chosen (fastest) route; 0 on the diagonal. */
  distance: Float64Array;
  /** n×n row-major, seconds. */
  duration: Float64Array;
  /** Ordered pairs with no route (Infinity in both matrices). */
  unreachable: number;
  /** Arcs settled over all searches (work done). */
  settled: number;
}

function abortError(): Error {
  const err = new Error('the matrix computation was cancelled');
  err.name = 'AbortError';
  return err;
}

function setup(graph: RoadGraph, positions: RoadPosition[]) {
  const n = positions.length;
  return {
    n,
    router: new RoadRouter(graph),
    targets: new TargetSet(graph, positions),
    out: { n, distance: new Float64Array(n * n), duration: new Float64Array(n * n), unreachable: 0, settled: 0 } as RoadMatrices,
  };
}

function row(ctx: ReturnType<typeof setup>, positions: RoadPosition[], i: number, scratch?: ReturnType<RoadRouter['search']>) {
  const { n, router, targets, out } = ctx;
  const r = router.search(positions[i], targets, scratch);
  out.settled += router.settled;
  for (let j = 0; j < n; j++) {
    const k = i * n + j;
    if (i === j) {
      out.distance[k] = 0;
      out.duration[k] = 0;
    } else {
      out.distance[k] = r.dist[j];
      out.duration[k] = r.time[j];
      if (!Number.isFinite(r.time[j])) out.unreachable++;
    }
  }
  return r;
}

export function computeMatrices(graph: RoadGraph, positions: RoadPosition[], opts: MatrixOptions = {}): RoadMatrices {
  const ctx = setup(graph, positions);
  let scratch: ReturnType<RoadRouter['search']> | undefined;
  for (let i = 0; i < ctx.n; i++) {
    if (opts.signal?.aborted || opts.shouldStop?.()) throw abortError();
    scratch = row(ctx, positions, i, scratch);
    opts.onProgress?.(i + 1, ctx.n);
  }
  return ctx.out;
}

/** Same result; yields every `yieldMs` milliseconds (default 50) so cancel messages get through. */
export async function computeMatricesAsync(graph: RoadGraph, positions: RoadPosition[], opts: MatrixOptions & { yieldMs?: number } = {}): Promise<RoadMatrices> {
  const ctx = setup(graph, positions);
  const yieldMs = opts.yieldMs ?? 50;
  let last = performance.now();
  let scratch: ReturnType<RoadRouter['search']> | undefined;
  for (let i = 0; i < ctx.n; i++) {
    if (opts.signal?.aborted || opts.shouldStop?.()) throw abortError();
    scratch = row(ctx, positions, i, scratch);
    opts.onProgress?.(i + 1, ctx.n);
    if (performance.now() - last > yieldMs) {
      await new Promise((r) => setTimeout(r, 0));
      last = performance.now();
    }
  }
  if (opts.signal?.aborted) throw abortError();
  return ctx.out;
}
