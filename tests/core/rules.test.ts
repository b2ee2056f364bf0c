/**
 * checkNext (what decoders and constructions may do next) and the evaluator (what it reports
 * afterwards) are built from the same predicates, so they agree: a route checkNext accepts stop
 * by stop is one the evaluator finds nothing wrong with (but for a tour's closing arc), and a
 * last stop checkNext refuses is a violation there.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, type Violation } from '../../src/core/evaluate';
import { clientNodes, makeInstance, type Instance } from '../../src/core/instance';
import { traitsOf } from '../../src/core/problems';
import { Rng } from '../../src/core/random';
import { advance, beginRoute, checkNext, type NextCheck } from '../../src/core/rules';
import type { Solution } from '../../src/core/solution';
import { anyRoute, randomInstance } from '../random-instances';

/** The route alone, every other client declared unassigned: only the route's own faults count. */
function alone(inst: Instance, vehicle: number, stops: number[]): Solution {
  return { routes: [{ vehicle, stops }], unassigned: clientNodes(inst).filter((j) => !stops.includes(j)).map((node) => ({ node, reason: 'no-reason' })) };
}

describe('checkNext and the evaluator', () => {
  it('agree that an open route must end its last service within the shift', () => {
    const inst = makeInstance({
      name: 'open',
      kind: 'acvrptw',
      n: 2,
      distance: Float64Array.from([0, 1, 1, 0]),
      due: Float64Array.from([Infinity, 100]),
      service: Float64Array.from([0, 20]),
      vehicles: [{ id: 'open', capacity: 10, start: 0, end: -1, shift: [0, 10], count: 1, trips: 1, speed: 1 }],
    });
    expect(checkNext(inst, beginRoute(inst, 0), 1)).toBe('return');
    expect(evaluate(inst, alone(inst, 0, [1])).violations.map((v) => v.kind)).toEqual(['shift']);
  });

  it('agree on random instances and routes of every kind', () => {
    const rng = new Rng(12);
    const refusals = new Map<NextCheck, number>();
    for (let t = 0; t < 600; t++) {
      const inst = randomInstance(rng);
      const vehicle = rng.int(inst.vehicles.length);
      const stops = anyRoute(inst, rng);
      const s = beginRoute(inst, vehicle);
      let refused: NextCheck = 'ok';
      let last: NextCheck = 'ok';
      for (const j of stops) {
        last = checkNext(inst, s, j);
        if (refused === 'ok') refused = last;
        advance(inst, s, j);
      }
      if (last !== 'ok') refusals.set(last, (refusals.get(last) ?? 0) + 1);
      const violations = evaluate(inst, alone(inst, vehicle, stops)).violations;
      const context = `${inst.kind} #${t}, vehicle ${vehicle}, route ${stops.join(' ')}`;
      // Which stop closes a tour is not known while it is built: its closing arc is the evaluator's alone.
      const closing = (v: Violation) => traitsOf(inst.kind).tour && v.kind === 'unreachable' && v.stop === undefined;
      if (refused === 'ok') expect(violations.filter((v) => !closing(v)), context).toEqual([]);
      if (last !== 'ok') expect(violations.length, `${context}: last stop refused (${last})`).toBeGreaterThan(0);
    }
    // Every rule refused some last stop, so each was held against the evaluator.
    expect([...refusals.keys()].sort()).toEqual(['capacity', 'return', 'time-window', 'unreachable', 'zone']);
  });
});
