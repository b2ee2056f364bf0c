/**
 * What the solver panel and the run rows ask for: start a run on the pool, Stop it (keep its
 * best) or Cancel it (discard it). Several runs may be going at once; each settles its own row.
 * Nothing here throws: failures become the run's error or the status line.
 */
import { evaluate } from '../core/evaluate';
import type { Instance } from '../core/instance';
import type { Solution } from '../core/solution';
import type { RunOutcome } from '../workers/engine-client';
import { runPool } from '../workers/engines';
import type { RunProgress } from '../workers/protocol';
import { messageOf, problemName } from './actions';
import { addPoint, finishTrace, wantsPoint, type ConvergencePoint } from './convergence';
import { useAppStore } from './index';
import { PatchBatch } from './patch-batch';
import { neuralWarmKey } from './neural-warmup';
import { nextRunId } from './run-ids';
import { instances } from './registries';
import { emitRunEvent } from './run-events';
import { isActive, type Run } from './runs-slice';
import { CLASSICAL_ALIAS, resolveChoice, solverName } from './solver-choices';
import { nextSolverSeed } from './solver-seed';

/**
 * Progress arrives every 200 ms per run; the counters follow every event, but evaluating and
 * handing the map a new solution (a redraw) happen at most this often.
 */
const KPI_INTERVAL_MS = 500;

/**
 * Progress reaches the store (and so the page: table, route list, map) at most this often,
 * every run's latest progress in one update: with several runs going, each event re-rendering
 * the page on its own took main-thread time from the map's frames. Still four updates a
 * second, well above the two a second the page must show.
 */
export const PROGRESS_FLUSH_MS = 250;

const progress = new PatchBatch<Partial<Run>>(PROGRESS_FLUSH_MS, (patches) => useAppStore.getState().patchRuns(patches));

/** Puts every queued progress patch in the store now. */
export function flushProgress(): void {
  progress.flush();
}

/** Solution plus its evaluation; an evaluator failure is reported on the run, not thrown. */
function evaluated(instance: Instance, solution: Solution): Partial<Run> {
  try {
    return { solution, evaluation: evaluate(instance, solution), error: undefined };
  } catch (err) {
    return { solution, evaluation: undefined, error: `Evaluation failed: ${messageOf(err)}` };
  }
}

function progressHandler(runId: string, instance: Instance): (p: RunProgress) => void {
  let count = 0;
  let lastKpiAt = -Infinity;
  let trace: ConvergencePoint[] | undefined;
  let tracedSolverCost: number | undefined;
  return (p) => {
    emitRunEvent({ kind: 'progress', runId, fraction: p.fraction });
    const patch: Partial<Run> = { progressCount: ++count, fraction: p.fraction, liveCost: p.cost };
    const now = performance.now();
    let kpis: Partial<Run> | undefined;
    if (now - lastKpiAt >= KPI_INTERVAL_MS) {
      lastKpiAt = now;
      kpis = evaluated(instance, p.solution);
      Object.assign(patch, kpis);
    }
    // The convergence trace: the evaluator's cost whenever the solver's best moved (throttled).
    if (p.cost !== tracedSolverCost && wantsPoint(trace, p.elapsedMs)) {
      const cost = (kpis ?? evaluated(instance, p.solution)).evaluation?.cost;
      if (cost !== undefined) {
        tracedSolverCost = p.cost;
        const next = addPoint(trace, p.elapsedMs, cost);
        if (next !== trace) patch.convergence = trace = next;
      }
    }
    progress.add(runId, patch);
  };
}

/** With other runs still going, the status says so rather than claiming all is done. */
function announce(tone: 'ready' | 'error', text: string): void {
  const { runs, setStatus } = useAppStore.getState();
  const going = runs.filter(isActive).length;
  if (going > 0) setStatus('busy', `${text} · ${going} run${going > 1 ? 's' : ''} still going`);
  else setStatus(tone, text);
}

/** Starts a run and resolves when it has settled; the planner may start more meanwhile. */
export async function solveCurrent(): Promise<void> {
  const store = useAppStore.getState();
  const summary = store.instance;
  const instance = summary ? instances.get(summary.id) : undefined;
  if (!summary || !instance) {
    store.setStatus('error', 'Sample a scenario before solving');
    return;
  }
  const solver = resolveChoice(store.solverId, instance.kind);
  if (!solver) {
    store.setStatus('error', `${solverName(store.solverId)} does not solve ${problemName(instance.kind)}`);
    return;
  }
  const runId = nextRunId();
  // Solvers with an ONNX runtime take the backend setting; the run records the one that ran.
  const backend = solver.backends.includes('wasm') ? store.neuralBackend : undefined;
  const seed = store.solverSeed ?? nextSolverSeed(store.runs, summary.id, solver.id);
  const options = { timeLimitMs: Math.max(0.1, store.timeLimitS) * 1000, seed, backend };
  store.addRun({
    id: runId,
    instanceId: summary.id,
    solverId: solver.id,
    alias: store.solverId === CLASSICAL_ALIAS ? CLASSICAL_ALIAS : undefined,
    seed: options.seed,
    ...(instance.meta.seed !== undefined ? { scenarioSeed: instance.meta.seed } : {}),
    timeLimitMs: options.timeLimitMs,
    backend,
    status: 'queued',
    timings: { startedAt: Date.now() },
    progressCount: 0,
  });
  store.setStatus('busy', `Solving with ${solver.name}…`);

  const t0 = performance.now();
  const outcome = await runPool().solve({
    runId,
    instanceId: summary.id,
    instance,
    solverId: solver.id,
    options,
    // A neural run goes to the worker warmed for it (neural-warmup.ts), if there is one.
    warmKey: solver.family === 'neural' ? neuralWarmKey(instance.kind, backend) : undefined,
    onStart: (workerId) => useAppStore.getState().patchRun(runId, { status: 'running', workerId }),
    onProgress: progressHandler(runId, instance),
  });
  emitRunEvent({ kind: 'result', runId });
  settle(runId, solver.name, instance, outcome, performance.now() - t0);
}

function settle(runId: string, name: string, instance: Instance, outcome: RunOutcome, wallMs: number): void {
  // Progress still queued goes in first: the final counters and trace build on it.
  flushProgress();
  const { patchRun, runs } = useAppStore.getState();
  const run = runs.find((r) => r.id === runId);
  if (!run) return;
  const timings = { ...run.timings, wallMs };
  switch (outcome.status) {
    case 'finished': {
      const { result } = outcome;
      const patch = evaluated(instance, result.solution);
      patchRun(runId, {
        ...patch,
        ...(result.backend ? { backend: result.backend } : {}),
        convergence: patch.evaluation
          ? finishTrace(run.convergence, patch.evaluation.cost, result.timeToBestMs, result.elapsedMs)
          : run.convergence,
        status: patch.error ? 'failed' : result.stopped ? 'stopped' : 'done',
        fraction: result.stopped ? run.fraction : 1,
        timings: { ...timings, solverMs: result.elapsedMs, timeToBestMs: result.timeToBestMs, ...(result.startupMs !== undefined ? { startupMs: result.startupMs } : {}) },
      });
      const ev = patch.evaluation;
      if (ev) announce('ready', `${name}: ${ev.feasible ? 'feasible' : 'infeasible'}, ${ev.vehicles} vehicles`);
      else announce('error', `${name}: ${patch.error}`);
      return;
    }
    case 'cancelled':
      // Discarded: its live best must not stay on the map or in the table as if it were a result.
      patchRun(runId, { status: 'cancelled', timings, solution: undefined, evaluation: undefined, liveCost: undefined });
      announce('ready', `${name}: cancelled`);
      return;
    case 'failed':
      patchRun(runId, { status: 'failed', error: outcome.error.message, timings });
      announce('error', `${name} failed: ${outcome.error.message}`);
      return;
  }
}

export function stopRun(runId: string): void {
  emitRunEvent({ kind: 'stop-clicked', runId });
  runPool().stop(runId);
}

export function cancelRun(runId: string): void {
  runPool().cancel(runId);
}

/** A run that failed on WebGPU, again on WebAssembly: the backend setting follows, so later runs go there too. */
export function retryOnWasm(runId: string): Promise<void> {
  const store = useAppStore.getState();
  const run = store.runs.find((r) => r.id === runId);
  if (!run) return Promise.resolve();
  store.setNeuralBackend('wasm');
  store.setSolverId(run.alias ?? run.solverId);
  store.setTimeLimitS(run.timeLimitMs / 1000);
  return solveCurrent();
}
