/**
 * The page must not import solver implementations (they belong in the workers and the CLI): it
 * reads the solver catalog instead. Follows the static value imports from src/main.tsx; type-only
 * imports are erased by the compiler and do not count. The worker is reached via new URL(), not
 * an import, so its graph is separate.
 *
 * The test hooks (window.__routelab: store/probe.ts, ui/probes.ts, every *-probe.ts and the
 * neural probe's worker) must not be in a production build at all: that is checked on a real
 * build, in memory, next to a `--mode probes` build that must hold them (so the check can see
 * what it looks for).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { build, type Rollup } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
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

/** A test hook's module: store/probe.ts, ui/probes.ts, *-probe.ts, the neural probe's worker files. */
const HOOK_MODULE = /(^|\/)(probes?|[\w-]+-probe|neural-probe[\w.-]*)\.tsx?$/;

interface Built {
  files: string[];
  /** Source modules in the page's chunks, relative to the repository. */
  modules: string[];
  /** Every emitted JavaScript file's text (workers included: they are emitted as assets). */
  code: string[];
}

async function buildApp(mode: 'production' | 'probes'): Promise<Built> {
  // Vitest runs with NODE_ENV=test, which Vite would take for a development build.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const result = await build({
      root: repoPath(),
      configFile: repoPath('vite.config.ts'),
      mode,
      logLevel: 'silent',
      publicDir: false,
      build: { write: false, reportCompressedSize: false },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
    const items = outputs.flatMap((o) => o.output);
    return {
      files: items.map((i) => i.fileName),
      modules: items.flatMap((i) => (i.type === 'chunk' ? i.moduleIds : [])).map((id) => relative(repoPath(), id.replace(/\?.*$/, ''))),
      code: items.filter((i) => /\.m?js$/.test(i.fileName)).map((i) => (i.type === 'chunk' ? i.code : String(i.source))),
    };
  } finally {
    process.env.NODE_ENV = env;
  }
}

describe('the test hooks', () => {
  it('are not among the page\'s static imports', () => {
    const modules = pageModules(repoPath('src', 'main.tsx'));
    expect(modules.filter((m) => HOOK_MODULE.test(m))).toEqual([]);
  });

  describe('in real builds', () => {
    let production: Built;
    let probes: Built;
    beforeAll(async () => {
      production = await buildApp('production');
      probes = await buildApp('probes');
    }, 300_000);

    it('a `--mode probes` build holds them: the hook modules, window.__routelab and the neural probe worker', () => {
      expect(probes.modules).toEqual(expect.arrayContaining(['src/ui/probes.ts', 'src/store/probe.ts', 'src/ui/editor/editor-probe.ts', 'src/ui/compare/compare-probe.ts', 'src/ui/neural-probe.ts']));
      expect(probes.code.some((c) => c.includes('__routelab'))).toBe(true);
      expect(probes.files.some((f) => /neural-probe\.worker/.test(f))).toBe(true);
    });

    it('a production build holds none of them', () => {
      expect(production.modules).toContain('src/store/run-actions.ts');
      expect(production.modules.filter((m) => HOOK_MODULE.test(m))).toEqual([]);
      expect(production.files.filter((f) => /probe/i.test(f))).toEqual([]);
      expect(production.code.filter((c) => c.includes('__routelab')).length).toBe(0);
    });
  });
});
