import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { parseProblemFile } from '../../src/core/formats';
import { reportedDuration, toSolveRecord } from '../../src/core/formats/solve-output';
import { makeInstance } from '../../src/core/instance';
import { repoPath } from '../helpers';

function load(path: string) {
  const r = parseProblemFile(path, new Uint8Array(readFileSync(repoPath(path))));
  if (!r.ok) throw new Error(r.error.message);
  return r.value.instance(0);
}

const timing = { timeMs: 1, timeToBestMs: 1 };

describe('durations that a file does not have are not reported', () => {
  it('a TSPLIB .atsp (distances only) reports duration null, not the distance', () => {
    const inst = load('data/benchmarks/tsplib-atsp/br17.atsp');
    expect(inst.units.time).toBe('none');
    const sol = { routes: [{ vehicle: 0, stops: Array.from({ length: 17 }, (_, i) => i) }], unassigned: [] };
    const record = toSolveRecord(inst, 0, 'test', 1, sol, evaluate(inst, sol), timing);
    expect(record.distance).toBeGreaterThan(0);
    expect(record.duration).toBeNull();
  });

  it('a CVRPLIB .vrp has no durations either', () => {
    expect(load('data/benchmarks/cvrplib-x/X-n101-k25.vrp').units.time).toBe('none');
  });

  it('a road instance reports its driving time', () => {
    const inst = makeInstance({ name: 'r', kind: 'atsp', n: 2, distance: Float64Array.from([0, 100, 100, 0]), duration: Float64Array.from([0, 9, 9, 0]), units: { distance: 'm', time: 's' } });
    const sol = { routes: [{ vehicle: 0, stops: [0, 1] }], unassigned: [] };
    expect(toSolveRecord(inst, 0, 'test', 1, sol, evaluate(inst, sol), timing).duration).toBe(18);
    expect(reportedDuration(inst, 18)).toBe(18);
  });
});
