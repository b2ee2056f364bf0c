/**
 * Writes src/solvers/catalog.ts from the solver registry: the page imports the catalog instead
 * of the registry so that solver code stays out of the main bundle. Run it after registering a
 * solver (`npx tsx scripts/solver-catalog.ts`); tests/ui/solver-catalog.test.ts fails until then.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listSolvers } from '../src/solvers/registry';

function str(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function list(xs: readonly string[]): string {
  return `[${xs.map(str).join(', ')}]`;
}

export function renderCatalog(): string {
  const entries = listSolvers().map(
    (s) =>
      `  {\n    id: ${str(s.id)},\n    name: ${str(s.name)},\n    family: ${str(s.family)},\n    problems: ${list(s.problems)},\n` +
      `    backends: ${list(s.backends)},\n    description: ${str(s.description)},\n  },\n`,
  );
  return `/**
 * What the page knows of the solvers, without their code: the main bundle imports this, and only
 * the workers and the CLI import the implementations (through registry.ts). Generated from the
 * registry by scripts/solver-catalog.ts; tests/ui/solver-catalog.test.ts keeps the two equal.
 */
import type { SolverInfo } from './solver';

export const SOLVER_CATALOG: readonly SolverInfo[] = [
${entries.join('')}];
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync('src/solvers/catalog.ts', renderCatalog());
}
