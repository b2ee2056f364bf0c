/** The CLI's JSON contract, end to end through the real entry points (npm run solve|eval|sample). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, repoPath } from '../helpers';

const tsx = repoPath('node_modules', '.bin', 'tsx');
function cli(command: string, args: string[]): string {
  return execFileSync(tsx, [repoPath('src', 'cli', `${command}.ts`), ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'routelab-cli-'));
  const instanceFile = join(dir, 'monaco-acvrp100.json');

  it('sample → solve → eval agree on a Monaco ACVRP100 instance', () => {
    cli('sample', ['--city', 'Monaco', '--problem', 'acvrp', '--n', '100', '--seed', '1', '--out', instanceFile]);
    const lines = cli('solve', [instanceFile, '--solver', 'nearest', '--seed', '1']).trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]);
    for (const key of ['instance', 'solver', 'cost', 'distance', 'duration', 'vehicles', 'feasible', 'violations', 'routes', 'timeMs']) {
      expect(record).toHaveProperty(key);
    }
    expect(record.solver).toBe('nearest');
    expect(record.feasible).toBe(true);
    expect(record.violations).toEqual([]);
    expect(record.routes.flat().sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const solutionFile = join(dir, 'solution.json');
    writeFileSync(solutionFile, lines[0]);
    const ev = JSON.parse(cli('eval', [instanceFile, solutionFile]));
    expect(ev.cost).toBe(record.cost);
    expect(ev.feasible).toBe(true);
    expect(ev.matchesStatedCost).toBe(true);
  });

  it('solve --list prints the solver registry', () => {
    const list = JSON.parse(cli('solve', ['--list']));
    const nearest = list.find((s: { id: string }) => s.id === 'nearest');
    expect(nearest).toMatchObject({ family: 'construction', backends: ['js'] });
    expect(nearest.problems).toEqual(expect.arrayContaining(['atsp', 'acvrp', 'acvrptw', 'pvrp-p', 'pvrp-zc']));
  });

  it('eval reproduces a CVRPLIB best-known cost', () => {
    const ev = JSON.parse(cli('eval', [repoPath('data/benchmarks/cvrplib-x/X-n101-k25.vrp'), repoPath('data/benchmarks/cvrplib-x/X-n101-k25.sol')]));
    expect(ev.cost).toBe(27591);
    expect(ev.feasible).toBe(true);
  });

  it('a malformed file exits with code 2 and a located JSON error on stderr', () => {
    const bad = join(dir, 'broken.vrp');
    writeFileSync(bad, 'NAME : broken\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 10\nNODE_COORD_SECTION\n1 0 0\n2 x 1\n');
    const run = spawnSync(tsx, [repoPath('src/cli/solve.ts'), bad], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(2);
    const err = JSON.parse(run.stderr.trim().split('\n').pop()!);
    expect(err.file).toBe(bad);
    expect(err.line).toBe(8);
  });
});
