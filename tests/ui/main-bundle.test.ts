/**
 * The page must not import solver implementations (they belong in the workers and the CLI): it
 * reads the solver catalog instead. Follows the static value imports from src/main.tsx; type-only
 * imports are erased by the compiler and do not count. The worker is reached via new URL(), not
 * an import, so its graph is separate.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../helpers';

const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm;

function resolveModule(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, resolve(base, 'index.ts')];
  return candidates.find((c) => statSync(c, { throwIfNoEntry: false })?.isFile()) ?? null;
}

function pageModules(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!/\.tsx?$/.test(file)) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolveModule(file, m[1]);
      if (target) stack.push(target);
    }
  }
  return [...seen].map((f) => relative(repoPath(), f)).sort();
}

describe('the page bundle', () => {
  const modules = pageModules(repoPath('src', 'main.tsx'));

  it('is found by following imports', () => {
    expect(modules).toContain('src/store/run-actions.ts');
    expect(modules).toContain('src/workers/run-pool.ts');
  });

  it('holds no solver code, only the catalog', () => {
    expect(modules.filter((m) => m.startsWith('src/solvers/'))).toEqual(['src/solvers/catalog.ts']);
  });

  it('does not import the engine host (that is the worker side)', () => {
    expect(modules).not.toContain('src/workers/engine-host.ts');
    expect(modules).not.toContain('src/workers/engine.worker.ts');
  });
});
