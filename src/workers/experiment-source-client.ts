/**
 * The page's side of the experiment source worker: promises per request, a located error as the
 * rejection. A worker that dies fails what it held; the next request starts a fresh one (whose
 * sources must be opened again: the provider reopens a source whose instance request failed).
 */
import type { FileSource, InlineSource } from '../core/experiment/definition';
import type { Instance } from '../core/instance';
import type { LocatedError } from './files-protocol';
import type { OpenedSource, SourceReply, SourceRequest } from './experiment-source-protocol';
import { WorkerRequests, type RequestPort } from './worker-requests';

export type SourcePort = RequestPort<SourceRequest, SourceReply>;

/** A rejection that carries the located error (file, field, expected, found). */
export class SourceError extends Error {
  constructor(readonly located: LocatedError) {
    super(located.message);
    this.name = 'SourceError';
  }
}

type Body = SourceRequest extends infer R ? (R extends SourceRequest ? Omit<R, 'requestId'> : never) : never;

export class SourceClient {
  private readonly requests: WorkerRequests<SourceRequest, SourceReply>;

  constructor(spawn: () => SourcePort = spawnSourceWorker) {
    this.requests = new WorkerRequests(spawn, (reply) => (reply.ok ? { ok: true, value: reply.value } : { ok: false, error: new SourceError(reply.error) }), 'experiment source');
  }

  /** `bytes` is transferred (detached afterwards). */
  open(key: string, source: FileSource | InlineSource, definitionFile: string, bytes?: Uint8Array): Promise<OpenedSource> {
    return this.call({ kind: 'open', key, source, definitionFile, ...(bytes ? { bytes } : {}) }, bytes ? [bytes.buffer as ArrayBuffer] : []);
  }

  instance(key: string, position: number): Promise<Instance> {
    return this.call({ kind: 'instance', key, position });
  }

  close(key: string): void {
    if (this.requests.started) void this.call({ kind: 'close', key }).catch(() => {});
  }

  dispose(): void {
    this.requests.fail(new Error('The experiment source worker was shut down'));
  }

  private call<T>(body: Body, transfer: Transferable[] = []): Promise<T> {
    return this.requests.call<T>(body, transfer);
  }
}

/** The `new Worker(new URL(…))` form must stay literal for Vite to bundle it. */
export function spawnSourceWorker(): SourcePort {
  return new Worker(new URL('./experiment-source.worker.ts', import.meta.url), { type: 'module', name: 'routelab-experiment-source' }) as unknown as SourcePort;
}

let client: SourceClient | null = null;

export function sourceEngine(): SourceClient {
  client ??= new SourceClient();
  return client;
}
