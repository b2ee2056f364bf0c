/**
 * Manual edits of a run's solution. Editing a solved run makes a new run row ("edited from #k",
 * status 'edited') so that the original stays comparable; editing an edited run changes it in
 * place. The evaluator re-checks at once: the row's KPIs and violations are evaluate()'s.
 */
import { evaluate } from '../../core/evaluate';
import { moveStop, type StopSlot } from '../../core/solution-edit';
import { useAppStore } from '../../store';
import { instances } from '../../store/registries';
import { nextRunId } from '../../store/run-ids';
import { isActive, type Run } from '../../store/runs-slice';

export interface EditOutcome {
  runId: string;
  created: boolean;
}

/** Whether the planner may drag stops in this run's list. */
export function isEditable(run: Run): boolean {
  return run.solution !== undefined && !isActive(run) && run.status !== 'cancelled';
}

export function moveStopInRun(runId: string, from: StopSlot, to: StopSlot): EditOutcome | null {
  const store = useAppStore.getState();
  const run = store.runs.find((r) => r.id === runId);
  const instance = run ? instances.get(run.instanceId) : undefined;
  if (!run || !instance || !run.solution || !isEditable(run)) return null;
  let solution;
  try {
    solution = moveStop(run.solution, from, to);
  } catch (err) {
    store.setStatus('error', `That stop cannot move there: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
  const evaluation = evaluate(instance, solution);
  if (run.status === 'edited') {
    store.patchRun(run.id, { solution, evaluation });
    return { runId: run.id, created: false };
  }
  const id = nextRunId();
  store.addRun({
    id,
    instanceId: run.instanceId,
    solverId: run.solverId,
    alias: run.alias,
    backend: run.backend,
    seed: run.seed,
    timeLimitMs: run.timeLimitMs,
    status: 'edited',
    editedFrom: run.id,
    solution,
    evaluation,
    timings: { startedAt: Date.now() },
    progressCount: 0,
  });
  store.selectRun(id);
  return { runId: id, created: true };
}
