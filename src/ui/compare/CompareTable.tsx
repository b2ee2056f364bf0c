/**
 * The runs on the current scenario, one row each: live progress with Stop and Cancel while a
 * run goes, then its KPIs (all from evaluate()), the gap to the best row, a map visibility
 * toggle. Headers sort; a click selects a run (its routes numbered on the map and listed);
 * hovering a row highlights its routes.
 */
import { memo, type KeyboardEvent, type MouseEvent } from 'react';
import { useAppStore } from '../../store';
import type { CompareSortKey } from '../../store/compare-slice';
import { instances } from '../../store/registries';
import { cancelRun, stopRun } from '../../store/run-actions';
import { isActive, type Run } from '../../store/runs-slice';
import { solverName } from '../../store/solver-choices';
import { formatCost, formatDistance, formatDuration } from '../format';
import { compareRows, selectedRun, sortRows, type CompareRow } from './compare-model';
import { formatSeconds } from './format-time';
import { hoverSoon } from './hover';
import './compare.css';

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
        {isActive(run) ? formatCost(run.liveCost) : ''}
      </span>
    </div>
  );
}

function formatGap(gap: number | undefined): string {
  if (gap === undefined || !Number.isFinite(gap)) return '–';
  if (Math.abs(gap) < 0.005) return '0.00';
  return `${gap > 0 ? '+' : ''}${gap.toFixed(2)}`;
}

/** Clicks on the row's own controls do not select it. */
function fromControl(e: MouseEvent | KeyboardEvent): boolean {
  return (e.target as HTMLElement).closest('button, input, a, label') !== null;
}

interface RowProps {
  row: CompareRow;
  selected: boolean;
  visible: boolean;
  /** The pointer is over this run's routes on the map (or its line in the convergence plot). */
  hovered: boolean;
}

/** Rows are rebuilt on every store change; a row re-renders only when what it shows changed. */
function sameRow(a: RowProps, b: RowProps): boolean {
  const [x, y] = [a.row, b.row];
  return (
    x.run === y.run &&
    x.number === y.number &&
    x.gap === y.gap &&
    x.best === y.best &&
    x.editedFromNumber === y.editedFromNumber &&
    a.selected === b.selected &&
    a.visible === b.visible &&
    a.hovered === b.hovered
  );
}

const CompareRowView = memo(function CompareRowView({ row, selected, visible, hovered }: RowProps) {
  const { run } = row;
  const ev = run.evaluation;
  const units = instances.get(run.instanceId)?.units;
  const feasibility = ev ? (ev.feasible ? 'feasible' : 'infeasible') : '–';
  const select = () => useAppStore.getState().selectRun(run.id);
  return (
    <tr
      data-testid="run-row"
      data-run-id={run.id}
      data-number={row.number}
      data-status={run.status}
      data-progress-count={run.progressCount}
      data-worker={run.workerId}
      data-cost={ev?.cost}
      data-best={row.best}
      data-selected={selected}
      aria-selected={selected}
      tabIndex={0}
      className={`run run-${run.status}${selected ? ' selected' : ''}${row.best ? ' best' : ''}${hovered ? ' hovered' : ''}`}
      onClick={(e) => {
        if (!fromControl(e)) select();
      }}
      onKeyDown={(e) => {
        if ((e.key === 'Enter' || e.key === ' ') && !fromControl(e)) {
          e.preventDefault();
          select();
        }
      }}
      onMouseEnter={() => hoverSoon({ runId: run.id, route: null })}
      onMouseLeave={() => hoverSoon(null)}
    >
      <td>
        <input
          type="checkbox"
          data-testid="run-visible"
          checked={visible}
          disabled={!run.solution}
          title={visible ? 'Hide this run’s routes on the map' : 'Show this run’s routes on the map'}
          aria-label={`Show run ${row.number} on the map`}
          onChange={(e) => useAppStore.getState().setRunVisible(run.id, e.target.checked)}
        />
      </td>
      <td className="run-number">
        <span className="run-swatch" style={{ background: row.color }} aria-hidden="true" />
        {row.number}
        {row.best && (
          <span className="best-mark" data-testid="run-best" title="Best row: lowest cost (feasible runs first)">
            ★
          </span>
        )}
      </td>
      <td data-testid="run-solver">
        {row.solver}
        {run.alias && <span className="alias"> · {run.alias}</span>}
        {run.status === 'edited' && (
          <span className="alias" data-testid="run-edited-from">
            {' '}
            · edited from #{row.editedFromNumber ?? '?'}
          </span>
        )}
      </td>
      <td>{row.backend}</td>
      <td className="num" title={run.scenarioSeed === undefined ? 'Solver seed' : `Solver seed ${run.seed}; scenario seed ${run.scenarioSeed}`} data-testid="run-seed">
        {run.seed}
      </td>
      <td data-testid="run-status">
        {run.status}
        {run.error && (
          <div className="run-error" data-testid="run-error" title={run.error}>
            {run.error}
          </div>
        )}
      </td>
      <td>{run.status !== 'edited' && <RunProgress run={run} />}</td>
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
      <td className="num" data-testid="run-violations" title={ev?.violations.map((v) => v.message).join('\n') || undefined}>
        {ev ? ev.violations.length : '–'}
      </td>
      <td className="num" data-testid="run-unassigned">
        {ev ? ev.unassigned.length : '–'}
      </td>
      <td data-testid="run-feasible" className={ev ? (ev.feasible ? 'ok' : 'bad') : undefined}>
        {feasibility}
      </td>
      <td className="num" title={run.timings.timeToBestMs !== undefined ? `${run.timings.timeToBestMs.toFixed(1)} ms` : undefined}>
        {formatSeconds(run.timings.timeToBestMs)}
      </td>
      <td className="num" title={run.timings.wallMs !== undefined ? `${run.timings.wallMs.toFixed(0)} ms from request to result` : undefined}>
        {formatSeconds(run.timings.solverMs)}
      </td>
      <td className="num" data-testid="run-gap">
        {formatGap(row.gap)}
      </td>
    </tr>
  );
}, sameRow);

const COLUMNS: { key: CompareSortKey | null; label: string; title?: string; num?: boolean }[] = [
  { key: null, label: 'Map', title: 'Show the run’s routes on the map' },
  { key: 'number', label: '#' },
  { key: 'solver', label: 'Solver' },
  { key: 'backend', label: 'Backend' },
  { key: 'seed', label: 'Seed', num: true },
  { key: 'status', label: 'Status' },
  { key: null, label: 'Progress' },
  { key: null, label: '' },
  { key: 'cost', label: 'Cost', num: true },
  { key: 'distance', label: 'km', num: true, title: 'Distance (km; the file’s unit for planar benchmarks)' },
  { key: 'duration', label: 'Drive (min)', num: true, title: 'Driving time (minutes; the file’s unit for planar benchmarks)' },
  { key: 'vehicles', label: 'Veh.', num: true, title: 'Vehicles used' },
  { key: 'violations', label: 'Viol.', num: true, title: 'Broken rules (hover a number for the list)' },
  { key: 'unassigned', label: 'Unas.', num: true, title: 'Unassigned stops' },
  { key: null, label: 'Feasible' },
  { key: 'timeToBest', label: 'To best (s)', num: true, title: 'Solver time until the best solution was found' },
  { key: 'total', label: 'Total (s)', num: true, title: 'Solver wall time' },
  { key: 'gap', label: 'Gap (%)', num: true, title: 'Cost above the best row' },
];

export function CompareTable() {
  const instanceId = useAppStore((s) => s.instance?.id ?? null);
  const runs = useAppStore((s) => s.runs);
  const sort = useAppStore((s) => s.compareSort);
  const sortRunsBy = useAppStore((s) => s.sortRunsBy);
  const hidden = useAppStore((s) => s.hiddenRunIds);
  const selectedRunId = useAppStore((s) => s.selectedRunId);
  const hoverRunId = useAppStore((s) => s.hover?.runId ?? null);
  const rows = sortRows(compareRows(runs, instanceId), sort);
  const selectedId = selectedRun(runs, instanceId, selectedRunId)?.id ?? null;

  if (rows.length === 0) {
    return (
      <p className="empty" data-testid="runs-empty">
        No runs on this scenario yet. Pick a solver and press Solve.
      </p>
    );
  }
  return (
    <table data-testid="runs-table" className="compare-table">
      <thead>
        <tr>
          {COLUMNS.map((c, i) => {
            const active = c.key !== null && sort.key === c.key;
            const label = c.label || <span className="visually-hidden">Actions</span>;
            return (
              <th
                key={i}
                className={c.num ? 'num' : undefined}
                title={c.title}
                aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                {c.key ? (
                  <button type="button" className="sort" data-testid={`sort-${c.key}`} onClick={() => sortRunsBy(c.key!)}>
                    {label}
                    <span className="sort-arrow" aria-hidden="true">
                      {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                ) : (
                  label
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <CompareRowView
            key={row.run.id}
            row={row}
            selected={row.run.id === selectedId}
            visible={!hidden.includes(row.run.id)}
            hovered={row.run.id === hoverRunId}
          />
        ))}
      </tbody>
    </table>
  );
}
