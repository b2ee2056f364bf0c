/**
 * The runs on the current instance: live progress while they go, then KPIs. Every KPI is from
 * evaluate(); the live cost next to the bar is the solver's own view, shown until it is done.
 */
import { memo } from 'react';
import { useAppStore } from '../../store';
import { instances } from '../../store/registries';
import { cancelRun, stopRun } from '../../store/run-actions';
import { isActive, type Run } from '../../store/runs-slice';
import { solverName } from '../../store/solver-choices';
import { formatCost, formatDistance, formatDuration, formatMs } from '../format';

function RunProgress({ run }: { run: Run }) {
  const percent = Math.round(Math.min(1, Math.max(0, run.fraction ?? 0)) * 100);
  return (
    <div className="run-progress">
      <div
        className="bar"
        data-testid="run-progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={`${solverName(run.solverId)} progress`}
      >
        <div className="fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="num live-cost" data-testid="run-live-cost" title="Best cost so far, as the solver sees it">
        {formatCost(run.liveCost)}
      </span>
    </div>
  );
}

const RunRow = memo(function RunRow({ run, index }: { run: Run; index: number }) {
  const ev = run.evaluation;
  const units = instances.get(run.instanceId)?.units;
  const feasibility = ev ? (ev.feasible ? 'feasible' : 'infeasible') : '–';
  const violations = ev ? ev.violations.length + ev.unassigned.length : undefined;
  return (
    <tr
      data-testid="run-row"
      data-run-id={run.id}
      data-status={run.status}
      data-progress-count={run.progressCount}
      data-worker={run.workerId}
      className={`run run-${run.status}`}
    >
      <td>{index + 1}</td>
      <td>
        {solverName(run.solverId)}
        {run.alias && <span className="alias"> · {run.alias}</span>}
      </td>
      <td data-testid="run-status">
        {run.status}
        {run.error && (
          <div className="run-error" data-testid="run-error" title={run.error}>
            {run.error}
          </div>
        )}
      </td>
      <td>
        <RunProgress run={run} />
      </td>
      <td className="actions">
        {isActive(run) && (
          <>
            {run.status === 'running' && (
              <button type="button" data-testid="stop-button" onClick={() => stopRun(run.id)} title="Stop and keep the best solution so far">
                Stop
              </button>
            )}
            <button type="button" data-testid="cancel-button" onClick={() => cancelRun(run.id)} title="Discard this run">
              Cancel
            </button>
          </>
        )}
      </td>
      <td className="num" data-testid="run-cost">
        {formatCost(ev?.cost)}
      </td>
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
    </tr>
  );
});

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
              <th>Progress</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
              <th className="num">Cost</th>
              <th className="num">Distance (km)</th>
              <th className="num">Duration (min)</th>
              <th className="num">Vehicles</th>
              <th className="num">Violations</th>
              <th>Feasible</th>
              <th className="num">Time (ms)</th>
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
