/**
 * The app's engines: one data worker for loading cities and sampling, and the run pool for
 * solves. Keeping data apart means a long solve never delays a resample, and the decoded city
 * matrices live in one worker only (solve workers receive just the instances they need).
 */
import { Lazy } from '../core/cells';
import { spawnEngineWorker } from './channel';
import { EngineClient } from './engine-client';
import { RunPool } from './run-pool';

const data = new Lazy(
  () => new EngineClient(spawnEngineWorker('routelab-data')),
  (engine) => engine.dispose(),
);
const pool = new Lazy(
  () => new RunPool(spawnEngineWorker),
  (p) => p.dispose(),
);

/** Started on first use and restarted if it died. */
export function dataEngine(): EngineClient {
  if (data.get().isCrashed) data.reset();
  return data.get();
}

export function runPool(): RunPool {
  return pool.get();
}
