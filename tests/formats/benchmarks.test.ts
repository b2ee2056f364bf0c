/**
 * Every shipped best-known solution must recompute, through the public dispatcher and the one
 * evaluator, to exactly the cost its file states, and be feasible. This pins the per-arc rounding
 * conventions (nint for CVRPLIB, one-decimal truncation for Solomon).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { parseProblemFile } from '../../src/core/formats/index';
import { BENCH, listFiles, loadInstance, loadSolution, readBytes, readCsv } from './bench-files';

function recompute(instancePath: string, solPath: string) {
  const inst = loadInstance(instancePath);
  const loaded = loadSolution(solPath, inst);
  return { inst, loaded, ev: evaluate(inst, loaded.solution) };
}

describe('CVRPLIB X set', () => {
  const dir = join(BENCH, 'cvrplib-x');
  const sols = listFiles(dir, '.sol');
  const bks = new Map(readCsv(join(dir, 'bks.csv')).map((r) => [r.instance, r]));

  it('ships 100 solutions, all listed in bks.csv', () => {
    expect(sols.length).toBe(100);
    expect(bks.size).toBe(100);
    for (const sol of sols) expect(bks.has(sol.replace(/\.sol$/, ''))).toBe(true);
  });

  it.each(sols)('%s recomputes exactly to its Cost and is feasible', (sol) => {
    const stem = sol.replace(/\.sol$/, '');
    const { inst, loaded, ev } = recompute(join(dir, `${stem}.vrp`), join(dir, sol));
    expect(ev.violations).toEqual([]);
    expect(ev.feasible).toBe(true);
    expect(loaded.statedCost).toBeDefined();
    expect(ev.cost).toBe(loaded.statedCost);
    const row = bks.get(stem)!;
    expect(ev.cost).toBe(Number(row.bks_cost_pyvrp_instances));
    expect(ev.routes.length).toBe(Number(row.routes_in_bks));
    expect(inst.n).toBe(Number(row.dimension));
    expect(inst.kind).toBe('acvrp');
    expect(inst.depot).toBe(0);
    expect(inst.vehicles).toHaveLength(1);
    expect(inst.vehicles[0].capacity).toBe(Number(row.capacity));
    expect(inst.vehicles[0].count).toBe(Infinity);
    expect(inst.meta.rounding).toBe('nint');
  });
});

describe('CVRPLIB classic sets A, B, P', () => {
  const root = join(BENCH, 'cvrplib-classic');
  const KNOWN_BAD = ['B-n50-k8', 'B-n57-k7'];
  const all = ['A', 'B', 'P'].flatMap((set) => listFiles(join(root, set), '.sol').map((sol) => ({ set, stem: sol.replace(/\.sol$/, '') })));
  const good = all.filter((f) => !KNOWN_BAD.includes(f.stem));
  const bks = new Map(readCsv(join(root, 'bks.csv')).map((r) => [r.instance, r]));

  it('ships 74 solutions, of which 72 are usable', () => {
    expect(all.length).toBe(74);
    expect(good.length).toBe(72);
    expect(bks.size).toBe(74);
  });

  it.each(good)('$set/$stem recomputes exactly to its Cost and is feasible', ({ set, stem }) => {
    const { inst, loaded, ev } = recompute(join(root, set, `${stem}.vrp`), join(root, set, `${stem}.sol`));
    expect(ev.violations).toEqual([]);
    expect(ev.feasible).toBe(true);
    expect(ev.cost).toBe(loaded.statedCost);
    const row = bks.get(stem)!;
    expect(row.set).toBe(set);
    expect(ev.cost).toBe(Number(row.sol_cost));
    expect(inst.n).toBe(Number(row.dimension));
    expect(inst.vehicles[0].capacity).toBe(Number(row.capacity));
    // The comment's "Optimal value" / "Best value" becomes the gap reference.
    expect(inst.meta.bestKnown).toBe(Number(row.bks_vroom_scripts || row.sol_cost));
  });

  it('reports the documented defects of the two known-bad files', () => {
    const b8 = recompute(join(root, 'B', 'B-n50-k8.vrp'), join(root, 'B', 'B-n50-k8.sol'));
    expect(b8.ev.violations.map((v) => v.kind).sort()).toEqual(['duplicate', 'missing']);
    const b7 = recompute(join(root, 'B', 'B-n57-k7.vrp'), join(root, 'B', 'B-n57-k7.sol'));
    expect(b7.ev.feasible).toBe(true);
    expect(b7.loaded.statedCost).toBe(1153);
    expect(b7.ev.cost).toBe(1155);
  });
});

describe('Solomon VRPTW, 100 customers', () => {
  const dir = join(BENCH, 'solomon-vrptw-100');
  const sols = listFiles(dir, '.sol');
  const bks = new Map(readCsv(join(dir, 'bks.csv')).map((r) => [r.instance, r]));

  it('ships 56 solutions, all listed in bks.csv', () => {
    expect(sols.length).toBe(56);
    expect(bks.size).toBe(56);
  });

  it.each(sols)('%s recomputes exactly to its Cost and is feasible', (sol) => {
    const stem = sol.replace(/\.sol$/, '');
    const { inst, loaded, ev } = recompute(join(dir, `${stem}.txt`), join(dir, sol));
    expect(ev.violations).toEqual([]);
    expect(ev.feasible).toBe(true);
    expect(ev.cost).toBe(loaded.statedCost);
    const row = bks.get(stem)!;
    expect(ev.cost).toBe(Number(row.sol_cost_dimacs_trunc1));
    expect(ev.routes.length).toBe(Number(row.routes_in_sol));
    expect(inst.kind).toBe('acvrptw');
    expect(inst.n).toBe(101);
    expect(inst.meta.rounding).toBe('trunc1');
    expect(inst.vehicles[0].shift).toEqual([0, inst.due[0]]);
  });

  it('reproduces the double-precision literature value when asked for unrounded arcs', () => {
    const file = 'C101.txt';
    const r = parseProblemFile(file, readBytes(join(dir, file)), { rounding: 'none' });
    if (!r.ok) throw new Error(r.error.message);
    const inst = r.value.instance(0);
    expect(inst.meta.rounding).toBe('none');
    const ev = evaluate(inst, loadSolution(join(dir, 'C101.sol'), inst).solution);
    expect(ev.feasible).toBe(true);
    expect(ev.cost).toBeCloseTo(Number(bks.get('C101')!.lit_cost_hierarchical_double), 2);
  });
});
