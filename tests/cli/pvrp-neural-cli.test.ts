/**
 * The CAMP-S models in the CLI: `npm run solve -- <CAMP .npz> --solver neural --problem pvrp-p|pvrp-zc`
 * on a CAMP batch drawn by camp-square.ts (bans in PVRP-ZC: preference ≤ 0 = banned), with the
 * committed models: every record is feasible, serves every client, no banned one, and eval
 * confirms its cost. Plus the benchmark's gap: relative to the reference's weighted travel term.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campSquareInstance } from '../../src/core/cities/camp-square';
import { writeNpz } from '../../src/core/formats/npy';
import type { Instance } from '../../src/core/instance';
import { pvrpGap, travelTerm } from '../../src/cli/bench/neural-pvrp';
import { ROOT, repoPath } from '../helpers';

const tsx = repoPath('node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'routelab-pvrp-cli-'));

/** A CAMP .npz batch of the given instances (same n and m). */
function campNpz(insts: Instance[], zones: boolean): Uint8Array {
  const B = insts.length;
  const n = insts[0].n - 1;
  const m = insts[0].vehicles.length;
  const f32 = (xs: number[]) => Float32Array.from(xs);
  return writeNpz({
    depot: { data: f32(insts.flatMap((i) => [i.coords![0], i.coords![1]])), shape: [B, 2] },
    locs: { data: f32(insts.flatMap((i) => Array.from(i.coords!.subarray(2)))), shape: [B, n, 2] },
    demand: { data: f32(insts.flatMap((i) => Array.from(i.demand.subarray(1)))), shape: [B, n] },
    capacity: { data: f32(insts.flatMap((i) => i.vehicles.map((v) => v.capacity))), shape: [B, m] },
    speed: { data: f32(insts.flatMap((i) => i.vehicles.map((v) => v.speed))), shape: [B, m] },
    preference: {
      data: f32(insts.flatMap((i) => i.vehicles.flatMap((v) => Array.from(zones ? v.allowed!.subarray(1) : v.preference!.subarray(1))))),
      shape: [B, m, n],
    },
  });
}

function run(script: string, args: string[]): string {
  return execFileSync(tsx, [repoPath(script), ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('CAMP-S in the CLI on CAMP .npz batches', () => {
  it.each(['pvrp-p', 'pvrp-zc'] as const)('%s: neural solves every instance feasibly, bans respected, eval agrees', (problem) => {
    const insts = [1, 2].map((seed) => campSquareInstance({ problem, n: 20, vehicles: 3, profile: 'angular', seed }));
    const file = join(dir, `n20_m3_seed1234_pi-${problem}.npz`);
    writeFileSync(file, campNpz(insts, problem === 'pvrp-zc'));
    const records = run('src/cli/solve.ts', [file, '--solver', 'neural', '--problem', problem, '--time', '1', '--seed', '3'])
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; feasible: boolean; cost: number; unassigned: unknown[]; routes: number[][]; routeVehicles: number[] });
    expect(records).toHaveLength(2);
    records.forEach((rec, b) => {
      expect(rec.kind).toBe(problem);
      expect(rec.feasible).toBe(true);
      expect(rec.unassigned).toEqual([]);
      const served = rec.routes.flat();
      expect(served).toHaveLength(20);
      expect(new Set(served).size).toBe(20);
      expect(rec.routeVehicles).toHaveLength(rec.routes.length);
      if (problem === 'pvrp-zc') rec.routes.forEach((stops, r) => stops.forEach((j) => expect(insts[b].vehicles[rec.routeVehicles[r]].allowed![j]).toBe(1)));
      const sol = join(dir, `sol-${problem}-${b}.json`);
      writeFileSync(sol, JSON.stringify(rec));
      expect(JSON.parse(run('src/cli/eval.ts', [file, sol, '--index', String(b), '--problem', problem])).cost).toBeCloseTo(rec.cost, 4);
    });
  });

  it('the benchmark gap divides by the reference travel term: near-zero PVRP-P costs do not blow it up', () => {
    const inst = campSquareInstance({ problem: 'pvrp-p', n: 6, vehicles: 2, profile: 'random', seed: 5 });
    const sol = { routes: [{ vehicle: 0, stops: [1, 2, 3] }, { vehicle: 1, stops: [4, 5, 6] }], unassigned: [] };
    const travel = travelTerm(inst, sol);
    // travel term = 0.8 · travel time; the preference term is what the cost lacks of it
    let tt = 0;
    for (const r of sol.routes) {
      const path = [0, ...r.stops, 0];
      for (let i = 1; i < path.length; i++) tt += inst.distance[path[i - 1] * inst.n + path[i]];
    }
    expect(travel).toBeCloseTo(0.8 * tt, 5);
    const ref = { cost: 0.01, travel: 2, solver: 'sisr', timeS: 1, seeds: [1], made: '' };
    expect(pvrpGap(0.05, ref)).toBeCloseTo(2, 9);
  });
});
