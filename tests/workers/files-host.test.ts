/**
 * The file worker's logic under Node: every upload fixture and benchmark format becomes the
 * right instance, solution files are told from problems, the planner's problem kind applies only
 * to files that cannot tell, and broken files come back as located errors.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientNodes } from '../../src/core/instance';
import { importFile, looksLikeSolution } from '../../src/workers/files-host';
import type { FileImport } from '../../src/workers/files-protocol';
import { repoPath } from '../helpers';

const bytes = (...parts: string[]) => new Uint8Array(readFileSync(repoPath(...parts)));

function problem(result: FileImport) {
  if (result.kind !== 'problem') throw new Error(`expected a problem, got ${JSON.stringify(result).slice(0, 300)}`);
  return result;
}

const expected = JSON.parse(readFileSync(repoPath('e2e', 'fixtures', 'expect.json'), 'utf8')) as Record<string, { stops: number; kind: string; count?: number }>;

describe('the file worker', () => {
  it.each(Object.entries(expected))('reads the e2e fixture %s', (name, want) => {
    const r = problem(importFile({ file: name, bytes: bytes('e2e', 'fixtures', name) }));
    expect(clientNodes(r.instance)).toHaveLength(want.stops);
    expect(r.instance.kind).toBe(want.kind);
    expect(r.count).toBe(want.count ?? 1);
  });

  it.each([
    ['data/benchmarks/cvrplib-x/X-n101-k25.vrp', 100, 'acvrp'],
    ['data/benchmarks/tsplib-atsp/br17.atsp', 17, 'atsp'],
    ['data/benchmarks/solomon-vrptw-100/C101.txt', 100, 'acvrptw'],
  ])('reads the benchmark %s', (path, stops, kind) => {
    const file = path.split('/').pop()!;
    const r = problem(importFile({ file, bytes: bytes(path), problem: 'pvrp-zc' }));
    expect(clientNodes(r.instance)).toHaveLength(stops);
    expect(r.instance.kind).toBe(kind);
    expect(r.kindChosen).toBe(false);
  });

  it('gives a bare OSRM table the planner’s problem kind', () => {
    const table = bytes('data', 'cities', 'Monaco_table_100.json');
    const acvrp = problem(importFile({ file: 'Monaco_table_100.json', bytes: table, problem: 'acvrp' }));
    expect(acvrp.kindChosen).toBe(true);
    expect(acvrp.instance.kind).toBe('acvrp');
    expect(clientNodes(acvrp.instance)).toHaveLength(99);
    const atsp = problem(importFile({ file: 'Monaco_table_100.json', bytes: table, problem: 'atsp' }));
    expect(clientNodes(atsp.instance)).toHaveLength(100);
  });

  it('builds the chosen instance of a batch and reads CAMP as the chosen PVRP kind', () => {
    const batch = problem(importFile({ file: 'b.npz', bytes: bytes('e2e', 'fixtures', 'rrnco-rcvrp-batch.npz'), index: 2 }));
    expect(batch.index).toBe(2);
    const first = problem(importFile({ file: 'b.npz', bytes: bytes('e2e', 'fixtures', 'rrnco-rcvrp-batch.npz') }));
    expect(Array.from(batch.instance.distance)).not.toEqual(Array.from(first.instance.distance));
    const zc = problem(importFile({ file: 'c.npz', bytes: bytes('e2e', 'fixtures', 'camp-pvrp.npz'), problem: 'pvrp-zc' }));
    expect(zc.instance.kind).toBe('pvrp-zc');
    const p = problem(importFile({ file: 'c.npz', bytes: bytes('e2e', 'fixtures', 'camp-pvrp.npz'), problem: 'acvrp' }));
    expect(p.instance.kind).toBe('pvrp-p');
  });

  it('tells solution files from problems and reads them against the instance', () => {
    const vrp = problem(importFile({ file: 'X-n101-k25.vrp', bytes: bytes('data/benchmarks/cvrplib-x/X-n101-k25.vrp') }));
    const sol = bytes('data/benchmarks/cvrplib-x/X-n101-k25.sol');
    expect(looksLikeSolution('X-n101-k25.sol', sol)).toBe(true);
    expect(looksLikeSolution('x.json', new TextEncoder().encode('{"routes":[[1,2]],"routeVehicles":[0]}'))).toBe(true);
    expect(looksLikeSolution('x.json', bytes('e2e', 'fixtures', 'small-vroom.json'))).toBe(false);
    const r = importFile({ file: 'X-n101-k25.sol', bytes: sol, instance: vrp.instance });
    expect(r.kind).toBe('solution');
    if (r.kind === 'solution') expect(r.statedCost).toBe(27591);
    const orphan = importFile({ file: 'X-n101-k25.sol', bytes: sol });
    expect(orphan.kind).toBe('error');
  });

  it('reports a broken file with its line and what was expected', () => {
    const r = importFile({ file: 'garbage-line.vrp', bytes: bytes('tests/fixtures/bad/benchmarks/garbage-line.vrp') });
    expect(r.kind).toBe('error');
    if (r.kind !== 'error') return;
    expect(r.error.file).toBe('garbage-line.vrp');
    expect(r.error.line).toBeGreaterThan(0);
    expect(r.error.expected).toBeTruthy();
    const json = importFile({ file: 'truncated.json', bytes: bytes('tests/fixtures/bad/npz-osrm/truncated.json') });
    expect(json.kind === 'error' && json.error.line).toBeTruthy();
  });
});
