/**
 * The page's side of the experiment source worker: promises per request, a located error as the
 * rejection. A worker that dies fails what it held; the next request starts a fresh one (which
 * must be opened again: the caller reopens a source whose instance request failed).
 */
import type { FileSource, InlineSource } from '../core/experiment/definition';
import type { Instance } from '../core/instance';
import type { LocatedError } from './files-protocol';
import type { OpenedSource, SourceReply, SourceRequest } from './experiment-source-protocol';

export interface SourcePort {
  postMessage(message: SourceRequest, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<SourceReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** A rejection that carries the located error (file, field, expected, found). */
export class SourceError extends Error {
  constructor(readonly located: LocatedError) {
    super(located.message);
    this.name = 'SourceError';
  }
}

type Body = SourceRequest extends infer R ? (R extends SourceRequest ? Omit<R, 'requestId'> : never) : never;

export class SourceClient {
  private port: SourcePort | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();

  constructor(private readonly spawn: () => SourcePort = spawnSourceWorker) {}

  /** `bytes` is transferred (detached afterwards). */
  open(key: string, source: FileSource | InlineSource, definitionFile: string, bytes?: Uint8Array): Promise<OpenedSource> {
    return this.call({ kind: 'open', key, source, definitionFile, ...(bytes ? { bytes } : {}) }, bytes ? [bytes.buffer as ArrayBuffer] : []);
  }

  instance(key: string, position: number): Promise<Instance> {
    return this.call({ kind: 'instance', key, position });
  }

  close(key: string): void {
    if (this.port) void this.call({ kind: 'close', key }).catch(() => {});
  }

  dispose(): void {
    this.fail(new Error('The experiment source worker was shut down'));
  }

  private call<T>(body: Body, transfer: Transferable[] = []): Promise<T> {
    const port = this.ensure();
    const requestId = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (v: never) => void, reject });
      port.postMessage({ ...body, requestId } as SourceRequest, transfer);
    });
  }

  private ensure(): SourcePort {
    if (this.port) return this.port;
    const port = this.spawn();
    port.onmessage = (event) => {
      const reply = event.data;
      const p = this.pending.get(reply.requestId);
      if (!p) return;
      this.pending.delete(reply.requestId);
      if (reply.ok) p.resolve(reply.value as never);
      else p.reject(new SourceError(reply.error));
    };
    port.onerror = (event) => {
      event.preventDefault();
      this.fail(new Error(event.message || 'The experiment source worker failed'));
    };
    this.port = port;
    return port;
  }

  private fail(error: Error): void {
    this.port?.terminate();
    this.port = null;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
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
