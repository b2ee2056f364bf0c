/**
 * What one finished run of an experiment leaves behind: who ran what with which seeds, and the
 * evaluator's verdict on the routes. The app and the CLI make it with the same function from
 * the same solver result, so their CSVs agree.
 */
import { evaluate } from '../evaluate';
import { toSolveRecord } from '../formats/solve-output';
import { clientNodes, type Instance, type ProblemKind } from '../instance';
import type { Solution, Unassigned } from '../solution';
import type { RunSpec } from './plan';

export interface RunRecord {
  key: string;
  position: number;
  index: number;
  instance: string;
  /** Absent only when the instance itself could not be built. */
  kind?: ProblemKind;
  stops?: number;
  solver: string;
  /** The solver that ran (`classical` resolves to sisr or atsp-ils). */
  solverId: string;
  seed: number;
  /** The sampler seed of the instance, where it was sampled. */
  scenarioSeed?: number;
  budgetMs: number;
  backend: string;
  status: 'done' | 'failed';
  error?: string;
  cost?: number;
  distance?: number;
  duration?: number;
  vehicles?: number;
  feasible?: boolean;
  violations?: number;
  unassigned?: number;
  timeMs?: number;
  timeToBestMs?: number;
  /** Node indices per used route (depots excluded) and each route's vehicle, as `npm run solve` prints them. */
  routes?: number[][];
  routeVehicles?: number[];
  unassignedNodes?: Unassigned[];
}

/** A record without its routes: what the page keeps in memory for tables and statistics. */
export type RunSummary = Omit<RunRecord, 'routes' | 'routeVehicles' | 'unassignedNodes'>;

export interface SolvedRun {
  solution: Solution;
  /** Solver time as the solver measured it. */
  elapsedMs: number;
  timeToBestMs: number;
  backend?: string;
}

function identity(spec: RunSpec, instance: Instance, solverId: string) {
  return {
    key: spec.key,
    position: spec.position,
    index: spec.index,
    instance: instance.name,
    kind: instance.kind,
    stops: clientNodes(instance).length,
    solver: spec.solver,
    solverId,
    seed: spec.seed,
    ...(instance.meta.seed !== undefined ? { scenarioSeed: instance.meta.seed } : {}),
    budgetMs: spec.budgetMs,
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function solvedRecord(spec: RunSpec, instance: Instance, solverId: string, run: SolvedRun, defaultBackend: string): RunRecord {
  const ev = evaluate(instance, run.solution);
  const line = toSolveRecord(instance, spec.index, solverId, spec.seed, run.solution, ev, { timeMs: run.elapsedMs, timeToBestMs: run.timeToBestMs });
  return {
    ...identity(spec, instance, solverId),
    backend: run.backend ?? defaultBackend,
    status: 'done',
    cost: line.cost,
    distance: line.distance,
    ...(line.duration !== null ? { duration: line.duration } : {}),
    vehicles: line.vehicles,
    feasible: line.feasible,
    violations: line.violations.length,
    unassigned: line.unassigned.length,
    timeMs: round3(run.elapsedMs),
    timeToBestMs: round3(run.timeToBestMs),
    routes: line.routes,
    routeVehicles: line.routeVehicles,
    unassignedNodes: line.unassigned,
  };
}

export function failedRecord(spec: RunSpec, instance: Instance | null, solverId: string, backend: string, error: string): RunRecord {
  const base = instance
    ? identity(spec, instance, solverId)
    : { key: spec.key, position: spec.position, index: spec.index, instance: `#${spec.index}`, solver: spec.solver, solverId, seed: spec.seed, budgetMs: spec.budgetMs };
  return { ...base, backend, status: 'failed', error };
}

export function summaryOf(record: RunRecord): RunSummary {
  const { routes: _routes, routeVehicles: _vehicles, unassignedNodes: _unassigned, ...summary } = record;
  return summary;
}

/** The routes as a Solution again (for opening a run on the map). */
export function solutionOf(record: RunRecord): Solution | undefined {
  if (!record.routes) return undefined;
  return { routes: record.routes.map((stops, k) => ({ vehicle: record.routeVehicles?.[k] ?? 0, stops })), unassigned: record.unassignedNodes ?? [] };
}
