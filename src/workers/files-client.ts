/**
 * The page's side of the file worker: one promise per file, bytes transferred. A worker that
 * dies is replaced on the next call; the calls it held fail as located errors, never throws.
 */
import type { Instance, ProblemKind } from '../core/instance';
import type { FileImport, FileReply, FileRequest } from './files-protocol';

export interface ImportOptions {
  problem?: ProblemKind;
  index?: number;
  instance?: Instance;
  problemOnly?: boolean;
}

type Pending = (result: FileImport) => void;

function failure(file: string, message: string): FileImport {
  return { kind: 'error', file, error: { file, field: '(file)', expected: 'a file the parser can finish', found: message, message: `${file}: ${message}` }, warnings: [] };
}

export class FilesClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { file: string; done: Pending }>();

  constructor(private readonly spawn: () => Worker = spawnFilesWorker) {}

  /** Parses `bytes` (transferred: the caller's buffer is detached afterwards). */
  importBytes(file: string, bytes: Uint8Array, opts: ImportOptions = {}): Promise<FileImport> {
    const worker = this.ensure();
    const requestId = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(requestId, { file, done: resolve });
      const msg: FileRequest = { requestId, file, bytes, ...opts };
      try {
        worker.postMessage(msg, [bytes.buffer as ArrayBuffer]);
      } catch (err) {
        this.pending.delete(requestId);
        resolve(failure(file, err instanceof Error ? err.message : String(err)));
      }
    });
  }

  dispose(): void {
    this.crash('the file worker was shut down');
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    worker.onmessage = (e: MessageEvent<FileReply>) => {
      const p = this.pending.get(e.data.requestId);
      if (!p) return;
      this.pending.delete(e.data.requestId);
      p.done(e.data.result);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.crash(e.message || 'the file worker failed');
    };
    this.worker = worker;
    return worker;
  }

  private crash(message: string): void {
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.pending.values()) p.done(failure(p.file, message));
    this.pending.clear();
  }
}

/** The `new Worker(new URL(…))` form must stay literal for Vite to bundle it. */
export function spawnFilesWorker(): Worker {
  return new Worker(new URL('./files.worker.ts', import.meta.url), { type: 'module', name: 'routelab-files' });
}

let client: FilesClient | null = null;

export function filesEngine(): FilesClient {
  client ??= new FilesClient();
  return client;
}
