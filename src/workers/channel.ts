/**
 * The thread boundary as an interface: the page's clients talk to an engine through an
 * EngineChannel, so that unit tests can put an in-process EngineHost behind it instead of a
 * Web Worker.
 */
import type { EngineError, EngineReply, EngineRequest } from './protocol';

export interface EngineChannel {
  send(message: EngineRequest, transfer?: Transferable[]): void;
  listen(onReply: (message: EngineReply) => void, onCrash: (error: EngineError) => void): void;
  close(): void;
}

export function workerChannel(worker: Worker): EngineChannel {
  return {
    send: (message, transfer = []) => worker.postMessage(message, transfer),
    listen(onReply, onCrash) {
      worker.onmessage = (event: MessageEvent<EngineReply>) => onReply(event.data);
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        onCrash({ name: 'WorkerError', message: event.message || 'The engine worker failed' });
      };
      worker.onmessageerror = () => onCrash({ name: 'WorkerError', message: 'A message from the engine could not be read' });
    },
    close: () => worker.terminate(),
  };
}

/** One engine worker. The `new Worker(new URL(…))` form must stay literal for Vite to bundle it. */
export function spawnEngineWorker(name: string): EngineChannel {
  return workerChannel(new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name }));
}
