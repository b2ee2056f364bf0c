/** The file worker: parses uploads off the page's thread (see files-host.ts). */
import { importFile } from './files-host';
import type { FileCalls } from './files-protocol';
import { rpcHost, transferring, type RpcReply, type RpcRequest } from './rpc';

const scope = self as unknown as {
  postMessage(message: RpcReply, options?: { transfer?: Transferable[] }): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
};

const handle = rpcHost<FileCalls>(
  {
    import(request) {
      const result = importFile(request);
      // A city's matrices are moved, not copied: the page hands them straight on to the data worker.
      return result.kind === 'city' ? transferring(result, [result.city.lonlat.buffer, result.city.distance.buffer, result.city.duration.buffer] as Transferable[]) : result;
    },
  },
  (reply, transfer) => scope.postMessage(reply, { transfer }),
);

scope.addEventListener('message', (event) => void handle((event as MessageEvent<RpcRequest<FileCalls>>).data));
