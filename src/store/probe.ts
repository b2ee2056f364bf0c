/**
 * Timestamps the end-to-end tests read from the page (window.__routelab): when progress
 * arrived, when runs changed status, and how long Stop took from the click to the result
 * reaching the page. Measured in the page with performance.now(), so test-runner latency does
 * not blur them. Bounded, cheap.
 */
import type { NeuralProbe } from '../ui/neural-probe';
import type { WorkerSnapshot } from '../workers/run-pool';
import { useAppStore } from './index';
import type { RunStatus } from './runs-slice';

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

export interface RoutelabProbe {
  progress: ProgressMark[];
  /** Every status a run takes, in order. */
  statuses: StatusMark[];
  stops: Record<string, StopMark>;
  /** The pool's workers now, for tests that check where runs went. */
  workers: () => WorkerSnapshot[];
  /** Neural runtime checks (ONNX parity, latency, WebGPU) in their own worker; loaded on first call only. */
  neural: () => Promise<NeuralProbe>;
}

const MAX_MARKS = 10_000;

export const probe: RoutelabProbe = {
  progress: [],
  statuses: [],
  stops: {},
  workers: () => [],
  neural: () => import('../ui/neural-probe').then((m) => m.neuralProbe),
};

(globalThis as { __routelab?: RoutelabProbe }).__routelab = probe;

export function markProgress(runId: string, fraction: number | undefined): void {
  if (probe.progress.length >= MAX_MARKS) probe.progress.splice(0, MAX_MARKS / 2);
  probe.progress.push({ runId, t: performance.now(), fraction });
}

function markStatus(runId: string, status: RunStatus): void {
  if (probe.statuses.length >= MAX_MARKS) probe.statuses.splice(0, MAX_MARKS / 2);
  probe.statuses.push({ runId, status, t: performance.now() });
}

useAppStore.subscribe((state, prev) => {
  if (state.runs === prev.runs) return;
  const before = new Map(prev.runs.map((r) => [r.id, r.status]));
  for (const run of state.runs) if (before.get(run.id) !== run.status) markStatus(run.id, run.status);
});

export function markStopClick(runId: string): void {
  probe.stops[runId] = { clickAt: performance.now() };
}

export function markResult(runId: string): void {
  const mark = probe.stops[runId];
  if (mark && mark.resultAt === undefined) mark.resultAt = performance.now();
}
