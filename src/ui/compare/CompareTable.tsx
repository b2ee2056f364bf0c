/**
 * The runs on the current scenario, one row each: live progress with Stop and Cancel while a
 * run goes, then its KPIs (all from evaluate()), the gap to the best row, and whether it is
 * drawn on the map (the selected run always is; others when the planner puts them beside it).
 * Headers sort; a click selects a run (its routes numbered on the map and listed); hovering a
 * row highlights its routes. Runs on other versions of the scenario (before an edit) follow,
 * marked stale; runs still going on other scenarios are listed under the table. The columns a
 * planner compares by come first, so that they fit a laptop screen.
 */
import { memo, type KeyboardEvent, type MouseEvent } from 'react';
import type { Instance, Units } from '../../core/instance';
import { useAppStore } from '../../store';
import { drawnOnMap, type CompareSortKey } from '../../store/compare-slice';
import { instances } from '../../store/registries';
import { cancelRun, retryOnWasm, stopRun } from '../../store/run-actions';
import { isActive, isRemovable, type Run } from '../../store/runs-slice';
import { solverName } from '../../store/solver-choices';
import { distanceLabel, durationLabel, formatCost, formatDistance, formatDuration } from '../format';
import { compareRows, selectedRun, sortRows, staleRows, type CompareRow } from './compare-model';
import { costExplanation } from './cost-text';
import { RunsElsewhere } from './RunsElsewhere';
import { formatSeconds } from './format-time';
import { hoverSoon } from './hover';
import './compare.css';

/** The solver's own best so far goes in the tooltip: the Cost column has the evaluator's, twice a second. */
function RunProgress({ run }: { run: Run }) {
  const percent = Math.round(Math.min(1, Math.max(0, run.fraction ?? 0)) * 100);
  const live = isActive(run) && run.liveCost !== undefined ? ` · best so far ${formatCost(run.liveCost)} (as the solver sees it)` : '';
  return (
    <div className="run-progress" title={`${percent} %${live}`}>
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
    x.stale === y.stale &&
    a.selected === b.selected &&
    a.visible === b.visible &&
    a.hovered === b.hovered
  );
}

/** Vehicles used; with vehicles that reload, the trips they drove too. */
function vehiclesText(run: Run, instance: Instance | undefined): string {
  const ev = run.evaluation;
  if (!ev) return '–';
  const trips = ev.routes.length;
  return instance?.vehicles.some((v) => v.trips > 1) && trips > ev.vehicles ? `${ev.vehicles} · ${trips} trips` : String(ev.vehicles);
}

/** The runtime's words about a missing WebGPU adapter, or our own (see solvers/neural/session.ts). */
const WEBGPU_FAILURE = /webgpu/i;

/**
 * A failure's message on a line of its own under the run's row, across the table: read in full,
 * and no column widens for it. A run that failed for want of WebGPU is offered WebAssembly.
 */
function ErrorRow({ run, stale, span }: { run: Run; stale: boolean; span: number }) {
  return (
    <tr className="run-error-row" data-testid="run-error-row" data-run-id={run.id}>
      <td colSpan={span}>
        <span className="run-error" data-testid="run-error">
          {run.error}
        </span>
        {run.status === 'failed' && run.backend === 'webgpu' && !stale && WEBGPU_FAILURE.test(run.error ?? '') && (
          <button type="button" data-testid="retry-wasm" onClick={() => void retryOnWasm(run.id)} title="Run the same solver again on WebAssembly (CPU)">
            Run on WebAssembly
          </button>
        )}
      </td>
    </tr>
  );
}

function StatusCell({ run, stale }: { run: Run; stale: boolean }) {
  const going = isActive(run);
  return (
    <td className="status-cell">
      <div className="status-line">
        {/* While it runs the bar says so: the word would only widen the column. */}
        <span data-testid="run-status" className={run.status === 'running' ? 'visually-hidden' : undefined}>
          {run.status}
        </span>
        {stale && (
          <span className="stale-mark" data-testid="run-stale" title="Solved on another version of this scenario: its numbers are not comparable with the current one">
            stale
          </span>
        )}
        {run.status !== 'edited' && <RunProgress run={run} />}
        {going && run.status === 'running' && (
          <button type="button" data-testid="stop-button" onClick={() => stopRun(run.id)} title="Stop and keep the best solution so far">
            Stop
          </button>
        )}
        {going && (
          <button type="button" data-testid="cancel-button" onClick={() => cancelRun(run.id)} title="Discard this run">
            Cancel
          </button>
        )}
        {isRemovable(run) && (
          <button type="button" className="icon" data-testid="run-remove" onClick={() => useAppStore.getState().removeRun(run.id)} title="Remove this run from the table" aria-label={`Remove run ${run.id}`}>
            ✕
          </button>
        )}
      </div>
    </td>
  );
}

const CompareRowView = memo(function CompareRowView({ row, selected, visible, hovered }: RowProps) {
  const { run, stale } = row;
  const ev = run.evaluation;
  const instance = instances.get(run.instanceId);
  const units = instance?.units;
  const feasibility = ev ? (ev.feasible ? 'feasible' : 'infeasible') : '–';
  // A stale run's routes belong to another version of the nodes: nothing to select or draw.
  const select = () => {
    if (!stale) useAppStore.getState().selectRun(run.id);
  };
  return (
    <>
    <tr
      data-testid="run-row"
      data-run-id={run.id}
      data-number={row.number}
      data-status={run.status}
      data-stale={stale}
      data-progress-count={run.progressCount}
      data-worker={run.workerId}
      data-cost={ev?.cost}
      data-best={row.best}
      data-selected={selected}
      aria-selected={selected}
      tabIndex={0}
      className={`run run-${run.status}${selected ? ' selected' : ''}${row.best ? ' best' : ''}${hovered ? ' hovered' : ''}${stale ? ' stale' : ''}`}
      onClick={(e) => {
        if (!fromControl(e)) select();
      }}
      onKeyDown={(e) => {
        if ((e.key === 'Enter' || e.key === ' ') && !fromControl(e)) {
          e.preventDefault();
          select();
        }
      }}
      onMouseEnter={() => hoverSoon(stale ? null : { runId: run.id, route: null })}
      onMouseLeave={() => hoverSoon(null)}
    >
      <td>
        <input
          type="checkbox"
          data-testid="run-visible"
          checked={visible && !stale}
          disabled={!run.solution || stale || selected}
          title={
            stale
              ? 'Solved on another version of the scenario: not drawn'
              : selected
                ? 'The selected run is always drawn on the map'
                : visible
                  ? 'Take this run’s routes off the map'
                  : 'Draw this run’s routes on the map beside the selected one'
          }
          aria-label={`Show run ${row.number} on the map`}
          onChange={(e) => useAppStore.getState().setRunShown(run.id, e.target.checked)}
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
      <td data-testid="run-solver" className="solver-cell" title={row.solver}>
        {row.solver}
        {run.alias && <span className="alias"> · {run.alias}</span>}
        {run.status === 'edited' && (
          <span className="alias" data-testid="run-edited-from">
            {' '}
            · edited from #{row.editedFromNumber ?? '?'}
          </span>
        )}
      </td>
      <StatusCell run={run} stale={stale} />
      <td className="num" data-testid="run-cost">
        {formatCost(ev?.cost)}
      </td>
      <td className="num" data-testid="run-gap">
        {formatGap(row.gap)}
      </td>
      <td className="num">{formatDistance(ev?.distance, units)}</td>
      <td className="num" data-testid="run-duration">
        {formatDuration(ev?.duration, units)}
      </td>
      <td className="num" data-testid="run-vehicles">
        {vehiclesText(run, instance)}
      </td>
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
      <td className="num" title={run.scenarioSeed === undefined ? 'Solver seed' : `Solver seed ${run.seed}; scenario seed ${run.scenarioSeed}`} data-testid="run-seed">
        {run.seed}
      </td>
      <td>{row.backend}</td>
    </tr>
    {run.error && <ErrorRow run={run} stale={stale} span={COLUMN_COUNT} />}
    </>
  );
}, sameRow);

interface Column {
  key: CompareSortKey | null;
  label: string;
  title?: string;
  num?: boolean;
}

const COLUMN_COUNT = 16;

/** The key columns first (they must fit 1440 px beside the side panel), seed and backend last. */
function columns(units: Units | undefined, instance: Instance | undefined): Column[] {
  const distance = distanceLabel(units);
  const duration = durationLabel(units);
  return [
    { key: null, label: 'Map', title: 'Show the run’s routes on the map' },
    { key: 'number', label: '#' },
    { key: 'solver', label: 'Solver' },
    { key: 'status', label: 'Status' },
    { key: 'cost', label: 'Cost', num: true, title: instance ? costExplanation(instance) : undefined },
    { key: 'gap', label: 'Gap %', num: true, title: 'Cost above the best row, in percent' },
    { key: 'distance', label: distance.label, num: true, title: distance.title },
    { key: 'duration', label: duration.label, num: true, title: duration.title },
    { key: 'vehicles', label: 'Veh.', num: true, title: 'Vehicles used (and the trips they drove, where vehicles reload)' },
    { key: 'violations', label: 'Viol.', num: true, title: 'Broken rules (hover a number for the list)' },
    { key: 'unassigned', label: 'Unas.', num: true, title: 'Unassigned stops' },
    { key: null, label: 'Feasible' },
    { key: 'timeToBest', label: 'To best (s)', num: true, title: 'Solver time until the best solution was found' },
    { key: 'total', label: 'Total (s)', num: true, title: 'Solver wall time' },
    { key: 'seed', label: 'Seed', num: true },
    { key: 'backend', label: 'Backend' },
  ];
}

export function CompareTable() {
  const instanceId = useAppStore((s) => s.instance?.id ?? null);
  const runs = useAppStore((s) => s.runs);
  const sort = useAppStore((s) => s.compareSort);
  const sortRunsBy = useAppStore((s) => s.sortRunsBy);
  const shownRunIds = useAppStore((s) => s.shownRunIds);
  const selectedRunId = useAppStore((s) => s.selectedRunId);
  const hoverRunId = useAppStore((s) => s.hover?.runId ?? null);
  const rows = sortRows(compareRows(runs, instanceId), sort);
  const stale = sortRows(staleRows(runs, instanceId), sort);
  const selectedId = selectedRun(runs, instanceId, selectedRunId)?.id ?? null;
  const instance = instanceId ? instances.get(instanceId) : undefined;
  const cols = columns(instance?.units, instance);

  const view = (row: CompareRow) => (
    <CompareRowView key={row.run.id} row={row} selected={row.run.id === selectedId} visible={drawnOnMap(row.run.id, selectedId, shownRunIds)} hovered={row.run.id === hoverRunId} />
  );
  return (
    <>
      {rows.length === 0 && (
        <p className="empty" data-testid="runs-empty">
          No runs on this scenario yet. Pick a solver and press Solve.
        </p>
      )}
      {rows.length + stale.length > 0 && (
        <table data-testid="runs-table" className="compare-table">
          <thead>
            <tr>
              {cols.map((c, i) => {
                const active = c.key !== null && sort.key === c.key;
                return (
                  <th key={i} className={c.num ? 'num' : undefined} title={c.title} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                    {c.key ? (
                      <button type="button" className="sort" data-testid={`sort-${c.key}`} onClick={() => sortRunsBy(c.key!)}>
                        {c.label}
                        <span className="sort-arrow" aria-hidden="true">
                          {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                        </span>
                      </button>
                    ) : (
                      c.label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>{rows.map(view)}</tbody>
          {stale.length > 0 && (
            <tbody className="stale-runs" data-testid="stale-runs">
              <tr className="stale-head">
                <td colSpan={cols.length}>Runs on other versions of this scenario: stale, the scenario has changed since (Undo goes back to their version)</td>
              </tr>
              {stale.map(view)}
            </tbody>
          )}
        </table>
      )}
      <RunsElsewhere />
    </>
  );
}
