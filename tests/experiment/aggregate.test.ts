/** References, gaps, per-instance averaging, wins / ties / losses, the paired test, the profile and the exports, by hand. */
import { describe, expect, it } from 'vitest';
import { aggregate, gapPercent, performanceProfile, profileShare } from '../../src/core/experiment/aggregate';
import { aggregateCsv, aggregateMarkdown, csvCell, parseCsv, resultsCsv, RESULT_COLUMNS } from '../../src/core/experiment/csv';
import { runKey } from '../../src/core/experiment/plan';
import type { RunRecord } from '../../src/core/experiment/record';

function run(index: number, solver: string, seed: number, cost: number, feasible = true): RunRecord {
  return {
    key: runKey(index, solver, seed, 1000),
    position: index,
    index,
    instance: `i${index}`,
    kind: 'acvrp',
    stops: 10,
    solver,
    solverId: solver,
    seed,
    budgetMs: 1000,
    backend: 'js',
    status: 'done',
    cost,
    feasible,
    timeMs: 1000,
    timeToBestMs: 500,
    routes: [[1, 2], [3]],
    routeVehicles: [0, 0],
  };
}

// Instance 0: A costs 100 and 110, B 100 and 100. Instance 1: A 200 twice, B 220 and an infeasible 190.
const RECORDS: RunRecord[] = [run(0, 'A', 1, 100), run(0, 'A', 2, 110), run(0, 'B', 1, 100), run(0, 'B', 2, 100), run(1, 'A', 1, 200), run(1, 'A', 2, 200), run(1, 'B', 1, 220), run(1, 'B', 2, 190, false)];
const OPTS = { solvers: ['A', 'B'], budgetsMs: [1000], baseline: 'A' };

describe('experiment aggregates', () => {
  it('gaps are relative to |reference|', () => {
    expect(gapPercent(110, 100)).toBe(10);
    expect(gapPercent(-90, -100)).toBe(10);
    expect(gapPercent(0, 0)).toBe(0);
    expect(gapPercent(1, 0)).toBeUndefined();
  });

  it('the best feasible run is the reference when no best-known cost is given', () => {
    const agg = aggregate(RECORDS, OPTS);
    // The infeasible 190 does not count: instance 1's reference is 200.
    expect(agg.references.get(0)).toEqual({ cost: 100, source: 'best-run' });
    expect(agg.references.get(1)).toEqual({ cost: 200, source: 'best-run' });
    expect(agg.bestRun).toBe(2);
    const [a, b] = agg.groups;
    // A: instance 0 gaps 0 and 10 → 5; instance 1 → 0. Mean 2.5.
    expect(a).toMatchObject({ solver: 'A', runs: 4, instances: 2, unsolved: 0, meanGap: 2.5, medianGap: 2.5 });
    expect(a.wins).toBeUndefined();
    // B: instance 0 → 0; instance 1 → 10 (its only feasible run). B wins instance 0 (100 < 105), loses instance 1 (220 > 200).
    expect(b).toMatchObject({ solver: 'B', runs: 4, feasibleRuns: 3, meanGap: 5, medianGap: 5, wins: 1, ties: 0, losses: 1 });
    // t_{0.975,1} = tan(0.475π) = 12.7062; s = √50; half = 12.7062 · √50 / √2 = 63.531.
    expect(b.interval!.low).toBeCloseTo(5 - 63.531, 2);
    expect(b.interval!.high).toBeCloseTo(5 + 63.531, 2);
    // Differences B − A: −5 and +10 → ranks 1 and 2, W+ = 2; exact p = 2 · P(W+ ≥ 2) = 2 · 2/4 = 1.
    expect(b.test).toMatchObject({ n: 2, wPlus: 2, wMinus: 1, p: 1, method: 'exact' });
  });

  it('a best-known cost (from a .sol file) replaces the best run and is labelled', () => {
    const agg = aggregate(RECORDS, { ...OPTS, given: new Map([['i1', { cost: 180, from: 'i1.sol' }]]) });
    expect(agg.references.get(1)).toEqual({ cost: 180, source: 'best-known', from: 'i1.sol' });
    expect(agg.bestKnown).toBe(1);
    const a = agg.groups[0];
    // A on instance 1: (200 − 180) / 180 = 11.1111 %; instance 0: 5 %.
    expect(a.meanGap).toBeCloseTo((5 + 100 * (20 / 180)) / 2, 5);
  });

  it('an instance without a feasible run is unsolved: it loses to a solved one and never counts as within reach', () => {
    const records = [run(0, 'A', 1, 100), run(0, 'B', 1, 90, false), run(1, 'A', 1, 50), run(1, 'B', 1, 50)];
    const agg = aggregate(records, { solvers: ['A', 'B'], budgetsMs: [1000], baseline: 'A' });
    const b = agg.groups[1];
    expect(b).toMatchObject({ unsolved: 1, wins: 0, ties: 1, losses: 1, meanGap: 0 });
    const [, profileB] = performanceProfile(agg);
    expect(profileB).toMatchObject({ gaps: [0], instances: 2 });
    expect(profileShare(profileB, 1000)).toBe(0.5);
  });

  it('the performance profile is the share of instances within x % of the reference', () => {
    const [pa, pb] = performanceProfile(aggregate(RECORDS, OPTS));
    expect(pa.gaps).toEqual([0, 5]);
    expect(profileShare(pa, 0)).toBe(0.5);
    expect(profileShare(pa, 4.99)).toBe(0.5);
    expect(profileShare(pa, 5)).toBe(1);
    expect(pb.gaps).toEqual([0, 10]);
    expect(profileShare(pb, 9)).toBe(0.5);
  });
});

describe('experiment exports', () => {
  it('quotes only what needs quoting', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(1.5)).toBe('1.5');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Infinity)).toBe('inf');
  });

  it('the results CSV has one row per run in plan order, with routes that read back', () => {
    const agg = aggregate(RECORDS, OPTS);
    const order = new Map(RECORDS.map((r, i) => [r.key, i]));
    const text = resultsCsv([...RECORDS].reverse(), agg.references, (r) => order.get(r.key)!);
    const rows = parseCsv(text);
    expect(text.split('\n')[0]).toBe(RESULT_COLUMNS.join(','));
    expect(rows).toHaveLength(8);
    expect(rows[0]).toMatchObject({ instance_index: '0', instance: 'i0', solver: 'A', seed: '1', budget_s: '1', cost: '100', reference: '100', reference_source: 'best-run', gap_pct: '0' });
    expect(rows[1].gap_pct).toBe('10');
    expect(JSON.parse(rows[0].routes)).toEqual([[1, 2], [3]]);
    // The infeasible run has no gap.
    expect(rows[7]).toMatchObject({ feasible: 'false', gap_pct: '' });
  });

  it('the aggregate table as CSV and Markdown', () => {
    const agg = aggregate(RECORDS, OPTS);
    const rows = parseCsv(aggregateCsv(agg));
    expect(rows[1]).toMatchObject({ solver: 'B', budget_s: '1', mean_gap_pct: '5', wins: '1', ties: '0', losses: '1', wilcoxon_p: '1', baseline: 'A', feasible_pct: '75' });
    const md = aggregateMarkdown(agg, 'Two solvers');
    expect(md).toContain('## Two solvers');
    expect(md).toContain('Gaps to the best run of the experiment for 2 instances.');
    expect(md).toContain('| B | 1 | 2 | 75.0 | 5.000 | 5.000 | [-58.531, 68.531] | 1 / 0 / 1 | 1.000 | 1000 |');
  });
});
