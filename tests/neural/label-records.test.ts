/**
 * Training reads label files that labelling may still be appending to (recipe.sh runs both at
 * once): an unfinished last line is skipped, a broken line anywhere else is an error naming the
 * file and line. Runs models/training/data.py's reader with Debian's Python (numpy, torch).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers';

const PYTHON = process.env.ROUTELAB_PYTHON ?? '/usr/bin/python3';
const usable = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;
if (!usable && process.env.CI) throw new Error(`the label reader test needs Debian's PyTorch in CI (${PYTHON})`);

function read(path: string): { status: number | null; stdout: string; stderr: string } {
  const code = `import json, sys\nfrom models.training.data import label_records\nprint(json.dumps([r['seed'] for r in label_records(sys.argv[1], 'atsp')]))`;
  const r = spawnSync(PYTHON, ['-c', code, path], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!usable)('label files (data.label_records)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'routelab-labels-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const rec = (seed: number, problem = 'atsp') => JSON.stringify({ problem, seed });

  it('skips an unfinished last line and keeps the records before it', () => {
    const path = join(dir, 'growing.jsonl');
    writeFileSync(path, `${rec(1)}\n${rec(2, 'acvrp')}\n${rec(3)}\n${rec(4).slice(0, 9)}`);
    const r = read(path);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([1, 3]);
    expect(r.stderr).toContain(`${path}:4: skipping the unfinished last line`);
  });

  it('refuses a broken line that is not the last one, naming the file and line', () => {
    const path = join(dir, 'broken.jsonl');
    writeFileSync(path, `${rec(1)}\n{"problem": "atsp", "seed"\n${rec(3)}\n`);
    const r = read(path);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${path}:2: not a JSON label record`);
  });
});
