/**
 * The run manager: a small pool of engine workers so that several solves go at the same time.
 * A run goes to an idle worker (preferring one that already holds its instance), else to a new
 * worker while the pool is below its size, else it waits in a first-come queue. Workers are
 * started on demand and kept warm with their instance caches; a dead one is dropped and a fresh
 * one takes its place the next time a run needs it.
 */
import type { EngineChannel } from './channel';
import type { RunOutcome } from './engine-client';
import type { WarmReport } from '../solvers/solver';
import type { EngineError } from './protocol';
import { DEFAULT_TIMEOUTS, PoolWorker, type PoolRunRequest, type PoolTimeouts, type WarmWish } from './pool-worker';

export type { PoolRunRequest, WarmWish } from './pool-worker';

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
  /** How long the pool must have no run before an idle-time warm-up that gave way resumes. */
  resumeWarmMs?: number;
}

/** See RunPoolOptions.resumeWarmMs: the final draws of the last runs come first. */
export const RESUME_WARM_MS = 2000;

export interface WarmWhen {
  /**
   * An idle-time warm-up (nobody picked a solver that needs it yet): it goes only while no run
   * does, and gives way to a run that starts meanwhile. Its worker is then terminated, because
   * a warm-up's work (compiling onnxruntime's WASM, seconds of CPU on background threads) cannot
   * be paused, and would take CPU from the run's time limit and the page's frames. It resumes
   * once the pool has had no run for resumeWarmMs.
   */
  whenIdle?: boolean;
}

export interface WorkerSnapshot {
  id: string;
  busy: boolean;
  runId: string | null;
  /** The warm-up keys this worker has answered as warm. */
  warm: string[];
}

export type WarmListener = (event: { workerId: string; key: string } & ({ report: WarmReport } | { error: EngineError })) => void;

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
  /** The latest warm-up asked for: kept in one live worker (again, if that worker dies). */
  private wish: WarmWish | null = null;
  /** The instance the wish's runs will solve: the worker holding it is warmed first. */
  private warmTarget: string | undefined;
  /** The wish is an idle-time one (WarmWhen.whenIdle). */
  private wishWhenIdle = false;
  private resumeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly resumeWarmMs: number;
  private readonly warmListeners = new Set<WarmListener>();

  constructor(
    private readonly spawn: (name: string) => EngineChannel,
    options: RunPoolOptions = {},
  ) {
    this.size = Math.max(1, options.size ?? defaultPoolSize());
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.resumeWarmMs = options.resumeWarmMs ?? RESUME_WARM_MS;
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
      this.giveWay(request);
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

  /**
   * Warms one worker for `wish` (the runs that name its key as their warmKey then go there): an
   * idle one, preferring the one holding `instanceId`, or a new one while the pool has room;
   * with every worker busy, the first to become idle. Only the latest wish is kept: a worker
   * warm for an earlier one stays so (its sessions stay loaded), but no new worker is warmed
   * for it. One worker, not all: each would hold its own copy of the runtime and sessions.
   */
  warm(wish: WarmWish, instanceId?: string, when: WarmWhen = {}): void {
    if (this.disposed) return;
    this.wish = wish;
    this.warmTarget = instanceId;
    this.wishWhenIdle = when.whenIdle ?? false;
    this.cancelResume();
    this.applyWish(true);
  }

  /** Tells `listener` of every warm-up that ends; returns the unsubscribe. */
  onWarmed(listener: WarmListener): () => void {
    this.warmListeners.add(listener);
    return () => this.warmListeners.delete(listener);
  }

  snapshot(): WorkerSnapshot[] {
    return this.workers.map((w) => ({ id: w.id, busy: w.busy, runId: w.runId, warm: w.warmKeys }));
  }

  dispose(): void {
    this.disposed = true;
    this.cancelResume();
    for (const q of this.queue.splice(0)) q.settle(failed('The run pool was shut down'));
    for (const w of [...this.workers]) w.terminate();
  }

  private dequeue(runId: string): void {
    const i = this.queue.findIndex((q) => q.request.runId === runId);
    if (i >= 0) this.queue.splice(i, 1)[0].settle({ status: 'cancelled' });
  }

  /**
   * An idle-time warm-up still going gives way to `request`, unless the run needs that warm-up,
   * or a run that needs it already waits for it in that worker.
   */
  private giveWay(request: PoolRunRequest): void {
    const wish = this.wish;
    if (!wish || !this.wishWhenIdle || request.warmKey === wish.key) return;
    for (const w of [...this.workers]) if (!w.dead && !w.busy && w.warmthOf(wish.key) === 'warming') w.terminate();
  }

  /**
   * Sends the wish to a worker unless one is warm or warming for it. An idle-time wish waits
   * while runs go, and after them for resumeWarmMs (`now`: the app was idle already).
   */
  private applyWish(now = false): void {
    const wish = this.wish;
    if (!wish || this.disposed) return;
    if (this.workers.some((w) => !w.dead && w.warmthOf(wish.key))) return;
    if (this.wishWhenIdle) {
      if (this.runs.size > 0) return this.cancelResume();
      if (!now) {
        this.resumeTimer ??= setTimeout(() => {
          this.resumeTimer = undefined;
          this.applyWish(true);
        }, this.resumeWarmMs);
        return;
      }
    }
    const idle = this.workers.filter((w) => !w.busy && !w.dead);
    const target = (this.warmTarget !== undefined ? idle.find((w) => w.holds(this.warmTarget!)) : undefined) ?? idle[0] ?? (this.workers.length < this.size ? this.addWorker() : undefined);
    // Else the first worker to become idle takes it (dispatch calls back here).
    target?.warm(wish);
  }

  private cancelResume(): void {
    clearTimeout(this.resumeTimer);
    this.resumeTimer = undefined;
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.disposed) {
      const next = this.queue[0];
      const worker = this.pick(next.request);
      if (!worker) break;
      this.queue.shift();
      this.runs.set(next.request.runId, worker);
      worker.start(next.request, next.settle);
    }
    // A worker takes a while to start (a second or more on a busy machine): with every worker
    // busy and room left, one starts now so that the next run begins at once.
    if (!this.disposed && this.workers.length < this.size && this.workers.every((w) => w.busy)) this.addWorker();
    this.applyWish();
  }

  /**
   * An idle worker for the run: for a run with a warmKey, one warm for it (else one warming for
   * it: the run then waits for the same warm-up instead of starting its own); then one holding
   * the instance; a run with no use for a warm-up avoids a worker busy warming when it can.
   */
  private pick(request: PoolRunRequest): PoolWorker | null {
    const idle = this.workers.filter((w) => !w.busy && !w.dead);
    const key = request.warmKey;
    const score = (w: PoolWorker) => {
      const warmth = key !== undefined ? w.warmthOf(key) : undefined;
      return (warmth === 'warm' ? 8 : warmth === 'warming' ? 4 : 0) + (w.holds(request.instanceId) ? 2 : 0) + (key === undefined && w.warming ? 0 : 1);
    };
    let best: PoolWorker | undefined;
    for (const w of idle) if (!best || score(w) > score(best)) best = w;
    if (best) return best;
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
      warmed: (w, key, outcome) => {
        // A warm-up that failed (no model file, say) is not retried by every idle worker.
        if ('error' in outcome && this.wish?.key === key) this.wish = null;
        for (const listener of this.warmListeners) listener({ workerId: w.id, key, ...outcome });
      },
    });
    this.workers.push(worker);
    return worker;
  }
}

function failed(message: string): RunOutcome {
  return { status: 'failed', error: { name: 'Error', message } };
}
