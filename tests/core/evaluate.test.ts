import { describe, expect, it } from 'vitest';
import { makeInstance, defaultVehicle } from '../../src/core/instance';
import { evaluate } from '../../src/core/evaluate';

function square(values: number[][]): Float64Array {
  return Float64Array.from(values.flat());
}

describe('evaluate', () => {
  const d = square([
    [0, 1, 5, 9],
    [2, 0, 1, 4],
    [6, 3, 0, 1],
    [1, 8, 2, 0],
  ]);

  it('scores an asymmetric tour including the closing arc', () => {
    const inst = makeInstance({ name: 't', kind: 'atsp', n: 4, distance: d });
    const ev = evaluate(inst, { routes: [{ vehicle: 0, stops: [0, 1, 2, 3] }], unassigned: [] });
    expect(ev.cost).toBe(1 + 1 + 1 + 1);
    expect(ev.feasible).toBe(true);
    const rev = evaluate(inst, { routes: [{ vehicle: 0, stops: [0, 3, 2, 1] }], unassigned: [] });
    expect(rev.cost).toBe(9 + 2 + 3 + 2);
  });

  it('flags an ATSP tour whose closing arc is unreachable', () => {
    const holes = d.slice();
    holes[3 * 4 + 0] = Infinity;
    const inst = makeInstance({ name: 'h', kind: 'atsp', n: 4, distance: holes });
    const ev = evaluate(inst, { routes: [{ vehicle: 0, stops: [0, 1, 2, 3] }], unassigned: [] });
    expect(ev.violations.map((v) => [v.kind, v.node])).toEqual([['unreachable', 0]]);
    expect(ev.feasible).toBe(false);
  });

  it('reports capacity, duplicate and missing violations by route and stop', () => {
    const inst = makeInstance({
      name: 'v',
      kind: 'acvrp',
      n: 4,
      distance: d,
      demand: Float64Array.from([0, 3, 3, 3]),
      vehicles: [defaultVehicle('acvrp', 0, Infinity, 5)],
    });
    const ev = evaluate(inst, { routes: [{ vehicle: 0, stops: [1, 2, 1] }], unassigned: [] });
    const kinds = ev.violations.map((v) => v.kind).sort();
    expect(kinds).toEqual(['capacity', 'duplicate', 'missing']);
    expect(ev.violations.find((v) => v.kind === 'duplicate')?.stop).toBe(2);
    expect(ev.feasible).toBe(false);
  });

  it('applies waiting and lateness with service starting at max(arrival, ready)', () => {
    const inst = makeInstance({
      name: 'tw',
      kind: 'acvrptw',
      n: 4,
      distance: d,
      demand: Float64Array.from([0, 1, 1, 1]),
      service: Float64Array.from([0, 1, 1, 1]),
      ready: Float64Array.from([0, 5, 0, 0]),
      due: Float64Array.from([100, 10, 6, 100]),
      vehicles: [defaultVehicle('acvrptw', 0, 100, 10)],
    });
    const ev = evaluate(inst, { routes: [{ vehicle: 0, stops: [1, 2, 3] }], unassigned: [] });
    const [a, b, c] = ev.routes[0].stops;
    expect(a.arrival).toBe(1);
    expect(a.wait).toBe(4);
    expect(a.start).toBe(5);
    expect(b.arrival).toBe(7);
    expect(b.late).toBe(1);
    expect(c.arrival).toBe(9);
    expect(ev.violations.map((v) => v.kind)).toEqual(['time-window']);
    expect(ev.waiting).toBe(4);
    expect(ev.distance).toBe(1 + 1 + 1 + 1);
  });
});

describe('evaluate: fleet counting', () => {
  it('counts a multi-trip vehicle once, however many trips it drives', () => {
    const d = Float64Array.from([0, 1, 1, 1, 0, 1, 1, 1, 0]);
    const inst = makeInstance({
      name: 'trips',
      kind: 'pvrp-zc',
      n: 3,
      distance: d,
      demand: Float64Array.from([0, 1, 1]),
      vehicles: [{ id: 'v1', capacity: 1, start: 0, end: 0, shift: [0, Infinity], count: 1, trips: Infinity, speed: 1 }],
    });
    const ev = evaluate(inst, { routes: [{ vehicle: 0, stops: [1] }, { vehicle: 0, stops: [2] }], unassigned: [] });
    expect(ev.feasible).toBe(true);
    expect(ev.vehicles).toBe(1);
  });
});
