/**
 * The run timings the end-to-end tests read from the page (window.__routelab): when progress
 * arrived, when runs changed status, and how long Stop took from the click to the result
 * reaching the page. Measured in the page with performance.now(), so test-runner latency does
 * not blur them. Bounded, cheap.
 *
 * Test-only: the probe entry (src/ui/probes.ts) is its only importer, and the app loads that
 * entry only on the dev server and in `--mode probes` builds (tests/ui/main-bundle.test.ts).
 * Other hooks (editor, compare, map, neural) add their fields to RoutelabProbe by declaration
 * merging.
 */
import { runPool } from '../workers/engines';
import type { WorkerSnapshot } from '../workers/run-pool';
import { useAppStore } from './index';
import { onRunEvent } from './run-events';
import type { RunStatus, RunTimings } from './runs-slice';

export interface ProgressMark {
  runId: string;
  t: number;
  fraction?: number;
}

export interface StatusMark {
  runId: string;
  status: RunStatus;
  t: number;
}

export interface StopMark {
  clickAt: number;
  resultAt?: number;
}

/** A warm-up that ended in a pool worker (neural-warmup.ts): when, and how. */
export interface WarmMark {
  workerId: string;
  key: string;
  t: number;
  /** How long the worker took, when it is warm. */
  ms?: number;
  error?: string;
}

export interface RoutelabProbe {
  progress: ProgressMark[];
  /** Every status a run takes, in order. */
  statuses: StatusMark[];
  stops: Record<string, StopMark>;
  /** The pool's workers now, for tests that check where runs went. */
  workers: () => WorkerSnapshot[];
  warmups: WarmMark[];
  /** Where each run went and its timings (startupMs: the neural runtime's start it waited for). */
  runTimings: () => { id: string; solverId: string; workerId?: string; status: RunStatus; timings: RunTimings }[];
}

const MAX_MARKS = 10_000;

export const probe: RoutelabProbe = {
  progress: [],
  statuses: [],
  stops: {},
  workers: () => runPool().snapshot(),
  warmups: [],
  runTimings: () => useAppStore.getState().runs.map((r) => ({ id: r.id, solverId: r.solverId, workerId: r.workerId, status: r.status, timings: r.timings })),
};

function push<T>(marks: T[], mark: T): void {
  if (marks.length >= MAX_MARKS) marks.splice(0, MAX_MARKS / 2);
  marks.push(mark);
}

/** Starts recording; the probe entry calls it once, when it loads. */
export function watchRuns(): void {
  runPool().onWarmed((e) => push(probe.warmups, { workerId: e.workerId, key: e.key, t: performance.now(), ...('report' in e ? { ms: e.report.ms } : { error: e.error.message }) }));
  onRunEvent((event) => {
    const t = performance.now();
    switch (event.kind) {
      case 'progress':
        push(probe.progress, { runId: event.runId, t, fraction: event.fraction });
        break;
      case 'stop-clicked':
        probe.stops[event.runId] = { clickAt: t };
        break;
      case 'result': {
        const mark = probe.stops[event.runId];
        if (mark && mark.resultAt === undefined) mark.resultAt = t;
        break;
      }
    }
  });
  useAppStore.subscribe((state, prev) => {
    if (state.runs === prev.runs) return;
    const before = new Map(prev.runs.map((r) => [r.id, r.status]));
    const t = performance.now();
    for (const run of state.runs) if (before.get(run.id) !== run.status) push(probe.statuses, { runId: run.id, status: run.status, t });
  });
}
