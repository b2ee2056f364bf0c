/** Shared loading for the benchmark tests: everything goes through the public dispatcher. */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseProblemFile, parseSolutionFile } from '../../src/core/formats/index';
import type { Instance } from '../../src/core/instance';
import type { LoadedSolution } from '../../src/core/formats/types';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const BENCH = join(REPO, 'data', 'benchmarks');

export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

export function listFiles(dir: string, ext: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort();
}

export function loadInstance(path: string): Instance {
  const r = parseProblemFile(basename(path), readBytes(path));
  if (!r.ok) throw new Error(r.error.message);
  return r.value.instance(0);
}

export function loadSolution(path: string, inst: Instance): LoadedSolution {
  const r = parseSolutionFile(basename(path), readBytes(path), inst);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** A small CSV reader for bks.csv files (no quoted fields there). */
export function readCsv(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const keys = head.split(',');
  return rows.map((row) => {
    const cells = row.split(',');
    return Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? '']));
  });
}
