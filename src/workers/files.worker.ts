/** The file worker: parses uploads off the page's thread (see files-host.ts). */
import { importFile } from './files-host';
import type { FileReply, FileRequest } from './files-protocol';

const scope = self as unknown as {
  postMessage(message: FileReply, options?: { transfer?: Transferable[] }): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
};

scope.addEventListener('message', (event) => {
  const { requestId, ...req } = (event as MessageEvent<FileRequest>).data;
  const result = importFile(req);
  // A city's matrices are moved, not copied: the page hands them straight on to the data worker.
  const transfer = result.kind === 'city' ? [...new Set([result.city.lonlat.buffer, result.city.distance.buffer, result.city.duration.buffer])] : [];
  scope.postMessage({ requestId, result }, { transfer: transfer as Transferable[] });
});
