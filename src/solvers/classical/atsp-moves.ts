/**
 * The moves of the ATSP iterated local search, on a tour held as an array with positions.
 *
 * On an asymmetric matrix reversing a path changes its cost, so the workhorse is "Or-3opt":
 * remove three arcs and swap the two segments between them, keeping every arc's direction (the
 * one pure 3-opt reconnection that needs no reversal; Or-opt is its special case). 2-opt with a
 * reversal is tried too, priced exactly from prefix sums: near-symmetric matrices (kro124p,
 * ry48p) have Or-3opt optima one reversal away from better tours. Both search over neighbour
 * lists with a queue of active nodes (don't-look bits). Kicks are double bridges localised after
 * a random position (three short consecutive segments A B C → C B A: four arcs change, no
 * reversal, and one Or-3opt move cannot undo it).
 */
import type { Rng } from '../../core/random';

export interface AtspIlsParams {
  /** Candidate successors / predecessors kept per node. */
  neighbours: number;
  /** Kicks cut the tour at three points within this many positions of a random start. */
  kickSpan: number;
  /** Start from the assignment relaxation with its cycles patched into a tour (else nearest neighbour). */
  assignment: boolean;
  /** Also try 2-opt moves (path reversal). */
  twoOpt: boolean;
  /** Kicks without a strict improvement of the current tour before it is shaken hard. */
  stagnation: number;
  /** Random double bridges in one hard shake. */
  shakeKicks: number;
  /** Stop after this many kicks (for reproducible runs); Infinity: the time limit decides. */
  iterations: number;
}

export const DEFAULT_ATSP_ILS: AtspIlsParams = { neighbours: 10, kickSpan: 50, twoOpt: true, assignment: true, stagnation: 5000, shakeKicks: 8, iterations: Infinity };

/** log2 of the positions per block of the tour's prefix sums (see AtspIls.inFwd). */
const BLOCK_SHIFT = 5;
const BLOCK_MASK = (1 << BLOCK_SHIFT) - 1;

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
  /**
   * Undo journal for restore(): the tour entries overwritten since save(), each once (the
   * epoch marks which), with their saved values. A kick and its repair touch a few dozen
   * positions, so keeping or dropping them costs that much, not O(n).
   */
  private readonly journalPos: Int32Array;
  private readonly journalVal: Int32Array;
  private journalLen = 0;
  private readonly journalEpoch: Int32Array;
  private epoch = 1;
  /**
   * Arc costs along the tour summed forwards and backwards, for O(1) reversal costs, kept in
   * blocks of 2^BLOCK_SHIFT positions: inFwd[p] sums the arcs from p's block start up to p,
   * totFwd[b] block b's arcs and blockFwd[b] the arcs before block b. A move makes only the blocks it rewrote stale, so
   * bringing the sums up to date costs the rewritten blocks plus one pass over the blocks, not n.
   */
  private readonly inFwd: Float64Array;
  private readonly inBwd: Float64Array;
  private readonly blockFwd: Float64Array;
  private readonly blockBwd: Float64Array;
  private readonly totFwd: Float64Array;
  private readonly totBwd: Float64Array;
  private readonly staleBlock: Uint8Array;
  private readonly staleList: Int32Array;
  private staleCount = 0;

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
    this.journalPos = new Int32Array(n);
    this.journalVal = new Int32Array(n);
    this.journalEpoch = new Int32Array(n);
    const blocks = (n >> BLOCK_SHIFT) + 1;
    this.inFwd = new Float64Array(n);
    this.inBwd = new Float64Array(n);
    this.blockFwd = new Float64Array(blocks + 1);
    this.blockBwd = new Float64Array(blocks + 1);
    this.totFwd = new Float64Array(blocks);
    this.totBwd = new Float64Array(blocks);
    this.staleBlock = new Uint8Array(blocks);
    this.staleList = new Int32Array(blocks);
  }

  /**
   * The `neighbours` cheapest reachable successors and predecessors of each node (ties by index),
   * cheapest first, so that a search can stop at the first arc too dear to gain.
   */
  private buildCandidates(): void {
    const { n, k, c, big } = this;
    const list = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      for (const outgoing of [true, false]) {
        // Arc i→j sits at i·n + j, arc j→i at j·n + i.
        const base = outgoing ? i * n : i;
        const stride = outgoing ? 1 : n;
        let m = 0;
        for (let j = 0; j < n; j++) {
          const cj = c[base + j * stride];
          if (j === i || cj >= big) continue;
          if (m === k) {
            if (cj >= c[base + list[k - 1] * stride]) continue;
            m--;
          }
          let q = m - 1;
          while (q >= 0 && c[base + list[q] * stride] > cj) {
            list[q + 1] = list[q];
            q--;
          }
          list[q + 1] = j;
          m++;
        }
        const out = outgoing ? this.candOut : this.candIn;
        out.set(list.subarray(0, m), i * k);
        (outgoing ? this.candOutLen : this.candInLen)[i] = m;
      }
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
    this.allStale();
    this.save();
    this.cost = this.exactCost();
  }

  /** Writes node v at tour position p, journaling the overwritten entry and staling its arcs. */
  private put(p: number, v: number): void {
    if (this.journalEpoch[p] !== this.epoch) {
      this.journalEpoch[p] = this.epoch;
      this.journalPos[this.journalLen] = p;
      this.journalVal[this.journalLen++] = this.tour[p];
    }
    this.tour[p] = v;
    this.pos[v] = p;
    this.staleAround(p);
  }

  /** Arcs p-1 → p and p → p+1 changed: their blocks are stale (two only at a block's start). */
  private staleAround(p: number): void {
    const b = p >> BLOCK_SHIFT;
    if (!this.staleBlock[b]) {
      this.staleBlock[b] = 1;
      this.staleList[this.staleCount++] = b;
    }
    if ((p & BLOCK_MASK) === 0) this.stale((p === 0 ? this.n - 1 : p - 1) >> BLOCK_SHIFT);
  }

  private stale(b: number): void {
    if (this.staleBlock[b]) return;
    this.staleBlock[b] = 1;
    this.staleList[this.staleCount++] = b;
  }

  private allStale(): void {
    const blocks = this.staleBlock.length;
    for (let b = 0; b < blocks; b++) this.stale(b);
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
    const { n, tour, buf } = this;
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
      this.put(p, buf[t]);
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

  /** Brings the stale blocks' sums and the block prefixes up to date. */
  private refreshPrefix(): void {
    if (this.staleCount === 0) return;
    const { n, c, tour, inFwd, inBwd, totFwd, totBwd, blockFwd, blockBwd, staleBlock, staleList } = this;
    for (let s = 0; s < this.staleCount; s++) {
      const b = staleList[s];
      staleBlock[b] = 0;
      const lo = b << BLOCK_SHIFT;
      const hi = Math.min(n, lo + (1 << BLOCK_SHIFT));
      let f = 0;
      let r = 0;
      for (let p = lo; p < hi; p++) {
        inFwd[p] = f;
        inBwd[p] = r;
        const u = tour[p];
        const v = tour[p + 1 === n ? 0 : p + 1];
        f += c[u * n + v];
        r += c[v * n + u];
      }
      totFwd[b] = f;
      totBwd[b] = r;
    }
    this.staleCount = 0;
    for (let b = 0; b < totFwd.length; b++) {
      blockFwd[b + 1] = blockFwd[b] + totFwd[b];
      blockBwd[b + 1] = blockBwd[b] + totBwd[b];
    }
  }

  /** Cost change of reversing the path u…v (forward from u) in place: backward minus forward. */
  private reversalDelta(u: number, v: number): number {
    const { inFwd, inBwd, blockFwd, blockBwd } = this;
    const i = this.pos[u];
    const j = this.pos[v];
    // Sums of the arcs leaving positions 0 … i-1 and 0 … j-1, forwards and backwards.
    const fi = blockFwd[i >> BLOCK_SHIFT] + inFwd[i];
    const fj = blockFwd[j >> BLOCK_SHIFT] + inFwd[j];
    const bi = blockBwd[i >> BLOCK_SHIFT] + inBwd[i];
    const bj = blockBwd[j >> BLOCK_SHIFT] + inBwd[j];
    if (i <= j) return bj - bi - (fj - fi);
    const blocks = this.totFwd.length;
    return blockBwd[blocks] - bi + bj - (blockFwd[blocks] - fi + fj);
  }

  /** Reverses the path u…v (forward from u) in the tour array. */
  private reverse(u: number, v: number): void {
    const { n, tour, pos } = this;
    let i = pos[u];
    let j = pos[v];
    let len = j - i >= 0 ? j - i + 1 : j - i + 1 + n;
    for (len >>= 1; len > 0; len--) {
      const x = tour[i];
      const y = tour[j];
      this.put(i, y);
      this.put(j, x);
      i = i + 1 === n ? 0 : i + 1;
      j = j === 0 ? n - 1 : j - 1;
    }
  }

  /**
   * 2-opt with reversal. On near-symmetric matrices (kro124p, ry48p) local optima of Or-3opt
   * often differ from better tours by one reversed path, which no orientation-preserving move
   * reaches; prefix sums price the reversed path in O(1).
   */
  twoOptFrom(a: number): boolean {
    const { n, c, k, eps, candOut, candOutLen } = this;
    this.refreshPrefix();
    const tol = eps + 1e-12 * Math.abs(this.blockFwd[this.totFwd.length]);
    let bestGain = tol;
    let r1 = -1;
    let r2 = -1;
    // a keeps its place and takes x as successor: a → x…a1 (reversed) → succ(x).
    const a1 = this.succ(a);
    const ca = c[a * n + a1];
    for (let s = 0, ls = candOutLen[a]; s < ls; s++) {
      const x = candOut[a * k + s];
      const g1 = ca - c[a * n + x];
      if (g1 <= eps) break;
      if (x === a1) continue;
      const x1 = this.succ(x);
      const gain = g1 + c[x * n + x1] - c[a1 * n + x1] - this.reversalDelta(a1, x);
      if (gain > bestGain) {
        bestGain = gain;
        r1 = a1;
        r2 = x;
      }
    }
    // a heads the reversed path and takes y as successor: pred(a) → pred(y)…a (reversed) → y.
    const a0 = this.pred(a);
    const cb = c[a0 * n + a];
    for (let s = 0, ls = candOutLen[a]; s < ls; s++) {
      const y = candOut[a * k + s];
      const g1 = cb - c[a * n + y];
      if (g1 <= eps) break;
      if (y === a1) continue;
      const y0 = this.pred(y);
      const gain = g1 + c[y0 * n + y] - c[a0 * n + y0] - this.reversalDelta(a, y0);
      if (gain > bestGain) {
        bestGain = gain;
        r1 = a;
        r2 = y0;
      }
    }
    if (r1 < 0) return false;
    const before = this.pred(r1);
    const after = this.succ(r2);
    this.reverse(r1, r2);
    this.cost -= bestGain;
    this.push(r1);
    this.push(r2);
    this.push(before);
    this.push(after);
    return true;
  }

  /** Runs Or-3opt (and 2-opt) until no queued node improves or `maxPops` were tried; true if work is left. */
  localSearch(maxPops: number): boolean {
    for (let i = 0; this.qLen > 0 && i < maxPops; i++) {
      const a = this.pop();
      if (this.improveFrom(a) || (this.params.twoOpt && this.twoOptFrom(a))) this.push(a);
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
    // Sort the three offsets without allocating.
    const lo = Math.min(o1, o2, o3);
    const hi = Math.max(o1, o2, o3);
    o2 = o1 + o2 + o3 - lo - hi;
    o1 = lo;
    o3 = hi;
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

  /** Makes the current tour the one restore() returns to. */
  save(): void {
    this.epoch++;
    this.journalLen = 0;
  }

  /** Returns to the tour of the last save(), rewriting only the positions changed since. */
  restore(): void {
    const { tour, pos, journalPos, journalVal } = this;
    for (let t = this.journalLen - 1; t >= 0; t--) {
      const p = journalPos[t];
      const v = journalVal[t];
      tour[p] = v;
      pos[v] = p;
      this.staleAround(p);
    }
    this.save();
  }
}
