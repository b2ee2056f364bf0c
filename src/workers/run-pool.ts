/**
 * The run manager: a small pool of engine workers so that several solves go at the same time.
 * A run goes to an idle worker (preferring one that already holds its instance), else to a new
 * worker while the pool is below its size, else it waits in a first-come queue. Workers are
 * started on demand and kept warm with their instance caches; a dead one is dropped and a fresh
 * one takes its place the next time a run needs it.
 */
import type { EngineChannel } from './channel';
import type { RunOutcome } from './engine-client';
import { DEFAULT_TIMEOUTS, PoolWorker, type PoolRunRequest, type PoolTimeouts } from './pool-worker';

export type { PoolRunRequest } from './pool-worker';

/**
 * One worker per core but one, so the page (main thread, compositor) keeps a core; at least two
 * so that a comparison runs side by side even on a dual-core laptop; at most four, because the
 * solvers are time-limited and runs that share cores would each get less search than alone,
 * which makes their results less comparable (and every worker holds its own instance copies).
 */
export function defaultPoolSize(cores: number | undefined = globalThis.navigator?.hardwareConcurrency): number {
  const n = Number.isFinite(cores) && cores! > 0 ? Math.floor(cores!) : 2;
  return Math.min(4, Math.max(2, n - 1));
}

export interface RunPoolOptions {
  size?: number;
  timeouts?: Partial<PoolTimeouts>;
}

export interface WorkerSnapshot {
  id: string;
  busy: boolean;
  runId: string | null;
}

interface Queued {
  request: PoolRunRequest;
  settle: (outcome: RunOutcome) => void;
}

export class RunPool {
  readonly size: number;
  private readonly timeouts: PoolTimeouts;
  private readonly workers: PoolWorker[] = [];
  private readonly queue: Queued[] = [];
  /** Runs not yet settled: where each one is (a worker) or null while it waits. */
  private readonly runs = new Map<string, PoolWorker | null>();
  private spawned = 0;
  private disposed = false;

  constructor(
    private readonly spawn: (name: string) => EngineChannel,
    options: RunPoolOptions = {},
  ) {
    this.size = Math.max(1, options.size ?? defaultPoolSize());
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  }

  /** Resolves once with how the run ended; never rejects. */
  solve(request: PoolRunRequest): Promise<RunOutcome> {
    if (this.disposed) return Promise.resolve(failed('The run pool was shut down'));
    if (this.runs.has(request.runId)) return Promise.resolve(failed(`Run ${request.runId} is already running`));
    return new Promise<RunOutcome>((resolve) => {
      this.runs.set(request.runId, null);
      const settle = (outcome: RunOutcome) => {
        this.runs.delete(request.runId);
        resolve(outcome);
      };
      this.queue.push({ request, settle });
      this.dispatch();
    });
  }

  /** A waiting run has nothing to keep, so stopping it cancels it. */
  stop(runId: string): void {
    const worker = this.runs.get(runId);
    if (worker) worker.stop(runId);
    else if (worker === null) this.dequeue(runId);
  }

  cancel(runId: string): void {
    const worker = this.runs.get(runId);
    if (worker) worker.cancel(runId);
    else if (worker === null) this.dequeue(runId);
  }

  snapshot(): WorkerSnapshot[] {
    return this.workers.map((w) => ({ id: w.id, busy: w.busy, runId: w.runId }));
  }

  dispose(): void {
    this.disposed = true;
    for (const q of this.queue.splice(0)) q.settle(failed('The run pool was shut down'));
    for (const w of [...this.workers]) w.terminate();
  }

  private dequeue(runId: string): void {
    const i = this.queue.findIndex((q) => q.request.runId === runId);
    if (i >= 0) this.queue.splice(i, 1)[0].settle({ status: 'cancelled' });
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.disposed) {
      const next = this.queue[0];
      const worker = this.pick(next.request.instanceId);
      if (!worker) break;
      this.queue.shift();
      this.runs.set(next.request.runId, worker);
      worker.start(next.request, next.settle);
    }
    // A worker takes a while to start (a second or more on a busy machine): with every worker
    // busy and room left, one starts now so that the next run begins at once.
    if (!this.disposed && this.workers.length < this.size && this.workers.every((w) => w.busy)) this.addWorker();
  }

  private pick(instanceId: string): PoolWorker | null {
    const idle = this.workers.filter((w) => !w.busy && !w.dead);
    const warm = idle.find((w) => w.holds(instanceId)) ?? idle[0];
    if (warm) return warm;
    return this.workers.length < this.size ? this.addWorker() : null;
  }

  private addWorker(): PoolWorker {
    const id = `w${++this.spawned}`;
    const worker = new PoolWorker(id, this.spawn(`routelab-run-${id}`), this.timeouts, {
      idle: () => this.dispatch(),
      dead: (w) => {
        const i = this.workers.indexOf(w);
        if (i >= 0) this.workers.splice(i, 1);
        this.dispatch();
      },
    });
    this.workers.push(worker);
    return worker;
  }
}

function failed(message: string): RunOutcome {
  return { status: 'failed', error: { name: 'Error', message } };
}
