/**
 * Files out: the selected run (or, when none is selected, the best run) of the current scenario
 * in every export format. Pure builders, so that unit tests check what the planner gets; the
 * download itself (Blob URL, the map's PNG) is in src/ui/files/download.ts.
 */
import { evaluate } from '../core/evaluate';
import type { Instance } from '../core/instance';
import { writeCvrplibSol } from '../core/formats/cvrplib-sol';
import { exportGeoJson, exportStopsCsv, exportVroom } from '../core/formats/export/index';
import { routelabToJson } from '../core/formats/routelab-json';
import { toSolveRecord } from '../core/formats/solve-output';
import type { AppState } from './index';
import { instances } from './registries';
import type { Run } from './runs-slice';
import { solverName } from './solver-choices';

export type ExportKind = 'vroom' | 'geojson' | 'csv' | 'sol' | 'routelab' | 'solve' | 'png';

export interface ExportInfo {
  kind: ExportKind;
  label: string;
  title: string;
  /** Needs a run with a solution (the others work on the scenario alone). */
  needsRun: boolean;
}

export const EXPORTS: ExportInfo[] = [
  { kind: 'routelab', label: 'RouteLab JSON', title: 'The scenario and the run: opens again in RouteLab and in `npm run solve/eval`', needsRun: false },
  { kind: 'vroom', label: 'VROOM JSON', title: 'VROOM problem with the run as its "solution" key (opens in vroom-frontend)', needsRun: true },
  { kind: 'geojson', label: 'GeoJSON', title: 'Routes as LineStrings and stops as Points (geojson.io, QGIS)', needsRun: true },
  { kind: 'csv', label: 'CSV per stop', title: 'One row per served stop: vehicle, sequence, arrival, departure, load', needsRun: true },
  { kind: 'sol', label: 'CVRPLIB .sol', title: 'Route #k lines and the cost, numbered as in the benchmark file', needsRun: true },
  { kind: 'solve', label: 'Solve output', title: 'The run in the `npm run solve` output shape: `npm run eval -- <instance> <this file>` scores it', needsRun: true },
  { kind: 'png', label: 'PNG of the map', title: 'The map as drawn now', needsRun: false },
];

export interface ExportTarget {
  instanceId: string;
  instance: Instance;
  run: Run | null;
}

/** Lower is better: feasible before infeasible, then cost. */
function rank(run: Run): [number, number] {
  const ev = run.evaluation!;
  return [ev.feasible ? 0 : 1, ev.cost];
}

/** The run the planner selected, else the best finished run, else the best run with any solution. */
export function exportTarget(state: AppState): ExportTarget | null {
  const instanceId = state.instance?.id;
  const instance = instanceId ? instances.get(instanceId) : undefined;
  if (!instanceId || !instance) return null;
  const mine = state.runs.filter((r) => r.instanceId === instanceId && r.solution && r.evaluation);
  const selected = mine.find((r) => r.id === state.selectedRunId);
  if (selected) return { instanceId, instance, run: selected };
  const pick = (runs: Run[]) =>
    runs.reduce<Run | null>((best, r) => {
      if (!best) return r;
      const [a, b] = [rank(r), rank(best)];
      return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]) ? r : best;
    }, null);
  const final = mine.filter((r) => r.status !== 'queued' && r.status !== 'running');
  return { instanceId, instance, run: pick(final) ?? pick(mine) };
}

/** File names from the instance and the run: `X-n101-k25.sisr-run-3.geojson`. */
export function exportName(target: ExportTarget, kind: ExportKind): string {
  const slug = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'routelab';
  const base = slug(target.instance.name);
  const run = target.run ? `.${slug(target.run.solverId === 'imported' ? 'imported' : target.run.solverId)}-${slug(target.run.id)}` : '';
  const ext: Record<ExportKind, string> = {
    routelab: 'routelab.json',
    vroom: 'vroom.json',
    geojson: 'geojson',
    csv: 'stops.csv',
    sol: 'sol',
    solve: 'solve.json',
    png: 'png',
  };
  return `${base}${run}.${ext[kind]}`;
}

export interface ExportFile {
  name: string;
  type: string;
  text: string;
}

/** Builds a text export; throws an Error that says why when the format cannot hold this run. */
export function buildExport(target: ExportTarget, kind: Exclude<ExportKind, 'png'>): ExportFile {
  switch (kind) {
    case 'routelab':
      // The scenario, with the run where there is one.
      return { name: exportName(target, kind), type: 'application/json', text: JSON.stringify(routelabToJson(target.instance, target.run?.solution)) };
    default:
      return buildRunExport(target, kind);
  }
}

/** The exports of a run: they throw when the target has no run with a solution. */
function buildRunExport(target: ExportTarget, kind: Exclude<ExportKind, 'png' | 'routelab'>): ExportFile {
  const { instance, run } = target;
  const name = exportName(target, kind);
  const solution = run?.solution;
  if (!run || !solution) throw new Error('Run a solver first: this export is of a run');
  const evaluation = run.evaluation ?? evaluate(instance, solution);
  const meta = { solver: run.alias && run.solverId === 'imported' ? `imported ${run.alias}` : solverName(run.solverId), run: run.id };
  switch (kind) {
    case 'vroom':
      return { name, type: 'application/json', text: JSON.stringify(exportVroom(instance, solution, evaluation), null, 1) };
    case 'geojson':
      return { name, type: 'application/geo+json', text: JSON.stringify(exportGeoJson(instance, solution, evaluation, meta)) };
    case 'csv':
      return { name, type: 'text/csv', text: exportStopsCsv(instance, solution, evaluation, meta) };
    case 'sol':
      if (instance.depot < 0) throw new Error('A .sol file numbers customers from a depot; an ATSP tour has none');
      return { name, type: 'text/plain', text: writeCvrplibSol(instance, solution, evaluation.cost) };
    case 'solve': {
      const timing = { timeMs: run.timings.solverMs ?? run.timings.wallMs ?? 0, timeToBestMs: run.timings.timeToBestMs ?? 0 };
      const record = toSolveRecord(instance, 0, run.solverId, run.seed, solution, evaluation, timing);
      return { name, type: 'application/json', text: `${JSON.stringify(record)}\n` };
    }
  }
}
