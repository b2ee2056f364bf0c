import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { parseProblemFile, parseSolutionFile } from '../../src/core/formats/index';
import { writeCvrplibSol } from '../../src/core/formats/cvrplib-sol';
import type { Instance } from '../../src/core/instance';
import type { LoadedSolution } from '../../src/core/formats/types';
import { BENCH, loadInstance, loadSolution } from './bench-files';

function loadFromText(file: string, text: string): Instance {
  const r = parseProblemFile(file, new TextEncoder().encode(text));
  if (!r.ok) throw new Error(r.error.message);
  return r.value.instance(0);
}

function solFromText(text: string, inst: Instance): LoadedSolution {
  const r = parseSolutionFile('t.sol', new TextEncoder().encode(text), inst);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('CVRPLIB .sol', () => {
  const x = loadInstance(join(BENCH, 'cvrplib-x', 'X-n101-k25.vrp'));

  it('maps customer c to node index c when the depot is node 0, all on vehicle 0', () => {
    const sol = loadSolution(join(BENCH, 'cvrplib-x', 'X-n101-k25.sol'), x);
    expect(sol.format).toBe('cvrplib-sol');
    expect(sol.statedCost).toBe(27591);
    expect(sol.solution.routes).toHaveLength(26);
    expect(sol.solution.routes[0]).toEqual({ vehicle: 0, stops: [31, 46, 35] });
    expect(x.labels[31]).toBe('32'); // file id = customer + 1
  });

  it('tolerates "Route 1 :" lines, blank lines, extra keys and a missing Cost', () => {
    const sol = solFromText('Route 1 : 31 46 35\r\n\r\nroute #2:15 22\r\nTime 12\r\n', x);
    expect(sol.solution.routes.map((r) => r.stops)).toEqual([[31, 46, 35], [15, 22]]);
    expect(sol.statedCost).toBeUndefined();
  });

  it('round-trips through writeCvrplibSol for CVRPLIB and Solomon', () => {
    for (const [inst, file] of [
      [x, join(BENCH, 'cvrplib-x', 'X-n101-k25.sol')],
      [loadInstance(join(BENCH, 'solomon-vrptw-100', 'R101.txt')), join(BENCH, 'solomon-vrptw-100', 'R101.sol')],
    ] as const) {
      const original = loadSolution(file, inst);
      const cost = evaluate(inst, original.solution).cost;
      const text = writeCvrplibSol(inst, original.solution, cost);
      expect(text).toMatch(/^Route #1: /);
      expect(text.trimEnd().split('\n').pop()).toBe(`Cost ${original.statedCost}`);
      const again = solFromText(text, inst);
      expect(again.solution).toEqual(original.solution);
      expect(again.statedCost).toBe(original.statedCost);
    }
  });

  it('numbers customers around a depot that is not node 0, and ATSP tours by file id', () => {
    const text = 'NAME: t\nTYPE: CVRP\nDIMENSION: 4\nEDGE_WEIGHT_TYPE: EUC_2D\nCAPACITY: 9\nNODE_COORD_SECTION\n1 0 0\n2 0 1\n3 0 2\n4 0 3\nDEMAND_SECTION\n1 1\n2 1\n3 0\n4 1\nDEPOT_SECTION\n3\n-1\nEOF\n';
    const inst = loadFromText('t.vrp', text);
    const solution = { routes: [{ vehicle: 0, stops: [3, 0] }, { vehicle: 0, stops: [1] }], unassigned: [] };
    const written = writeCvrplibSol(inst, solution, 8);
    expect(written).toBe('Route #1: 3 1\nRoute #2: 2\nCost 8\n');
    expect(solFromText(written, inst).solution).toEqual(solution);

    const atsp = loadFromText('a.atsp', 'NAME: a\nTYPE: ATSP\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: FULL_MATRIX\nEDGE_WEIGHT_SECTION\n0 1 2 3 0 4 5 6 0\nEOF\n');
    const tour = { routes: [{ vehicle: 0, stops: [2, 0, 1] }], unassigned: [] };
    expect(writeCvrplibSol(atsp, tour, 12)).toBe('Route #1: 3 1 2\nCost 12\n');
  });

  it('locates a customer out of range by line', () => {
    const r = parseSolutionFile('bad.sol', new TextEncoder().encode('Route #1: 1 2\nRoute #2: 3 100 101\nCost 5\n'), x);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.line).toBe(2);
    expect(r.error.message).toContain('a customer number between 1 and 100');
  });
});
