/**
 * One engine worker of the run pool, running at most one solve at a time. It remembers which
 * instances the worker holds (so each is sent once) and guards against a worker that stops
 * answering: a Stop or Cancel that is not acknowledged in time, or a run that outlives its time
 * limit by far, gets the worker terminated; the pool then replaces it.
 */
import type { Instance, ProblemKind } from '../core/instance';
import type { SolveOptions, WarmOptions, WarmReport } from '../solvers/solver';
import type { EngineChannel } from './channel';
import type { RunOutcome } from './engine-client';
import { InstanceCache, instanceBytes, matricesCopied, matrixBuffers } from './instance-cache';
import { INSTANCE_MISSING, type EngineError, type EngineReply, type RunProgress } from './protocol';

export interface PoolRunRequest {
  runId: string;
  instanceId: string;
  /** Sent along only to workers that do not hold it yet. */
  instance: Instance;
  solverId: string;
  options: SolveOptions;
  onProgress?: (progress: RunProgress) => void;
  /** Called when a worker takes the run off the queue. */
  onStart?: (workerId: string) => void;
  /** What the run needs warm (a WarmWish's key): a worker warmed for it is preferred. */
  warmKey?: string;
}

/**
 * What to prepare in a worker ahead of the runs that need it. `key` names what gets warm, so
 * that solvers sharing it (the neural variants share one problem's model sessions) share it.
 */
export interface WarmWish {
  key: string;
  solverId: string;
  problem: ProblemKind;
  options: WarmOptions;
}

export type Warmth = 'warming' | 'warm';

export interface PoolTimeouts {
  /** Stop must bring the result back well within this, or the worker is replaced. */
  stopMs: number;
  /** Cancel must be acknowledged within this before the worker counts as usable again. */
  cancelMs: number;
  /** A run still going this long after its time limit is stopped as if the planner had asked. */
  overrunMs: number;
}

export const DEFAULT_TIMEOUTS: PoolTimeouts = { stopMs: 3000, cancelMs: 3000, overrunMs: 15_000 };

interface ActiveRun {
  request: PoolRunRequest;
  settle: (outcome: RunOutcome) => void;
  /** Settled on the page already (cancelled) while the worker may still be busy with it. */
  settled: boolean;
  lastProgress?: RunProgress;
  resent: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

export interface PoolWorkerEvents {
  /** The worker is free for the next run. */
  idle(worker: PoolWorker): void;
  /** The worker is gone (crashed or terminated); it must not be used again. */
  dead(worker: PoolWorker): void;
  /** A warm-up ended: `report` when it is warm, else why not. */
  warmed?(worker: PoolWorker, key: string, outcome: { report: WarmReport } | { error: EngineError }): void;
}

export class PoolWorker {
  private active: ActiveRun | null = null;
  /** What the worker holds: the host's own cache class, fed the same instances, forgets the same ones. */
  private readonly mirror = new InstanceCache<true>();
  private isDead = false;
  /** Warm-ups sent (warming) and answered (warm), by key; failed ones are forgotten. */
  private readonly warmth = new Map<string, Warmth>();
  private readonly warmIds = new Map<string, string>();
  private warmCount = 0;

  constructor(
    readonly id: string,
    private readonly channel: EngineChannel,
    private readonly timeouts: PoolTimeouts,
    private readonly events: PoolWorkerEvents,
  ) {
    channel.listen(
      (message) => this.receive(message),
      (error) => this.die(error),
    );
  }

  get busy(): boolean {
    return this.active !== null;
  }

  get dead(): boolean {
    return this.isDead;
  }

  get runId(): string | null {
    return this.active?.request.runId ?? null;
  }

  holds(instanceId: string): boolean {
    return this.mirror.has(instanceId);
  }

  warmthOf(key: string): Warmth | undefined {
    return this.warmth.get(key);
  }

  /** Keys this worker is warm for (answered warm-ups). */
  get warmKeys(): string[] {
    return [...this.warmth].filter(([, w]) => w === 'warm').map(([k]) => k);
  }

  /** A warm-up still going here (its work shares the worker with whatever run comes). */
  get warming(): boolean {
    return [...this.warmth.values()].includes('warming');
  }

  /** Sends the warm-up unless this worker is warm or warming for its key already. */
  warm(wish: WarmWish): void {
    if (this.isDead || this.warmth.has(wish.key)) return;
    const warmId = `${this.id}-warm${++this.warmCount}`;
    this.warmth.set(wish.key, 'warming');
    this.warmIds.set(warmId, wish.key);
    this.channel.send({ kind: 'warm', warmId, solverId: wish.solverId, problem: wish.problem, options: wish.options });
  }

  start(request: PoolRunRequest, settle: (outcome: RunOutcome) => void): void {
    if (this.active || this.isDead) throw new Error(`Worker ${this.id} cannot take a run now`);
    const run: ActiveRun = { request, settle, settled: false, resent: false };
    this.active = run;
    if (!this.send(run)) return;
    this.arm(run, request.options.timeLimitMs + this.timeouts.overrunMs, () => this.stop(request.runId));
    request.onStart?.(this.id);
  }

  stop(runId: string): void {
    const run = this.current(runId);
    if (!run || run.settled) return;
    this.channel.send({ kind: 'stop', runId });
    this.arm(run, this.timeouts.stopMs, () => {
      // The planner still gets the best the solver had reported before it went quiet.
      const p = run.lastProgress;
      this.finish(
        run,
        p
          ? { status: 'finished', result: { solution: p.solution, elapsedMs: p.elapsedMs, timeToBestMs: p.elapsedMs, stopped: true } }
          : { status: 'failed', error: { name: 'TimeoutError', message: `The solver did not answer Stop within ${this.timeouts.stopMs} ms` } },
      );
      this.terminate();
    });
  }

  /** Settles the run as cancelled at once; the worker is free only once it acknowledges. */
  cancel(runId: string): void {
    const run = this.current(runId);
    if (!run) return;
    this.finish(run, { status: 'cancelled' });
    this.channel.send({ kind: 'cancel', runId });
    this.arm(run, this.timeouts.cancelMs, () => this.terminate());
  }

  terminate(): void {
    this.die({ name: 'WorkerError', message: `Worker ${this.id} was terminated` });
  }

  private current(runId: string): ActiveRun | null {
    return this.active?.request.runId === runId ? this.active : null;
  }

  /** Posts the run; a message that cannot be posted fails the run (false) rather than leaving it waiting for ever. */
  private send(run: ActiveRun): boolean {
    const { runId, instanceId, instance, solverId, options } = run.request;
    const held = this.mirror.has(instanceId);
    try {
      if (held) this.channel.send({ kind: 'solve', runId, instanceId, solverId, options });
      else {
        // Transferred as a copy: the page keeps its instance (the table and the map read it).
        const copy = matricesCopied(instance);
        this.channel.send({ kind: 'solve', runId, instanceId, solverId, options, instance: copy }, matrixBuffers(copy));
      }
    } catch (err) {
      this.release(run, { status: 'failed', error: { name: 'WorkerError', message: `Could not send run ${runId} to worker ${this.id}: ${err instanceof Error ? err.message : String(err)}` } });
      return false;
    }
    this.mirror.set(instanceId, true, instanceBytes(instance));
    return true;
  }

  private arm(run: ActiveRun, ms: number, onExpiry: () => void): void {
    clearTimeout(run.timer);
    run.timer = setTimeout(onExpiry, ms);
  }

  private finish(run: ActiveRun, outcome: RunOutcome): void {
    if (run.settled) return;
    run.settled = true;
    run.settle(outcome);
  }

  private receive(message: EngineReply): void {
    if (message.kind === 'fault') {
      console.error(`Engine ${this.id}: ${message.error.message}`);
      return;
    }
    if (message.kind === 'warmed' || message.kind === 'warm-failed') {
      const key = this.warmIds.get(message.warmId);
      if (key === undefined) return;
      this.warmIds.delete(message.warmId);
      if (message.kind === 'warmed') {
        this.warmth.set(key, 'warm');
        this.events.warmed?.(this, key, { report: message.report });
      } else {
        this.warmth.delete(key);
        this.events.warmed?.(this, key, { error: message.error });
      }
      return;
    }
    if (!('runId' in message)) return;
    const run = this.current(message.runId);
    if (!run) return;
    switch (message.kind) {
      case 'progress':
        if (run.settled) return;
        run.lastProgress = message.progress;
        run.request.onProgress?.(message.progress);
        return;
      case 'failed':
        // The worker forgot the instance (its cache and our mirror drifted): send it once more.
        if (message.error.name === INSTANCE_MISSING && !run.resent && !run.settled) {
          run.resent = true;
          this.mirror.delete(run.request.instanceId);
          this.send(run);
          return;
        }
        this.release(run, { status: 'failed', error: message.error });
        return;
      case 'finished':
        this.release(run, { status: 'finished', result: message.result });
        return;
      case 'cancelled':
        this.release(run, { status: 'cancelled' });
        return;
    }
  }

  private release(run: ActiveRun, outcome: RunOutcome): void {
    clearTimeout(run.timer);
    this.finish(run, outcome);
    this.active = null;
    this.events.idle(this);
  }

  private die(error: EngineError): void {
    if (this.isDead) return;
    this.isDead = true;
    this.channel.close();
    const run = this.active;
    this.active = null;
    if (run) {
      clearTimeout(run.timer);
      this.finish(run, { status: 'failed', error });
    }
    this.events.dead(this);
  }
}
