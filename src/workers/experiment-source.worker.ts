/** The experiment source worker: builds an experiment's instances off the page (see experiment-source-host.ts). */
import { SourceHost } from './experiment-source-host';
import type { SourceCalls } from './experiment-source-protocol';
import { rpcHost, type RpcReply, type RpcRequest } from './rpc';

const scope = self as unknown as {
  postMessage(message: RpcReply, options?: { transfer?: Transferable[] }): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
};

const handle = rpcHost<SourceCalls>(new SourceHost(), (reply, transfer) => scope.postMessage(reply, { transfer }));

scope.addEventListener('message', (event) => void handle((event as MessageEvent<RpcRequest<SourceCalls>>).data));
