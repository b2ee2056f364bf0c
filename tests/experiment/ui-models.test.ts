/** The experiment view's pure parts: plot numbers and the setup form's definition. */
import { describe, expect, it } from 'vitest';
import { boxStats, density, niceTicks, profilePath, thin } from '../../src/ui/experiment/plot-model';
import { buildDefinition, plannedRuns, type SetupForm } from '../../src/ui/experiment/setup-model';

const FORM: SetupForm = {
  name: 'batch',
  source: 'file',
  fileName: 'batch.npz',
  from: '',
  to: '',
  city: 'Monaco',
  problem: 'acvrp',
  n: '50',
  distribution: 'uniform',
  sampleFrom: '1',
  sampleTo: '10',
  solvers: ['classical', 'neural-ls'],
  seeds: '1, 2',
  budgets: '1',
  baseline: 'classical',
  backend: 'auto',
};

describe('plot numbers', () => {
  it('box statistics with 1.5 IQR whiskers', () => {
    // Type 7 on 1, 2, 3, 4, 5, 100: q1 = 2.25, median = 3.5, q3 = 4.75; fences −1.5 and 8.5, so 100 is an outlier.
    const b = boxStats([1, 2, 3, 4, 5, 100].sort((a, c) => a - c));
    expect(b).toMatchObject({ q1: 2.25, median: 3.5, q3: 4.75, low: 1, high: 5, outliers: [100] });
  });

  it('a kernel density integrates to about 1', () => {
    const grid = Array.from({ length: 401 }, (_, i) => -10 + i * 0.05);
    const d = density([0, 1, 2], grid, 0.5);
    expect(d.reduce((s, x) => s + x * 0.05, 0)).toBeCloseTo(1, 3);
  });

  it('round ticks and thinning', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 0.7, 4)).toEqual([0, 0.2, 0.4, 0.6]);
    expect(thin([1, 2, 3, 4, 5, 6], 3)).toEqual([1, 3, 5]);
  });

  it('a profile steps up at each gap, shares of all instances', () => {
    // Gaps 0, 0, 5 of 4 instances (one unsolved): ½ at 0, ¾ from 5, never 1.
    expect(profilePath([0, 0, 5], 4, (x) => x, (y) => y * 100, 10)).toBe('M0.0,50.0H5.0V75.0H10.0');
  });
});

describe('the setup form', () => {
  it('makes a file definition, the file naming its errors', () => {
    const built = buildDefinition({ ...FORM, from: '1', to: '2' }, { instances: [] });
    expect(built).toMatchObject({ definitionFile: 'batch.npz', definition: { instances: { kind: 'file', file: 'batch.npz', from: 1, to: 2 }, seeds: [1, 2], budgets: [1], baseline: 'classical', backend: 'auto' } });
    expect(plannedRuns(FORM, 3)).toBe(12);
  });

  it('says which field is wrong', () => {
    expect(buildDefinition({ ...FORM, seeds: '1, x' }, { instances: [] })).toMatchObject({ field: 'seeds', error: 'Solver seeds: "x" is not an integer in 0..2147483647' });
    expect(buildDefinition({ ...FORM, budgets: '0' }, { instances: [] })).toMatchObject({ field: 'budgets' });
    expect(buildDefinition({ ...FORM, from: '3', to: '1' }, { instances: [] })).toMatchObject({ field: 'to' });
    expect(buildDefinition({ ...FORM, solvers: [] }, { instances: [] })).toMatchObject({ field: 'solvers' });
    expect(buildDefinition({ ...FORM, fileName: null }, { instances: [] })).toMatchObject({ field: 'file' });
    expect(buildDefinition({ ...FORM, source: 'open' }, { instances: [] })).toMatchObject({ field: 'open' });
  });

  it('makes a sample definition by sampler seeds', () => {
    const built = buildDefinition({ ...FORM, source: 'sample', sampleFrom: '5', sampleTo: '8' }, { instances: [] });
    expect(built).toMatchObject({ definition: { instances: { kind: 'sample', city: 'Monaco', problem: 'acvrp', n: 50, seeds: { from: 5, to: 8 } } } });
    expect(buildDefinition({ ...FORM, source: 'sample', sampleFrom: '5', sampleTo: '4' }, { instances: [] })).toMatchObject({ field: 'Sampler seeds to' });
  });
});
