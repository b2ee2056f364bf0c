/** KPIs of the runs on the current instance; every number is from evaluate(). */
import { useAppStore } from '../../store';
import { cancelRun, solverName, stopRun } from '../../store/actions';
import { instances } from '../../store/registries';
import type { Run } from '../../store/runs-slice';
import { formatCost, formatDistance, formatDuration, formatMs } from '../format';

function RunRow({ run, index }: { run: Run; index: number }) {
  const ev = run.evaluation;
  const units = instances.get(run.instanceId)?.units;
  const feasibility = ev ? (ev.feasible ? 'feasible' : 'infeasible') : '–';
  const violations = ev ? ev.violations.length + ev.unassigned.length : undefined;
  return (
    <tr data-testid="run-row" data-run-id={run.id} data-status={run.status} className={`run run-${run.status}`}>
      <td>{index + 1}</td>
      <td>{solverName(run.solverId)}</td>
      <td data-testid="run-status">
        {run.status}
        {run.error && (
          <div className="run-error" data-testid="run-error" title={run.error}>
            {run.error}
          </div>
        )}
      </td>
      <td className="num">{formatCost(ev?.cost)}</td>
      <td className="num">{formatDistance(ev?.distance, units)}</td>
      <td className="num">{formatDuration(ev?.duration, units)}</td>
      <td className="num">{ev?.vehicles ?? '–'}</td>
      <td className="num" title={ev ? `${ev.violations.length} broken rules, ${ev.unassigned.length} unassigned` : undefined}>
        {violations ?? '–'}
      </td>
      <td data-testid="run-feasible" className={ev ? (ev.feasible ? 'ok' : 'bad') : undefined}>
        {feasibility}
      </td>
      <td className="num">{formatMs(run.timings.solverMs)}</td>
      <td className="actions">
        {run.status === 'running' && (
          <>
            <button type="button" data-testid="stop-button" onClick={() => stopRun(run.id)} title="Stop and keep the best solution so far">
              Stop
            </button>
            <button type="button" data-testid="cancel-button" onClick={() => cancelRun(run.id)} title="Discard this run">
              Cancel
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

export function RunsTable() {
  const instanceId = useAppStore((s) => s.instance?.id ?? null);
  const allRuns = useAppStore((s) => s.runs);
  const runs = allRuns.filter((r) => r.instanceId === instanceId);
  return (
    <section className="runs" aria-labelledby="runs-title">
      <h2 id="runs-title">Runs</h2>
      {runs.length === 0 ? (
        <p className="empty" data-testid="runs-empty">
          No runs on this scenario yet. Pick a solver and press Solve.
        </p>
      ) : (
        <table data-testid="runs-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Solver</th>
              <th>Status</th>
              <th className="num">Cost</th>
              <th className="num">Distance (km)</th>
              <th className="num">Duration (min)</th>
              <th className="num">Vehicles</th>
              <th className="num">Violations</th>
              <th>Feasible</th>
              <th className="num">Time (ms)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((run, i) => (
              <RunRow key={run.id} run={run} index={i} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
