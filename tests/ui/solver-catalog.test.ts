/**
 * The page's solver catalog must say exactly what the registry holds; when a solver is
 * registered, regenerate it with `npx tsx scripts/solver-catalog.ts`.
 */
import { describe, expect, it } from 'vitest';
import { PROBLEM_KINDS } from '../../src/core/instance';
import { traitsOf } from '../../src/core/problems';
import { SOLVER_CATALOG } from '../../src/solvers/catalog';
import { listSolvers, resolveSolver } from '../../src/solvers/registry';
import { resolveChoice, solverChoices } from '../../src/store/solver-choices';

const REGENERATE = 'src/solvers/catalog.ts is out of date: run `npx tsx scripts/solver-catalog.ts`';

describe('solver catalog', () => {
  it('lists the registered solvers, in order, with the same details', () => {
    const registered = listSolvers().map(({ kind: _kind, ...info }) => info);
    expect(SOLVER_CATALOG, REGENERATE).toEqual(registered);
  });

  it('resolves the classical alias to the solver the problem traits name, as the registry does', () => {
    for (const kind of PROBLEM_KINDS) {
      expect(resolveSolver('classical', kind)?.id, kind).toBe(traitsOf(kind).bestClassical);
      expect(resolveChoice('classical', kind)?.id).toBe(resolveSolver('classical', kind)?.id);
    }
  });

  it('offers for each kind exactly the solvers that handle it, plus the alias where one exists', () => {
    for (const kind of PROBLEM_KINDS) {
      const ids = solverChoices(kind).map((c) => c.id);
      const expected = listSolvers()
        .filter((s) => s.problems.includes(kind))
        .map((s) => s.id);
      expect(ids).toEqual(resolveSolver('classical', kind) ? ['classical', ...expected] : expected);
    }
  });

  it('refuses solvers that do not handle the kind', () => {
    expect(resolveChoice('sisr', 'atsp')).toBeUndefined();
    expect(resolveChoice('no-such-solver', 'acvrp')).toBeUndefined();
  });
});
