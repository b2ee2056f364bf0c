/**
 * The page's side of the experiment source worker: promises per request, a located error as the
 * rejection. A worker that dies fails what it held; the next request starts a fresh one (whose
 * sources must be opened again: the provider reopens a source whose instance request failed).
 */
import { Lazy } from '../core/cells';
import type { FileSource, InlineSource } from '../core/experiment/definition';
import type { Instance } from '../core/instance';
import type { LocatedError } from './files-protocol';
import type { OpenedSource, SourceAnswer, SourceCalls } from './experiment-source-protocol';
import { RpcClient, valueOf, type RpcPort } from './rpc-client';

export type SourcePort = RpcPort;

/** A rejection that carries the located error (file, field, expected, found). */
export class SourceError extends Error {
  constructor(readonly located: LocatedError) {
    super(located.message);
    this.name = 'SourceError';
  }
}

function answer<T>(a: SourceAnswer<T>): T {
  if (a.ok) return a.value;
  throw new SourceError(a.error);
}

export class SourceClient {
  private readonly rpc: RpcClient<SourceCalls>;

  constructor(spawn: () => SourcePort = spawnSourceWorker) {
    this.rpc = new RpcClient(spawn, 'experiment source worker');
  }

  /** `bytes` is transferred (detached afterwards). */
  async open(key: string, source: FileSource | InlineSource, definitionFile: string, bytes?: Uint8Array): Promise<OpenedSource> {
    const result = await this.rpc.call('open', { key, source, definitionFile, ...(bytes ? { bytes } : {}) }, { transfer: bytes ? [bytes.buffer as ArrayBuffer] : [] });
    return answer(valueOf(result));
  }

  async instance(key: string, position: number): Promise<Instance> {
    return answer(valueOf(await this.rpc.call('instance', { key, position })));
  }

  close(key: string): void {
    if (this.rpc.running) void this.rpc.call('close', { key });
  }

  dispose(): void {
    this.rpc.close('The experiment source worker was shut down');
  }
}

/** The `new Worker(new URL(…))` form must stay literal for Vite to bundle it. */
export function spawnSourceWorker(): SourcePort {
  return new Worker(new URL('./experiment-source.worker.ts', import.meta.url), { type: 'module', name: 'routelab-experiment-source' });
}

const client = new Lazy(
  () => new SourceClient(),
  (c) => c.dispose(),
);

export function sourceEngine(): SourceClient {
  return client.get();
}
