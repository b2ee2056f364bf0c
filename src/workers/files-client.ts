/**
 * The page's side of the file worker: one promise per file, bytes transferred. A worker that
 * dies is replaced on the next call; the calls it held fail as located errors, never throws.
 */
import { Lazy } from '../core/cells';
import type { Instance, ProblemKind } from '../core/instance';
import type { FileCalls, FileImport } from './files-protocol';
import { RpcClient, type RpcPort } from './rpc-client';

export interface ImportOptions {
  problem?: ProblemKind;
  index?: number;
  instance?: Instance;
  problemOnly?: boolean;
}

function failure(file: string, message: string): FileImport {
  return { kind: 'error', file, error: { file, field: '(file)', expected: 'a file the parser can finish', found: message, message: `${file}: ${message}` }, warnings: [] };
}

export class FilesClient {
  private readonly rpc: RpcClient<FileCalls>;

  constructor(spawn: () => RpcPort = spawnFilesWorker) {
    this.rpc = new RpcClient(spawn, 'file worker');
  }

  /** Parses `bytes` (transferred: the caller's buffer is detached afterwards). */
  async importBytes(file: string, bytes: Uint8Array, opts: ImportOptions = {}): Promise<FileImport> {
    const result = await this.rpc.call('import', { file, bytes, ...opts }, { transfer: [bytes.buffer as ArrayBuffer] });
    return result.ok ? result.value : failure(file, result.error.message);
  }

  dispose(): void {
    this.rpc.close('the file worker was shut down');
  }
}

/** The `new Worker(new URL(…))` form must stay literal for Vite to bundle it. */
export function spawnFilesWorker(): Worker {
  return new Worker(new URL('./files.worker.ts', import.meta.url), { type: 'module', name: 'routelab-files' });
}

const client = new Lazy(
  () => new FilesClient(),
  (c) => c.dispose(),
);

export function filesEngine(): FilesClient {
  return client.get();
}
