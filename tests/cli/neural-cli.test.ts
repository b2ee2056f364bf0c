/**
 * `npm run solve -- <file> --solver neural` on RRNCO-layout test batches (atsp: locs +
 * distance_matrix in km; rcvrp: depot, locs, demand, capacity, distance_matrix) built from real
 * city matrices, with the committed models: every record is feasible and eval agrees with it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { writeNpz } from '../../src/core/formats/npy';
import type { Instance } from '../../src/core/instance';
import { ROOT, bundledCity, repoPath } from '../helpers';

const tsx = repoPath('node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'routelab-neural-cli-'));

function km(insts: Instance[]): Float32Array {
  const n = insts[0].n;
  const out = new Float32Array(insts.length * n * n);
  insts.forEach((inst, b) => inst.distance.forEach((v, k) => (out[b * n * n + k] = v / 1000)));
  return out;
}

function locs(insts: Instance[], from: number): Float32Array {
  return Float32Array.from(insts.flatMap((inst) => Array.from(inst.coords!.subarray(2 * from))));
}

function solve(file: string, solver: string, ...extra: string[]): Record<string, unknown>[] {
  const out = execFileSync(tsx, [repoPath('src/cli/solve.ts'), file, '--solver', solver, '--time', '2', '--seed', '3', ...extra], { cwd: ROOT, encoding: 'utf8' });
  return out.trim().split('\n').map((l) => JSON.parse(l));
}

function evalCost(file: string, index: number, record: Record<string, unknown>): number {
  const sol = join(dir, `sol-${index}.json`);
  writeFileSync(sol, JSON.stringify(record));
  return JSON.parse(execFileSync(tsx, [repoPath('src/cli/eval.ts'), file, sol, '--index', String(index)], { cwd: ROOT, encoding: 'utf8' })).cost;
}

describe('solve --solver neural on RRNCO test batches', () => {
  it('atsp batch: one feasible tour per instance, cost confirmed by eval', () => {
    const insts = [1, 2].map((seed) => sampleInstance(bundledCity('Andorra'), { problem: 'atsp', n: 30, seed }));
    const file = join(dir, 'atsp_test.npz');
    writeFileSync(file, writeNpz({ locs: { data: locs(insts, 0), shape: [2, 30, 2] }, distance_matrix: { data: km(insts), shape: [2, 30, 30] } }));
    const records = solve(file, 'neural');
    expect(records).toHaveLength(2);
    records.forEach((r, i) => {
      expect(r).toMatchObject({ kind: 'atsp', solver: 'neural', feasible: true, index: i });
      expect((r.routes as number[][]).flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, j) => j));
      expect(evalCost(file, i, r)).toBe(r.cost);
    });
  });

  it('rcvrp batch: every client routed once within capacity', () => {
    const insts = [3, 4].map((seed) => sampleInstance(bundledCity('Monaco'), { problem: 'acvrp', n: 20, seed }));
    const file = join(dir, 'rcvrp_test.npz');
    writeFileSync(
      file,
      writeNpz({
        depot: { data: Float32Array.from(insts.flatMap((x) => Array.from(x.coords!.subarray(0, 2)))), shape: [2, 2] },
        locs: { data: locs(insts, 1), shape: [2, 20, 2] },
        demand: { data: Float32Array.from(insts.flatMap((x) => Array.from(x.demand.subarray(1)))), shape: [2, 20] },
        capacity: { data: Float32Array.from(insts.map((x) => x.vehicles[0].capacity)), shape: [2] },
        distance_matrix: { data: km(insts), shape: [2, 21, 21] },
      }),
    );
    const records = solve(file, 'neural-greedy');
    expect(records).toHaveLength(2);
    // The runtime's thread count (--threads; the default is the machine's cores) does not change the greedy answer.
    expect(solve(file, 'neural-greedy', '--threads', '1').map((r) => r.routes)).toEqual(records.map((r) => r.routes));
    const bad = spawnSync(tsx, [repoPath('src/cli/solve.ts'), file, '--solver', 'neural-greedy', '--threads', '0'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--threads');
    records.forEach((r, i) => {
      expect(r).toMatchObject({ kind: 'acvrp', solver: 'neural-greedy', feasible: true, unassigned: [] });
      expect((r.routes as number[][]).flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, j) => j + 1));
      expect(evalCost(file, i, r)).toBe(r.cost);
    });
  });
});
