/**
 * Debian's PyTorch for the tests that run the training code (models/training): whether it is
 * there, and a runner with the repo on PYTHONPATH and one BLAS thread. Without it those tests are
 * skipped locally; in CI they must run, so a missing PyTorch fails the file instead.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { repoPath } from '../helpers';

export const PYTHON = process.env.ROUTELAB_PYTHON ?? '/usr/bin/python3';

/** Whether PYTHON imports `modules` (comma-separated); throws in CI when it does not. */
export function pythonHas(modules: string, testName: string): boolean {
  const ok = spawnSync(PYTHON, ['-c', `import ${modules}`], { encoding: 'utf8' }).status === 0;
  if (!ok && process.env.CI) throw new Error(`the ${testName} test needs Debian's PyTorch in CI (${PYTHON})`);
  return ok;
}

/** Runs PYTHON with `args` (e.g. ['-c', code, …]) in the repo root. */
export function python(args: string[], timeoutMs = 60_000): SpawnSyncReturns<string> {
  return spawnSync(PYTHON, args, {
    cwd: repoPath(),
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', PYTHONPATH: repoPath() },
    timeout: timeoutMs,
  });
}

/** Runs a Python snippet that prints one JSON document; throws with its stderr when it fails. */
export function pythonJson<T>(code: string, timeoutMs = 60_000): T {
  const r = python(['-c', code], timeoutMs);
  if (r.status !== 0) throw new Error(r.stderr || `python exited with ${r.status}`);
  return JSON.parse(r.stdout) as T;
}
