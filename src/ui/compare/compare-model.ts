/**
 * The compare table's rows, as pure data: one per run on the current scenario, every KPI from
 * the run's evaluation, the gap to the best row, and sorting. No React here, so it is unit
 * tested directly.
 */
import type { CompareSort, CompareSortKey } from '../../store/compare-slice';
import { sameScenario } from '../../store/instance-ids';
import { isActive, type Run } from '../../store/runs-slice';
import { solverInfo, solverName } from '../../store/solver-choices';

/** One colour per run (table swatch, convergence line, its routes when not selected). */
export const RUN_COLORS = ['#0b6fb8', '#d1495b', '#2a9d3f', '#8f5ac9', '#e07b00', '#00a6a6', '#6b4f2a', '#c2185b', '#4d6b00', '#37474f'];

export function runColor(number: number): string {
  return RUN_COLORS[(((number - 1) % RUN_COLORS.length) + RUN_COLORS.length) % RUN_COLORS.length];
}

export interface CompareRow {
  run: Run;
  /** 1-based, in the order the runs were made on this scenario; stable under sorting. */
  number: number;
  color: string;
  solver: string;
  backend: string;
  /** The number of the run an edited run came from. */
  editedFromNumber?: number;
  cost?: number;
  distance?: number;
  duration?: number;
  vehicles?: number;
  violations?: number;
  unassigned?: number;
  timeToBest?: number;
  total?: number;
  /** (cost − best) / |best| in percent, where both are known. */
  gap?: number;
  best: boolean;
  /** On an earlier (or undone) version of the shown scenario: kept to look at, not compared. */
  stale: boolean;
}

export function runsOnInstance(runs: readonly Run[], instanceId: string | null): Run[] {
  return instanceId === null ? [] : runs.filter((r) => r.instanceId === instanceId);
}

/**
 * The run whose routes are numbered and listed: the planner's pick when it is on this scenario
 * and has a solution, else the latest run with a solution.
 */
export function selectedRun(runs: readonly Run[], instanceId: string | null, selectedRunId: string | null): Run | undefined {
  const here = runsOnInstance(runs, instanceId);
  const picked = selectedRunId ? here.find((r) => r.id === selectedRunId && r.solution) : undefined;
  return picked ?? here.findLast((r) => r.solution !== undefined && r.status !== 'cancelled');
}

export function compareRows(runs: readonly Run[], instanceId: string | null): CompareRow[] {
  const here = runsOnInstance(runs, instanceId);
  const numberOf = new Map(here.map((r, i) => [r.id, i + 1]));
  const rows: CompareRow[] = here.map((run, i) => {
    const ev = run.evaluation;
    const number = i + 1;
    return {
      run,
      number,
      color: runColor(number),
      solver: solverName(run.solverId),
      backend: run.backend ?? solverInfo(run.solverId)?.backends[0] ?? '–',
      editedFromNumber: run.editedFrom ? numberOf.get(run.editedFrom) : undefined,
      cost: ev?.cost,
      distance: ev?.distance,
      duration: ev?.duration,
      vehicles: ev?.vehicles,
      violations: ev?.violations.length,
      unassigned: ev?.unassigned.length,
      timeToBest: run.timings.timeToBestMs,
      total: run.timings.solverMs,
      best: false,
      stale: false,
    };
  });
  const best = bestRow(rows);
  if (best) {
    best.best = true;
    const ref = best.cost!;
    for (const row of rows) {
      if (row.cost === undefined || !Number.isFinite(row.cost) || !Number.isFinite(ref)) continue;
      row.gap = ref === 0 ? (row.cost === 0 ? 0 : undefined) : ((row.cost - ref) / Math.abs(ref)) * 100;
    }
  }
  return rows;
}

/**
 * Runs on the other versions of the shown scenario (before an edit, or after an undo), grouped by
 * version in the order the versions were first solved, each numbered as it was on its version.
 */
export function staleRows(runs: readonly Run[], instanceId: string | null): CompareRow[] {
  if (instanceId === null) return [];
  const versions: string[] = [];
  for (const r of runs) if (r.instanceId !== instanceId && sameScenario(r.instanceId, instanceId) && !versions.includes(r.instanceId)) versions.push(r.instanceId);
  return versions.flatMap((id) => compareRows(runs, id).map((row) => ({ ...row, stale: true, best: false, gap: undefined })));
}

/** Runs still going on scenarios other than the shown one and its versions: they stay stoppable. */
export function runsGoingElsewhere(runs: readonly Run[], instanceId: string | null): Run[] {
  return runs.filter((r) => isActive(r) && (instanceId === null || !sameScenario(r.instanceId, instanceId)));
}

/** Lowest cost among the feasible runs; among all runs with a cost when none is feasible. */
function bestRow(rows: CompareRow[]): CompareRow | undefined {
  const scored = rows.filter((r) => r.cost !== undefined && Number.isFinite(r.cost) && r.run.status !== 'cancelled');
  const feasible = scored.filter((r) => r.run.evaluation?.feasible);
  const pool = feasible.length > 0 ? feasible : scored;
  let best: CompareRow | undefined;
  for (const row of pool) if (!best || row.cost! < best.cost!) best = row;
  return best;
}

function sortValue(row: CompareRow, key: CompareSortKey): number | string | undefined {
  switch (key) {
    case 'number':
      return row.number;
    case 'solver':
      return row.solver.toLowerCase();
    case 'backend':
      return row.backend;
    case 'seed':
      return row.run.seed;
    case 'status':
      return row.run.status;
    default:
      return row[key];
  }
}

/** Stable; rows without a value go last whichever the direction. */
export function sortRows(rows: readonly CompareRow[], sort: CompareSort): CompareRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: sortValue(row, sort.key) }))
    .sort((a, b) => {
      const missingA = a.v === undefined || (typeof a.v === 'number' && Number.isNaN(a.v));
      const missingB = b.v === undefined || (typeof b.v === 'number' && Number.isNaN(b.v));
      if (missingA || missingB) return missingA === missingB ? a.i - b.i : missingA ? 1 : -1;
      const c = a.v! < b.v! ? -1 : a.v! > b.v! ? 1 : 0;
      return c !== 0 ? c * sign : a.i - b.i;
    })
    .map((x) => x.row);
}
