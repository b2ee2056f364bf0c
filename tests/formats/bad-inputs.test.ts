/**
 * The committed bad-input corpus (tests/fixtures/bad/<group>/ + expect.json per group): every
 * malformed file must come back as an error value that names the file and a line or field, and
 * says what was expected. Nothing may throw.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProblemFile, parseSolutionFile } from '../../src/core/formats/index';
import type { ProblemKind } from '../../src/core/instance';
import { repoPath } from '../helpers';

interface Expectation {
  contains: string;
  solutionFor?: string;
  problem?: ProblemKind;
}

const root = repoPath('tests', 'fixtures', 'bad');
const cases: { group: string; file: string; expect: Expectation }[] = [];
for (const group of existsSync(root) ? readdirSync(root) : []) {
  const manifest = repoPath('tests', 'fixtures', 'bad', group, 'expect.json');
  if (!existsSync(manifest)) continue;
  const table = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Expectation>;
  for (const [file, exp] of Object.entries(table)) cases.push({ group, file, expect: exp });
}

describe('bad-input corpus', () => {
  it('holds at least 40 malformed files, every one listed in a manifest', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const group of new Set(cases.map((c) => c.group))) {
      const onDisk = readdirSync(repoPath('tests', 'fixtures', 'bad', group)).filter((f) => f !== 'expect.json');
      const listed = cases.filter((c) => c.group === group).map((c) => c.file);
      expect(onDisk.sort()).toEqual(listed.sort());
    }
  });

  it.each(cases.map((c) => [`${c.group}/${c.file}`, c] as const))('%s is rejected with a located error', (_, c) => {
    const bytes = readFileSync(repoPath('tests', 'fixtures', 'bad', c.group, c.file));
    const name = basename(c.file);
    let result;
    if (c.expect.solutionFor) {
      const instFile = repoPath(c.expect.solutionFor);
      const inst = parseProblemFile(basename(instFile), readFileSync(instFile));
      if (!inst.ok) throw new Error(`fixture instance ${c.expect.solutionFor} does not parse: ${inst.error.message}`);
      result = parseSolutionFile(name, bytes, inst.value.instance(0));
    } else {
      result = parseProblemFile(name, bytes, c.expect.problem ? { problem: c.expect.problem } : {});
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.file).toBe(name);
    expect(result.error.line !== undefined || result.error.field !== undefined).toBe(true);
    expect(result.error.expected.length).toBeGreaterThan(0);
    expect(result.error.message).toContain(name);
    expect(result.error.message).toContain(c.expect.contains);
    // An unexpected exception is caught and reported against "(file)": the corpus must not need that.
    expect(result.error.field).not.toBe('(file)');
  });
});
