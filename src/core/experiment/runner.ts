/**
 * Runs an experiment's plan with a few runs at a time, whatever runs them: the app hands each
 * run to its worker pool, the CLI to the solver in its own thread. Runs already recorded (a
 * resumed experiment) are skipped, each run is recorded exactly once, and the experiment can be
 * paused (nothing new starts, runs going finish and are kept), resumed and cancelled (runs going
 * are abandoned, nothing more is recorded for them).
 */
import { failedRecord, type RunRecord } from './record';
import type { RunSpec } from './plan';

export type RunOutcome = { status: 'recorded'; record: RunRecord } | { status: 'cancelled' };

export type RunnerState = 'idle' | 'running' | 'paused' | 'cancelled' | 'done';

export interface RunnerOptions {
  specs: readonly RunSpec[];
  /** Keys of runs recorded before (a resumed experiment). */
  done?: Iterable<string>;
  concurrency: number;
  /** Runs one spec; resolves with its record, or 'cancelled' after abort(). Should not reject. */
  execute(spec: RunSpec): Promise<RunOutcome>;
  abort?(spec: RunSpec): void;
  onRecord(record: RunRecord): void;
  /** Called whenever progress or state changes. */
  onChange?(): void;
  now?(): number;
}

export interface RunnerProgress {
  total: number;
  done: number;
  failed: number;
  running: number;
  /** Estimated time to finish from the pace of this session; undefined before any pace is known. */
  etaMs?: number;
}

export class ExperimentRunner {
  private stateNow: RunnerState = 'idle';
  private readonly doneKeys = new Set<string>();
  private readonly running = new Map<string, RunSpec>();
  private cursor = 0;
  private failed = 0;
  private sessionStart = 0;
  private sessionDone = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly planned: Set<string>;
  private readonly now: () => number;

  constructor(private readonly opts: RunnerOptions) {
    this.planned = new Set(opts.specs.map((s) => s.key));
    for (const key of opts.done ?? []) if (this.planned.has(key)) this.doneKeys.add(key);
    this.now = opts.now ?? (() => performance.now());
  }

  get state(): RunnerState {
    return this.stateNow;
  }

  isDone(key: string): boolean {
    return this.doneKeys.has(key);
  }

  /** Counts a failure recorded before this session (the caller knows them from the stored records). */
  countFailed(n: number): void {
    this.failed += n;
  }

  progress(): RunnerProgress {
    const total = this.opts.specs.length;
    const done = this.doneKeys.size;
    const remaining = total - done;
    let etaMs: number | undefined;
    if (remaining === 0) etaMs = 0;
    else if (this.sessionDone > 0 && this.stateNow === 'running') etaMs = (remaining * (this.now() - this.sessionStart)) / this.sessionDone;
    return { total, done, failed: this.failed, running: this.running.size, ...(etaMs !== undefined ? { etaMs } : {}) };
  }

  /** Starts (or resumes) and resolves when the experiment is done, paused and drained, or cancelled. */
  run(): Promise<RunnerState> {
    if (this.stateNow === 'idle' || this.stateNow === 'paused') {
      this.stateNow = 'running';
      this.sessionStart = this.now();
      this.sessionDone = 0;
      this.fill();
      this.settleIfFinished();
      this.opts.onChange?.();
    }
    return this.settled();
  }

  pause(): void {
    if (this.stateNow !== 'running') return;
    this.stateNow = 'paused';
    this.opts.onChange?.();
    this.settleIfFinished();
  }

  resume(): Promise<RunnerState> {
    return this.run();
  }

  cancel(): void {
    if (this.stateNow === 'done' || this.stateNow === 'cancelled') return;
    this.stateNow = 'cancelled';
    for (const spec of [...this.running.values()]) this.opts.abort?.(spec);
    this.opts.onChange?.();
    this.settleIfFinished();
  }

  /** Resolves once nothing is going: done, cancelled, or paused with every started run back. */
  settled(): Promise<RunnerState> {
    if (this.isSettled()) return Promise.resolve(this.stateNow);
    return new Promise((resolve) => this.waiters.push(() => resolve(this.stateNow)));
  }

  private isSettled(): boolean {
    return this.stateNow !== 'running' && this.running.size === 0;
  }

  private settleIfFinished(): void {
    if (this.stateNow === 'running' && this.running.size === 0 && this.doneKeys.size === this.planned.size) this.stateNow = 'done';
    if (!this.isSettled()) return;
    for (const w of this.waiters.splice(0)) w();
  }

  private fill(): void {
    const { specs, concurrency } = this.opts;
    while (this.stateNow === 'running' && this.running.size < Math.max(1, concurrency) && this.cursor < specs.length) {
      const spec = specs[this.cursor++];
      if (this.doneKeys.has(spec.key) || this.running.has(spec.key)) continue;
      this.start(spec);
    }
  }

  private start(spec: RunSpec): void {
    this.running.set(spec.key, spec);
    let outcome: Promise<RunOutcome>;
    try {
      outcome = this.opts.execute(spec);
    } catch (err) {
      outcome = Promise.reject(err);
    }
    outcome
      .catch((err: unknown): RunOutcome => ({ status: 'recorded', record: failedRecord(spec, null, spec.solver, '', err instanceof Error ? err.message : String(err)) }))
      .then((result) => this.finish(spec, result));
  }

  private finish(spec: RunSpec, result: RunOutcome): void {
    this.running.delete(spec.key);
    if (result.status === 'recorded' && !this.doneKeys.has(spec.key)) {
      this.doneKeys.add(spec.key);
      this.sessionDone++;
      if (result.record.status === 'failed') this.failed++;
      this.opts.onRecord(result.record);
    } else if (result.status === 'cancelled') {
      // Not recorded: it runs again when the experiment resumes.
      this.cursor = Math.min(this.cursor, this.opts.specs.indexOf(spec));
    }
    this.fill();
    this.settleIfFinished();
    this.opts.onChange?.();
  }
}
