/**
 * What the panels ask for: load and sample the scenario, start, stop and cancel runs. These
 * talk to the engine worker, keep heavy results in the registries and put small summaries in
 * the store. Nothing here throws: failures become a status line or a run's error.
 */
import { cityLabel } from '../core/cities/city';
import { evaluate } from '../core/evaluate';
import { clientNodes, type Instance, type ProblemKind } from '../core/instance';
import type { Solution } from '../core/solution';
import { getSolver, solversFor } from '../solvers/registry';
import { getEngine } from '../workers/engine-client';
import { useAppStore } from './index';
import { cityPoints, instances } from './registries';
import type { Run } from './runs-slice';

export function problemName(kind: ProblemKind): string {
  return kind.toUpperCase();
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Later requests win: a slow load must not overwrite the scenario the planner asked for since. */
let scenarioToken = 0;

export async function sampleScenario(): Promise<void> {
  const token = ++scenarioToken;
  const store = useAppStore.getState();
  const spec = store.scenario;
  const label = cityLabel(spec.city);
  const engine = getEngine();
  let phase = 'load';
  try {
    if (store.instance && store.instance.city !== spec.city) store.showInstance(null);
    if (!cityPoints.has(spec.city)) store.setStatus('busy', `Loading ${label}…`);
    // Asked every time: the client caches it, and a restarted worker needs the city again.
    const points = await engine.loadCity(spec.city);
    if (token !== scenarioToken) return;
    cityPoints.set(spec.city, points);
    store.showCity(spec.city);

    phase = 'sample';
    store.setStatus('busy', `Sampling ${problemName(spec.problem)} with ${spec.n} stops in ${label}…`);
    const { instanceId, instance } = await engine.sample(spec.city, {
      problem: spec.problem,
      n: spec.n,
      seed: spec.seed,
      distribution: spec.distribution,
    });
    if (token !== scenarioToken) return;
    instances.set(instanceId, instance);
    const stops = clientNodes(instance).length;
    store.showInstance({ id: instanceId, city: spec.city, kind: instance.kind, stops });
    store.setStatus('ready', `${label} · ${problemName(instance.kind)} · ${stops} stops · seed ${spec.seed}`);
  } catch (err) {
    if (token !== scenarioToken) return;
    store.setStatus('error', `Could not ${phase} ${label}: ${messageOf(err)}`);
  }
}

/** Solution plus its evaluation; an evaluator failure is reported on the run, not thrown. */
function evaluated(instance: Instance, solution: Solution): Partial<Run> {
  try {
    return { solution, evaluation: evaluate(instance, solution), error: undefined };
  } catch (err) {
    return { solution, evaluation: undefined, error: `Evaluation failed: ${messageOf(err)}` };
  }
}

let runCounter = 0;

export async function solveCurrent(): Promise<void> {
  const store = useAppStore.getState();
  const summary = store.instance;
  const instance = summary ? instances.get(summary.id) : undefined;
  if (!summary || !instance) {
    store.setStatus('error', 'Sample a scenario before solving');
    return;
  }
  const applicable = solversFor(instance.kind);
  const solver = applicable.find((s) => s.id === store.solverId) ?? applicable[0];
  if (!solver) {
    store.setStatus('error', `No solver handles ${problemName(instance.kind)} yet`);
    return;
  }
  const runId = `run-${++runCounter}`;
  const options = { timeLimitMs: Math.max(0.1, store.timeLimitS) * 1000, seed: store.scenario.seed };
  store.addRun({
    id: runId,
    instanceId: summary.id,
    solverId: solver.id,
    seed: options.seed,
    timeLimitMs: options.timeLimitMs,
    status: 'running',
    timings: { startedAt: Date.now() },
  });
  store.setStatus('busy', `Solving with ${solver.name}…`);

  const t0 = performance.now();
  const outcome = await getEngine().solve({
    runId,
    instanceId: summary.id,
    solverId: solver.id,
    options,
    onProgress: (p) => useAppStore.getState().patchRun(runId, evaluated(instance, p.solution)),
  });
  const wallMs = performance.now() - t0;
  const { patchRun, setStatus, runs } = useAppStore.getState();
  const timings = { ...runs.find((r) => r.id === runId)!.timings, wallMs };

  switch (outcome.status) {
    case 'finished': {
      const { result } = outcome;
      const patch = evaluated(instance, result.solution);
      patchRun(runId, {
        ...patch,
        status: patch.error ? 'error' : result.stopped ? 'stopped' : 'done',
        timings: { ...timings, solverMs: result.elapsedMs, timeToBestMs: result.timeToBestMs },
      });
      const ev = patch.evaluation;
      setStatus(
        ev ? 'ready' : 'error',
        ev ? `${solver.name}: ${ev.feasible ? 'feasible' : 'infeasible'}, ${ev.vehicles} vehicles` : `${solver.name}: ${patch.error}`,
      );
      return;
    }
    case 'cancelled':
      patchRun(runId, { status: 'cancelled', timings });
      setStatus('ready', `${solver.name}: cancelled`);
      return;
    case 'failed':
      patchRun(runId, { status: 'error', error: outcome.error.message, timings });
      setStatus('error', `${solver.name} failed: ${outcome.error.message}`);
      return;
  }
}

export function stopRun(runId: string): void {
  getEngine().stop(runId);
}

export function cancelRun(runId: string): void {
  getEngine().cancel(runId);
}

export function solverName(id: string): string {
  return getSolver(id)?.name ?? id;
}
