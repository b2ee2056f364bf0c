/** The experiment source worker: builds an experiment's instances off the page (see experiment-source-host.ts). */
import { SourceHost } from './experiment-source-host';
import type { SourceReply, SourceRequest } from './experiment-source-protocol';

const scope = self as unknown as {
  postMessage(message: SourceReply): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
};

const host = new SourceHost();

scope.addEventListener('message', (event) => {
  scope.postMessage(host.handle((event as MessageEvent<SourceRequest>).data));
});
