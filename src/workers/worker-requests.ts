/**
 * Requests to a worker that answers each one by its requestId: a promise per request, the worker
 * started on first use, and everything pending failed (and the worker dropped, to be started
 * afresh on the next request) when it dies.
 */
export interface RequestPort<Request, Reply> {
  postMessage(message: Request, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<Reply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

type Answer = { ok: true; value: unknown } | { ok: false; error: Error };

export class WorkerRequests<Request extends { requestId: number }, Reply extends { requestId: number }> {
  private port: RequestPort<Request, Reply> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly spawn: () => RequestPort<Request, Reply>,
    /** What a reply means: its value, or the error to reject with. */
    private readonly read: (reply: Reply) => Answer,
    private readonly what: string,
  ) {}

  get started(): boolean {
    return this.port !== null;
  }

  call<T>(body: Omit<Request, 'requestId'>, transfer: Transferable[] = []): Promise<T> {
    const port = this.ensure();
    const requestId = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (v: never) => void, reject });
      port.postMessage({ ...body, requestId } as Request, transfer);
    });
  }

  fail(error: Error): void {
    this.port?.terminate();
    this.port = null;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private ensure(): RequestPort<Request, Reply> {
    if (this.port) return this.port;
    const port = this.spawn();
    port.onmessage = (event) => {
      const p = this.pending.get(event.data.requestId);
      if (!p) return;
      this.pending.delete(event.data.requestId);
      const answer = this.read(event.data);
      if (answer.ok) p.resolve(answer.value as never);
      else p.reject(answer.error);
    };
    port.onerror = (event) => {
      event.preventDefault();
      this.fail(new Error(event.message || `The ${this.what} worker failed`));
    };
    this.port = port;
    return port;
  }
}
