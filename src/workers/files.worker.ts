/** The file worker: parses uploads off the page's thread (see files-host.ts). */
import { importFile } from './files-host';
import type { FileReply, FileRequest } from './files-protocol';

const scope = self as unknown as {
  postMessage(message: FileReply): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
};

scope.addEventListener('message', (event) => {
  const { requestId, ...req } = (event as MessageEvent<FileRequest>).data;
  scope.postMessage({ requestId, result: importFile(req) });
});
