/**
 * Warms the neural runtime before the planner's first neural run. A page's first neural run
 * used to pay for onnxruntime-web's start in its solve worker (fetching and compiling its WASM,
 * creating the model's sessions): at 999 stops in headless Chromium ~11 s against ~5 s for the
 * runs after it (BENCHMARKS.md, issue 13). The pool warms one worker ahead of time for the
 * scenario's problem, and neural runs go to that worker:
 *
 * - at once when a neural solver is picked (or a scenario is shown while one is picked);
 * - else once the app is idle (no run going, nothing loading or sampling) WARM_IDLE_MS after a
 *   scenario whose problem has a model is shown: it takes no CPU from first routes or from a
 *   classical run's budget. A run started while it still goes stops it (RunPool.warm,
 *   `whenIdle`: compiling the runtime takes seconds of CPU that the run's time limit and the
 *   map's frames need); it resumes when the runs are over.
 *
 * Only the scenario's problem's model is loaded (the others cost memory and nothing is gained),
 * and only in one worker (each worker would hold its own runtime and sessions).
 */
import type { ProblemKind } from '../core/instance';
import { SOLVER_CATALOG } from '../solvers/catalog';
import { runPool } from '../workers/engines';
import type { WarmWish } from '../workers/run-pool';
import { useAppStore, type AppState } from './index';
import { isActive } from './runs-slice';
import { resolveChoice } from './solver-choices';

/** How long the app must be idle (no run going) before it warms a neural solver nobody picked yet. */
export const WARM_IDLE_MS = 2000;

/**
 * What a neural run of `problem` on `backend` needs warm: every neural variant of a problem
 * shares one model's sessions in a worker (solvers/neural: one session cache per model and backend).
 */
export function neuralWarmKey(problem: ProblemKind, backend: string | undefined): string {
  return `neural|${problem}|${backend ?? 'auto'}`;
}

interface Want {
  wish: WarmWish;
  instanceId: string;
  /** A neural solver is picked: warm now rather than when idle. */
  urgent: boolean;
}

function wanted(state: AppState): Want | null {
  const summary = state.instance;
  if (!summary) return null;
  const picked = resolveChoice(state.solverId, summary.kind);
  const neural = picked?.family === 'neural' ? picked : SOLVER_CATALOG.find((s) => s.family === 'neural' && s.problems.includes(summary.kind));
  if (!neural) return null;
  const backend = state.neuralBackend;
  return {
    wish: { key: neuralWarmKey(summary.kind, backend), solverId: neural.id, problem: summary.kind, options: { backend } },
    instanceId: summary.id,
    urgent: picked?.family === 'neural',
  };
}

/** Starts watching the store; returns the function that stops it. */
export function startNeuralWarmup(): () => void {
  /** The key last handed to the pool (the pool keeps it warm from then on). */
  let handed: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Whether it was handed as urgent (an idle-time warm-up gives way to runs; see RunPool.warm). */
  let handedUrgent = false;

  const hand = (want: Want) => {
    handed = want.wish.key;
    handedUrgent = want.urgent;
    runPool().warm(want.wish, want.instanceId, { whenIdle: !want.urgent });
  };
  /** Nothing new to hand: the same key, and no more urgent than when it was handed. */
  const handedAlready = (want: Want) => want.wish.key === handed && (handedUrgent || !want.urgent);
  const whenIdle = () => {
    timer = undefined;
    const state = useAppStore.getState();
    const want = wanted(state);
    if (!want || handedAlready(want)) return;
    // Not while a run goes or the app loads or samples (first routes come first).
    if (state.runs.some(isActive) || state.status.tone === 'busy') timer = setTimeout(whenIdle, WARM_IDLE_MS);
    else hand(want);
  };
  const check = (state: AppState) => {
    const want = wanted(state);
    if (!want || handedAlready(want)) return;
    if (want.urgent) {
      clearTimeout(timer);
      timer = undefined;
      hand(want);
    } else timer ??= setTimeout(whenIdle, WARM_IDLE_MS);
  };

  check(useAppStore.getState());
  const unsubscribe = useAppStore.subscribe((state, prev) => {
    if (state.instance !== prev.instance || state.solverId !== prev.solverId || state.neuralBackend !== prev.neuralBackend) check(state);
  });
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
}
