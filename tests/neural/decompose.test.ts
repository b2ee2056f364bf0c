/**
 * Decomposition of large VRPs (src/solvers/neural/decompose.ts), with the tiny fixture models:
 * routes grouped by bearing, each group re-decoded as an n ≈ 100 sub-instance and kept only where
 * cheaper; every pass leaves a complete feasible solution, Stop included; a finite fleet is never
 * exceeded; the neural solvers run the passes on large VRPs only; a route pass (every route alone)
 * follows neural-greedy's group passes where routes are long.
 */
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import type { Instance } from '../../src/core/instance';
import { Rng } from '../../src/core/random';
import { projector } from '../../src/core/scenario/geometry';
import type { Route, Solution } from '../../src/core/solution';
import { ALL_AUGMENTATIONS, decode, decodeMany, type DecodeBest } from '../../src/solvers/neural/decode';
import { encoderFeeds, normalise } from '../../src/solvers/neural/features';
import { paddedFeeds } from '../../src/solvers/neural/padding';
import { DECOMPOSE_MIN_N, SECTORED_AUGS, SECTORED_STARTS, SECTOR_MIN_N, SECTOR_STARTS, SUB_STARTS, groupDecode, SMALL_DECOMPOSE_MIN_N, SMALL_SUB_N, SUB_N, decomposable, decomposePass, groupClients, largeForModels, longRoutes, ROUTE_PASS_MIN_STOPS, routeGroups, routePass, sectored, sectorSolution } from '../../src/solvers/neural/decompose';
import { depotFirst } from '../../src/solvers/neural/env';
import { usableModels } from '../../src/solvers/neural/manifest';
import { fileSource, readManifest } from '../../src/solvers/neural/node-source';
import { GREEDY_PASSES, GREEDY_ROUTE_PASSES, NEURAL_VARIANTS, ROUTE_PASS_EVERY, loadModel, makeNeuralSolver } from '../../src/solvers/neural/solver';
import { resolveSolver } from '../../src/solvers/registry';
import { bundledCity } from '../helpers';
import { FIXTURE_DIR, tinyModelEntry } from './fixtures';

const source = fileSource(FIXTURE_DIR);

/** A depot-first sample and a feasible first solution (nearest neighbour). */
async function sample(problem: 'acvrp' | 'acvrptw', n: number, seed: number): Promise<{ inst: Instance; sol: Solution }> {
  const { inst } = depotFirst(sampleInstance(bundledCity('Andorra'), { problem, n, seed }));
  const sol = (await resolveSolver('nearest', problem)!.solve(inst, { timeLimitMs: 5000, seed: 1 })).solution;
  return { inst, sol };
}

function servedOnce(inst: Instance, sol: Solution): void {
  const seen = new Map<number, number>();
  for (const r of sol.routes) for (const j of r.stops) seen.set(j, (seen.get(j) ?? 0) + 1);
  for (let j = 1; j < inst.n; j++) expect(seen.get(j)).toBe(1);
}

describe('routeGroups', () => {
  it('puts every used route in one group: a seed route and the free routes nearest it, closed at SUB_N clients', async () => {
    const { inst, sol } = await sample('acvrp', 400, 2);
    const used = sol.routes.filter((r) => r.stops.length > 0);
    const c = inst.coords!;
    const project = projector('lonlat', [c[0], c[1]]);
    const centroid = (r: Route) => project([r.stops.reduce((t, j) => t + c[2 * j], 0) / r.stops.length, r.stops.reduce((t, j) => t + c[2 * j + 1], 0) / r.stops.length]);
    const d2 = (a: Route, b: Route) => {
      const [ax, ay] = centroid(a);
      const [bx, by] = centroid(b);
      return (ax - bx) ** 2 + (ay - by) ** 2;
    };
    const seen: string[] = [];
    for (const seed of [1, 2]) {
      const groups = routeGroups(inst, sol.routes, SUB_N, new Rng(seed));
      const flat = groups.flat();
      expect(flat.length).toBe(used.length);
      expect(new Set(flat)).toEqual(new Set(used));
      const free = new Set(used);
      for (const g of groups) {
        const clients = g.reduce((t, r) => t + r.stops.length, 0);
        // closed by the route that took it to SUB_N, or made of all that was left
        if (clients >= SUB_N) expect(clients - g[g.length - 1].stops.length).toBeLessThan(SUB_N);
        else expect(g.length).toBe(free.size);
        // the group is the seed's nearest free routes: none left out is nearer than one taken
        const far = Math.max(...g.map((r) => d2(r, g[0])));
        for (const r of g) free.delete(r);
        for (const r of free) expect(d2(r, g[0])).toBeGreaterThanOrEqual(far);
      }
      seen.push(groups.map((g) => g.map((r) => used.indexOf(r)).sort((a, b) => a - b).join('+')).sort().join('|'));
    }
    // another draw, other groups
    expect(seen[0]).not.toBe(seen[1]);
  });

  it('applies to VRPs with coordinates from SMALL_DECOMPOSE_MIN_N clients, never to ATSP; groups of SUB_N from DECOMPOSE_MIN_N', () => {
    const at = (n: number) => depotFirst(sampleInstance(bundledCity('Monaco'), { problem: 'acvrp', n, seed: 1 })).inst;
    const tiny = at(SMALL_DECOMPOSE_MIN_N - 1);
    const small = at(DECOMPOSE_MIN_N - 1);
    const large = at(DECOMPOSE_MIN_N);
    expect(large.n - 1).toBe(DECOMPOSE_MIN_N);
    expect(SMALL_DECOMPOSE_MIN_N).toBeGreaterThanOrEqual(2 * SMALL_SUB_N);
    expect(decomposable(tiny)).toBe(false);
    expect(decomposable(at(SMALL_DECOMPOSE_MIN_N))).toBe(true);
    expect(decomposable(small)).toBe(true);
    expect([largeForModels(small), groupClients(small)]).toEqual([false, SMALL_SUB_N]);
    expect(decomposable(large)).toBe(true);
    expect([largeForModels(large), groupClients(large)]).toEqual([true, SUB_N]);
    // Rollouts per group: every start on 8 augmentations, then SUB_STARTS on 8, then fewer augmentations with more starts once sectored.
    const sectoredInst = at(SECTOR_MIN_N);
    expect([sectored(at(SECTOR_MIN_N - 1)), sectored(sectoredInst)]).toEqual([false, true]);
    expect(groupDecode(small)).toEqual({ augs: ALL_AUGMENTATIONS, starts: Infinity });
    expect(groupDecode(large)).toEqual({ augs: ALL_AUGMENTATIONS, starts: SUB_STARTS });
    expect(groupDecode(sectoredInst)).toEqual({ augs: SECTORED_AUGS, starts: SECTORED_STARTS });
    expect(decomposable({ ...large, coords: null })).toBe(false);
    expect(decomposable(sampleInstance(bundledCity('Monaco'), { problem: 'atsp', n: 500, seed: 1 }))).toBe(false);
  });
});

describe('decodeMany: several instances in one batch', () => {
  it('items of one size decode as each would alone, with the same neighbour draws', async () => {
    const model = await loadModel(tinyModelEntry('acvrp'), source, { backend: 'node' });
    const items = [await sample('acvrp', 41, 1), await sample('acvrp', 41, 2)].map(({ inst }) => ({ inst, norm: normalise(inst), starts: [1, 5, 9] }));
    const opts = { augs: [0, 3], mode: 'greedy' as const };
    const rng = new Rng(7);
    const alone: DecodeBest[] = [];
    for (const it of items) alone.push((await decode(model, it.inst, it.norm, { ...opts, starts: it.starts, rng })).best!);
    const together = await decodeMany(model, items, { ...opts, rng: new Rng(7) });
    expect(together.stopped).toBe(false);
    together.bests.forEach((b, g) => {
      expect(b!.cost).toBeCloseTo(alone[g].cost, 3);
      expect(b!.solution.routes).toEqual(alone[g].solution.routes);
    });
  });

  it('pads a smaller item with copies of its depot that are never offered: its rollouts visit its own clients once', async () => {
    const model = await loadModel(tinyModelEntry('acvrptw'), source, { backend: 'node' });
    const small = (await sample('acvrptw', 31, 3)).inst;
    const large = (await sample('acvrptw', 52, 4)).inst;
    const res = await decodeMany(model, [small, large].map((inst) => ({ inst, norm: normalise(inst), starts: [1, 2, 3, 4] })), { augs: [0, 1], mode: 'greedy', rng: new Rng(2) });
    for (const [g, inst] of [small, large].entries()) {
      const best = res.bests[g]!;
      for (const r of best.solution.routes) for (const j of r.stops) expect(j).toBeLessThan(inst.n);
      expect(evaluate(inst, best.solution).violations).toEqual([]);
      expect(best.cost).toBeCloseTo(evaluate(inst, best.solution).cost, 6);
    }
  });

  it('paddedFeeds: the real nodes keep their own feeds; a padding node is the depot with no demand, no service and no depot flag', () => {
    const inst = sampleInstance(bundledCity('Monaco'), { problem: 'acvrptw', n: 12, seed: 1 });
    const norm = normalise(inst);
    const k = 4;
    const alone = encoderFeeds('acvrptw', inst, norm, k, [2], new Rng(3));
    const N = 15;
    const pad = paddedFeeds('acvrptw', [{ inst, norm }], N, k, [2], new Rng(3));
    const F = 8;
    for (let i = 0; i < inst.n; i++) {
      expect([...pad.nodes.subarray(i * F, (i + 1) * F)]).toEqual([...alone.nodes.subarray(i * F, (i + 1) * F)]);
      expect([...pad.rowFeat.subarray(i * k, (i + 1) * k)]).toEqual([...alone.rowFeat.subarray(i * k, (i + 1) * k)]);
      for (let j = 0; j < inst.n; j++) expect(pad.dist[i * N + j]).toBe(alone.dist[i * inst.n + j]);
    }
    for (let p = inst.n; p < N; p++) {
      const depot = [...alone.nodes.subarray(0, F)];
      depot[3] = 0;
      depot[4] = 0;
      depot[7] = 0;
      expect([...pad.nodes.subarray(p * F, (p + 1) * F)]).toEqual(depot);
      for (let j = 0; j < inst.n; j++) {
        expect(pad.dist[p * N + j]).toBe(alone.dist[j]);
        expect(pad.dur![j * N + p]).toBe(alone.dur![j * inst.n]);
        expect(pad.angle[p * N + j]).toBe(alone.angle[j]);
      }
    }
  });
});

describe('sectorSolution', () => {
  it.each(['acvrp', 'acvrptw'] as const)('%s, 300 stops in sectors of 100: every client served once, feasible', async (problem) => {
    const model = await loadModel(tinyModelEntry(problem), source, { backend: 'node' });
    const { inst } = await sample(problem, 300, 5);
    const res = await sectorSolution(model, inst, { augs: [0], starts: 4, size: 100, rng: new Rng(1) });
    expect(res).not.toBeNull();
    expect(res!.stopped).toBe(false);
    servedOnce(inst, res!.solution);
    const ev = evaluate(inst, res!.solution);
    expect(ev.violations).toEqual([]);
    expect(res!.cost).toBeCloseTo(ev.cost, 6);
  });

  it('Stop finishes every sector by nearest stop: still every client served once', async () => {
    const model = await loadModel(tinyModelEntry('acvrp'), source, { backend: 'node' });
    const { inst } = await sample('acvrp', 300, 6);
    let polls = 0;
    const res = await sectorSolution(model, inst, { augs: [0], starts: 4, size: 100, rng: new Rng(1), shouldStop: () => ++polls > 10 });
    expect(res!.stopped).toBe(true);
    servedOnce(inst, res!.solution);
    expect(evaluate(inst, res!.solution).violations).toEqual([]);
  });
});

describe('decomposePass', () => {
  it.each(['acvrp', 'acvrptw'] as const)('%s, 300 stops: a complete feasible solution, no dearer than the one it started from', async (problem) => {
    const model = await loadModel(tinyModelEntry(problem), source, { backend: 'node' });
    const { inst, sol } = await sample(problem, 300, 4);
    const before = evaluate(inst, sol);
    const res = await decomposePass(model, inst, sol, { augs: ALL_AUGMENTATIONS.slice(0, 2), starts: 4, rng: new Rng(3) });
    const after = evaluate(inst, res.solution);
    expect(after.violations).toEqual([]);
    expect(after.unassigned).toEqual([]);
    servedOnce(inst, res.solution);
    expect(res.cost).toBeCloseTo(after.cost, 6);
    expect(after.cost).toBeLessThanOrEqual(before.cost + 1e-6);
    expect(res.groups).toBeGreaterThanOrEqual(2);
    expect(res.improved).toBeLessThanOrEqual(res.groups);
  });

  it('with the exported ACVRP model, a pass from nearest neighbour replaces groups and lowers the cost', async () => {
    const entry = usableModels(await readManifest()).find((e) => e.problem === 'acvrp')!;
    const model = await loadModel(entry, fileSource(), { backend: 'node' });
    const { inst, sol } = await sample('acvrp', 300, 4);
    const res = await decomposePass(model, inst, sol, { augs: [0, 1], starts: 4, rng: new Rng(3) });
    expect(res.improved).toBeGreaterThan(0);
    expect(res.cost).toBeLessThan(evaluate(inst, sol).cost);
    expect(evaluate(inst, res.solution).violations).toEqual([]);
    servedOnce(inst, res.solution);
  });

  it('Stop keeps the routes it started from: the groups decode in one batch, and a stopped batch replaces none', async () => {
    const model = await loadModel(tinyModelEntry('acvrp'), source, { backend: 'node' });
    const { inst, sol } = await sample('acvrp', 300, 6);
    const res = await decomposePass(model, inst, sol, { augs: [0], starts: 2, rng: new Rng(1), shouldStop: () => true });
    expect(res.stopped).toBe(true);
    expect(res.improved).toBe(0);
    const key = (s: Solution) => s.routes.filter((r) => r.stops.length > 0).map((r) => r.stops.join(',')).sort();
    expect(key(res.solution)).toEqual(key(sol));
    // Stop between decoder steps of the batch: the same routes again
    let polls = 0;
    const mid = await decomposePass(model, inst, sol, { augs: [0], starts: 2, rng: new Rng(1), shouldStop: () => ++polls > 20 });
    expect(mid.stopped).toBe(true);
    expect(mid.improved).toBe(0);
    expect(key(mid.solution)).toEqual(key(sol));
  });

  it('never drives more routes than a finite fleet allows', async () => {
    const entry = usableModels(await readManifest()).find((e) => e.problem === 'acvrp')!;
    const model = await loadModel(entry, fileSource(), { backend: 'node' });
    const { inst, sol } = await sample('acvrp', 300, 8);
    const used = sol.routes.filter((r) => r.stops.length > 0).length;
    const tight: Instance = { ...inst, vehicles: inst.vehicles.map((v) => ({ ...v, count: used, trips: 1 })) };
    expect(evaluate(tight, sol).violations).toEqual([]);
    let s = sol;
    for (let pass = 0; pass < 3; pass++) s = (await decomposePass(model, tight, s, { augs: [0, 1], starts: 4, rng: new Rng(pass) })).solution;
    expect(s.routes.filter((r) => r.stops.length > 0).length).toBeLessThanOrEqual(used);
    expect(evaluate(tight, s).violations).toEqual([]);
  });
});

describe('routePass', () => {
  it('makes every used route a group of its own; with the exported ACVRP model it re-orders routes of nearest neighbour, never dearer', async () => {
    const entry = usableModels(await readManifest()).find((e) => e.problem === 'acvrp')!;
    const model = await loadModel(entry, fileSource(), { backend: 'node' });
    const { inst, sol } = await sample('acvrp', 300, 4);
    const used = sol.routes.filter((r) => r.stops.length > 0);
    const res = await routePass(model, inst, sol, { rng: new Rng(3) });
    expect(res.groups).toBe(used.length);
    expect(res.improved).toBeGreaterThan(0);
    const before = evaluate(inst, sol);
    const after = evaluate(inst, res.solution);
    expect(after.violations).toEqual([]);
    servedOnce(inst, res.solution);
    expect(res.cost).toBeCloseTo(after.cost, 6);
    expect(after.cost).toBeLessThan(before.cost);
    // A route kept is the same route; a route replaced holds the same clients (or is split in two).
    const key = (stops: number[]) => stops.slice().sort((a, b) => a - b).join(',');
    const clientsBefore = new Set(used.map((r) => key(r.stops)));
    const merged = new Map<number, number>();
    res.solution.routes.forEach((r, k) => r.stops.forEach((j) => merged.set(j, k)));
    for (const r of used) expect(new Set(r.stops.map((j) => merged.get(j))).size).toBeLessThanOrEqual(2);
    expect(res.solution.routes.filter((r) => r.stops.length > 0 && clientsBefore.has(key(r.stops))).length).toBeGreaterThan(0);
  });
});

describe('longRoutes', () => {
  it('is true when the used routes average ROUTE_PASS_MIN_STOPS clients or more; empty routes do not count', () => {
    const route = (k: number, from = 1): Route => ({ vehicle: 0, stops: Array.from({ length: k }, (_, i) => from + i) });
    const M = ROUTE_PASS_MIN_STOPS;
    expect(longRoutes({ routes: [route(M), route(M)], unassigned: [] })).toBe(true);
    expect(longRoutes({ routes: [route(M + 1), route(M - 1), route(0)], unassigned: [] })).toBe(true);
    expect(longRoutes({ routes: [route(M), route(M - 1)], unassigned: [] })).toBe(false);
    expect(longRoutes({ routes: [route(0)], unassigned: [] })).toBe(false);
  });
});

describe('the neural solvers on large VRPs', () => {
  it('neural-greedy below SECTOR_MIN_N decodes the whole instance; passes run when asked, and they only help', async () => {
    const entry = tinyModelEntry('acvrp');
    const solver = makeNeuralSolver(entry, source, NEURAL_VARIANTS.find((v) => v.id === 'neural-greedy')!);
    const inst = sampleInstance(bundledCity('Andorra'), { problem: 'acvrp', n: 300, seed: 3 });
    const whole = await solver.solve(inst, { timeLimitMs: 60_000, seed: 2, backend: 'node' });
    const parts = await solver.solve(inst, { timeLimitMs: 60_000, seed: 2, backend: 'node', params: { decomposePasses: 2 } });
    expect(whole.iterations).toBe(1);
    expect(parts.iterations).toBe(3);
    const a = evaluate(inst, whole.solution);
    const b = evaluate(inst, parts.solution);
    expect(b.violations).toEqual([]);
    expect(b.unassigned).toEqual([]);
    expect(b.cost).toBeLessThanOrEqual(a.cost + 1e-6);
  });

  it('neural-greedy from SECTOR_MIN_N clients: sectors, then GREEDY_PASSES group passes and GREEDY_ROUTE_PASSES route passes that only help; decomposePasses: 0 and routePasses: 0 decode the whole', async () => {
    // The exported model: its routes at this size are long (~24 clients), where the route pass runs (longRoutes).
    const entry = usableModels(await readManifest()).find((e) => e.problem === 'acvrp')!;
    const solver = makeNeuralSolver(entry, fileSource(), NEURAL_VARIANTS.find((v) => v.id === 'neural-greedy')!);
    const inst = sampleInstance(bundledCity('Andorra'), { problem: 'acvrp', n: SECTOR_MIN_N + 1, seed: 3 });
    expect(sectored(depotFirst(inst).inst)).toBe(true);
    const seen: number[] = [];
    const res = await solver.solve(inst, { timeLimitMs: 60_000, seed: 2, backend: 'node' }, { onProgress: (p) => seen.push(p.cost) });
    const whole = await solver.solve(inst, { timeLimitMs: 60_000, seed: 2, backend: 'node', params: { decomposePasses: 0, routePasses: 0 } });
    const groupsOnly = await solver.solve(inst, { timeLimitMs: 60_000, seed: 2, backend: 'node', params: { routePasses: 0 } });
    expect(whole.iterations).toBe(1);
    expect(groupsOnly.iterations).toBe(1 + GREEDY_PASSES);
    expect(longRoutes(groupsOnly.solution)).toBe(true);
    expect(res.iterations).toBe(1 + GREEDY_PASSES + GREEDY_ROUTE_PASSES);
    expect(evaluate(inst, res.solution).cost).toBeLessThanOrEqual(evaluate(inst, groupsOnly.solution).cost + 1e-6);
    const ev = evaluate(inst, res.solution);
    expect(ev.violations).toEqual([]);
    expect(ev.unassigned).toEqual([]);
    // Progress only ever reports a cheaper solution, and the answer is the last one reported.
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeLessThanOrEqual(seen[i - 1] + 1e-6);
    expect(ev.cost).toBeCloseTo(seen[seen.length - 1], 6);
  });

  it('neural-greedy skips the route pass where routes are short (ACVRPTW), unless routePasses asks for it', async () => {
    const entry = tinyModelEntry('acvrptw');
    const solver = makeNeuralSolver(entry, source, NEURAL_VARIANTS.find((v) => v.id === 'neural-greedy')!);
    const inst = sampleInstance(bundledCity('Andorra'), { problem: 'acvrptw', n: SECTOR_MIN_N + 1, seed: 3 });
    const groupsOnly = await solver.solve(inst, { timeLimitMs: 60_000, seed: 2, backend: 'node', params: { routePasses: 0 } });
    expect(longRoutes(groupsOnly.solution)).toBe(false);
    const res = await solver.solve(inst, { timeLimitMs: 60_000, seed: 2, backend: 'node' });
    expect(res.iterations).toBe(1 + GREEDY_PASSES);
    expect(res.solution).toEqual(groupsOnly.solution);
    const asked = await solver.solve(inst, { timeLimitMs: 60_000, seed: 2, backend: 'node', params: { routePasses: 1 } });
    expect(asked.iterations).toBe(2 + GREEDY_PASSES);
    expect(evaluate(inst, asked.solution).violations).toEqual([]);
  });

  it('neural makes every routePassEvery-th pass a route pass where routes are long: the answer of sectors, a group pass and a route pass by hand', async () => {
    expect(ROUTE_PASS_EVERY).toBeGreaterThan(1);
    const entry = usableModels(await readManifest()).find((e) => e.problem === 'acvrp')!;
    const model = await loadModel(entry, fileSource(), { backend: 'node' });
    const solver = makeNeuralSolver(entry, fileSource(), NEURAL_VARIANTS.find((v) => v.id === 'neural')!);
    const inst = sampleInstance(bundledCity('Andorra'), { problem: 'acvrp', n: SECTOR_MIN_N + 1, seed: 3 });
    const res = await solver.solve(inst, { timeLimitMs: 60_000, seed: 2, backend: 'node', params: { decomposePasses: 2, routePassEvery: 2 } });
    const d = depotFirst(inst).inst;
    const rng = new Rng(2);
    const sectors = (await sectorSolution(model, d, { augs: [0], starts: SECTOR_STARTS, rng }))!;
    const one = await decomposePass(model, d, sectors.solution, { ...groupDecode(d), rng });
    expect(longRoutes(one.solution)).toBe(true);
    const two = await routePass(model, d, one.solution, { rng });
    expect(res.iterations).toBe(3);
    expect(evaluate(inst, res.solution).cost).toBeCloseTo(two.cost, 6);
    expect(evaluate(inst, res.solution).violations).toEqual([]);
  });

  it('neural-ls from SECTOR_MIN_N clients polishes the sectors: its first answer is sectorSolution\'s', async () => {
    const entry = tinyModelEntry('acvrp');
    const solver = makeNeuralSolver(entry, source, NEURAL_VARIANTS.find((v) => v.id === 'neural-ls')!);
    const inst = sampleInstance(bundledCity('Andorra'), { problem: 'acvrp', n: SECTOR_MIN_N + 1, seed: 4 });
    const model = await loadModel(entry, source, { backend: 'node' });
    const sectors = await sectorSolution(model, depotFirst(inst).inst, { augs: [0], starts: SECTOR_STARTS, rng: new Rng(2) });
    const first = async (params: Record<string, unknown>) => {
      const seen: number[] = [];
      const res = await solver.solve(inst, { timeLimitMs: 800, seed: 2, backend: 'node', params }, { onProgress: (p) => seen.push(p.cost) });
      expect(evaluate(inst, res.solution).violations).toEqual([]);
      expect(evaluate(inst, res.solution).unassigned).toEqual([]);
      return seen[0];
    };
    expect(await first({})).toBeCloseTo(sectors!.cost, 6);
    expect(await first({ sectors: false })).not.toBeCloseTo(sectors!.cost, 0);
  });

  it('at n = 100, neural runs its passes after POMO ×8 of the whole, in groups of SMALL_SUB_N, and they only help', async () => {
    const entry = tinyModelEntry('acvrp');
    const solver = makeNeuralSolver(entry, source, NEURAL_VARIANTS.find((v) => v.id === 'neural')!);
    const inst = sampleInstance(bundledCity('Andorra'), { problem: 'acvrp', n: 100, seed: 5 });
    const pomo8 = await solver.solve(inst, { timeLimitMs: 60_000, seed: 2, backend: 'node', params: { decomposePasses: 0, samplingRounds: 0 } });
    const passes = await solver.solve(inst, { timeLimitMs: 60_000, seed: 2, backend: 'node', params: { decomposePasses: 3 } });
    expect(pomo8.iterations).toBeGreaterThan(1);
    expect(passes.iterations).toBe((pomo8.iterations ?? 0) + 3);
    const a = evaluate(inst, pomo8.solution);
    const b = evaluate(inst, passes.solution);
    expect(b.violations).toEqual([]);
    expect(b.unassigned).toEqual([]);
    expect(b.cost).toBeLessThanOrEqual(a.cost + 1e-6);
  });

  it('neural (anytime) passes until its deadline, then answers', async () => {
    const entry = tinyModelEntry('acvrp');
    const solver = makeNeuralSolver(entry, source, NEURAL_VARIANTS.find((v) => v.id === 'neural')!);
    const inst = sampleInstance(bundledCity('Andorra'), { problem: 'acvrp', n: 300, seed: 3 });
    const res = await solver.solve(inst, { timeLimitMs: 1500, seed: 2, backend: 'node' });
    expect(evaluate(inst, res.solution).violations).toEqual([]);
    expect(evaluate(inst, res.solution).unassigned).toEqual([]);
    expect(res.iterations).toBeGreaterThan(1);
  });
});
