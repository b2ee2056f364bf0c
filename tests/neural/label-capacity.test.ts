/**
 * Labels with the capacity of a large sample on a smaller one (`scripts/neural-labels.ts
 * --capacity`, the pieces a 999-stop instance is decoded in): the record carries the capacity,
 * and the Python side replays it with that capacity. Without it the same routes are overloaded
 * and the label is dropped. Runs the labelling CLI, then models/training's reader and replay.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoPath } from '../helpers';
import { pythonHas, pythonJson } from './python';

const usable = pythonHas('torch, numpy', 'label capacity');
const tsx = repoPath('node_modules', '.bin', 'tsx');

function labels(out: string, extra: string[], problem = 'acvrp'): ReturnType<typeof spawnSync> {
  const args = [repoPath('scripts', 'neural-labels.ts'), '--problem', problem, '--n', '30', '--count', '1', '--from', '2000000', '--time', '0.2', '--cities', 'Monaco', '--out', out, ...extra];
  return spawnSync(tsx, args, { cwd: repoPath(), encoding: 'utf8', timeout: 60_000 });
}

/** How many of the file's labels the Python env replays at their cost, and the capacities it used. */
function replay(path: string): { kept: number; capacities: number[] } {
  return pythonJson(`
import json, sys
from models.training.data import load_labels
from models.training.train import check_labels
labs = load_labels(${JSON.stringify(path)}, 'acvrp')
print(json.dumps({'kept': len(check_labels(labs)), 'capacities': [l.instance.capacity for l in labs]}))
`);
}

describe.skipIf(!usable)('labels with a large sample’s capacity', () => {
  const dir = mkdtempSync(join(tmpdir(), 'routelab-label-capacity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records the capacity, and Python replays the label with it (and drops it without)', () => {
    const path = join(dir, 'cap.jsonl');
    const r = labels(path, ['--capacity', '150']);
    expect(r.status, String(r.stderr)).toBe(0);
    const rec = JSON.parse(readFileSync(path, 'utf8').trim());
    expect(rec.capacity).toBe(150);
    // 30 clients of demand 1-9 fit in one or two routes of 150 (the sampler's capacity at n = 30 is 33).
    expect(rec.routes.length).toBeLessThanOrEqual(2);
    expect(replay(path)).toEqual({ kept: 1, capacities: [150] });

    const without = join(dir, 'without.jsonl');
    const { capacity: _, ...plain } = rec;
    writeFileSync(without, `${JSON.stringify(plain)}\n`);
    expect(replay(without)).toEqual({ kept: 0, capacities: [33] });
  });

  it('refuses --capacity for a problem without one', () => {
    const r = labels(join(dir, 'atsp.jsonl'), ['--capacity', '150'], 'atsp');
    expect(r.status).toBe(2);
    expect(String(r.stderr)).toContain('--capacity: only for acvrp and acvrptw');
  });
});
