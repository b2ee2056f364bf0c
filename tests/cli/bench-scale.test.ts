/**
 * bench scale's plan and table (src/cli/bench/scale.ts): the instances the flags ask for, and
 * gaps and means computed from runs, one-shot solvers once, anytime solvers per budget.
 */
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args';
import { benchScale, longerReference, paramsFlag, scaleItems, scaleReport, type ScaleRun } from '../../src/cli/bench/scale';

function run(item: string, solver: string, cost: number, extra: Partial<ScaleRun> = {}): ScaleRun {
  return { item, solver, budgetMs: 10_000, oneShot: false, cost, feasible: true, timeMs: 10_000, timeToBestMs: 5000, peakMB: 300, baseMB: 200, ...extra };
}

describe('bench scale', () => {
  it('city samples per problem, n, city and seed; the X large set only with ACVRP', () => {
    const items = scaleItems({ ns: [100, 999], problems: ['acvrp', 'atsp'], cities: ['Monaco', 'Andorra'], count: 2, x: true });
    const cities = items.filter((i) => i.spec.kind === 'city');
    expect(cities).toHaveLength(2 * 2 * 2 * 2);
    expect(cities[0].name).toBe('Monaco-acvrp100-s1');
    expect(cities.map((i) => i.name)).toContain('Andorra-atsp999-s2');
    const x = items.filter((i) => i.spec.kind === 'x');
    expect(x.length).toBeGreaterThanOrEqual(5);
    for (const i of x) {
      expect(i.n).toBeGreaterThanOrEqual(499);
      expect(i.bks).toBeGreaterThan(0);
    }
    expect(scaleItems({ ns: [100], problems: ['atsp'], cities: ['Monaco'], count: 1, x: true }).some((i) => i.spec.kind === 'x')).toBe(false);
  });

  it('a city that is neither bundled nor in data/cities is refused before anything runs, naming it', async () => {
    await expect(benchScale(parseArgs(['--cities', 'Monaco,Atlantis', '--x', 'none']))).rejects.toThrow(/--city must be .*got "Atlantis"/);
  });

  it('a longer reference run replaces the cached one unless it ended higher; the cache keeps the best cost and the run that found it', () => {
    expect(longerReference(undefined, 500, 300)).toEqual({ cost: 500, timeS: 300, seed: 1 });
    expect(longerReference({ cost: 510, timeS: 60, seed: 1 }, 500, 300)).toEqual({ cost: 500, timeS: 300, seed: 1 });
    const kept = longerReference({ cost: 490, timeS: 60, seed: 1 }, 500, 300);
    expect(kept).toEqual({ cost: 490, timeS: 300, seed: 1, costTimeS: 60 });
    // a third, longer run that also ends higher still credits the 60 s run
    expect(longerReference(kept, 495, 600)).toEqual({ cost: 490, timeS: 600, seed: 1, costTimeS: 60 });
  });

  it('--params must be a JSON object; the header names the params the runs were given', async () => {
    await expect(benchScale(parseArgs(['--cities', 'Monaco', '--x', 'none', '--params', 'passes=0']))).rejects.toThrow(/--params expects a JSON object.*"passes=0"/);
    await expect(benchScale(parseArgs(['--cities', 'Monaco', '--x', 'none', '--params', '[0]']))).rejects.toThrow(/--params expects a JSON object/);
    expect(paramsFlag(parseArgs(['--params', '{"decomposePasses":0}']))).toEqual({ decomposePasses: 0 });
    expect(paramsFlag(parseArgs([]))).toBeUndefined();
    const items = scaleItems({ ns: [999], problems: ['acvrp'], cities: ['Monaco'], count: 1, x: false });
    const out = scaleReport(items, new Map([[items[0].name, 1000]]), [run(items[0].name, 'neural', 1100)], { budgetsS: [10], solvers: ['neural'], refTimeS: 0, seed: 1, params: { decomposePasses: 0 } });
    expect(out.split('\n')[0]).toContain('solver params {"decomposePasses":0}');
  });

  it('gaps to the reference per budget; a one-shot solver once with its time; means per problem, n and solver', () => {
    const items = scaleItems({ ns: [999], problems: ['acvrp'], cities: ['Monaco', 'Andorra'], count: 1, x: false });
    const [a, b] = items.map((i) => i.name);
    const reference = new Map([
      [a, 1000],
      [b, 2000],
    ]);
    const runs = [
      run(a, 'savings', 1100, { oneShot: true, budgetMs: 60_000, timeMs: 500 }),
      run(b, 'savings', 2400, { oneShot: true, budgetMs: 60_000, timeMs: 700 }),
      run(a, 'classical', 1050),
      run(a, 'classical', 1010, { budgetMs: 60_000, peakMB: 350 }),
      run(b, 'classical', 2100),
      run(b, 'classical', 2000, { budgetMs: 60_000 }),
      run(b, 'neural-ls', 1900, { feasible: false }),
    ];
    const out = scaleReport(items, reference, runs, { budgetsS: [10, 60], solvers: ['savings', 'classical', 'neural-ls'], refTimeS: 300, seed: 1 });
    const line = (name: string, solver: string) => out.split('\n').find((l) => l.startsWith(name) && l.includes(` ${solver} `))!;
    expect(line(a, 'savings')).toMatch(/10\.00\s+″\s+0\.50/);
    expect(line(a, 'classical')).toMatch(/5\.00\s+1\.00\s+-\s+350/);
    // an infeasible run has no gap
    expect(line(b, 'neural-ls')).toMatch(/-\s+-\s+-\s+300\s+200\s+NO/);
    const summary = out.split('\n').find((l) => /^acvrp\s+999\s+savings/.test(l))!;
    expect(summary).toMatch(/15\.00\s+15\.00\s+0\.60\s+2$/);
    const classical = out.split('\n').find((l) => /^acvrp\s+999\s+classical/.test(l))!;
    expect(classical).toMatch(/5\.00\s+0\.50\s+-\s+2$/);
  });
});
