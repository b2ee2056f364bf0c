/**
 * The app's way of running an experiment, in one process: instances from the experiment source
 * host (the worker's logic behind a cloning port), runs on the real run pool over in-process
 * engines, records kept in the memory store as the page keeps them in IndexedDB. A "reload"
 * mid-way resumes from the store; the CSV equals the CLI's for the deterministic constructions.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/core/experiment/aggregate';
import { parseCsv, resultsCsv, TIMING_COLUMNS } from '../../src/core/experiment/csv';
import { EXPERIMENT_FORMAT, type ExperimentDefinition } from '../../src/core/experiment/definition';
import { budgetMs, planOrder, planRuns } from '../../src/core/experiment/plan';
import { summaryOf } from '../../src/core/experiment/record';
import { ExperimentRunner } from '../../src/core/experiment/runner';
import { resolveSolver } from '../../src/solvers/registry';
import { MemoryExperimentStorage } from '../../src/store/experiment-db';
import { poolExecutor } from '../../src/store/experiment-execute';
import { openProvider } from '../../src/store/experiment-provider';
import type { EngineClient } from '../../src/workers/engine-client';
import { SourceClient } from '../../src/workers/experiment-source-client';
import { SourceHost } from '../../src/workers/experiment-source-host';
import type { SourceCalls } from '../../src/workers/experiment-source-protocol';
import { RunPool } from '../../src/workers/run-pool';
import { runExperiment } from '../../src/cli/experiment-run';
import { repoPath } from '../helpers';
import { inProcess, rpcPort } from '../workers/in-process';

const BATCH = repoPath('e2e', 'fixtures', 'rrnco-rcvrp-batch.npz');

const DEF: ExperimentDefinition = {
  format: EXPERIMENT_FORMAT,
  name: 'constructions',
  instances: { kind: 'file', file: 'rrnco-rcvrp-batch.npz' },
  solvers: ['nearest', 'savings', 'regret'],
  seeds: [1, 2],
  budgets: [0.05],
  baseline: 'nearest',
};

/** One page session: its own pool and source worker, as after a reload. */
async function session(storage: MemoryExperimentStorage, stopAfter?: number) {
  const provider = await openProvider('exp-1', DEF, 'constructions.json', { source: new SourceClient(() => rpcPort<SourceCalls>(new SourceHost())), data: null as unknown as EngineClient }, () => storage.source('exp-1'));
  const pool = new RunPool(() => inProcess(), { size: 2 });
  const executor = poolExecutor({ experimentId: 'exp-1', provider, pool, resolve: (id, kind) => resolveSolver(id, kind) });
  const specs = planRuns(DEF, provider.count, (i) => provider.first + i);
  const done = new Set((await storage.records('exp-1')).map((r) => r.key));
  let alive = true;
  let recorded = 0;
  const runner = new ExperimentRunner({
    specs,
    done,
    concurrency: pool.size,
    execute: executor.execute,
    abort: executor.abort,
    onRecord: (r) => {
      if (!alive) return;
      void storage.putRecords('exp-1', [r]);
      if (++recorded === stopAfter) {
        // The page goes away: runs still going never report.
        alive = false;
        runner.pause();
      }
    },
  });
  const state = await runner.run();
  pool.dispose();
  provider.dispose();
  return { state, specs, started: done.size };
}

describe('an experiment run the app’s way', () => {
  it('resumes after a reload and writes the CLI’s CSV', async () => {
    const storage = new MemoryExperimentStorage();
    await storage.putSource('exp-1', new Uint8Array(readFileSync(BATCH)));

    const first = await session(storage, 5);
    expect(first.state).toBe('paused');
    const afterFirst = (await storage.records('exp-1')).length;
    expect(afterFirst).toBe(5);

    const second = await session(storage);
    expect(second.state).toBe('done');
    expect(second.started).toBe(5);
    const records = await storage.records('exp-1');
    expect(records).toHaveLength(18);
    expect(new Set(records.map((r) => r.key)).size).toBe(18);

    const agg = aggregate(records.map(summaryOf), { solvers: DEF.solvers, budgetsMs: DEF.budgets.map(budgetMs), baseline: DEF.baseline });
    const appCsv = resultsCsv(records, agg.references, planOrder(DEF));

    const cli = await runExperiment(DEF, repoPath('e2e', 'fixtures', 'constructions.json'));
    const strip = (text: string) => parseCsv(text).map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !TIMING_COLUMNS.includes(k))));
    expect(strip(appCsv)).toEqual(strip(cli.csv));
    expect(strip(appCsv)[0]).toMatchObject({ instance: 'rrnco-rcvrp-batch#0', solver: 'nearest', seed: '1', budget_s: '0.05', status: 'done', feasible: 'true' });
  });
});
