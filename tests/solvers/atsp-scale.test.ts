/**
 * atsp-ils at scale (issue 13): the tour's block prefix sums and the undo journal that replace
 * O(n) work per move. On tours long enough for many blocks, every move's cost change still
 * matches the tour, 2-opt gains priced from the prefix sums are real, and restore() returns
 * exactly the saved tour after any mix of moves.
 */
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { priceTables } from '../../src/core/costs';
import { evaluate } from '../../src/core/evaluate';
import { Rng } from '../../src/core/random';
import { atspIlsSolver } from '../../src/solvers/classical/atsp-ils';
import { AtspIls, DEFAULT_ATSP_ILS } from '../../src/solvers/classical/atsp-moves';
import { Patching } from '../../src/solvers/classical/atsp-start';
import { bundledCity } from '../helpers';

/** Karp's patching by the full scan of every pair (the oracle): one merge; false when one cycle is left. */
function fullScanMerge(c: Float64Array, n: number, next: Int32Array): boolean {
  const cycle = new Int32Array(n).fill(-1);
  let cycles = 0;
  for (let s = 0; s < n; s++) {
    if (cycle[s] >= 0) continue;
    for (let x = s; cycle[x] < 0; x = next[x]) cycle[x] = cycles;
    cycles++;
  }
  if (cycles <= 1) return false;
  let best = Infinity;
  let bi = -1;
  let bj = -1;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (cycle[j] === cycle[i]) continue;
      const d = c[i * n + next[j]] + c[j * n + next[i]] - c[i * n + next[i]] - c[j * n + next[j]];
      if (d < best) {
        best = d;
        bi = i;
        bj = j;
      }
    }
  }
  [next[bi], next[bj]] = [next[bj], next[bi]];
  return cycles > 2;
}

describe('atsp-ils at scale', () => {
  it('patching merges exactly the cycles the full scan of every pair merges, in the same order', () => {
    const rng = new Rng(17);
    let merges = 0;
    for (let t = 0; t < 40; t++) {
      const n = 20 + rng.int(60);
      // Small integer costs: many ties, which both must break the same way.
      const c = Float64Array.from({ length: n * n }, () => rng.int(t % 2 ? 5 : 200));
      // A successor array of many short cycles, like an assignment's.
      const perm = rng.shuffle(Array.from({ length: n }, (_, i) => i));
      const next = new Int32Array(n);
      for (let s = 0; s < n; ) {
        const len = Math.min(n - s, 1 + rng.int(4));
        for (let k = 0; k < len; k++) next[perm[s + k]] = perm[s + ((k + 1) % len)];
        s += len;
      }
      const oracle = Int32Array.from(next);
      const patching = new Patching(c, n, next);
      for (;;) {
        const more = fullScanMerge(c, n, oracle);
        expect(patching.step()).toBe(more);
        expect(Array.from(patching.next)).toEqual(Array.from(oracle));
        merges++;
        if (!more) break;
      }
      for (let p = 0, x = 0; p < n; p++, x = patching.next[x]) if (p > 0) expect(x).not.toBe(0);
    }
    expect(merges).toBeGreaterThan(300);
  });

  it.each([97, 300])('n = %i: move costs stay exact and restore() returns the saved tour', (n) => {
    const rng = new Rng(n);
    // Near-symmetric costs (points on a plane, plus a little asymmetry): reversals often pay.
    const xy = Array.from({ length: n }, () => [rng.int(1000), rng.int(1000)]);
    const raw = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) raw[i * n + j] = i === j ? 0 : Math.round(Math.hypot(xy[i][0] - xy[j][0], xy[i][1] - xy[j][1])) + rng.int(20);
    }
    const ils = new AtspIls(raw, n, rng, DEFAULT_ATSP_ILS);
    ils.setTour(rng.shuffle(Array.from({ length: n }, (_, i) => i)));
    let twoOpts = 0;
    for (let round = 0; round < 200; round++) {
      ils.save();
      const saved = Int32Array.from(ils.tour);
      const savedCost = ils.cost;
      for (let step = 0; step < 30; step++) {
        const before = ils.cost;
        const op = rng.int(4);
        const a = rng.int(n);
        if (op === 0) ils.improveFrom(a);
        else if (op === 1 || op === 3) {
          if (ils.twoOptFrom(a)) {
            twoOpts++;
            expect(ils.cost).toBeLessThan(before);
          }
        } else ils.kick(rng.next() < 0.2 ? n - 1 : 50);
        expect(ils.cost).toBeCloseTo(ils.exactCost(), 6);
      }
      for (let p = 0; p < n; p++) expect(ils.pos[ils.tour[p]]).toBe(p);
      if (rng.next() < 0.5) {
        ils.restore();
        ils.cost = savedCost;
        expect(Array.from(ils.tour)).toEqual(Array.from(saved));
        for (let p = 0; p < n; p++) expect(ils.pos[ils.tour[p]]).toBe(p);
        expect(ils.exactCost()).toBeCloseTo(savedCost, 6);
      }
    }
    expect(twoOpts).toBeGreaterThan(200);
  });

  it('a 999-node city ATSP: a valid tour below the nearest-neighbour start on a kick budget', async () => {
    const inst = sampleInstance(bundledCity('Monaco'), { problem: 'atsp', n: 999, seed: 3 });
    const res = await atspIlsSolver.solve(inst, { timeLimitMs: 600_000, seed: 1, params: { iterations: 3000, assignment: false } });
    const stops = res.solution.routes[0].stops;
    expect([...stops].sort((a, b) => a - b)).toEqual(Array.from({ length: 999 }, (_, i) => i));
    const ev = evaluate(inst, res.solution);
    expect(ev.feasible).toBe(true);
    const c = priceTables(inst).arc[0];
    const nn = new AtspIls(c, 999, new Rng(1), DEFAULT_ATSP_ILS);
    nn.setTour(nn.nearestNeighbour());
    expect(ev.cost).toBeLessThan(0.9 * nn.cost);
  });
});
