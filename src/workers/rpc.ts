/**
 * The request/reply protocol the page's worker clients share, and its worker side. A method map
 * types both ends; a call is matched to its reply by id; results and failures are values (an
 * error never crosses the thread boundary as a thrown object); a call may stream progress and
 * may be cancelled. rpc-client.ts is the page's side.
 *
 * Not comlink: its proxies reject with thrown errors, have no cancellation, and hand callbacks
 * over as extra MessagePorts; the engine's runs (Stop keeps the best, Cancel must be
 * acknowledged before the worker takes another run) need more than a call anyway.
 */

export interface RpcError {
  name: string;
  message: string;
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };

/** Each method's parameters and result, and what it reports while it works (if anything). */
export type RpcMethods<M> = { [K in keyof M]: { params: unknown; result: unknown; progress?: unknown } };

export type RpcCall<M extends RpcMethods<M>> = { [K in keyof M & string]: { kind: 'rpc'; id: number; method: K; params: M[K]['params'] } }[keyof M & string];

export type RpcRequest<M extends RpcMethods<M>> = RpcCall<M> | { kind: 'rpc-cancel'; id: number };

export type RpcReply = { kind: 'rpc'; id: number; result: RpcResult<unknown> } | { kind: 'rpc-progress'; id: number; progress: unknown };

/** Error names the protocol itself gives. */
export const CANCELLED = 'AbortError';
export const WORKER_FAILED = 'WorkerError';
/** The worker failed before it said anything: its script never ran (an app updated under the page). */
export const WORKER_NOT_STARTED = 'WorkerStartError';

export function toRpcError(err: unknown): RpcError {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) };
}

/** A value and the buffers to move (not copy) with it. */
export class Transferring<T> {
  constructor(
    readonly value: T,
    readonly transfer: Transferable[],
  ) {}
}

export function transferring<T>(value: T, transfer: Iterable<Transferable>): Transferring<T> {
  return new Transferring(value, [...new Set(transfer)]);
}

export interface RpcContext<P> {
  /** Aborted when the page cancels the call. */
  signal: AbortSignal;
  progress(progress: P, transfer?: Transferable[]): void;
}

type Returned<T> = T | Transferring<T>;

export type RpcHandlers<M extends RpcMethods<M>> = {
  [K in keyof M]: (params: M[K]['params'], context: RpcContext<M[K]['progress']>) => Returned<M[K]['result']> | Promise<Returned<M[K]['result']>>;
};

export type PostReply = (reply: RpcReply, transfer: Transferable[]) => void;

/**
 * The worker's side: returns the function to feed each request to. It never throws and never
 * rejects; a handler's failure becomes the call's error. A cancelled call gets no reply (the
 * page settled it already).
 */
export function rpcHost<M extends RpcMethods<M>>(handlers: RpcHandlers<M>, post: PostReply): (request: RpcRequest<M>) => Promise<void> {
  const running = new Map<number, AbortController>();
  return async (request) => {
    if (request.kind === 'rpc-cancel') {
      running.get(request.id)?.abort();
      return;
    }
    const { id } = request;
    const controller = new AbortController();
    running.set(id, controller);
    const context: RpcContext<unknown> = {
      signal: controller.signal,
      progress: (progress, transfer = []) => {
        if (!controller.signal.aborted) post({ kind: 'rpc-progress', id, progress }, transfer);
      },
    };
    let result: RpcResult<unknown>;
    let transfer: Transferable[] = [];
    try {
      // Handlers may be a class instance (methods on its prototype), never Object's own methods.
      const handler = (request.method in Object.prototype ? undefined : handlers[request.method]) as ((params: unknown, context: RpcContext<unknown>) => unknown) | undefined;
      if (typeof handler !== 'function') throw new Error(`Unknown method "${String(request.method)}"`);
      const returned = await handler.call(handlers, request.params, context);
      if (returned instanceof Transferring) {
        result = { ok: true, value: returned.value };
        transfer = returned.transfer;
      } else result = { ok: true, value: returned };
    } catch (err) {
      result = { ok: false, error: toRpcError(err) };
    } finally {
      running.delete(id);
    }
    if (controller.signal.aborted) return;
    try {
      post({ kind: 'rpc', id, result }, transfer);
    } catch (err) {
      // A value that cannot be cloned still gets an answer, or the page would wait for ever.
      post({ kind: 'rpc', id, result: { ok: false, error: toRpcError(err) } }, []);
    }
  };
}
