/**
 * Iterated local search for the asymmetric TSP.
 *
 * On an asymmetric matrix reversing a path changes its cost, so 2-opt and every 3-opt
 * reconnection but one are off the table. The one left, "Or-3opt" (remove three arcs, swap the
 * two segments between them, keep every arc's direction), is the local search; it contains Or-opt
 * (a short segment moved elsewhere) as a special case. Kicks are double bridges localised around a
 * random position (reorder three consecutive short segments A B C → C B A: four arcs change, no
 * reversal, and Or-3opt cannot undo it in one move), accepted when not worse.
 */
import type { Instance } from '../../core/instance';
import { Rng } from '../../core/random';
import type { Solution } from '../../core/solution';
import { runAnytime } from '../anytime';
import type { Solver } from '../solver';

export interface AtspIlsParams {
  /** Candidate successors / predecessors kept per node. */
  neighbours: number;
  /** Kicks cut the tour at three points within this many positions of a random start. */
  kickSpan: number;
  /** Kicks without a strict improvement of the current tour before it is shaken hard. */
  stagnation: number;
  /** Random double bridges in one hard shake. */
  shakeKicks: number;
  /** Stop after this many kicks (for reproducible runs); Infinity: the time limit decides. */
  maxKicks: number;
}

export const DEFAULT_ATSP_ILS: AtspIlsParams = { neighbours: 10, kickSpan: 50, stagnation: 5000, shakeKicks: 8, maxKicks: Infinity };

/** Arc cost as the evaluator scores it, with vehicle 0's speed; Infinity when unreachable. */
export function arcCosts(inst: Instance): Float64Array {
  const n = inst.n;
  const o = inst.objective;
  const speed = inst.vehicles[0]?.speed ?? 1;
  const out = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) {
    const d = inst.distance[k];
    const t = inst.duration[k];
    if (!Number.isFinite(d) || !Number.isFinite(t)) out[k] = Infinity;
    else out[k] = (o.distanceWeight ? o.distanceWeight * d : 0) + (o.timeWeight ? (o.timeWeight * t) / speed : 0);
  }
  return out;
}

/** Cost of the closed tour summed the way core/evaluate does (distance and time apart). */
export function tourCost(inst: Instance, stops: ArrayLike<number>): number {
  const n = inst.n;
  const o = inst.objective;
  const speed = inst.vehicles[0]?.speed ?? 1;
  let dist = 0;
  let travel = 0;
  for (let k = 0; k < stops.length; k++) {
    const from = stops[k];
    const to = stops[k + 1 < stops.length ? k + 1 : 0];
    if (stops.length === 1) break;
    dist += inst.distance[from * n + to];
    travel += inst.duration[from * n + to] / speed;
  }
  return o.distanceWeight * dist + o.timeWeight * travel;
}

export class AtspIls {
  readonly n: number;
  /** Search costs: unreachable arcs (and the diagonal) priced at `big` so that gains stay finite. */
  readonly c: Float64Array;
  readonly big: number;
  readonly eps: number;
  readonly k: number;
  readonly candOut: Int32Array;
  readonly candOutLen: Int32Array;
  readonly candIn: Int32Array;
  readonly candInLen: Int32Array;
  readonly tour: Int32Array;
  readonly pos: Int32Array;
  cost = 0;
  private readonly queue: Int32Array;
  private qHead = 0;
  private qLen = 0;
  private readonly queued: Uint8Array;
  private readonly buf: Int32Array;
  private readonly saved: Int32Array;

  constructor(
    raw: Float64Array,
    n: number,
    readonly rng: Rng,
    readonly params: AtspIlsParams = DEFAULT_ATSP_ILS,
  ) {
    this.n = n;
    let rowMaxSum = 0;
    let finiteSum = 0;
    let finiteCount = 0;
    for (let i = 0; i < n; i++) {
      let rowMax = 0;
      for (let j = 0; j < n; j++) {
        const v = raw[i * n + j];
        if (i !== j && Number.isFinite(v)) {
          rowMax = Math.max(rowMax, Math.abs(v));
          finiteSum += Math.abs(v);
          finiteCount++;
        }
      }
      rowMaxSum += rowMax;
    }
    // Any tour's finite part is below rowMaxSum, so one unreachable arc always costs more than
    // every finite alternative: the search removes them whenever it can.
    this.big = 2 * rowMaxSum + 1;
    const mean = finiteCount ? finiteSum / finiteCount : 1;
    this.eps = Math.max(1e-9 * mean, this.big * 1e-14);
    this.c = new Float64Array(n * n);
    for (let k = 0; k < n * n; k++) this.c[k] = Number.isFinite(raw[k]) ? raw[k] : this.big;
    for (let i = 0; i < n; i++) this.c[i * n + i] = this.big;

    const k = Math.max(1, Math.min(params.neighbours, n - 1));
    this.k = k;
    this.candOut = new Int32Array(n * k);
    this.candOutLen = new Int32Array(n);
    this.candIn = new Int32Array(n * k);
    this.candInLen = new Int32Array(n);
    this.buildCandidates();

    this.tour = new Int32Array(n);
    this.pos = new Int32Array(n);
    this.queue = new Int32Array(n);
    this.queued = new Uint8Array(n);
    this.buf = new Int32Array(n);
    this.saved = new Int32Array(n);
  }

  /** The k cheapest reachable successors and predecessors of each node, cheapest first. */
  private buildCandidates(): void {
    const { n, c, k, big } = this;
    const idx = Array.from({ length: n }, (_, j) => j);
    for (let i = 0; i < n; i++) {
      const outs = idx.filter((j) => j !== i && c[i * n + j] < big).sort((a, b) => c[i * n + a] - c[i * n + b] || a - b);
      const m = Math.min(k, outs.length);
      for (let t = 0; t < m; t++) this.candOut[i * k + t] = outs[t];
      this.candOutLen[i] = m;
      const ins = idx.filter((j) => j !== i && c[j * n + i] < big).sort((a, b) => c[a * n + i] - c[b * n + i] || a - b);
      const mi = Math.min(k, ins.length);
      for (let t = 0; t < mi; t++) this.candIn[i * k + t] = ins[t];
      this.candInLen[i] = mi;
    }
  }

  succ(v: number): number {
    const p = this.pos[v] + 1;
    return this.tour[p === this.n ? 0 : p];
  }

  pred(v: number): number {
    const p = this.pos[v];
    return this.tour[p === 0 ? this.n - 1 : p - 1];
  }

  /** Is b on the forward path from a to c, both ends included? */
  between(a: number, b: number, c: number): boolean {
    const pa = this.pos[a];
    const pb = this.pos[b];
    const pc = this.pos[c];
    return pa <= pc ? pa <= pb && pb <= pc : pb >= pa || pb <= pc;
  }

  setTour(order: ArrayLike<number>): void {
    for (let p = 0; p < this.n; p++) {
      this.tour[p] = order[p];
      this.pos[order[p]] = p;
    }
    this.cost = this.exactCost();
  }

  exactCost(): number {
    const { n, c, tour } = this;
    let s = 0;
    for (let p = 0; p < n; p++) s += c[tour[p] * n + tour[p + 1 === n ? 0 : p + 1]];
    return s;
  }

  /** Nearest neighbour from a random node, preferring reachable arcs. */
  nearestNeighbour(): Int32Array {
    const { n, c } = this;
    const order = new Int32Array(n);
    const used = new Uint8Array(n);
    let cur = this.rng.int(n);
    order[0] = cur;
    used[cur] = 1;
    for (let p = 1; p < n; p++) {
      let best = -1;
      let bestCost = Infinity;
      for (let j = 0; j < n; j++) {
        if (!used[j] && c[cur * n + j] < bestCost) {
          bestCost = c[cur * n + j];
          best = j;
        }
      }
      order[p] = best;
      used[best] = 1;
      cur = best;
    }
    return order;
  }

  private push(v: number): void {
    if (this.queued[v]) return;
    this.queued[v] = 1;
    let t = this.qHead + this.qLen;
    if (t >= this.n) t -= this.n;
    this.queue[t] = v;
    this.qLen++;
  }

  private pop(): number {
    const v = this.queue[this.qHead];
    this.qHead = this.qHead + 1 === this.n ? 0 : this.qHead + 1;
    this.qLen--;
    this.queued[v] = 0;
    return v;
  }

  activateAll(): void {
    for (let p = 0; p < this.n; p++) this.push(this.tour[p]);
  }

  /** Swaps the adjacent blocks of la and lb entries starting at position `start` (cyclic). */
  private swapBlocks(start: number, la: number, lb: number): void {
    const { n, tour, pos, buf } = this;
    const len = la + lb;
    for (let t = 0; t < lb; t++) {
      let p = start + la + t;
      if (p >= n) p -= n;
      buf[t] = tour[p];
    }
    for (let t = 0; t < la; t++) {
      let p = start + t;
      if (p >= n) p -= n;
      buf[lb + t] = tour[p];
    }
    for (let t = 0; t < len; t++) {
      let p = start + t;
      if (p >= n) p -= n;
      const v = buf[t];
      tour[p] = v;
      pos[v] = p;
    }
  }

  /**
   * Removes arcs (t1,t1+), (t2,t2+), (t3,t3+) with t1, t2, t3 in tour order and reconnects
   * t1 → t2+ … t3 → t1+ … t2 → t3+, rewriting only the two shorter of the three segments.
   */
  segmentSwap(t1: number, t2: number, t3: number): void {
    const n = this.n;
    const p1 = this.pos[t1];
    const p2 = this.pos[t2];
    const p3 = this.pos[t3];
    const l1 = p2 - p1 >= 0 ? p2 - p1 : p2 - p1 + n;
    const l2 = p3 - p2 >= 0 ? p3 - p2 : p3 - p2 + n;
    const l3 = n - l1 - l2;
    // Cyclic order S1 S2 S3 becomes S2 S1 S3 = S1 S3 S2 = S3 S2 S1: keep the longest in place.
    if (l3 >= l1 && l3 >= l2) this.swapBlocks(p1 + 1 === n ? 0 : p1 + 1, l1, l2);
    else if (l1 >= l2) this.swapBlocks(p2 + 1 === n ? 0 : p2 + 1, l2, l3);
    else this.swapBlocks(p3 + 1 === n ? 0 : p3 + 1, l3, l1);
  }

  /**
   * Best Or-3opt move whose first new arc leaves `a` (an out-candidate) or enters `a` (an
   * in-candidate); applies it and returns true if it gains.
   */
  improveFrom(a: number): boolean {
    const { n, c, k, eps, candOut, candOutLen, candIn, candInLen } = this;
    let bestGain = eps;
    let m1 = -1;
    let m2 = -1;
    let m3 = -1;

    // a loses its successor a1 and gets x; x's predecessor b then gets y; y's predecessor e
    // closes onto a1. Tour a → a1…b → x…e → y…a becomes a → x…e → a1…b → y…a.
    const a1 = this.succ(a);
    const gA = c[a * n + a1];
    for (let s = 0, ls = candOutLen[a]; s < ls; s++) {
      const x = candOut[a * k + s];
      const g1 = gA - c[a * n + x];
      if (g1 <= eps) break;
      if (x === a1) continue;
      const b = this.pred(x);
      const g1b = g1 + c[b * n + x];
      for (let t = 0, lt = candOutLen[b]; t < lt; t++) {
        const y = candOut[b * k + t];
        const g2 = g1b - c[b * n + y];
        if (g2 <= eps) break;
        if (y === x || !this.between(x, y, a)) continue;
        const e = this.pred(y);
        const gain = g2 + c[e * n + y] - c[e * n + a1];
        if (gain > bestGain) {
          bestGain = gain;
          m1 = a;
          m2 = b;
          m3 = e;
        }
      }
    }

    // Mirror image: a loses its predecessor a0 and gets x; x's successor b then gets y as its
    // predecessor; y's successor e is reached from a0.
    const a0 = this.pred(a);
    const gB = c[a0 * n + a];
    for (let s = 0, ls = candInLen[a]; s < ls; s++) {
      const x = candIn[a * k + s];
      const g1 = gB - c[x * n + a];
      if (g1 <= eps) break;
      if (x === a0) continue;
      const b = this.succ(x);
      const g1b = g1 + c[x * n + b];
      for (let t = 0, lt = candInLen[b]; t < lt; t++) {
        const y = candIn[b * k + t];
        const g2 = g1b - c[y * n + b];
        if (g2 <= eps) break;
        if (y === x || !this.between(a, y, x)) continue;
        const e = this.succ(y);
        const gain = g2 + c[y * n + e] - c[a0 * n + e];
        if (gain > bestGain) {
          bestGain = gain;
          m1 = a0;
          m2 = y;
          m3 = x;
        }
      }
    }

    if (m1 < 0) return false;
    const s1 = this.succ(m1);
    const s2 = this.succ(m2);
    const s3 = this.succ(m3);
    this.segmentSwap(m1, m2, m3);
    this.cost -= bestGain;
    this.push(m1);
    this.push(m2);
    this.push(m3);
    this.push(s1);
    this.push(s2);
    this.push(s3);
    return true;
  }

  /** Runs Or-3opt until no queued node has an improving move, or `maxPops` nodes were tried; true if work is left. */
  localSearch(maxPops: number): boolean {
    for (let i = 0; this.qLen > 0 && i < maxPops; i++) {
      const a = this.pop();
      if (this.improveFrom(a)) this.push(a);
    }
    return this.qLen > 0;
  }

  /** Localised double bridge: A B C → C B A right after a random position. */
  kick(kickSpan: number): void {
    const { n, c, tour, rng } = this;
    const span = Math.min(kickSpan, n - 1);
    let o1 = 1 + rng.int(span);
    let o2 = 1 + rng.int(span);
    let o3 = 1 + rng.int(span);
    while (o2 === o1) o2 = 1 + rng.int(span);
    while (o3 === o1 || o3 === o2) o3 = 1 + rng.int(span);
    if (o1 > o2) [o1, o2] = [o2, o1];
    if (o2 > o3) [o2, o3] = [o3, o2];
    if (o1 > o2) [o1, o2] = [o2, o1];
    const p = rng.int(n);
    const t0 = tour[p];
    const a0 = tour[(p + 1) % n];
    const ae = tour[(p + o1) % n];
    const b0 = tour[(p + o1 + 1) % n];
    const be = tour[(p + o2) % n];
    const c0 = tour[(p + o2 + 1) % n];
    const ce = tour[(p + o3) % n];
    const d0 = tour[(p + o3 + 1) % n];
    this.cost +=
      c[t0 * n + c0] + c[ce * n + b0] + c[be * n + a0] + c[ae * n + d0] - c[t0 * n + a0] - c[ae * n + b0] - c[be * n + c0] - c[ce * n + d0];
    // A B C → C B A is two block swaps: (A)(B C) → (B C)(A), then (B)(C) → (C)(B).
    const start = (p + 1) % n;
    this.swapBlocks(start, o1, o3 - o1);
    this.swapBlocks(start, o2 - o1, o3 - o2);
    this.push(t0);
    this.push(a0);
    this.push(ae);
    this.push(b0);
    this.push(be);
    this.push(c0);
    this.push(ce);
    this.push(d0);
  }

  save(): void {
    this.saved.set(this.tour);
  }

  restore(): void {
    this.tour.set(this.saved);
    for (let p = 0; p < this.n; p++) this.pos[this.tour[p]] = p;
  }
}

/** Exhaustive search for tiny instances, where kicks have no room. */
function bruteForce(c: Float64Array, n: number): Int32Array {
  const perm = Array.from({ length: n }, (_, i) => i);
  let best = Int32Array.from(perm);
  let bestCost = Infinity;
  const rec = (depth: number, acc: number) => {
    if (acc >= bestCost) return;
    if (depth === n) {
      const total = acc + c[perm[n - 1] * n + perm[0]];
      if (total < bestCost) {
        bestCost = total;
        best = Int32Array.from(perm);
      }
      return;
    }
    for (let i = depth; i < n; i++) {
      [perm[depth], perm[i]] = [perm[i], perm[depth]];
      rec(depth + 1, acc + c[perm[depth - 1] * n + perm[depth]]);
      [perm[depth], perm[i]] = [perm[i], perm[depth]];
    }
  };
  if (n > 0) rec(1, 0);
  return best;
}

function readParams(params: Record<string, unknown> | undefined): AtspIlsParams {
  const p = { ...DEFAULT_ATSP_ILS };
  if (typeof params?.neighbours === 'number' && params.neighbours >= 1) p.neighbours = Math.floor(params.neighbours);
  if (typeof params?.kickSpan === 'number' && params.kickSpan >= 3) p.kickSpan = Math.floor(params.kickSpan);
  if (typeof params?.stagnation === 'number' && params.stagnation >= 1) p.stagnation = Math.floor(params.stagnation);
  if (typeof params?.shakeKicks === 'number' && params.shakeKicks >= 0) p.shakeKicks = Math.floor(params.shakeKicks);
  if (typeof params?.maxKicks === 'number' && params.maxKicks >= 0) p.maxKicks = params.maxKicks;
  return p;
}

export const atspIlsSolver: Solver = {
  id: 'atsp-ils',
  name: 'ATSP iterated Or-3opt',
  family: 'classical',
  problems: ['atsp'],
  backends: ['js'],
  description: 'Orientation-preserving 3-opt over neighbour lists with localised double-bridge kicks (iterated local search).',
  async solve(instance, options, control) {
    const t0 = performance.now();
    const n = instance.n;
    const raw = arcCosts(instance);
    const rng = new Rng(options.seed);
    const params = readParams(options.params);
    const ils = new AtspIls(raw, n, rng, params);

    const tiny = n <= 9;
    ils.setTour(tiny ? bruteForce(ils.c, n) : ils.nearestNeighbour());
    let best = Int32Array.from(ils.tour);
    let bestCost = ils.cost;
    let bestAt = performance.now() - t0;
    const toSolution = (): Solution => ({ routes: n ? [{ vehicle: 0, stops: Array.from(best) }] : [], unassigned: [] });
    // The first steps only descend from the start tour, a bounded number of nodes at a time.
    let descending = true;
    let kicks = 0;
    let sinceImproved = 0;
    ils.activateAll();

    const keepIfBest = () => {
      if (ils.cost < bestCost - ils.eps) {
        ils.cost = ils.exactCost();
        if (ils.cost < bestCost - ils.eps) {
          best.set(ils.tour);
          bestCost = ils.cost;
          bestAt = performance.now() - t0;
        }
      }
    };

    return runAnytime(
      {
        step() {
          if (tiny) return false;
          if (descending) {
            if (ils.localSearch(4 * n)) return true;
            descending = false;
            keepIfBest();
            ils.save();
            return true;
          }
          if (kicks >= params.maxKicks) return false;
          kicks++;
          if (sinceImproved >= params.stagnation) {
            // Equal-cost acceptance has stopped moving: shake the current tour with kicks spread
            // over the whole tour and walk on from wherever that lands, worse or not.
            sinceImproved = 0;
            for (let i = 0; i < params.shakeKicks; i++) ils.kick(n - 1);
            ils.localSearch(Infinity);
            ils.save();
            keepIfBest();
            return true;
          }
          const before = ils.cost;
          ils.kick(params.kickSpan);
          ils.localSearch(Infinity);
          if (ils.cost <= before + ils.eps) {
            sinceImproved = ils.cost < before - ils.eps ? 0 : sinceImproved + 1;
            ils.save();
            keepIfBest();
          } else {
            sinceImproved++;
            ils.restore();
            ils.cost = before;
          }
          return true;
        },
        best: () => ({ solution: toSolution, cost: bestCost === Infinity ? Infinity : tourCost(instance, best) }),
        timeToBestMs: () => bestAt,
      },
      options.timeLimitMs,
      control,
      t0,
    );
  },
};
