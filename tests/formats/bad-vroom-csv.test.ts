import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProblemFile } from '../../src/core/formats';

const DIR = 'tests/fixtures/bad/vroom-csv';
const expected: Record<string, { contains: string }> = JSON.parse(readFileSync(join(DIR, 'expect.json'), 'utf8'));
const files = readdirSync(DIR).filter((f) => f !== 'expect.json');

describe('bad VROOM and CSV corpus', () => {
  it('lists every fixture in expect.json and nothing else', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
    expect([...files].sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(files)('%s fails with a located error', (name) => {
    const r = parseProblemFile(name, new Uint8Array(readFileSync(join(DIR, name))));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.file).toBe(name);
    expect(r.error.line !== undefined || r.error.field !== undefined).toBe(true);
    expect(r.error.message).toContain(expected[name].contains);
  });
});
