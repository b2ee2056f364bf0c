/**
 * The city builder's bad-input corpus (tests/fixtures/bad/osm, listed in expect-build.json): each
 * file must fail with a FormatError that names the file and the problem, quickly, and the CLI
 * must exit 2 with a JSON object naming the file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/core/errors';
import { buildCity } from '../../src/core/osm';
import { ROOT, repoPath } from '../helpers';
import { BAD_EXTRACT_DIR, badExtractBytes, badExtracts, expectLocatedError } from './bad-extract-corpus';

const cases = badExtracts();

describe('bad OSM extracts', () => {
  it('lists every file of the corpus', () => {
    const listed = new Set(cases.map((c) => c.file));
    for (const f of readdirSync(BAD_EXTRACT_DIR).filter((f) => f !== 'expect-build.json')) expect(listed.has(f)).toBe(true);
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s fails with a located error', async (_, c) => {
    const name = c.file.split('/').pop()!;
    const err = await buildCity(name, badExtractBytes(c), { centre: c.centre, limits: c.maxNodes ? { maxNodes: c.maxNodes } : undefined }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FormatError);
    expectLocatedError({ ...(err as FormatError).info, message: (err as FormatError).message }, c, name);
  }, 10_000);
});

describe('npm run city -- build on bad input', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'routelab-city-')), 'X_data.npz');
  const run = (args: string[]) =>
    spawnSync(repoPath('node_modules', '.bin', 'tsx'), [repoPath('src', 'cli', 'city.ts'), 'build', ...args, '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });

  it.each([
    ['truncated.osm.pbf', [], 'cut off'],
    ['html-not-osm.osm', [], 'root element <osm>'],
    ['few-road-points.osm', ['--center', '56.2,13.5'], 'centre inside'],
    ['few-road-points.osm', [], '1000 road points'],
    ['../../osm/amager.osm.pbf', ['--max-nodes', '1000'], 'at most 1,000 nodes'],
  ])('%s %j exits 2 with a JSON error naming the file', (file, extra, contains) => {
    const path = join('tests', 'fixtures', 'bad', 'osm', file);
    const r = run([path, ...extra]);
    expect(r.status).toBe(2);
    const line = r.stderr.trim().split('\n').pop()!;
    const json = JSON.parse(line);
    expect(json.file).toBe(path);
    expect(json.error).toContain(contains);
  }, 40_000);
});
