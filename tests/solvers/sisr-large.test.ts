/**
 * SISR at scale (issue 13): granular recreate prices a bounded number of positions per client
 * at large n, the client index it keeps across accepted and dropped steps stays true to the plan,
 * and quality on a 500-node X instance holds on a fixed iteration budget.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import { parseProblemFile } from '../../src/core/formats/index';
import type { Instance } from '../../src/core/instance';
import { Rng } from '../../src/core/random';
import { Plan, PlanContext } from '../../src/solvers/classical/plan';
import { DEFAULT_SISR, Sisr } from '../../src/solvers/classical/sisr';
import { sisrSolver } from '../../src/solvers/classical/sisr-solver';
import { bundledCity, repoPath } from '../helpers';

function xInstance(name: string): Instance {
  const r = parseProblemFile(`${name}.vrp`, readFileSync(repoPath('data', 'benchmarks', 'cvrplib-x', `${name}.vrp`)));
  if (!r.ok) throw new Error(r.error.message);
  return r.value.instance(0);
}

/** Every client exactly once (routed or unassigned), and route caches equal to a fresh refresh. */
function expectConsistent(ctx: PlanContext, plan: Plan): void {
  const seen = new Uint8Array(ctx.n);
  for (const r of plan.routes) {
    expect(r.stops.length).toBeGreaterThan(0);
    for (const j of r.stops) {
      expect(seen[j], `client ${j} twice`).toBe(0);
      seen[j] = 1;
    }
    const fresh = ctx.refresh({ vehicle: r.vehicle, stops: r.stops.slice(), load: 0, cost: 0, start: null, latest: null });
    expect(r.cost).toBeCloseTo(fresh.cost, 6);
    expect(r.load).toBe(fresh.load);
    expect(ctx.feasible(r)).toBe(true);
  }
  for (const j of plan.unassigned) {
    expect(seen[j], `client ${j} routed and unassigned`).toBe(0);
    seen[j] = 1;
  }
  for (const j of ctx.clients) expect(seen[j], `client ${j} lost`).toBe(1);
}

describe('sisr at scale', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prices a bounded number of insertions per step at n = 1000, where the full scan prices them all', async () => {
    const inst = xInstance('X-n1001-k43');
    const perStep = async (params: Record<string, number>) => {
      const spy = vi.spyOn(PlanContext.prototype, 'insertionDelta');
      await sisrSolver.solve(inst, { timeLimitMs: 600_000, seed: 3, params: { iterations: 1, ...params } });
      const construction = spy.mock.calls.length;
      spy.mockClear();
      await sisrSolver.solve(inst, { timeLimitMs: 600_000, seed: 3, params: { iterations: 801, ...params } });
      spy.mockRestore();
      return (spy.mock.calls.length - construction) / 800;
    };
    const granular = await perStep({});
    const full = await perStep({ granularFrom: 1e9 });
    // ~10 clients re-inserted per step: granular prices ≤ 2 positions per neighbour and 2 route ends.
    expect(granular).toBeLessThan(DEFAULT_SISR.avgRemoved * 4 * DEFAULT_SISR.insertNeighbours);
    expect(full).toBeGreaterThan(4 * granular);
  });

  it.each([
    ['acvrptw', 300],
    ['acvrp', 400],
  ] as const)('%s n = %i city sample: plans stay consistent over steps accepted and dropped at random', (problem, n) => {
    const inst = sampleInstance(bundledCity('Andorra'), { problem, n, seed: 11 });
    const ctx = new PlanContext(inst);
    const rng = new Rng(7);
    const engine = new Sisr(ctx, rng);
    let cur = engine.construct();
    expectConsistent(ctx, cur);
    const coin = new Rng(99);
    for (let step = 0; step < 400; step++) {
      const cand = engine.neighbour(cur);
      if (step % 20 === 0) expectConsistent(ctx, cand);
      if (coin.next() < 0.5) cur = cand;
    }
    expectConsistent(ctx, cur);
    const ev = evaluate(inst, cur.toSolution(ctx));
    expect(ev.feasible).toBe(true);
    expect(ev.cost).toBeCloseTo(cur.cost(), 3);
  });

  it('X-n502-k39: feasible, within 2 % of the best known 69226 after 30k iterations', async () => {
    const inst = xInstance('X-n502-k39');
    const res = await sisrSolver.solve(inst, { timeLimitMs: 600_000, seed: 1, params: { iterations: 30_000 } });
    const ev = evaluate(inst, res.solution);
    expect(res.iterations).toBe(30_000);
    expect(ev.feasible).toBe(true);
    expect(ev.cost).toBeLessThanOrEqual(69226 * 1.02);
  });
});
