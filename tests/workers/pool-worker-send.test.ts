/**
 * What the pool worker posts to its engine: an instance whose duration matrix is its distance
 * matrix (files without durations) goes over with one buffer in the transfer list, and a message
 * that cannot be posted fails the run instead of leaving it waiting.
 */
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import type { Instance } from '../../src/core/instance';
import type { EngineChannel } from '../../src/workers/channel';
import type { RunOutcome } from '../../src/workers/engine-client';
import { PoolWorker, DEFAULT_TIMEOUTS } from '../../src/workers/pool-worker';
import type { EngineRequest } from '../../src/workers/protocol';
import { bundledCity } from '../helpers';

function sharedMatrix(): Instance {
  const inst = sampleInstance(bundledCity('Monaco'), { problem: 'acvrp', n: 20, seed: 4 });
  return { ...inst, duration: inst.distance };
}

/** A channel that posts the way a Worker does: a structured clone with the transfer list. */
function cloningChannel(sent: EngineRequest[], failWith?: Error): EngineChannel {
  return {
    send(message, transfer) {
      if (failWith) throw failWith;
      sent.push(structuredClone(message, { transfer: (transfer ?? []) as never }));
    },
    listen() {},
    close() {},
  };
}

function startOn(channel: EngineChannel, instance: Instance): Promise<RunOutcome> {
  const worker = new PoolWorker('w1', channel, DEFAULT_TIMEOUTS, { idle() {}, dead() {} });
  return new Promise((settle) => {
    worker.start({ runId: 'r1', instanceId: 'i1', instance, solverId: 'nearest', options: { timeLimitMs: 1000, seed: 1 } }, settle);
    // a run that was posted stays open: settle it here so the test ends
    setTimeout(() => worker.terminate(), 50);
  });
}

describe('the pool worker posting a run', () => {
  it('transfers a shared distance / duration matrix once, and the page keeps its own', async () => {
    const sent: EngineRequest[] = [];
    const inst = sharedMatrix();
    const outcome = await startOn(cloningChannel(sent), inst);
    expect(sent).toHaveLength(1);
    const msg = sent[0] as Extract<EngineRequest, { kind: 'solve' }>;
    expect(msg.instance?.distance).toEqual(inst.distance);
    expect(msg.instance?.duration).toBe(msg.instance?.distance);
    expect(inst.distance.length).toBe(inst.n * inst.n); // not detached by the transfer
    expect(outcome.status).toBe('failed'); // terminated by the test, not by the post
    if (outcome.status === 'failed') expect(outcome.error.message).toMatch(/terminated/);
  });

  it('fails the run with the reason when the message cannot be posted', async () => {
    const outcome = await startOn(cloningChannel([], new Error('DataCloneError: no')), sharedMatrix());
    expect(outcome.status).toBe('failed');
    if (outcome.status === 'failed') expect(outcome.error.message).toMatch(/Could not send run r1 to worker w1: DataCloneError: no/);
  });
});
