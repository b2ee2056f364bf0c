/**
 * The city builder's bad-input corpus (tests/fixtures/bad/osm, listed in expect-build.json): each
 * file must fail with a FormatError that names the file and the problem, quickly, and the CLI
 * must exit 2 with a JSON object naming the file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/core/errors';
import { buildCity } from '../../src/core/osm';
import { ROOT, repoPath } from '../helpers';

interface Case {
  file?: string;
  centre?: [number, number];
  maxNodes?: number;
  field?: string;
  line?: boolean;
  contains: string;
}

const dir = repoPath('tests', 'fixtures', 'bad', 'osm');
const manifest = JSON.parse(readFileSync(join(dir, 'expect-build.json'), 'utf8')) as Record<string, Case>;
const cases = Object.entries(manifest).map(([name, c]) => ({ name, file: c.file ?? name, ...c }));

describe('bad OSM extracts', () => {
  it('lists every file of the corpus', () => {
    const listed = new Set(cases.map((c) => c.file));
    for (const f of readdirSync(dir).filter((f) => f !== 'expect-build.json')) expect(listed.has(f)).toBe(true);
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s fails with a located error', async (_, c) => {
    const bytes = readFileSync(join(dir, c.file));
    const name = c.file.split('/').pop()!;
    const err = await buildCity(name, bytes, { centre: c.centre, limits: c.maxNodes ? { maxNodes: c.maxNodes } : undefined }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FormatError);
    const info = (err as FormatError).info;
    expect(info.file).toBe(name);
    if (c.field) expect(info.field).toBe(c.field);
    if (c.line) expect(info.line).toBeGreaterThan(0);
    expect((err as FormatError).message).toContain(name);
    expect((err as FormatError).message).toContain(c.contains);
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
