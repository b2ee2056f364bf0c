/**
 * The engine host and a client channel wired together in one process, with structured clone
 * standing in for the thread boundary: what passes here passes between the page and a worker.
 * Asynchronous both ways, like postMessage, so ordering bugs show up in tests too.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { EngineChannel } from '../../src/workers/engine-client';
import { EngineHost, type FetchBytes, type FindSolver, type OpenLibrary } from '../../src/workers/engine-host';
import type { EngineReply, EngineRequest } from '../../src/workers/protocol';
import { rpcHost, type RpcHandlers, type RpcMethods, type RpcRequest } from '../../src/workers/rpc';
import type { RpcPort } from '../../src/workers/rpc-client';

const CITIES = resolve(__dirname, '../../public/cities');

/** Serves `cities/<Name>.rlc` requests from public/ (any URL prefix). */
export const readCity: FetchBytes = async (url) => new Uint8Array(await readFile(resolve(CITIES, url.replace(/^.*\//, ''))));

export function clone<T>(value: T, transfer?: Transferable[]): T {
  return structuredClone(value, { transfer: (transfer ?? []) as never });
}

/** `openLibrary` stands in for the browser's city library (IndexedDB); share one to simulate a reload. */
/** `onTransfer` sees what each reply moves (its transfer list) rather than clones. */
export function inProcess(fetchBytes: FetchBytes = readCity, findSolver?: FindSolver, openLibrary?: OpenLibrary, onTransfer?: (transfer: Transferable[]) => void): EngineChannel {
  let onReply: (m: EngineReply) => void = () => {};
  const host = new EngineHost(
    (msg, transfer) => {
      if (transfer?.length) onTransfer?.(transfer);
      const copy = clone(msg, transfer);
      setTimeout(() => onReply(copy));
    },
    fetchBytes,
    findSolver,
    openLibrary,
  );
  return {
    send(msg: EngineRequest, transfer?: Transferable[]) {
      const copy = clone(msg, transfer);
      setTimeout(() => void host.handle(copy));
    },
    listen(reply) {
      onReply = reply;
    },
    close() {},
  };
}

export interface InProcessPort<M extends RpcMethods<M>> extends RpcPort {
  /** The requests as the host received them. */
  readonly seen: RpcRequest<M>[];
  terminated: boolean;
  /** Fires the port's onerror, as a worker that dies does. */
  crash(message: string): void;
}

/** A Worker stand-in for an rpc.ts host (the worker's handlers, in this process). */
export function rpcPort<M extends RpcMethods<M>>(handlers: RpcHandlers<M>): InProcessPort<M> {
  const port: InProcessPort<M> = {
    onmessage: null,
    onerror: null,
    seen: [],
    terminated: false,
    postMessage(message, transfer) {
      const copy = clone(message as RpcRequest<M>, transfer);
      port.seen.push(copy);
      setTimeout(() => void handle(copy));
    },
    crash(message) {
      port.onerror?.({ message, preventDefault() {} } as ErrorEvent);
    },
    terminate() {
      port.terminated = true;
    },
  };
  const handle = rpcHost(handlers, (reply, transfer) => {
    const copy = clone(reply, transfer);
    setTimeout(() => port.onmessage?.({ data: copy } as MessageEvent));
  });
  return port;
}
