/**
 * The layer order of docs/architecture.md, checked on every import in src/: core → solvers →
 * workers → store → ui, each layer importing only its own and those before it; cli stands beside
 * (it may use core, solvers and workers, and nothing imports it). Type-only imports count too: a
 * type from a later layer ties the code to it all the same. Imports are read with TypeScript's
 * own pre-processor (static, re-exports, import()), plus the `new URL('…', import.meta.url)`
 * that starts a worker and the folder an `import.meta.glob` reads.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../helpers';

const ORDER = ['core', 'solvers', 'workers', 'store', 'ui'] as const;
type Layer = (typeof ORDER)[number] | 'cli';

/** What each layer may import besides itself. */
function allowed(from: Layer, to: Layer): boolean {
  if (from === to) return true;
  if (to === 'cli') return false;
  if (from === 'cli') return to === 'core' || to === 'solvers' || to === 'workers';
  return ORDER.indexOf(to) < ORDER.indexOf(from);
}

/** src/main.tsx starts the page, so it is part of ui. */
function layerOf(file: string): Layer | null {
  const rel = relative(repoPath('src'), file).split(/[\\/]/);
  if (rel.length === 1) return rel[0] === 'main.tsx' ? 'ui' : null;
  return ORDER.includes(rel[0] as (typeof ORDER)[number]) || rel[0] === 'cli' ? (rel[0] as Layer) : null;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const WORKER_URL = /new\s+URL\(\s*['"](\.[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g;
const GLOB = /import\.meta\.glob\(\s*['"](\.[^'"*]*)/g;

/** The relative specifiers a file imports (packages and absolute paths are not layers). */
function importsOf(text: string): string[] {
  const pre = ts.preProcessFile(text, true, true);
  const specs = pre.importedFiles.map((f) => f.fileName);
  for (const m of text.matchAll(WORKER_URL)) specs.push(m[1]);
  for (const m of text.matchAll(GLOB)) specs.push(`${m[1]}*`);
  return specs.filter((s) => s.startsWith('.'));
}

function target(from: string, spec: string): string {
  const base = resolve(dirname(from), spec.replace(/\?.*$/, ''));
  const found = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => statSync(c, { throwIfNoEntry: false })?.isFile());
  return found ?? base;
}

interface Violation {
  file: string;
  imports: string;
  as: string;
  rule: string;
}

function violations(): Violation[] {
  const out: Violation[] = [];
  for (const file of sources(repoPath('src'))) {
    const from = layerOf(file);
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const to = target(file, spec);
      if (!to.startsWith(repoPath('src'))) continue; // models/manifest.json and the like: data, not a layer
      const layer = layerOf(to);
      if (from && layer && allowed(from, layer)) continue;
      out.push({ file: relative(repoPath(), file), imports: relative(repoPath(), to), as: spec, rule: `${from ?? '?'} may not import ${layer ?? '?'}` });
    }
  }
  return out;
}

describe('the layers of docs/architecture.md', () => {
  it('every module in src/ is in a layer', () => {
    const loose = sources(repoPath('src'))
      .filter((f) => layerOf(f) === null)
      .map((f) => relative(repoPath(), f));
    expect(loose, 'a new folder under src/ needs its place in ORDER (and in docs/architecture.md)').toEqual([]);
  });

  it('no import goes against the order (core → solvers → workers → store → ui; cli beside)', () => {
    expect(violations()).toEqual([]);
  });

  it('the reader sees every kind of import the project uses', () => {
    const text = [
      "import type { A } from './a';",
      "import { b } from '../b';",
      "export { c } from './c';",
      "const d = await import('./d');",
      "new Worker(new URL('./e.worker.ts', import.meta.url), { type: 'module' });",
      "import.meta.glob('./**/*-probe.ts', { eager: true });",
      "import 'maplibre-gl';",
    ].join('\n');
    expect(importsOf(text).sort()).toEqual(['../b', './*', './a', './c', './d', './e.worker.ts']);
  });

  it('the rules follow the documented order', () => {
    expect(allowed('ui', 'core')).toBe(true);
    expect(allowed('store', 'workers')).toBe(true);
    expect(allowed('workers', 'store')).toBe(false);
    expect(allowed('core', 'solvers')).toBe(false);
    expect(allowed('cli', 'workers')).toBe(true);
    expect(allowed('cli', 'store')).toBe(false);
    expect(allowed('solvers', 'cli')).toBe(false);
  });
});
