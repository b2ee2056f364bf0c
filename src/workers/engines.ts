/**
 * The app's engines: one data worker for loading cities and sampling, and the run pool for
 * solves. Keeping data apart means a long solve never delays a resample, and the decoded city
 * matrices live in one worker only (solve workers receive just the instances they need).
 */
import { spawnEngineWorker } from './channel';
import { EngineClient } from './engine-client';
import { RunPool } from './run-pool';

let data: EngineClient | null = null;
let pool: RunPool | null = null;

/** Started on first use and restarted if it died. */
export function dataEngine(): EngineClient {
  if (data?.isCrashed) {
    data.dispose();
    data = null;
  }
  data ??= new EngineClient(spawnEngineWorker('routelab-data'));
  return data;
}

export function runPool(): RunPool {
  pool ??= new RunPool(spawnEngineWorker);
  return pool;
}
