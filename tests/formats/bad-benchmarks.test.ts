/** Every malformed benchmark file fails as a located error value that names the file. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProblemFile, parseSolutionFile } from '../../src/core/formats/index';
import { REPO, loadInstance, readBytes } from './bench-files';

const dir = join(REPO, 'tests', 'fixtures', 'bad', 'benchmarks');
const expectations = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as Record<string, { contains: string; solutionFor?: string }>;
const files = readdirSync(dir).filter((f) => f !== 'expect.json').sort();

describe('bad benchmark corpus', () => {
  it('has an expectation for each of its (at least 16) files', () => {
    expect(files.length).toBeGreaterThanOrEqual(16);
    expect(Object.keys(expectations).sort()).toEqual(files);
  });

  it.each(files)('%s is refused with a located error', (file) => {
    const { contains, solutionFor } = expectations[file];
    const bytes = readBytes(join(dir, file));
    const r = solutionFor ? parseSolutionFile(file, bytes, loadInstance(join(REPO, solutionFor))) : parseProblemFile(file, bytes);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.file).toBe(file);
    expect(r.error.line !== undefined || r.error.field !== undefined).toBe(true);
    expect(r.error.message).toContain(contains);
  });
});
