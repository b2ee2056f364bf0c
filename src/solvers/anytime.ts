/**
 * The anytime loop every iterative solver shares: run steps until the time limit or Stop, yield
 * to the event loop every few tens of milliseconds so that a worker can receive Stop / Cancel
 * while solving, and report the best solution on a throttle (≥ 2 per second).
 */
import type { Solution } from '../core/solution';
import type { SolveControl, SolveResult } from './solver';

export const PROGRESS_INTERVAL_MS = 200;
const YIELD_INTERVAL_MS = 25;

/** Resolves on the next macrotask without timer clamping (MessageChannel), or setImmediate in Node. */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => void };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export interface AnytimeRun {
  /** One unit of work; returns false when the search has nothing left to do. */
  step(): boolean;
  best(): { solution: () => Solution; cost: number };
  /** Milliseconds since start at which `best` last improved. */
  timeToBestMs(): number;
}

export async function runAnytime(
  run: AnytimeRun,
  timeLimitMs: number,
  control: SolveControl | undefined,
  startedAt = performance.now(),
): Promise<SolveResult> {
  let iterations = 0;
  let lastYield = performance.now();
  let lastReport = -Infinity;
  const report = (now: number, force = false) => {
    if (!control?.onProgress) return;
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    const b = run.best();
    control.onProgress({ solution: b.solution(), cost: b.cost, elapsedMs: now - startedAt, fraction: Math.min(1, (now - startedAt) / timeLimitMs) });
  };
  report(performance.now(), true);
  let stopped = false;
  for (;;) {
    if (control?.signal?.aborted) {
      stopped = true;
      break;
    }
    const now = performance.now();
    if (now - startedAt >= timeLimitMs) break;
    if (!run.step()) break;
    iterations++;
    if (now - lastYield >= YIELD_INTERVAL_MS) {
      report(now);
      await yieldToEventLoop();
      lastYield = performance.now();
    }
  }
  const end = performance.now();
  report(end, true);
  return { solution: run.best().solution(), elapsedMs: end - startedAt, timeToBestMs: run.timeToBestMs(), iterations, stopped };
}
