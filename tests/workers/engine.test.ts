/**
 * The engine client and host wired together in one process, with structured clone standing in
 * for the thread boundary: what passes here passes between the page and the worker.
 */
import { describe, expect, it, vi } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { makeInstance, type Instance } from '../../src/core/instance';
import { nearestNeighbour } from '../../src/solvers/construct/nearest';
import { getSolver } from '../../src/solvers/registry';
import type { Solver } from '../../src/solvers/solver';
import { EngineClient, type EngineChannel } from '../../src/workers/engine-client';
import type { FetchBytes, FindSolver } from '../../src/workers/engine-host';
import { INSTANCE_MISSING } from '../../src/workers/protocol';
import { inProcess, readCity } from './in-process';

/** An anytime solver that keeps "searching" until stopped: reports a first solution, then waits. */
const patientSolver: Solver = {
  id: 'patient',
  name: 'Patient',
  family: 'classical',
  problems: ['acvrp'],
  backends: ['js'],
  description: 'test double',
  async solve(instance, _options, control) {
    const solution = nearestNeighbour(instance);
    control?.onProgress?.({ solution, cost: 0, elapsedMs: 0 });
    while (!control?.signal?.aborted) await new Promise((r) => setTimeout(r, 2));
    return { solution, elapsedMs: 1, timeToBestMs: 0, stopped: true };
  },
};

const failingSolver: Solver = { ...patientSolver, id: 'failing', solve: async () => Promise.reject(new RangeError('solver blew up')) };

function findSolver(id: string): Solver | undefined {
  return [patientSolver, failingSolver].find((s) => s.id === id) ?? getSolver(id);
}

async function monacoClient() {
  const fetchBytes = vi.fn(readCity);
  const client = new EngineClient(inProcess(fetchBytes, findSolver));
  await client.loadCity('Monaco', 'Monaco.rlc');
  const { instanceId, instance } = await client.sample('Monaco', { problem: 'acvrp', n: 100, seed: 1 });
  return { client, fetchBytes, instanceId, instance };
}

describe('engine worker protocol', () => {
  it('loads a city once and returns only its points', async () => {
    const fetchBytes = vi.fn(readCity);
    const client = new EngineClient(inProcess(fetchBytes));
    const [a, b] = await Promise.all([client.loadCity('Monaco', 'Monaco.rlc'), client.loadCity('Monaco', 'Monaco.rlc')]);
    expect(a).toBe(b);
    expect(a.n).toBe(1000);
    expect(a.lonlat).toBeInstanceOf(Float64Array);
    expect(a.lonlat.length).toBe(2000);
    expect(a.attribution).toContain('OpenStreetMap');
    expect(Object.keys(a).sort()).toEqual(['attribution', 'lonlat', 'n', 'name']);
    expect(fetchBytes).toHaveBeenCalledTimes(1);
  });

  it('samples in the worker; the copy keeps typed arrays and Infinity', async () => {
    const { instance, instanceId } = await monacoClient();
    expect(instanceId).toBe('Monaco:acvrp:100:uniform:1');
    expect(instance.n).toBe(101);
    expect(instance.distance).toBeInstanceOf(Float64Array);
    expect(instance.vehicles[0].count).toBe(Infinity);
    expect(instance.vehicles[0].shift[1]).toBe(Infinity);
  });

  it('the page gets its matrices transferred as a copy: the worker still solves on its own', async () => {
    const sizes: number[] = [];
    const watched = new EngineClient(inProcess(readCity, findSolver, undefined, (transfer) => sizes.push(...transfer.map((b) => (b as ArrayBuffer).byteLength))));
    await watched.loadCity('Monaco', 'Monaco.rlc');
    sizes.length = 0;
    const { instanceId, instance } = await watched.sample('Monaco', { problem: 'acvrp', n: 100, seed: 1 });
    // the reply moved two buffers of 101 × 101 float64 (distance, duration), not cloned them
    expect(sizes).toEqual([101 * 101 * 8, 101 * 101 * 8]);
    expect(instance.distance.length).toBe(101 * 101);
    expect(instance.duration).not.toBe(instance.distance);
    // had the worker given away its own arrays, they would be detached and this solve would fail
    const outcome = await watched.solve({ runId: 'r0', instanceId, solverId: 'nearest', options: { timeLimitMs: 1000, seed: 1 } });
    expect(outcome.status).toBe('finished');
  });

  it('solves by instance id and the solution evaluates as feasible', async () => {
    const { client, instanceId, instance } = await monacoClient();
    const progress = vi.fn();
    const outcome = await client.solve({ runId: 'r1', instanceId, solverId: 'nearest', options: { timeLimitMs: 1000, seed: 1 }, onProgress: progress });
    expect(outcome.status).toBe('finished');
    if (outcome.status !== 'finished') return;
    expect(outcome.result.stopped).toBe(false);
    expect(progress).toHaveBeenCalled();
    expect(evaluate(instance, outcome.result.solution).feasible).toBe(true);
  });

  it('Stop returns the best solution found so far', async () => {
    const { client, instanceId, instance } = await monacoClient();
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const done = client.solve({ runId: 'r2', instanceId, solverId: 'patient', options: { timeLimitMs: 60_000, seed: 1 }, onProgress: () => started() });
    await running;
    client.stop('r2');
    const outcome = await done;
    expect(outcome.status).toBe('finished');
    if (outcome.status !== 'finished') return;
    expect(outcome.result.stopped).toBe(true);
    expect(evaluate(instance, outcome.result.solution).feasible).toBe(true);
  });

  it('Cancel settles the run at once and leaves the worker usable', async () => {
    const { client, instanceId } = await monacoClient();
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const outcome = client.solve({ runId: 'r3', instanceId, solverId: 'patient', options: { timeLimitMs: 60_000, seed: 1 }, onProgress: () => started() });
    await running;
    client.cancel('r3');
    expect(await outcome).toEqual({ status: 'cancelled' });
    const next = await client.solve({ runId: 'r4', instanceId, solverId: 'nearest', options: { timeLimitMs: 1000, seed: 1 } });
    expect(next.status).toBe('finished');
  });

  it('reports failures as values on the run', async () => {
    const { client, instanceId } = await monacoClient();
    const options = { timeLimitMs: 1000, seed: 1 };
    const unknown = await client.solve({ runId: 'a', instanceId, solverId: 'no-such-solver', options });
    expect(unknown).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('no-such-solver') } });
    const missing = await client.solve({ runId: 'b', instanceId: 'nowhere', solverId: 'nearest', options });
    expect(missing).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('nowhere') } });
    const thrown = await client.solve({ runId: 'c', instanceId, solverId: 'failing', options });
    expect(thrown).toEqual({ status: 'failed', error: { name: 'RangeError', message: 'solver blew up' } });
  });

  it('rejects a failed city load and tries again next time', async () => {
    let calls = 0;
    const flaky: FetchBytes = async (url) => {
      if (calls++ === 0) throw new Error('HTTP 503');
      return readCity(url);
    };
    const client = new EngineClient(inProcess(flaky));
    await expect(client.loadCity('Monaco', 'Monaco.rlc')).rejects.toThrow('HTTP 503');
    await expect(client.loadCity('Monaco', 'Monaco.rlc')).resolves.toMatchObject({ n: 1000 });
  });

  it('rejects a corrupt city file with a located error', async () => {
    const client = new EngineClient(inProcess(async () => new Uint8Array([1, 2, 3])));
    await expect(client.loadCity('Broken', 'Broken.rlc')).rejects.toThrow('Broken.rlc');
  });

  it('refuses to sample from a city it has not loaded', async () => {
    const client = new EngineClient(inProcess(readCity));
    await expect(client.sample('Andorra', { problem: 'atsp', n: 10, seed: 1 })).rejects.toThrow('not loaded');
  });

  it('accepts instances made on the page', async () => {
    const { client, instance } = await monacoClient();
    const own: Instance = { ...instance, name: 'imported' };
    await client.putInstance('imported', own);
    const outcome = await client.solve({ runId: 'p', instanceId: 'imported', solverId: 'nearest', options: { timeLimitMs: 1000, seed: 1 } });
    expect(outcome.status).toBe('finished');
  });

  it('fails everything pending when the worker dies, and fails fast afterwards', async () => {
    let crash!: (e: { name: string; message: string }) => void;
    const channel: EngineChannel = {
      send() {},
      listen(_reply, onCrash) {
        crash = onCrash;
      },
      close() {},
    };
    const client = new EngineClient(channel);
    const load = client.loadCity('Monaco', 'Monaco.rlc');
    const run = client.solve({ runId: 'x', instanceId: 'i', solverId: 'nearest', options: { timeLimitMs: 1, seed: 1 } });
    crash({ name: 'WorkerError', message: 'worker script failed' });
    await expect(load).rejects.toThrow('worker script failed');
    expect(await run).toMatchObject({ status: 'failed' });
    expect(client.isCrashed).toBe(true);
    await expect(client.sample('Monaco', { problem: 'atsp', n: 5, seed: 1 })).rejects.toThrow('worker script failed');
  });
});

describe('the instances a worker keeps', () => {
  /** A 1000-node instance: its matrices take 8 MB (distance and duration are one array here). */
  function big(name: string): Instance {
    const n = 1000;
    const matrix = new Float64Array(n * n).fill(1);
    for (let i = 0; i < n; i++) matrix[i * n + i] = 0;
    const demand = new Float64Array(n).fill(1);
    demand[0] = 0;
    return makeInstance({ name, kind: 'acvrp', n, distance: matrix, duration: matrix, demand, depot: 0 });
  }

  it('are bounded by bytes, not only by count: big instances push the oldest out', async () => {
    const client = new EngineClient(inProcess(readCity, findSolver));
    for (let k = 0; k < 14; k++) await client.putInstance(`big-${k}`, big(`big-${k}`));
    const options = { timeLimitMs: 1000, seed: 1 };
    const oldest = await client.solve({ runId: 'old', instanceId: 'big-0', solverId: 'nearest', options });
    expect(oldest).toMatchObject({ status: 'failed', error: { name: INSTANCE_MISSING } });
    const newest = await client.solve({ runId: 'new', instanceId: 'big-13', solverId: 'nearest', options });
    expect(newest.status).toBe('finished');
  });
});
