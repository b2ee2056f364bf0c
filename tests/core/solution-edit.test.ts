import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { makeInstance } from '../../src/core/instance';
import { UNASSIGNED, dropOntoStop, dropSlot, isNoOpMove, moveStop, slotOfNode } from '../../src/core/solution-edit';
import type { Solution } from '../../src/core/solution';

const base = (): Solution => ({
  routes: [
    { vehicle: 0, stops: [1, 2, 3] },
    { vehicle: 0, stops: [4, 5] },
  ],
  unassigned: [{ node: 6, reason: 'capacity' }],
});

describe('moveStop', () => {
  it('moves a stop to another route at the given index and leaves the input alone', () => {
    const sol = base();
    const out = moveStop(sol, { route: 0, index: 1 }, { route: 1, index: 1 });
    expect(out.routes.map((r) => r.stops)).toEqual([
      [1, 3],
      [4, 2, 5],
    ]);
    expect(sol).toEqual(base());
    expect(out.routes[0].stops).not.toBe(sol.routes[0].stops);
  });

  it('reorders within a route: the destination index is the index after the move', () => {
    expect(moveStop(base(), { route: 0, index: 0 }, { route: 0, index: 2 }).routes[0].stops).toEqual([2, 3, 1]);
    expect(moveStop(base(), { route: 0, index: 2 }, { route: 0, index: 0 }).routes[0].stops).toEqual([3, 1, 2]);
  });

  it('clamps a destination past the end to an append', () => {
    expect(moveStop(base(), { route: 1, index: 0 }, { route: 0, index: 99 }).routes[0].stops).toEqual([1, 2, 3, 4]);
  });

  it('keeps a route it empties, so route indices stay put', () => {
    const once = moveStop(base(), { route: 1, index: 0 }, { route: 0, index: 0 });
    const twice = moveStop(once, { route: 1, index: 0 }, { route: 0, index: 0 });
    expect(twice.routes).toEqual([
      { vehicle: 0, stops: [5, 4, 1, 2, 3] },
      { vehicle: 0, stops: [] },
    ]);
  });

  it('opens a new route when the destination is one past the last route', () => {
    const out = moveStop(base(), { route: 0, index: 0 }, { route: 2, index: 0 }, { newRouteVehicle: 3 });
    expect(out.routes[2]).toEqual({ vehicle: 3, stops: [1] });
    expect(moveStop(base(), { route: 1, index: 0 }, { route: 2, index: 0 }).routes[2].vehicle).toBe(0);
  });

  it('moves a stop to the unassigned list and back', () => {
    const out = moveStop(base(), { route: 0, index: 1 }, { route: UNASSIGNED, index: 99 });
    expect(out.routes[0].stops).toEqual([1, 3]);
    expect(out.unassigned).toEqual([
      { node: 6, reason: 'capacity' },
      { node: 2, reason: 'not-routed' },
    ]);
    const back = moveStop(out, { route: UNASSIGNED, index: 0 }, { route: 1, index: 2 });
    expect(back.routes[1].stops).toEqual([4, 5, 6]);
    expect(back.unassigned).toEqual([{ node: 2, reason: 'not-routed' }]);
  });

  it('rejects slots that do not exist', () => {
    expect(() => moveStop(base(), { route: 5, index: 0 }, { route: 0, index: 0 })).toThrow(RangeError);
    expect(() => moveStop(base(), { route: 0, index: 3 }, { route: 0, index: 0 })).toThrow(RangeError);
    expect(() => moveStop(base(), { route: 0, index: 0 }, { route: 4, index: 0 })).toThrow(RangeError);
  });

  it('feeds the evaluator, which flags what the edit breaks', () => {
    const n = 7;
    const inst = makeInstance({
      name: 'e',
      kind: 'acvrp',
      n,
      distance: new Float64Array(n * n).fill(1),
      demand: Float64Array.from([0, 1, 1, 1, 1, 1, 1]),
      vehicles: [{ id: 'v', capacity: 3, start: 0, end: 0, shift: [0, Infinity], count: Infinity, trips: 1, speed: 1 }],
    });
    const before = evaluate(inst, base());
    expect(before.violations).toEqual([]);
    const after = evaluate(inst, moveStop(base(), { route: 1, index: 0 }, { route: 0, index: 3 }));
    expect(after.violations.map((v) => v.kind)).toEqual(['capacity']);
    expect(after.violations[0].route).toBe(0);
  });
});

describe('dropSlot', () => {
  it('turns a drop before a displayed position into the index after the move', () => {
    expect(dropSlot({ route: 0, index: 0 }, 0, 3)).toEqual({ route: 0, index: 2 });
    expect(dropSlot({ route: 0, index: 2 }, 0, 0)).toEqual({ route: 0, index: 0 });
    expect(dropSlot({ route: 0, index: 0 }, 1, 1)).toEqual({ route: 1, index: 1 });
  });

  it('recognises a drop back onto the same place', () => {
    expect(isNoOpMove({ route: 0, index: 1 }, dropSlot({ route: 0, index: 1 }, 0, 1))).toBe(true);
    expect(isNoOpMove({ route: 0, index: 1 }, dropSlot({ route: 0, index: 1 }, 0, 2))).toBe(true);
    expect(isNoOpMove({ route: 0, index: 1 }, dropSlot({ route: 0, index: 1 }, 0, 3))).toBe(false);
  });
});

describe('a stop dropped on another stop (the map)', () => {
  it('finds where a node stands, and nothing for an unassigned or unknown node', () => {
    expect(slotOfNode(base(), 5)).toEqual({ route: 1, index: 1 });
    expect(slotOfNode(base(), 1)).toEqual({ route: 0, index: 0 });
    expect(slotOfNode(base(), 6)).toBeNull();
    expect(slotOfNode(base(), 0)).toBeNull();
  });

  it('moves the stop right after the one it is dropped on, in that route', () => {
    const sol = base();
    const to5 = dropOntoStop(sol, slotOfNode(sol, 2)!, 4)!;
    expect(moveStop(sol, to5.from, to5.to).routes.map((r) => r.stops)).toEqual([
      [1, 3],
      [4, 2, 5],
    ]);
    // Down its own route: after 3, at the end.
    const down = dropOntoStop(sol, slotOfNode(sol, 1)!, 3)!;
    expect(moveStop(sol, down.from, down.to).routes[0].stops).toEqual([2, 3, 1]);
    // Up its own route: after 1.
    const up = dropOntoStop(sol, slotOfNode(sol, 3)!, 1)!;
    expect(moveStop(sol, up.from, up.to).routes[0].stops).toEqual([1, 3, 2]);
  });

  it('is no move on the stop just before it, or on a stop no route visits', () => {
    const sol = base();
    expect(dropOntoStop(sol, slotOfNode(sol, 2)!, 1)).toBeNull();
    expect(dropOntoStop(sol, slotOfNode(sol, 2)!, 6)).toBeNull();
  });
});
