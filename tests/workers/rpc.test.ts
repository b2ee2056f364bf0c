/**
 * The worker protocol (src/workers/rpc.ts, rpc-client.ts) with the host in the same process:
 * structured clone and a macrotask stand in for the thread boundary (in-process.ts).
 */
import { describe, expect, it } from 'vitest';
import { CANCELLED, WORKER_FAILED, WORKER_NOT_STARTED, transferring, type RpcHandlers } from '../../src/workers/rpc';
import { RpcClient, valueOf } from '../../src/workers/rpc-client';
import { rpcPort, type InProcessPort } from './in-process';

interface Calls {
  double: { params: { xs: Float64Array }; result: Float64Array };
  fail: { params: { why: string }; result: null };
  count: { params: { to: number }; result: number; progress: number };
  wait: { params: Record<string, never>; result: string };
}

function setup() {
  let aborted = false;
  let release: (value: string) => void = () => {};
  const handlers: RpcHandlers<Calls> = {
    double: ({ xs }) => {
      const out = xs.map((x) => 2 * x);
      return transferring(out, [out.buffer]);
    },
    fail: async ({ why }) => {
      throw new RangeError(why);
    },
    count: async ({ to }, { progress }) => {
      for (let i = 1; i <= to; i++) progress(i);
      return to;
    },
    wait: (_params, { signal }) =>
      new Promise<string>((resolve) => {
        release = resolve;
        signal.addEventListener('abort', () => (aborted = true));
      }),
  };
  const ports: InProcessPort<Calls>[] = [];
  const client = new RpcClient<Calls>(() => {
    const port = rpcPort(handlers);
    ports.push(port);
    return port;
  }, 'test worker');
  return { client, ports, aborted: () => aborted, release: (v: string) => release(v) };
}

describe('the worker protocol', () => {
  it('matches replies to calls, moves transferred buffers, and starts the worker on the first call', async () => {
    const { client, ports } = setup();
    expect(ports).toHaveLength(0);
    const xs = new Float64Array([1, 2, 3]);
    const [a, b] = await Promise.all([client.call('double', { xs }, { transfer: [xs.buffer] }), client.call('count', { to: 2 })]);
    expect(xs.length).toBe(0); // detached: moved, not copied
    expect(a).toEqual({ ok: true, value: new Float64Array([2, 4, 6]) });
    expect(b).toEqual({ ok: true, value: 2 });
    expect(ports).toHaveLength(1);
  });

  it('answers a failure as a value, which valueOf throws with its name', async () => {
    const { client } = setup();
    const result = await client.call('fail', { why: 'too far' });
    expect(result).toEqual({ ok: false, error: { name: 'RangeError', message: 'too far' } });
    expect(() => valueOf(result)).toThrow(expect.objectContaining({ name: 'RangeError', message: 'too far' }));
  });

  it('streams progress before the result', async () => {
    const { client } = setup();
    const seen: number[] = [];
    expect(await client.call('count', { to: 3 }, { onProgress: (p) => seen.push(p) })).toEqual({ ok: true, value: 3 });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('cancels: the call settles at once, the worker is told, and no late reply lands', async () => {
    const { client, ports, aborted, release } = setup();
    const controller = new AbortController();
    const call = client.call('wait', {}, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(await call).toEqual({ ok: false, error: { name: CANCELLED, message: 'Cancelled' } });
    await new Promise((r) => setTimeout(r, 5));
    expect(aborted()).toBe(true);
    expect(ports[0].seen.map((r) => r.kind)).toEqual(['rpc', 'rpc-cancel']);
    release('late');
    // Already aborted before the call: nothing is sent.
    const again = new AbortController();
    again.abort();
    expect(await client.call('wait', {}, { signal: again.signal })).toMatchObject({ ok: false, error: { name: CANCELLED } });
    expect(ports[0].seen).toHaveLength(2);
  });

  it('fails the calls of a worker that dies, says whether it ever started, and starts a fresh one next', async () => {
    const { client, ports } = setup();
    const silent = client.call('wait', {});
    ports[0].crash('script error');
    expect(await silent).toEqual({ ok: false, error: { name: WORKER_NOT_STARTED, message: 'script error' } });
    expect(ports[0].terminated).toBe(true);

    expect(await client.call('count', { to: 1 })).toEqual({ ok: true, value: 1 });
    expect(ports).toHaveLength(2);
    const busy = client.call('wait', {});
    ports[1].crash('');
    expect(await busy).toEqual({ ok: false, error: { name: WORKER_FAILED, message: 'The test worker failed' } });

    const closed = client.call('wait', {});
    client.close();
    expect(await closed).toMatchObject({ ok: false, error: { name: WORKER_FAILED, message: 'The test worker was shut down' } });
    expect(client.running).toBe(false);
  });

  it('turns what cannot cross the boundary into an error value, both ways', async () => {
    const { client } = setup();
    const sent = await client.call('fail', { why: (() => 'x') as unknown as string });
    expect(sent).toMatchObject({ ok: false, error: { name: 'DataCloneError' } });
    const unknown = await (client as unknown as RpcClient<{ nope: { params: null; result: null } }>).call('nope', null);
    expect(unknown).toEqual({ ok: false, error: { name: 'Error', message: 'Unknown method "nope"' } });
    expect(await (client as unknown as RpcClient<{ toString: { params: null; result: null } }>).call('toString', null)).toMatchObject({ ok: false });
  });
});
