/** npm run experiment through its real entry point: the CSV, the aggregate files, sampled sources, and located errors. */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/experiment/csv';
import { EXPERIMENT_FORMAT, type ExperimentDefinition } from '../../src/core/experiment/definition';
import { runExperiment } from '../../src/cli/experiment-run';
import { ROOT, repoPath } from '../helpers';

const tsx = repoPath('node_modules', '.bin', 'tsx');
const experiment = (args: string[]) => spawnSync(tsx, [repoPath('src', 'cli', 'experiment.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('npm run experiment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'routelab-experiment-'));
  copyFileSync(repoPath('e2e', 'fixtures', 'rrnco-rcvrp-batch.npz'), join(dir, 'rrnco-rcvrp-batch.npz'));

  it('runs a definition next to its file and writes the results, the aggregate CSV and Markdown', async () => {
    const def: ExperimentDefinition = {
      format: EXPERIMENT_FORMAT,
      name: 'batch 1..2',
      instances: { kind: 'file', file: 'rrnco-rcvrp-batch.npz', from: 1, to: 2 },
      solvers: ['savings', 'nearest'],
      seeds: [3],
      budgets: [0.05],
      baseline: 'nearest',
      references: [{ instance: 'rrnco-rcvrp-batch#2', cost: 3500, from: 'b2.sol' }],
    };
    const file = join(dir, 'def.json');
    writeFileSync(file, JSON.stringify(def));
    const out = join(dir, 'out.csv');
    const result = experiment([file, '--out', out, '--aggregate', join(dir, 'agg.csv'), '--markdown', join(dir, 'agg.md'), '--quiet']);
    expect(result.status).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    expect(rows.map((r) => [r.instance_index, r.solver, r.seed])).toEqual([
      ['1', 'savings', '3'],
      ['1', 'nearest', '3'],
      ['2', 'savings', '3'],
      ['2', 'nearest', '3'],
    ]);
    expect(rows[2]).toMatchObject({ reference: '3500', reference_source: 'best-known (b2.sol)' });
    expect(rows[0].reference_source).toBe('best-run');
    const inProcess = await runExperiment(def, file);
    expect(parseCsv(inProcess.csv).map((r) => r.cost)).toEqual(rows.map((r) => r.cost));
    expect(parseCsv(readFileSync(join(dir, 'agg.csv'), 'utf8')).map((r) => r.solver)).toEqual(['savings', 'nearest']);
    expect(readFileSync(join(dir, 'agg.md'), 'utf8')).toContain('best-known cost (.sol) for 1 instance');
  });

  it('samples instances from a city by sampler seed, recording the scenario seed', () => {
    const def = { format: EXPERIMENT_FORMAT, instances: { kind: 'sample', city: 'Monaco', problem: 'acvrp', n: 15, seeds: { from: 7, to: 8 } }, solvers: ['nearest'], seeds: [1], budgets: [0.05] };
    const file = join(dir, 'sample.json');
    writeFileSync(file, JSON.stringify(def));
    const rows = parseCsv(execFileSync(tsx, [repoPath('src', 'cli', 'experiment.ts'), file, '--quiet'], { cwd: ROOT, encoding: 'utf8' }));
    expect(rows.map((r) => [r.instance_index, r.scenario_seed, r.seed, r.stops])).toEqual([
      ['7', '7', '1', '15'],
      ['8', '8', '1', '15'],
    ]);
    expect(rows[0].instance).toBe('Monaco-acvrp15-uniform-s7');
  });

  it('a bad definition exits with code 2 and names the file and the field', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ format: EXPERIMENT_FORMAT, instances: { kind: 'file', file: 'rrnco-rcvrp-batch.npz' }, solvers: ['nearest'], seeds: [1], budgets: [-1] }));
    const result = experiment([file]);
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stderr.trim().split('\n').pop()!)).toMatchObject({ file, field: 'budgets[0]' });
    writeFileSync(file, JSON.stringify({ format: EXPERIMENT_FORMAT, instances: { kind: 'file', file: 'rrnco-rcvrp-batch.npz', to: 9 }, solvers: ['nearest'], seeds: [1], budgets: [1] }));
    const range = experiment([file]);
    expect(range.status).toBe(2);
    expect(JSON.parse(range.stderr.trim().split('\n').pop()!)).toMatchObject({ file, field: 'instances.to' });
  });
});
