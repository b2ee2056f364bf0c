/** Experiment definitions: what the app writes reads back, and a bad one names the file and the field. */
import { describe, expect, it } from 'vitest';
import { definitionToJson, EXPERIMENT_FORMAT, parseDefinition, parseNumberList, type ExperimentDefinition } from '../../src/core/experiment/definition';
import { planOrder, planRuns } from '../../src/core/experiment/plan';

const DEF: ExperimentDefinition = {
  format: EXPERIMENT_FORMAT,
  name: 'batch',
  instances: { kind: 'file', file: 'rrnco-rcvrp-batch.npz', from: 1, to: 2 },
  solvers: ['classical', 'neural-ls'],
  seeds: [1, 2],
  budgets: [1],
  baseline: 'classical',
};

function errorOf(json: unknown, known?: string[]) {
  const r = parseDefinition('exp.json', JSON.stringify(json), known);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('experiment definitions', () => {
  it('round-trips through JSON', () => {
    const r = parseDefinition('exp.json', definitionToJson(DEF), ['classical', 'neural-ls']);
    expect(r.ok && r.value).toEqual(DEF);
  });

  it('names the file and the field of what is wrong', () => {
    expect(errorOf({ ...DEF, format: 'x' })).toMatchObject({ file: 'exp.json', field: 'format' });
    expect(errorOf({ ...DEF, solvers: ['classical', 'magic'] }, ['classical', 'neural-ls'])).toMatchObject({ field: 'solvers[1]', found: 'magic' });
    expect(errorOf({ ...DEF, seeds: [1, 1.5] })).toMatchObject({ field: 'seeds[1]' });
    expect(errorOf({ ...DEF, seeds: [1, 1] })).toMatchObject({ field: 'seeds[1]', expected: 'each seed once' });
    expect(errorOf({ ...DEF, budgets: [0] })).toMatchObject({ field: 'budgets[0]' });
    expect(errorOf({ ...DEF, baseline: 'sisr' })).toMatchObject({ field: 'baseline' });
    expect(errorOf({ ...DEF, instances: { kind: 'file', file: 'x.npz', from: 3, to: 2 } })).toMatchObject({ field: 'instances.to' });
    expect(errorOf({ ...DEF, instances: { kind: 'sample', city: 'Monaco', problem: 'vrp', n: 20, seeds: { from: 1, to: 3 } } })).toMatchObject({ field: 'instances.problem' });
    expect(errorOf({ ...DEF, instances: { kind: 'zip' } })).toMatchObject({ field: 'instances.kind' });
    expect(errorOf({ ...DEF, references: [{ instance: 'a' }] })).toMatchObject({ field: 'references[0]' });
    const broken = parseDefinition('exp.json', '{"format": ');
    expect(!broken.ok && broken.error).toMatchObject({ file: 'exp.json', line: 1, expected: 'valid JSON' });
    expect(errorOf({ ...DEF, seeds: [1, 1] }).message).toBe('exp.json, field seeds[1]: expected each seed once, found "1"');
  });

  it('plans instance by instance, then budget, seed and solver, with stable keys', () => {
    const specs = planRuns(DEF, 2, (i) => 1 + i);
    expect(specs).toHaveLength(8);
    expect(specs.slice(0, 4).map((s) => s.key)).toEqual(['1|classical|1|1000', '1|neural-ls|1|1000', '1|classical|2|1000', '1|neural-ls|2|1000']);
    expect(specs[4]).toMatchObject({ position: 1, index: 2, solver: 'classical', seed: 1, budgetMs: 1000 });
    const order = planOrder({ ...DEF, budgets: [1, 2] });
    const twoBudgets = planRuns({ ...DEF, budgets: [1, 2] }, 3, (i) => i);
    expect(twoBudgets.map(order)).toEqual(twoBudgets.map((_, i) => i));
  });

  it('reads seed and budget lists as the form takes them', () => {
    expect(parseNumberList('1, 2, 5-7', { integers: true, min: 0, max: 100, most: 10 })).toEqual([1, 2, 5, 6, 7]);
    expect(parseNumberList('0.2 1', { integers: false, min: 0.01, max: 60, most: 10 })).toEqual([0.2, 1]);
    expect(parseNumberList('1, x', { integers: true, min: 0, max: 100, most: 10 })).toEqual({ error: '"x" is not an integer in 0..100' });
    expect(parseNumberList('', { integers: true, min: 0, max: 100, most: 10 })).toEqual({ error: 'at least one value' });
  });
});
