/**
 * The run pool over in-process engines: each "worker" is an EngineHost behind a channel that
 * structured-clones every message and delivers it on a later macrotask, as postMessage does.
 */
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import type { Instance } from '../../src/core/instance';
import { nearestNeighbour } from '../../src/solvers/construct/nearest';
import { getSolver } from '../../src/solvers/registry';
import type { Solver } from '../../src/solvers/solver';
import type { EngineChannel } from '../../src/workers/channel';
import type { RunOutcome } from '../../src/workers/engine-client';
import { EngineHost } from '../../src/workers/engine-host';
import type { EngineError, EngineReply, EngineRequest } from '../../src/workers/protocol';
import { RunPool, defaultPoolSize, type PoolRunRequest, type RunPoolOptions } from '../../src/workers/run-pool';
import { bundledCity } from '../helpers';
import { expectPromptStop, mark } from '../stop-latency';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Keeps searching until stopped, reporting its (fixed) best every few milliseconds. */
const patient: Solver = {
  id: 'patient',
  name: 'Patient',
  family: 'classical',
  problems: ['acvrp'],
  backends: ['js'],
  description: 'test double',
  async solve(instance, _options, control) {
    const solution = nearestNeighbour(instance);
    const t0 = performance.now();
    while (!control?.signal?.aborted) {
      control?.onProgress?.({ solution, cost: 1, elapsedMs: performance.now() - t0 });
      await sleep(5);
    }
    return { solution, elapsedMs: performance.now() - t0, timeToBestMs: 0, stopped: true };
  },
};

/** Reports once, then never answers again (a solver stuck in a long computation). */
const stubborn: Solver = {
  ...patient,
  id: 'stubborn',
  async solve(instance, _options, control) {
    control?.onProgress?.({ solution: nearestNeighbour(instance), cost: 1, elapsedMs: 0 });
    return new Promise(() => {});
  },
};

/** Returns at once; its warm-up takes a little while and is counted. */
let warmUps = 0;
const warmable: Solver = {
  ...patient,
  id: 'warmable',
  async solve(instance) {
    return { solution: nearestNeighbour(instance), elapsedMs: 0, timeToBestMs: 0, stopped: false };
  },
  async warm() {
    warmUps++;
    await sleep(20);
    return { backend: 'test', ms: 20 };
  },
};

const solvers = [patient, stubborn, warmable];
const findSolver = (id: string) => solvers.find((s) => s.id === id) ?? getSolver(id);

interface TestChannel extends EngineChannel {
  name: string;
  sent: EngineRequest[];
  closed: boolean;
  crash(error: EngineError): void;
}

/** `tamper` may rewrite what reaches the host, to simulate a worker that lost its cache. */
function inProcessSpawner(tamper?: (m: EngineRequest) => EngineRequest) {
  const channels: TestChannel[] = [];
  const spawn = (name: string): TestChannel => {
    let onReply: (m: EngineReply) => void = () => {};
    let onCrash: (e: EngineError) => void = () => {};
    const host = new EngineHost(
      (msg, transfer) => {
        const copy = structuredClone(msg, { transfer: (transfer ?? []) as never });
        setTimeout(() => {
          if (!channel.closed) onReply(copy);
        });
      },
      async () => new Uint8Array(),
      findSolver,
    );
    const channel: TestChannel = {
      name,
      sent: [],
      closed: false,
      send(msg, transfer) {
        channel.sent.push(msg);
        const copy = structuredClone(tamper ? tamper(msg) : msg, { transfer: (transfer ?? []) as never });
        setTimeout(() => void host.handle(copy));
      },
      listen(reply, crash) {
        onReply = reply;
        onCrash = crash;
      },
      close() {
        channel.closed = true;
        // Terminating a worker ends whatever it was computing.
        for (const m of channel.sent) if (m.kind === 'solve') void host.handle({ kind: 'cancel', runId: m.runId });
      },
      crash: (e) => onCrash(e),
    };
    channels.push(channel);
    return channel;
  };
  return { channels, spawn };
}

let instanceCache: Instance | null = null;
function monaco(): Instance {
  instanceCache ??= sampleInstance(bundledCity('Monaco'), { problem: 'acvrp', n: 40, seed: 3 });
  return instanceCache;
}

function request(runId: string, solverId: string, extra: Partial<PoolRunRequest> = {}): PoolRunRequest {
  return { runId, instanceId: 'monaco-40', instance: monaco(), solverId, options: { timeLimitMs: 60_000, seed: 1 }, ...extra };
}

/** Starts a run and resolves `started` on its first progress event. */
function startRun(pool: RunPool, runId: string, solverId: string, extra: Partial<PoolRunRequest> = {}) {
  let started!: () => void;
  const firstProgress = new Promise<void>((r) => (started = r));
  const workers: string[] = [];
  const outcome = pool.solve(request(runId, solverId, { onProgress: () => started(), onStart: (w) => workers.push(w), ...extra }));
  return { outcome, firstProgress, workers };
}

function makePool(options: RunPoolOptions = {}, tamper?: (m: EngineRequest) => EngineRequest) {
  const spawner = inProcessSpawner(tamper);
  return { pool: new RunPool(spawner.spawn, { size: 2, ...options }), channels: spawner.channels };
}

function solveMessages(channel: TestChannel) {
  return channel.sent.filter((m): m is Extract<EngineRequest, { kind: 'solve' }> => m.kind === 'solve');
}

function finished(outcome: RunOutcome) {
  expect(outcome.status).toBe('finished');
  if (outcome.status !== 'finished') throw new Error('not finished');
  return outcome.result;
}

describe('pool size', () => {
  it('leaves a core for the page, keeps at least two workers and at most four', () => {
    expect([1, 2, 3, 4, 5, 8, 64].map((c) => defaultPoolSize(c))).toEqual([2, 2, 2, 3, 4, 4, 4]);
    expect(defaultPoolSize(undefined)).toBe(2);
    expect(defaultPoolSize(Number.NaN)).toBe(2);
  });
});

describe('run pool', () => {
  it('runs as many solves at once as it has workers, and queues the rest first-come', async () => {
    const { pool } = makePool();
    const a = startRun(pool, 'a', 'patient');
    const b = startRun(pool, 'b', 'patient');
    const c = startRun(pool, 'c', 'patient');
    await Promise.all([a.firstProgress, b.firstProgress]);
    expect(a.workers).toEqual(['w1']);
    expect(b.workers).toEqual(['w2']);
    expect(c.workers).toEqual([]);
    expect(pool.snapshot()).toEqual([
      { id: 'w1', busy: true, runId: 'a', warm: [] },
      { id: 'w2', busy: true, runId: 'b', warm: [] },
    ]);

    pool.stop('a');
    expect(finished(await a.outcome).stopped).toBe(true);
    await c.firstProgress;
    expect(c.workers).toEqual(['w1']);
    pool.stop('b');
    pool.stop('c');
    await Promise.all([b.outcome, c.outcome]);
    expect(pool.snapshot().every((w) => !w.busy)).toBe(true);
  });

  it('keeps one idle worker started ahead while it has room', async () => {
    const { pool } = makePool({ size: 3 });
    const a = startRun(pool, 'a', 'patient');
    expect(pool.snapshot()).toEqual([
      { id: 'w1', busy: true, runId: 'a', warm: [] },
      { id: 'w2', busy: false, runId: null, warm: [] },
    ]);
    const b = startRun(pool, 'b', 'patient');
    const c = startRun(pool, 'c', 'patient');
    expect(pool.snapshot().map((w) => w.busy)).toEqual([true, true, true]);
    expect([a.workers, b.workers, c.workers]).toEqual([['w1'], ['w2'], ['w3']]);
    for (const id of ['a', 'b', 'c']) pool.stop(id);
    await Promise.all([a.outcome, b.outcome, c.outcome]);
  });

  it('sends each instance to a worker once, and prefers a worker that already holds it', async () => {
    const { pool, channels } = makePool();
    for (const id of ['n1', 'n2', 'n3']) finished(await pool.solve(request(id, 'nearest')));
    expect(solveMessages(channels[0]).map((m) => m.instance !== undefined)).toEqual([true, false, false]);
    expect(solveMessages(channels[1])).toEqual([]);

    const busy = startRun(pool, 'long', 'patient');
    await busy.firstProgress;
    finished(await pool.solve(request('n4', 'nearest')));
    finished(await pool.solve(request('n5', 'nearest')));
    expect(solveMessages(channels[1]).map((m) => m.instance !== undefined)).toEqual([true, false]);

    const other = sampleInstance(bundledCity('Monaco'), { problem: 'acvrp', n: 20, seed: 9 });
    finished(await pool.solve(request('n6', 'nearest', { instanceId: 'monaco-20', instance: other })));
    expect(solveMessages(channels[1]).at(-1)?.instance?.n).toBe(21);
    // The matrices went over as transferred copies (the sent ones are detached now): the page's instance keeps its own.
    expect(solveMessages(channels[1]).at(-1)?.instance?.distance.byteLength).toBe(0);
    expect(other.distance.length).toBe(21 * 21);
    expect(monaco().distance.length).toBe(41 * 41);
    pool.stop('long');
    await busy.outcome;
  });

  it('Stop brings back the best solution of a real anytime solver promptly', async () => {
    const { pool } = makePool();
    const run = startRun(pool, 's', 'sisr');
    await run.firstProgress;
    await sleep(300);
    const clickAt = mark();
    pool.stop('s');
    const result = finished(await run.outcome);
    expectPromptStop(clickAt);
    expect(result.stopped).toBe(true);
    expect(evaluate(monaco(), result.solution).feasible).toBe(true);
  });

  it('Cancel settles the run at once; the worker takes the next run once it acknowledges', async () => {
    const { pool, channels } = makePool();
    const run = startRun(pool, 'x', 'patient');
    await run.firstProgress;
    let settled = false;
    void run.outcome.then(() => (settled = true));
    pool.cancel('x');
    await Promise.resolve();
    expect(settled).toBe(true);
    expect(await run.outcome).toEqual({ status: 'cancelled' });
    expect(pool.snapshot()[0]).toEqual({ id: 'w1', busy: true, runId: 'x', warm: [] });

    await sleep(50);
    expect(pool.snapshot()[0]).toEqual({ id: 'w1', busy: false, runId: null, warm: [] });
    const next = startRun(pool, 'y', 'nearest');
    finished(await next.outcome);
    expect(next.workers).toEqual(['w1']);
    expect(channels.some((c) => c.closed)).toBe(false);
  });

  it('cancels a queued run without it ever starting', async () => {
    const { pool } = makePool({ size: 1 });
    const a = startRun(pool, 'a', 'patient');
    const b = startRun(pool, 'b', 'patient');
    await a.firstProgress;
    pool.cancel('b');
    expect(await b.outcome).toEqual({ status: 'cancelled' });
    pool.stop('a');
    await a.outcome;
    await sleep(20);
    expect(b.workers).toEqual([]);
  });

  it('replaces a worker that does not acknowledge Cancel in time', async () => {
    const { pool, channels } = makePool({ timeouts: { cancelMs: 40 } });
    const run = startRun(pool, 'x', 'stubborn');
    await run.firstProgress;
    pool.cancel('x');
    expect(await run.outcome).toEqual({ status: 'cancelled' });
    await sleep(80);
    expect(channels[0].closed).toBe(true);
    expect(pool.snapshot().map((w) => w.id)).toEqual(['w2']);
    const next = startRun(pool, 'y', 'nearest');
    finished(await next.outcome);
    expect(next.workers).toEqual(['w2']);
  });

  it('replaces a worker that does not answer Stop, keeping the best it had reported', async () => {
    const { pool, channels } = makePool({ timeouts: { stopMs: 40 } });
    const run = startRun(pool, 'x', 'stubborn');
    await run.firstProgress;
    pool.stop('x');
    const result = finished(await run.outcome);
    expect(result.stopped).toBe(true);
    expect(evaluate(monaco(), result.solution).feasible).toBe(true);
    expect(channels[0].closed).toBe(true);
  });

  it('stops a run that overruns its time limit by far', async () => {
    const { pool } = makePool({ timeouts: { overrunMs: 30 } });
    const run = startRun(pool, 'x', 'patient', { options: { timeLimitMs: 10, seed: 1 } });
    expect(finished(await run.outcome).stopped).toBe(true);
  });

  it('a crashed worker fails only its own run; the others go on and the pool starts a new worker', async () => {
    const { pool, channels } = makePool();
    const a = startRun(pool, 'a', 'patient');
    const b = startRun(pool, 'b', 'patient');
    await Promise.all([a.firstProgress, b.firstProgress]);
    channels[0].crash({ name: 'WorkerError', message: 'out of memory' });
    expect(await a.outcome).toEqual({ status: 'failed', error: { name: 'WorkerError', message: 'out of memory' } });
    expect(channels[0].closed).toBe(true);
    expect(pool.snapshot()).toEqual([
      { id: 'w2', busy: true, runId: 'b', warm: [] },
      { id: 'w3', busy: false, runId: null, warm: [] },
    ]);

    const c = startRun(pool, 'c', 'nearest');
    finished(await c.outcome);
    expect(c.workers).toEqual(['w3']);
    pool.stop('b');
    expect(finished(await b.outcome).stopped).toBe(true);
  });

  it('sends the instance again when a worker has lost it', async () => {
    let dropped = false;
    const forgetOnce = (m: EngineRequest): EngineRequest => {
      if (m.kind !== 'solve' || dropped) return m;
      dropped = true;
      return { ...m, instance: undefined };
    };
    const { pool, channels } = makePool({}, forgetOnce);
    finished(await pool.solve(request('r', 'nearest')));
    expect(solveMessages(channels[0]).map((m) => m.instance !== undefined)).toEqual([true, true]);
  });

  it('reports failures on the run and keeps the worker', async () => {
    const { pool, channels } = makePool();
    const unknown = await pool.solve(request('u', 'no-such-solver'));
    expect(unknown).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('no-such-solver') } });
    const twice = startRun(pool, 'd', 'patient');
    expect(await pool.solve(request('d', 'nearest'))).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('already') } });
    pool.stop('d');
    await twice.outcome;
    expect(channels.some((c) => c.closed)).toBe(false);
  });
});

describe('warm-ups', () => {
  const wish = (key = 'k', solverId = 'warmable') => ({ key, solverId, problem: 'acvrp' as const, options: {} });
  const warmMessages = (channel: TestChannel) => channel.sent.filter((m) => m.kind === 'warm');
  const nextWarmed = (pool: RunPool) =>
    new Promise<Parameters<Parameters<RunPool['onWarmed']>[0]>[0]>((resolve) => {
      const off = pool.onWarmed((e) => {
        off();
        resolve(e);
      });
    });

  it('warms one idle worker (the one holding the instance), and runs that need it go there', async () => {
    const { pool, channels } = makePool();
    // Two idle workers: w1 holds monaco-40, w2 holds other-40.
    finished(await pool.solve(request('a', 'warmable')));
    const c = startRun(pool, 'c', 'patient');
    const b = startRun(pool, 'b', 'patient', { instanceId: 'other-40' });
    await Promise.all([b.firstProgress, c.firstProgress]);
    pool.stop('b');
    pool.stop('c');
    await Promise.all([b.outcome, c.outcome]);
    expect(b.workers).toEqual(['w2']);
    const before = warmUps;
    const warmed = nextWarmed(pool);
    pool.warm(wish(), 'other-40');
    expect((await warmed).workerId).toBe('w2');
    expect(warmUps - before).toBe(1);
    expect(warmMessages(channels[0])).toEqual([]);
    expect(pool.snapshot().map((w) => w.warm)).toEqual([[], ['k']]);
    // Asked again (the same key): nothing more is sent.
    pool.warm(wish(), 'monaco-40');
    expect(warmMessages(channels[1])).toHaveLength(1);
    expect(warmMessages(channels[0])).toEqual([]);
    // A run needing the warm-up goes to w2 although w1 holds its instance; one without goes to w1.
    const d = startRun(pool, 'd', 'warmable', { warmKey: 'k' });
    finished(await d.outcome);
    expect(d.workers).toEqual(['w2']);
    const e = startRun(pool, 'e', 'warmable');
    finished(await e.outcome);
    expect(e.workers).toEqual(['w1']);
    pool.dispose();
  });

  it('starts a worker for a warm-up when the pool has none, and a run asked meanwhile joins it', async () => {
    const { pool, channels } = makePool();
    pool.warm(wish());
    expect(channels).toHaveLength(1);
    expect(warmMessages(channels[0])).toHaveLength(1);
    // The run goes to the worker still warming (it waits for the same warm-up there), not to a new one.
    const a = startRun(pool, 'a', 'warmable', { warmKey: 'k' });
    finished(await a.outcome);
    expect(a.workers).toEqual(['w1']);
    expect(solveMessages(channels[0])).toHaveLength(1);
    pool.dispose();
  });

  it('with every worker busy, the first worker to become idle takes the warm-up', async () => {
    const { pool, channels } = makePool();
    const a = startRun(pool, 'a', 'patient');
    const b = startRun(pool, 'b', 'patient');
    await Promise.all([a.firstProgress, b.firstProgress]);
    pool.warm(wish());
    await sleep(30);
    expect(channels.flatMap(warmMessages)).toEqual([]);
    const warmed = nextWarmed(pool);
    pool.stop('b');
    await b.outcome;
    expect((await warmed).workerId).toBe(b.workers[0]);
    expect(channels.flatMap(warmMessages)).toHaveLength(1);
    pool.stop('a');
    await a.outcome;
    pool.dispose();
  });

  it('a warm-up that fails is reported and not tried again by the next idle worker', async () => {
    const { pool, channels } = makePool();
    const warmed = nextWarmed(pool);
    pool.warm(wish('x', 'no-such-solver'));
    const event = await warmed;
    expect('error' in event && event.error.message).toMatch(/Unknown solver "no-such-solver"/);
    expect(pool.snapshot().map((w) => w.warm)).toEqual([[]]);
    finished(await pool.solve(request('a', 'warmable')));
    await sleep(30);
    expect(channels.flatMap(warmMessages)).toHaveLength(1);
    pool.dispose();
  });

  it('an idle-time warm-up gives way to a run started meanwhile (its worker stops) and resumes after the runs', async () => {
    const { pool, channels } = makePool({ resumeWarmMs: 40 });
    pool.warm(wish(), undefined, { whenIdle: true });
    expect(warmMessages(channels[0])).toHaveLength(1);
    const a = startRun(pool, 'a', 'patient');
    // The warming worker was terminated; the run went to a new one.
    expect(channels[0].closed).toBe(true);
    await a.firstProgress;
    expect(a.workers).toEqual(['w2']);
    await sleep(80);
    expect(channels.flatMap(warmMessages)).toHaveLength(1);
    const warmed = nextWarmed(pool);
    const t0 = performance.now();
    pool.stop('a');
    await a.outcome;
    // Resumed once the pool has had no run for resumeWarmMs.
    expect(await warmed).toMatchObject({ workerId: 'w2', key: 'k' });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(35);
    expect(channels.flatMap(warmMessages)).toHaveLength(2);
    pool.dispose();
  });

  it('an idle-time warm-up is joined by a run that needs it, and an urgent one never gives way', async () => {
    const { pool, channels } = makePool();
    pool.warm(wish(), undefined, { whenIdle: true });
    const a = startRun(pool, 'a', 'warmable', { warmKey: 'k' });
    finished(await a.outcome);
    expect(channels[0].closed).toBe(false);
    expect(a.workers).toEqual(['w1']);
    pool.warm(wish('u'));
    const b = startRun(pool, 'b', 'patient');
    await b.firstProgress;
    // It waited for the warm-up in w1 (the only idle worker), which went on.
    expect(channels[0].closed).toBe(false);
    expect(b.workers).toEqual(['w1']);
    expect(warmMessages(channels[0])).toHaveLength(2);
    pool.stop('b');
    await b.outcome;
    pool.dispose();
  });

  it('an idle-time warm-up that a run waits for is not stopped by another run', async () => {
    const { pool, channels } = makePool();
    pool.warm(wish(), undefined, { whenIdle: true });
    const a = startRun(pool, 'a', 'patient', { warmKey: 'k' });
    const b = startRun(pool, 'b', 'patient');
    await Promise.all([a.firstProgress, b.firstProgress]);
    expect(channels[0].closed).toBe(false);
    expect([a.workers, b.workers]).toEqual([['w1'], ['w2']]);
    pool.stop('a');
    pool.stop('b');
    expect((await a.outcome).status).toBe('finished');
    await b.outcome;
    pool.dispose();
  });

  it('an idle-time warm-up asked while runs go waits for them to end', async () => {
    const { pool, channels } = makePool({ resumeWarmMs: 30 });
    const a = startRun(pool, 'a', 'patient');
    await a.firstProgress;
    pool.warm(wish(), undefined, { whenIdle: true });
    await sleep(60);
    // An idle worker would take an urgent warm-up now; this one waits.
    expect(channels.flatMap(warmMessages)).toEqual([]);
    const warmed = nextWarmed(pool);
    pool.stop('a');
    await a.outcome;
    expect((await warmed).key).toBe('k');
    pool.dispose();
  });

  it('a solver with nothing to prepare is warm at once', async () => {
    const { pool } = makePool();
    const warmed = nextWarmed(pool);
    pool.warm(wish('n', 'nearest'));
    expect(await warmed).toMatchObject({ key: 'n', report: { backend: 'js', ms: 0 } });
    pool.dispose();
  });
});
