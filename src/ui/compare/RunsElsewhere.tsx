/**
 * Runs still going on another scenario (the planner resampled or opened a file while they ran):
 * out of the table, which shows the current scenario, but never out of reach of Stop and Cancel.
 */
import { useAppStore } from '../../store';
import { problemName } from '../../store/actions';
import { cityTitle } from '../../store/city-lookup';
import { instances } from '../../store/registries';
import { cancelRun, stopRun } from '../../store/run-actions';
import { solverName } from '../../store/solver-choices';
import { runsGoingElsewhere } from './compare-model';

function scenarioName(instanceId: string): string {
  const inst = instances.get(instanceId);
  if (!inst) return 'another scenario';
  const place = inst.meta.city ? cityTitle(inst.meta.city) : inst.name;
  const seed = inst.meta.seed !== undefined ? `, seed ${inst.meta.seed}` : '';
  return `${problemName(inst.kind)} in ${place}${seed}`;
}

export function RunsElsewhere() {
  const instanceId = useAppStore((s) => s.instance?.id ?? null);
  const runs = useAppStore((s) => s.runs);
  const going = runsGoingElsewhere(runs, instanceId);
  if (going.length === 0) return null;
  return (
    <div className="runs-elsewhere" data-testid="runs-elsewhere">
      <span className="muted">Still going on other scenarios:</span>
      <ul>
        {going.map((run) => (
          <li key={run.id} data-testid="other-run" data-run-id={run.id}>
            {solverName(run.solverId)} on {scenarioName(run.instanceId)} · {run.status}
            {run.status === 'running' && (
              <button type="button" data-testid="stop-button" onClick={() => stopRun(run.id)} title="Stop and keep the best solution so far">
                Stop
              </button>
            )}
            <button type="button" data-testid="cancel-button" onClick={() => cancelRun(run.id)} title="Discard this run">
              Cancel
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
