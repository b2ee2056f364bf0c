/**
 * The city builder's bad-input corpus (tests/fixtures/bad/osm): every file with what its build
 * must fail with, as listed in expect-build.json. The builder's own tests read it, and so do the
 * build worker's, which meet it as the app does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { repoPath } from '../helpers';

export interface BadExtract {
  /** The case's key in the manifest. */
  name: string;
  /** The file, relative to the corpus folder (the key, unless the manifest says another). */
  file: string;
  /** A centre to build around ([lon, lat]), else the densest part. */
  centre?: [number, number];
  /** A node limit for the builder (the CLI's --max-nodes; the app has no such setting). */
  maxNodes?: number;
  /** The field the error must name. */
  field?: string;
  /** Whether the error must name a line. */
  line?: boolean;
  /** Words the message must hold. */
  contains: string;
}

export const BAD_EXTRACT_DIR = repoPath('tests', 'fixtures', 'bad', 'osm');

export function badExtracts(): BadExtract[] {
  const manifest = JSON.parse(readFileSync(join(BAD_EXTRACT_DIR, 'expect-build.json'), 'utf8')) as Record<string, Omit<BadExtract, 'name' | 'file'> & { file?: string }>;
  return Object.entries(manifest).map(([name, c]) => ({ ...c, name, file: c.file ?? name }));
}

export function badExtractBytes(c: BadExtract): Uint8Array<ArrayBuffer> {
  return readFileSync(join(BAD_EXTRACT_DIR, c.file));
}

/** Checks that `error` is the located error the corpus expects of `c`, read under the name `file`. */
export function expectLocatedError(error: { file: string; field?: string; line?: number; message: string }, c: BadExtract, file: string): void {
  expect(error.file).toBe(file);
  if (c.field) expect(error.field).toBe(c.field);
  if (c.line) expect(error.line).toBeGreaterThan(0);
  expect(error.message).toContain(file);
  expect(error.message).toContain(c.contains);
}
