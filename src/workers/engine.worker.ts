/**
 * Worker entry point: glue between the worker global and EngineHost. Kept this thin so the
 * engine's behaviour is tested in Node without a browser.
 */
import { openCityLibrary } from './city-library';
import { EngineHost } from './engine-host';
import { configureModelSource } from '../solvers/neural/model-source';
import { fetchSource } from '../solvers/neural/solver';
import { toEngineError, type EngineReply, type EngineRequest } from './protocol';

// The project compiles against the DOM lib; in a worker `self` is the worker scope, whose
// postMessage takes (message, { transfer }) just like Window's options form.
const scope = self as unknown as {
  postMessage(message: EngineReply, options?: { transfer?: Transferable[] }): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
};

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not fetch ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// The app serves models/ at <base>/models/ (vite.config.ts, modelsPlugin).
configureModelSource(fetchSource(new URL(`${import.meta.env.BASE_URL}models/`, self.location.origin)));

const host = new EngineHost((message, transfer) => scope.postMessage(message, { transfer: transfer ?? [] }), fetchBytes, undefined, openCityLibrary);

scope.addEventListener('message', (event) => {
  void host.handle((event as MessageEvent<EngineRequest>).data);
});

// Last line of defence: whatever escapes still reaches the page as a value.
scope.addEventListener('unhandledrejection', (event) => {
  const e = event as PromiseRejectionEvent;
  e.preventDefault();
  scope.postMessage({ kind: 'fault', error: toEngineError(e.reason) });
});
