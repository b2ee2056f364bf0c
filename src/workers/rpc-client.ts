/**
 * The page's side of the worker protocol in rpc.ts. RpcCalls keeps the calls in flight over any
 * send function (the engine's channel also carries runs); RpcClient adds the worker: started on
 * the first call, and when it dies, its calls fail and the next call starts a fresh one. Calls
 * resolve with a result value and never reject.
 */
import { CANCELLED, WORKER_FAILED, WORKER_NOT_STARTED, toRpcError, type RpcError, type RpcMethods, type RpcReply, type RpcRequest, type RpcResult } from './rpc';

export interface CallOptions<P> {
  /** Buffers moved to the worker (detached here afterwards). */
  transfer?: Transferable[];
  /** Aborting settles the call at once as CANCELLED and tells the worker to stop. */
  signal?: AbortSignal;
  onProgress?: (progress: P) => void;
}

interface Pending {
  settle: (result: RpcResult<unknown>) => void;
  onProgress?: (progress: unknown) => void;
}

export type SendRequest<M extends RpcMethods<M>> = (request: RpcRequest<M>, transfer: Transferable[]) => void;

export class RpcCalls<M extends RpcMethods<M>> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly send: SendRequest<M>) {}

  get inFlight(): number {
    return this.pending.size;
  }

  call<K extends keyof M & string>(method: K, params: M[K]['params'], options: CallOptions<M[K]['progress']> = {}): Promise<RpcResult<M[K]['result']>> {
    const { signal } = options;
    if (signal?.aborted) return Promise.resolve(cancelled());
    const id = this.nextId++;
    return new Promise((resolve) => {
      const done = () => signal?.removeEventListener('abort', abort);
      const abort = () => {
        if (!this.pending.delete(id)) return;
        done();
        resolve(cancelled());
        this.post({ kind: 'rpc-cancel', id }, []);
      };
      this.pending.set(id, {
        settle: (result) => {
          done();
          resolve(result as RpcResult<M[K]['result']>);
        },
        onProgress: options.onProgress as ((progress: unknown) => void) | undefined,
      });
      signal?.addEventListener('abort', abort);
      try {
        this.send({ kind: 'rpc', id, method, params } as RpcRequest<M>, options.transfer ?? []);
      } catch (err) {
        // A value that cannot be cloned (or a closed port): the call fails, nothing else does.
        this.settle(id, { ok: false, error: toRpcError(err) });
      }
    });
  }

  /** Takes a reply from the worker; false when the message is not one of the protocol's. */
  receive(message: unknown): boolean {
    const reply = message as RpcReply | null;
    if (!reply || typeof reply !== 'object') return false;
    switch (reply.kind) {
      case 'rpc-progress':
        this.pending.get(reply.id)?.onProgress?.(reply.progress);
        return true;
      case 'rpc':
        this.settle(reply.id, reply.result);
        return true;
      default:
        return false;
    }
  }

  /** Every call in flight fails with `error` (the worker is gone). */
  failAll(error: RpcError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.settle({ ok: false, error });
  }

  private settle(id: number, result: RpcResult<unknown>): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.settle(result);
  }

  private post(request: RpcRequest<M>, transfer: Transferable[]): void {
    try {
      this.send(request, transfer);
    } catch {
      // The worker is gone: there is nothing left to cancel.
    }
  }
}

function cancelled(): RpcResult<never> {
  return { ok: false, error: { name: CANCELLED, message: 'Cancelled' } };
}

/** What RpcClient needs of a Worker (tests pass an in-process stand-in). */
export interface RpcPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror?: ((event: MessageEvent) => void) | null;
  terminate(): void;
}

export class RpcClient<M extends RpcMethods<M>> {
  private port: RpcPort | null = null;
  /** Whether the current worker has answered anything yet. */
  private heard = false;
  private readonly calls = new RpcCalls<M>((request, transfer) => {
    // A cancel is for the worker that has the call: never start one just to say it.
    switch (request.kind) {
      case 'rpc-cancel':
        this.port?.postMessage(request, transfer);
        break;
      case 'rpc':
        this.ensure().postMessage(request, transfer);
        break;
    }
  });

  /** `name` goes into the errors: "The files worker failed". */
  constructor(
    private readonly spawn: () => RpcPort,
    private readonly name: string,
  ) {}

  get running(): boolean {
    return this.port !== null;
  }

  call<K extends keyof M & string>(method: K, params: M[K]['params'], options?: CallOptions<M[K]['progress']>): Promise<RpcResult<M[K]['result']>> {
    return this.calls.call(method, params, options);
  }

  /** Ends the worker; calls in flight fail with `message`. The next call starts a fresh worker. */
  close(message = `The ${this.name} was shut down`): void {
    this.fail({ name: WORKER_FAILED, message });
  }

  private ensure(): RpcPort {
    if (this.port) return this.port;
    const port = this.spawn();
    port.onmessage = (event) => {
      this.heard = true;
      this.calls.receive(event.data);
    };
    port.onerror = (event) => {
      event.preventDefault();
      const name = this.heard ? WORKER_FAILED : WORKER_NOT_STARTED;
      this.fail({ name, message: event.message || `The ${this.name} failed` });
    };
    port.onmessageerror = () => this.fail({ name: WORKER_FAILED, message: `A message from the ${this.name} could not be read` });
    this.port = port;
    this.heard = false;
    return port;
  }

  private fail(error: RpcError): void {
    const port = this.port;
    this.port = null;
    port?.terminate();
    this.calls.failAll(error);
  }
}

/** The value, or the error thrown as an Error of the same name (for callers that reject). */
export function valueOf<T>(result: RpcResult<T>): T {
  if (result.ok) return result.value;
  const err = new Error(result.error.message);
  err.name = result.error.name;
  throw err;
}
