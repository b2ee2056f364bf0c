/**
 * The page's side of city building: one worker per build, progress as it comes, and Cancel
 * that terminates the worker at once (the page never waits for a build to notice). A worker
 * that dies (out of memory on a big extract) ends the build as a located error.
 */
import type { CityData } from '../core/cities/city';
import type { CityBuildOptions, CityBuildReply, CityBuildRequest } from './city-build-protocol';
import type { CityStreets } from './city-library';
import type { LocatedError } from './files-protocol';

export type BuildOutcome =
  | { status: 'built'; city: CityData; streets: CityStreets; build: Record<string, unknown>; warnings: string[] }
  | { status: 'failed'; error: LocatedError }
  | { status: 'cancelled' };

export interface BuildHandle {
  result: Promise<BuildOutcome>;
  /** Ends the build now; `result` resolves as cancelled. */
  cancel(): void;
}

export type SpawnBuildWorker = () => Worker;

/**
 * A worker that dies before it said anything never started (its script did not load: an app
 * updated under the page); one that dies mid-build most likely ran out of memory.
 */
function crashError(file: string, message: string, started: boolean): LocatedError {
  if (!started) {
    const found = message || 'the build worker did not start';
    return { file, field: '(file)', expected: 'a build worker that starts (reload the page and try again)', found, message: `${file}: ${found}; reload the page and try again` };
  }
  const found = message || 'the build worker stopped';
  return {
    file,
    field: '(file)',
    expected: 'an extract small enough for this tab (the build stopped: it may have run out of memory)',
    found,
    message: `${file}: the build stopped (${found}); the extract may be too big for this tab`,
  };
}

export function buildCityInWorker(
  file: File,
  options: CityBuildOptions,
  onProgress: (stage: string, fraction: number) => void,
  spawn: SpawnBuildWorker = spawnCityBuildWorker,
): BuildHandle {
  const worker = spawn();
  let settle: (outcome: BuildOutcome) => void = () => {};
  let done = false;
  let started = false;
  const result = new Promise<BuildOutcome>((resolve) => {
    settle = (outcome) => {
      if (done) return;
      done = true;
      worker.terminate();
      resolve(outcome);
    };
  });
  worker.onmessage = (e: MessageEvent<CityBuildReply>) => {
    const reply = e.data;
    started = true;
    if (done) return;
    switch (reply.kind) {
      case 'progress':
        onProgress(reply.stage, reply.fraction);
        break;
      case 'built':
        settle({ status: 'built', city: reply.city, streets: reply.streets, build: reply.build, warnings: reply.warnings });
        break;
      case 'failed':
        settle({ status: 'failed', error: reply.error });
        break;
      case 'extent':
        // Asked for by readExtentInWorker, never by a build.
        break;
    }
  };
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    settle({ status: 'failed', error: crashError(file.name, e.message, started) });
  };
  worker.onmessageerror = () => settle({ status: 'failed', error: crashError(file.name, 'its answer could not be read', true) });
  const request: CityBuildRequest = { kind: 'build', file: file.name, source: file, options };
  worker.postMessage(request);
  return { result, cancel: () => settle({ status: 'cancelled' }) };
}

/** The extent the extract declares, or null (unknown, or unreadable: the build will say why). */
export function readExtentInWorker(file: File, spawn: SpawnBuildWorker = spawnCityBuildWorker): Promise<[number, number, number, number] | null> {
  const worker = spawn();
  return new Promise((resolve) => {
    const end = (bounds: [number, number, number, number] | null) => {
      worker.terminate();
      resolve(bounds);
    };
    worker.onmessage = (e: MessageEvent<CityBuildReply>) => {
      if (e.data.kind === 'extent') end(e.data.bounds);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      end(null);
    };
    const request: CityBuildRequest = { kind: 'extent', file: file.name, source: file };
    worker.postMessage(request);
  });
}

/** The `new Worker(new URL(…))` form must stay literal for Vite to bundle it. */
export function spawnCityBuildWorker(): Worker {
  return new Worker(new URL('./city-build.worker.ts', import.meta.url), { type: 'module', name: 'routelab-city-build' });
}
