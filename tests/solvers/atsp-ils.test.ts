/**
 * The ATSP iterated local search: optimal or near-optimal on small TSPLIB instances within a kick
 * budget (how fast is `npm run bench -- classical --set atsp`'s to say), a valid tour whose
 * reported cost the evaluator confirms, reproducible under a kick budget, a prompt Stop, and no
 * unreachable arc while a reachable tour exists.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { makeInstance, type Instance } from '../../src/core/instance';
import { Rng } from '../../src/core/random';
import type { Solution } from '../../src/core/solution';
import { atspIlsSolver } from '../../src/solvers/classical/atsp-ils';
import { resolveSolver } from '../../src/solvers/registry';
import type { Progress } from '../../src/solvers/solver';
import { BENCH, loadInstance } from '../formats/bench-files';
import { expectPromptStop, mark, type Mark } from '../stop-latency';

const atsp = (name: string): Instance => loadInstance(join(BENCH, 'tsplib-atsp', `${name}.atsp`));

function expectPermutation(inst: Instance, sol: Solution): number[] {
  expect(sol.routes).toHaveLength(1);
  expect(sol.routes[0].vehicle).toBe(0);
  const stops = sol.routes[0].stops;
  expect([...stops].sort((a, b) => a - b)).toEqual(Array.from({ length: inst.n }, (_, i) => i));
  return stops;
}

describe('atsp-ils', () => {
  it('is the classical solver for ATSP', () => {
    expect(resolveSolver('classical', 'atsp')?.id).toBe('atsp-ils');
    expect(resolveSolver('atsp-ils', 'acvrp')).toBeUndefined();
  });

  it.each([
    ['br17', 39],
    ['ftv33', 1286],
    ['ftv47', 1776],
  ])('gets %s within 1 percent of its optimum %i in 10 000 kicks, and reports the cost the evaluator finds', async (name, optimum) => {
    const inst = atsp(name);
    const seen: Progress[] = [];
    const res = await atspIlsSolver.solve(inst, { timeLimitMs: 60_000, seed: 1, params: { iterations: 10_000 } }, { onProgress: (p) => seen.push(p) });
    expectPermutation(inst, res.solution);
    const ev = evaluate(inst, res.solution);
    expect(ev.feasible).toBe(true);
    expect(ev.cost).toBeLessThanOrEqual(optimum * 1.01);
    expect(ev.cost).toBeGreaterThanOrEqual(optimum);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const p of seen) expect(p.cost).toBeCloseTo(evaluate(inst, p.solution).cost, 6);
    for (let i = 1; i < seen.length; i++) expect(seen[i].cost).toBeLessThanOrEqual(seen[i - 1].cost);
    expect(seen[seen.length - 1].solution).toEqual(res.solution);
  });

  it('the same seed and kick budget give the same tour', async () => {
    const inst = atsp('ftv70');
    const run = (seed: number) => atspIlsSolver.solve(inst, { timeLimitMs: 60_000, seed, params: { iterations: 3000 } });
    const a = await run(5);
    const b = await run(5);
    expect(a.stopped).toBe(false);
    expect(b.solution).toEqual(a.solution);
    expectPermutation(inst, a.solution);
    expect((await run(6)).solution).not.toEqual(a.solution);
  });

  it('returns the best tour promptly after an abort', async () => {
    const inst = atsp('rbg443');
    const controller = new AbortController();
    let abortedAt: Mark | null = null;
    const timer = setTimeout(() => {
      abortedAt = mark();
      controller.abort();
    }, 300);
    const res = await atspIlsSolver.solve(inst, { timeLimitMs: 10_000, seed: 2 }, { signal: controller.signal });
    clearTimeout(timer);
    expect(abortedAt).not.toBeNull();
    expectPromptStop(abortedAt!);
    expect(res.stopped).toBe(true);
    expectPermutation(inst, res.solution);
    expect(evaluate(inst, res.solution).feasible).toBe(true);
  });

  it.each([7, 60])('never uses an unreachable arc while a reachable tour exists (n = %d)', async (n) => {
    // Random costs with most arcs unreachable, plus a hidden reachable cycle that is expensive,
    // so that cheap arcs pull towards unreachable dead ends.
    const rng = new Rng(n);
    const distance = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) distance[i * n + j] = i === j ? 0 : rng.next() < 0.6 ? Infinity : 1 + rng.int(20);
    const cycle = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    for (let k = 0; k < n; k++) distance[cycle[k] * n + cycle[(k + 1) % n]] = 1000;
    const inst = makeInstance({ name: `holes${n}`, kind: 'atsp', n, distance });
    const res = await atspIlsSolver.solve(inst, { timeLimitMs: 60_000, seed: 1, params: { iterations: 1000 } });
    const stops = expectPermutation(inst, res.solution);
    for (let k = 0; k < n; k++) expect(Number.isFinite(distance[stops[k] * n + stops[(k + 1) % n]])).toBe(true);
    const ev = evaluate(inst, res.solution);
    expect(ev.feasible).toBe(true);
    expect(ev.cost).toBeLessThanOrEqual(1000 * n);
  });
});
