import { describe, expect, it } from 'vitest';
import { evaluate, type Evaluation } from '../../src/core/evaluate';
import { makeInstance } from '../../src/core/instance';
import type { Run } from '../../src/store/runs-slice';
import { addPoint, finishTrace, MAX_POINTS, wantsPoint } from '../../src/store/convergence';
import { logish, plotScales, stepPath, timelineExtent, timelineRows } from '../../src/ui/compare/charts-model';
import { compareRows, runsGoingElsewhere, selectedRun, sortRows, staleRows } from '../../src/ui/compare/compare-model';

function ev(cost: number, feasible = true): Evaluation {
  return {
    kind: 'acvrp',
    cost,
    distance: cost,
    duration: cost / 10,
    waiting: 0,
    service: 0,
    lateness: 0,
    preference: 0,
    vehicles: 2,
    routes: [],
    violations: feasible ? [] : [{ kind: 'capacity', route: 0, message: 'over' }],
    unassigned: [],
    feasible,
  };
}

function run(id: string, cost: number | undefined, extra: Partial<Run> = {}): Run {
  return {
    id,
    instanceId: 'i1',
    solverId: 'sisr',
    seed: 1,
    timeLimitMs: 1000,
    status: 'done',
    evaluation: cost === undefined ? undefined : ev(cost),
    solution: cost === undefined ? undefined : { routes: [], unassigned: [] },
    timings: { startedAt: 0, solverMs: 100, timeToBestMs: 50 },
    progressCount: 0,
    ...extra,
  };
}

describe('compare rows', () => {
  it('numbers the runs of the scenario, marks the best and computes the gap', () => {
    const runs = [run('a', 120), run('other', 10, { instanceId: 'i2' }), run('b', 100), run('c', undefined, { status: 'running' })];
    const rows = compareRows(runs, 'i1');
    expect(rows.map((r) => [r.run.id, r.number, r.best])).toEqual([
      ['a', 1, false],
      ['b', 2, true],
      ['c', 3, false],
    ]);
    expect(rows[0].gap).toBeCloseTo(20);
    expect(rows[1].gap).toBe(0);
    expect(rows[2].gap).toBeUndefined();
    expect(rows[0].backend).toBe('js');
  });

  it('prefers a feasible row as the best, and names what an edit came from', () => {
    const runs = [run('a', 120), run('b', 90, { status: 'edited', editedFrom: 'a', evaluation: ev(90, false) })];
    const rows = compareRows(runs, 'i1');
    expect(rows[0].best).toBe(true);
    expect(rows[1].editedFromNumber).toBe(1);
    expect(rows[1].gap).toBeCloseTo(-25);
  });

  it('sorts by a column either way, rows without a value last, stable', () => {
    const rows = compareRows([run('a', 120), run('b', undefined), run('c', 100), run('d', 100)], 'i1');
    expect(sortRows(rows, { key: 'cost', dir: 'asc' }).map((r) => r.run.id)).toEqual(['c', 'd', 'a', 'b']);
    expect(sortRows(rows, { key: 'cost', dir: 'desc' }).map((r) => r.run.id)).toEqual(['a', 'c', 'd', 'b']);
    expect(sortRows(rows, { key: 'number', dir: 'desc' }).map((r) => r.run.id)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('selects the planner’s pick, else the latest run with a solution', () => {
    const runs = [run('a', 120), run('b', 100), run('c', undefined, { status: 'running' })];
    expect(selectedRun(runs, 'i1', null)?.id).toBe('b');
    expect(selectedRun(runs, 'i1', 'a')?.id).toBe('a');
    expect(selectedRun(runs, 'i1', 'gone')?.id).toBe('b');
    expect(selectedRun(runs, 'i2', 'a')).toBeUndefined();
  });
});

describe('convergence trace', () => {
  it('adds a point when the cost moves, closes at the final cost and end time', () => {
    let t = addPoint(undefined, 10, 500);
    expect(addPoint(t, 50, 500)).toBe(t);
    expect(wantsPoint(t, 50)).toBe(false);
    expect(wantsPoint(t, 200)).toBe(true);
    t = addPoint(t, 200, 450);
    expect(finishTrace(t, 400, 900, 2000)).toEqual([
      [10, 500],
      [200, 450],
      [900, 400],
      [2000, 400],
    ]);
    expect(finishTrace(undefined, 300, 5, 5)).toEqual([[5, 300]]);
  });

  it('stays bounded', () => {
    let t = addPoint(undefined, 0, 1e6);
    for (let i = 1; i < 5 * MAX_POINTS; i++) t = addPoint(t, i * 100, 1e6 - i);
    expect(t.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(t[0]).toEqual([0, 1e6]);
    expect(t[t.length - 1][1]).toBe(1e6 - (5 * MAX_POINTS - 1));
  });
});

describe('charts', () => {
  it('splits a route into travel, wait and service, and marks lateness', () => {
    const n = 3;
    const inst = makeInstance({
      name: 'tw',
      kind: 'acvrptw',
      n,
      distance: Float64Array.from([0, 10, 10, 10, 0, 10, 10, 10, 0]),
      service: Float64Array.from([0, 5, 5]),
      ready: Float64Array.from([0, 20, 0]),
      due: Float64Array.from([1000, 100, 30]),
    });
    const e = evaluate(inst, { routes: [{ vehicle: 0, stops: [1, 2] }], unassigned: [] });
    const [row] = timelineRows(inst, e, true);
    expect(row.segments.map((s) => [s.kind, s.from, s.to, s.late])).toEqual([
      ['travel', 0, 10, false],
      ['wait', 10, 20, false],
      ['service', 20, 25, false],
      ['travel', 25, 35, false],
      ['service', 35, 40, true],
      ['travel', 40, 50, false],
    ]);
    expect(row.lateness).toEqual([{ node: 2, from: 30, to: 35 }]);
    expect(row.windows).toHaveLength(2);
    expect(timelineExtent([row])).toEqual([0, 50]);
  });

  it('places time on a log-ish axis and draws step lines', () => {
    const s = plotScales([{ runId: 'a', number: 1, label: 'a', color: '#000', points: [[0, 100], [1000, 50]] }], { left: 0, right: 100, top: 0, bottom: 100 });
    expect(s.x(0)).toBe(0);
    expect(s.x(1000)).toBeCloseTo(100);
    expect(s.x(100)).toBeGreaterThan(40);
    expect(logish(10)).toBeCloseTo(Math.log10(2));
    expect(s.y(100)).toBeLessThan(s.y(50));
    expect(stepPath([[0, 100], [1000, 50]], s.x, s.y)).toMatch(/^M0\.0,[\d.]+H100\.0V[\d.]+$/);
  });
});

describe('runs on other versions and other scenarios', () => {
  const runs = [
    run('v0-a', 120, { instanceId: 'Monaco:acvrp:100:uniform:1' }),
    run('v0-b', 100, { instanceId: 'Monaco:acvrp:100:uniform:1' }),
    run('v1-a', 130, { instanceId: 'Monaco:acvrp:100:uniform:1~e1' }),
    run('now', 90, { instanceId: 'Monaco:acvrp:100:uniform:1~e2' }),
    run('other', undefined, { instanceId: 'Monaco:acvrp:100:uniform:2', status: 'running' }),
    run('other-done', 50, { instanceId: 'Monaco:acvrp:100:uniform:2' }),
  ];

  it('keeps the runs of earlier versions as stale rows, numbered on their own version, never best', () => {
    const rows = staleRows(runs, 'Monaco:acvrp:100:uniform:1~e2');
    expect(rows.map((r) => [r.run.id, r.number, r.stale, r.best, r.gap])).toEqual([
      ['v0-a', 1, true, false, undefined],
      ['v0-b', 2, true, false, undefined],
      ['v1-a', 1, true, false, undefined],
    ]);
    expect(compareRows(runs, 'Monaco:acvrp:100:uniform:1~e2').map((r) => [r.run.id, r.stale, r.best])).toEqual([['now', false, true]]);
    // After an undo the later version's runs are the stale ones.
    expect(staleRows(runs, 'Monaco:acvrp:100:uniform:1').map((r) => r.run.id)).toEqual(['v1-a', 'now']);
    expect(staleRows(runs, null)).toEqual([]);
  });

  it('lists the runs still going on other scenarios', () => {
    expect(runsGoingElsewhere(runs, 'Monaco:acvrp:100:uniform:1~e2').map((r) => r.id)).toEqual(['other']);
    expect(runsGoingElsewhere(runs, 'Monaco:acvrp:100:uniform:2')).toEqual([]);
  });
});
