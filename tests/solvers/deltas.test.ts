/**
 * The prices solvers search with are the evaluator's (PyVRP's delta tests are the model): on
 * random instances and routes, every insertion or move delta a solver computes equals the change
 * of the evaluator's cost, and is infinite exactly when the evaluator finds the result infeasible.
 */
import { describe, expect, it } from 'vitest';
import { costOfRoute, priceTables } from '../../src/core/costs';
import { evaluate } from '../../src/core/evaluate';
import { clientNodes, type Instance } from '../../src/core/instance';
import { Rng } from '../../src/core/random';
import { AtspIls, DEFAULT_ATSP_ILS } from '../../src/solvers/classical/atsp-moves';
import { PlanContext } from '../../src/solvers/classical/plan';
import { routeFor } from '../../src/solvers/construct/route-build';
import { acceptedRoute, anyRoute, randomInstance } from '../random-instances';

/** The evaluator's cost of one route, Infinity when it breaks a rule; other clients count as unassigned. */
function scored(inst: Instance, vehicle: number, stops: number[]): number {
  const unassigned = clientNodes(inst).filter((j) => !stops.includes(j)).map((node) => ({ node, reason: 'no-reason' as const }));
  const ev = evaluate(inst, { routes: stops.length ? [{ vehicle, stops }] : [], unassigned });
  if (ev.violations.length > 0) return Infinity;
  return stops.length ? ev.routes[0].cost : 0;
}

function expectSameCost(delta: number, change: number, context: string): void {
  if (change === Infinity) expect(delta, `${context}: the evaluator finds it infeasible`).toBe(Infinity);
  else expect(Math.abs(delta - change), `${context}: delta ${delta}, evaluator ${change}`).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(change)));
}

describe('VRP deltas (PlanContext: sisr, savings, regret)', () => {
  const kinds = ['acvrp', 'acvrptw', 'pvrp-p', 'pvrp-zc'] as const;

  it.each(kinds)('%s: an insertion delta is the change of the evaluator\'s cost, Infinity when it breaks a rule', (kind) => {
    const rng = new Rng(kind.length * 7919);
    let finite = 0;
    let infinite = 0;
    for (let t = 0; t < 150; t++) {
      const inst = randomInstance(rng, kind);
      const ctx = new PlanContext(inst);
      const vehicle = rng.int(inst.vehicles.length);
      const stops = rng.next() < 0.15 ? [] : acceptedRoute(inst, vehicle, rng);
      const before = scored(inst, vehicle, stops);
      const r = ctx.refresh({ vehicle, stops: stops.slice(), load: 0, cost: 0, start: null, latest: null });
      expectSameCost(r.cost, before, `${kind} #${t} route ${stops.join(' ')}`);
      for (const j of clientNodes(inst)) {
        if (stops.includes(j)) continue;
        for (let p = 0; p <= stops.length; p++) {
          const delta = ctx.fits(r, j) ? ctx.insertionDelta(r, j, p) : Infinity;
          const after = stops.slice();
          after.splice(p, 0, j);
          expectSameCost(delta, scored(inst, vehicle, after) - before, `${kind} #${t} insert ${j} at ${p} of ${stops.join(' ')}`);
          if (delta === Infinity) infinite++;
          else finite++;
        }
      }
    }
    expect(finite).toBeGreaterThan(100);
    expect(infinite).toBeGreaterThan(100);
  });

  it.each(kinds)('%s: a whole route (moves through refresh) costs what the evaluator says, null exactly when infeasible', (kind) => {
    const rng = new Rng(kind.length * 104729);
    for (let t = 0; t < 400; t++) {
      const inst = randomInstance(rng, kind);
      const vehicle = rng.int(inst.vehicles.length);
      const stops = anyRoute(inst, rng);
      const r = routeFor(new PlanContext(inst), vehicle, stops.slice());
      expectSameCost(r ? r.cost : Infinity, scored(inst, vehicle, stops), `${kind} #${t} route ${stops.join(' ')}`);
    }
  });
});

describe('ATSP move deltas (atsp-ils)', () => {
  it('Or-3opt, 2-opt and kick deltas are the change of the evaluator\'s cost; the unreachable price marks infeasible tours', () => {
    const rng = new Rng(31);
    let moves = 0;
    for (let t = 0; t < 60; t++) {
      const inst = randomInstance(rng, 'atsp');
      const n = inst.n;
      const ils = new AtspIls(priceTables(inst).arc[0], n, rng, DEFAULT_ATSP_ILS);
      ils.setTour(rng.shuffle(Array.from({ length: n }, (_, i) => i)));
      // The search prices an unreachable arc at `big`, more than any reachable tour costs.
      const evaluated = () => (scored(inst, 0, Array.from(ils.tour)) === Infinity ? Infinity : costOfRoute(inst, 0, ils.tour));
      for (let step = 0; step < 40; step++) {
        const before = evaluated();
        const cost = ils.cost;
        const op = rng.int(3);
        const moved = op === 0 ? ils.improveFrom(rng.int(n)) : op === 1 ? ils.twoOptFrom(rng.int(n)) : (ils.kick(Math.max(3, n - 1)), true);
        if (!moved) continue;
        moves++;
        const after = evaluated();
        const context = `#${t} step ${step} op ${op}`;
        expect(ils.cost >= ils.big, `${context}: search cost ${ils.cost}, big ${ils.big}`).toBe(after === Infinity);
        if (before < Infinity && after < Infinity) expectSameCost(ils.cost - cost, after - before, context);
      }
    }
    expect(moves).toBeGreaterThan(500);
  });
});
