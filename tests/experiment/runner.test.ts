/**
 * The experiment runner: a few runs at a time, each recorded once, pause / resume / cancel, and
 * an experiment resumed from what was recorded before a reload (none lost, none done twice).
 */
import { describe, expect, it } from 'vitest';
import { EXPERIMENT_FORMAT, type ExperimentDefinition } from '../../src/core/experiment/definition';
import { planRuns, type RunSpec } from '../../src/core/experiment/plan';
import type { RunRecord } from '../../src/core/experiment/record';
import { ExperimentRunner, type RunOutcome } from '../../src/core/experiment/runner';

const DEF: ExperimentDefinition = {
  format: EXPERIMENT_FORMAT,
  name: 't',
  instances: { kind: 'file', file: 'x.npz' },
  solvers: ['a', 'b'],
  seeds: [1, 2],
  budgets: [0.01],
  baseline: 'a',
};
const SPECS = planRuns(DEF, 5, (i) => i);

const tick = () => new Promise((r) => setTimeout(r, 1));

function recordOf(spec: RunSpec): RunRecord {
  return { key: spec.key, position: spec.position, index: spec.index, instance: `i${spec.index}`, solver: spec.solver, solverId: spec.solver, seed: spec.seed, budgetMs: spec.budgetMs, backend: 'js', status: 'done', cost: spec.index };
}

/** Runs finish when the test says so; aborted ones come back cancelled. */
class FakeRuns {
  readonly started: string[] = [];
  private readonly open = new Map<string, (o: RunOutcome) => void>();
  maxConcurrent = 0;

  execute = (spec: RunSpec): Promise<RunOutcome> => {
    this.started.push(spec.key);
    return new Promise((resolve) => {
      this.open.set(spec.key, resolve);
      this.maxConcurrent = Math.max(this.maxConcurrent, this.open.size);
    });
  };

  abort = (spec: RunSpec): void => this.settle(spec.key, { status: 'cancelled' });

  finishAll(): number {
    const keys = [...this.open.keys()];
    for (const key of keys) this.settle(key, { status: 'recorded', record: recordOf(SPECS.find((s) => s.key === key)!) });
    return keys.length;
  }

  get going(): number {
    return this.open.size;
  }

  private settle(key: string, outcome: RunOutcome): void {
    const resolve = this.open.get(key);
    this.open.delete(key);
    resolve?.(outcome);
  }
}

async function drive(runs: FakeRuns, until: () => boolean): Promise<void> {
  while (!until()) {
    runs.finishAll();
    await tick();
  }
}

describe('experiment runner', () => {
  it('runs the plan a few at a time and records each run once', async () => {
    const runs = new FakeRuns();
    const recorded: string[] = [];
    const runner = new ExperimentRunner({ specs: SPECS, concurrency: 3, execute: runs.execute, onRecord: (r) => recorded.push(r.key) });
    const finished = runner.run();
    await drive(runs, () => runner.state === 'done');
    expect(await finished).toBe('done');
    expect(runs.maxConcurrent).toBe(3);
    expect(recorded).toEqual(SPECS.map((s) => s.key));
    expect(runner.progress()).toMatchObject({ total: 20, done: 20, failed: 0, running: 0, etaMs: 0 });
  });

  it('pause lets the runs going finish and starts nothing new; resume goes on', async () => {
    const runs = new FakeRuns();
    const recorded: string[] = [];
    const runner = new ExperimentRunner({ specs: SPECS, concurrency: 2, execute: runs.execute, onRecord: (r) => recorded.push(r.key) });
    void runner.run();
    runs.finishAll();
    await tick();
    runner.pause();
    const paused = runner.settled();
    expect(runs.going).toBe(2);
    runs.finishAll();
    expect(await paused).toBe('paused');
    expect(recorded).toHaveLength(4);
    expect(runs.started).toHaveLength(4);
    const done = runner.resume();
    await drive(runs, () => runner.state === 'done');
    expect(await done).toBe('done');
    expect(recorded).toEqual(SPECS.map((s) => s.key));
  });

  it('cancel abandons the runs going: they are not recorded', async () => {
    const runs = new FakeRuns();
    const recorded: string[] = [];
    const runner = new ExperimentRunner({ specs: SPECS, concurrency: 2, execute: runs.execute, abort: runs.abort, onRecord: (r) => recorded.push(r.key) });
    void runner.run();
    runs.finishAll();
    await tick();
    runner.cancel();
    expect(await runner.settled()).toBe('cancelled');
    expect(recorded).toEqual(SPECS.slice(0, 2).map((s) => s.key));
    expect(runner.progress()).toMatchObject({ done: 2, running: 0 });
  });

  it('a reload mid-way: the next session runs exactly the runs not recorded', async () => {
    const stored = new Map<string, number>();
    const store = (r: RunRecord) => stored.set(r.key, (stored.get(r.key) ?? 0) + 1);
    // First session: 6 runs recorded, 3 going when the page goes away (their results never arrive).
    const first = new FakeRuns();
    let alive = true;
    const before = new ExperimentRunner({ specs: SPECS, concurrency: 3, execute: first.execute, onRecord: (r) => alive && store(r) });
    void before.run();
    while (stored.size < 6) {
      first.finishAll();
      await tick();
    }
    alive = false;
    expect(first.going).toBe(3);
    const recordedBefore = new Set(stored.keys());
    expect(recordedBefore.size).toBe(6);
    // Second session, from the store.
    const second = new FakeRuns();
    const after = new ExperimentRunner({ specs: SPECS, done: recordedBefore, concurrency: 3, execute: second.execute, onRecord: store });
    expect(after.progress()).toMatchObject({ total: 20, done: 6 });
    const done = after.run();
    await drive(second, () => after.state === 'done');
    expect(await done).toBe('done');
    expect(second.started.filter((k) => recordedBefore.has(k))).toEqual([]);
    expect([...stored.keys()].sort()).toEqual(SPECS.map((s) => s.key).sort());
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
  });

  it('a cancelled run goes again when the experiment resumes', async () => {
    const runs = new FakeRuns();
    const recorded: string[] = [];
    const runner = new ExperimentRunner({ specs: SPECS.slice(0, 4), concurrency: 2, execute: runs.execute, abort: runs.abort, onRecord: (r) => recorded.push(r.key) });
    void runner.run();
    runner.cancel();
    await runner.settled();
    expect(recorded).toEqual([]);
    const again = new ExperimentRunner({ specs: SPECS.slice(0, 4), concurrency: 2, execute: runs.execute, onRecord: (r) => recorded.push(r.key) });
    const done = again.run();
    await drive(runs, () => again.state === 'done');
    await done;
    expect(recorded).toEqual(SPECS.slice(0, 4).map((s) => s.key));
  });

  it('a run that throws is recorded as failed, not retried forever', async () => {
    const recorded: RunRecord[] = [];
    const runner = new ExperimentRunner({
      specs: SPECS.slice(0, 3),
      concurrency: 2,
      execute: async (spec) => {
        if (spec.solver === 'b') throw new Error('solver exploded');
        return { status: 'recorded', record: recordOf(spec) };
      },
      onRecord: (r) => recorded.push(r),
    });
    expect(await runner.run()).toBe('done');
    expect(recorded.map((r) => r.status)).toEqual(['done', 'failed', 'done']);
    expect(recorded[1].error).toBe('solver exploded');
    expect(runner.progress().failed).toBe(1);
  });

  it('estimates the time left from the pace of this session', async () => {
    let now = 0;
    const runs = new FakeRuns();
    const runner = new ExperimentRunner({ specs: SPECS, concurrency: 2, execute: runs.execute, onRecord: () => {}, now: () => now });
    void runner.run();
    expect(runner.progress().etaMs).toBeUndefined();
    now = 1000;
    runs.finishAll();
    await tick();
    // 2 runs in 1 s, 18 left: 9 s.
    expect(runner.progress().etaMs).toBe(9000);
    runner.cancel();
  });
});
