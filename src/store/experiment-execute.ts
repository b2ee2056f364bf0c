/**
 * How the app runs one run of an experiment: the instance from the provider, the solver resolved
 * from the catalog (`classical` per problem kind), the solve on the shared worker pool, and the
 * record made by the core's solvedRecord from the solver's result, exactly as the CLI makes it.
 */
import type { RunSpec } from '../core/experiment/plan';
import { failedRecord, solvedRecord } from '../core/experiment/record';
import type { RunOutcome as ExperimentOutcome } from '../core/experiment/runner';
import type { Instance, ProblemKind } from '../core/instance';
import type { SolverInfo } from '../solvers/solver';
import type { RunOutcome } from '../workers/engine-client';
import type { PoolRunRequest } from '../workers/run-pool';
import type { InstanceProvider } from './experiment-provider';

/** What the executor needs of the run pool (the app's RunPool, or a test's). */
export interface PoolLike {
  readonly size: number;
  solve(request: PoolRunRequest): Promise<RunOutcome>;
  cancel(runId: string): void;
}

export interface ExecutorOptions {
  experimentId: string;
  provider: InstanceProvider;
  pool: PoolLike;
  resolve: (solver: string, kind: ProblemKind) => SolverInfo | undefined;
  /** Neural runtime choice for solvers that have one ('auto', 'webgpu', 'wasm'). */
  backend?: string;
}

export interface Executor {
  execute(spec: RunSpec): Promise<ExperimentOutcome>;
  abort(spec: RunSpec): void;
  /**
   * One short unrecorded run of each neural solver on every worker of the pool, so that loading
   * the model (seconds for WebAssembly on a busy machine) is not charged to a recorded run's budget.
   */
  warmUp(position: number, solvers: readonly string[]): Promise<void>;
}

/** A warm-up run only has to load the model and decode once. */
const WARM_UP_MS = 1;

/** Solve workers cache instances by id: one id per experiment instance. */
export function experimentInstanceId(experimentId: string, position: number): string {
  return `exp:${experimentId}:${position}`;
}

export function experimentRunId(experimentId: string, key: string): string {
  return `exp:${experimentId}:${key}`;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function poolExecutor(opts: ExecutorOptions): Executor {
  const { experimentId, provider, pool } = opts;
  return {
    async execute(spec) {
      let instance: Instance;
      try {
        instance = await provider.get(spec.position);
      } catch (err) {
        return { status: 'recorded', record: failedRecord(spec, null, spec.solver, '', message(err)) };
      }
      const solver = opts.resolve(spec.solver, instance.kind);
      if (!solver) return { status: 'recorded', record: failedRecord(spec, instance, spec.solver, '', `${spec.solver} does not solve ${instance.kind}`) };
      const choosesBackend = solver.backends.includes('wasm');
      const fallbackBackend = solver.backends[0] ?? 'js';
      const outcome = await pool.solve({
        runId: experimentRunId(experimentId, spec.key),
        instanceId: experimentInstanceId(experimentId, spec.position),
        instance,
        solverId: solver.id,
        options: { timeLimitMs: spec.budgetMs, seed: spec.seed, ...(choosesBackend ? { backend: opts.backend ?? 'auto' } : {}) },
      });
      switch (outcome.status) {
        case 'finished':
          try {
            return { status: 'recorded', record: solvedRecord(spec, instance, solver.id, outcome.result, fallbackBackend) };
          } catch (err) {
            return { status: 'recorded', record: failedRecord(spec, instance, solver.id, fallbackBackend, `Evaluation failed: ${message(err)}`) };
          }
        case 'failed':
          return { status: 'recorded', record: failedRecord(spec, instance, solver.id, fallbackBackend, outcome.error.message) };
        case 'cancelled':
          return { status: 'cancelled' };
      }
    },
    abort(spec) {
      pool.cancel(experimentRunId(experimentId, spec.key));
    },
    async warmUp(position, solvers) {
      const instance = await provider.get(position).catch(() => null);
      if (!instance) return;
      const neural = solvers.map((s) => opts.resolve(s, instance.kind)).filter((s): s is SolverInfo => s?.family === 'neural');
      for (const solver of new Map(neural.map((s) => [s.id, s])).values()) {
        // As many at once as the pool has workers: each lands on a worker of its own.
        await Promise.all(
          Array.from({ length: pool.size }, (_, k) =>
            pool.solve({
              runId: experimentRunId(experimentId, `warm-up|${solver.id}|${k}`),
              instanceId: experimentInstanceId(experimentId, position),
              instance,
              solverId: solver.id,
              options: { timeLimitMs: WARM_UP_MS, seed: 0, backend: opts.backend ?? 'auto' },
            }),
          ),
        );
      }
    },
  };
}
