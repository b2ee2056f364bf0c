/**
 * Start tours for the ATSP search: the assignment relaxation with its cycles patched into one
 * tour (Karp), exhaustive search where the instance is tiny, or a tour the caller gives.
 */
import type { Solution } from '../../core/solution';

/**
 * The assignment relaxation (every node one successor, subtours allowed), by the Hungarian method
 * with shortest augmenting paths, one row per call so that the anytime loop keeps checking Stop.
 * Where the relaxation is tight (rbg*: its bound equals the optimum) patching its few cycles
 * lands on or next to an optimal tour, which neighbour-list local search on a matrix full of
 * zero-cost ties struggles to find from a nearest-neighbour start.
 */
export class Assignment {
  /** Row and column potentials, 1-based (index 0 is the Hungarian method's scratch slot). */
  private readonly u: Float64Array;
  private readonly v: Float64Array;
  /** Row assigned to each column, 1-based; 0 when free. */
  private readonly p: Int32Array;
  private readonly way: Int32Array;
  private readonly minv: Float64Array;
  private readonly used: Uint8Array;
  private row = 1;

  constructor(
    private readonly c: Float64Array,
    private readonly n: number,
  ) {
    this.u = new Float64Array(n + 1);
    this.v = new Float64Array(n + 1);
    this.p = new Int32Array(n + 1);
    this.way = new Int32Array(n + 1);
    this.minv = new Float64Array(n + 1);
    this.used = new Uint8Array(n + 1);
  }

  done(): boolean {
    return this.row > this.n;
  }

  /** Assigns the next row, re-routing earlier ones along the cheapest augmenting path. */
  step(): void {
    const { c, n, u, v, p, way, minv, used } = this;
    const i = this.row++;
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      const base = (i0 - 1) * n - 1;
      const ui = u[i0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = c[base + j] - ui - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }

  /** The assignment as a successor array (a set of cycles). */
  successors(): Int32Array {
    const next = new Int32Array(this.n);
    for (let j = 1; j <= this.n; j++) next[this.p[j] - 1] = j - 1;
    return next;
  }
}

/**
 * Karp's patching: merges the cycles of a successor array into one tour, each step joining the
 * two cycles whose cheapest exchange of successors costs least (ties: the lowest node pair).
 * Scanning every pair for every merge is O(n²) per step, seconds at n = 1000 with a few hundred
 * cycles; instead each node keeps its best partner in another cycle, and a merge re-derives only
 * what it changed: the pairs of the two nodes whose successors were exchanged, and the nodes
 * whose partner is now in their own cycle. The merges are exactly those of the full scan.
 */
export class Patching {
  private readonly cycle: Int32Array;
  private readonly members: number[][];
  /** Best partner of each node in another cycle (-1: none) and the exchange's cost change. */
  private readonly partner: Int32Array;
  private readonly change: Float64Array;
  private cycles = 0;

  constructor(
    private readonly c: Float64Array,
    private readonly n: number,
    /** The successor array; step() edits it in place. */
    readonly next: Int32Array,
  ) {
    this.cycle = new Int32Array(n).fill(-1);
    this.members = [];
    for (let s = 0; s < n; s++) {
      if (this.cycle[s] >= 0) continue;
      const nodes: number[] = [];
      for (let x = s; this.cycle[x] < 0; x = next[x]) {
        this.cycle[x] = this.cycles;
        nodes.push(x);
      }
      this.members.push(nodes);
      this.cycles++;
    }
    this.partner = new Int32Array(n).fill(-1);
    this.change = new Float64Array(n).fill(Infinity);
    if (this.cycles > 1) for (let i = 0; i < n; i++) this.rescan(i);
  }

  /** Cost change of exchanging the successors of a and b, summed as the full scan sums it. */
  private delta(a: number, b: number): number {
    const { c, n, next } = this;
    const i = a < b ? a : b;
    const j = a < b ? b : a;
    const si = next[i];
    const sj = next[j];
    return c[i * n + sj] + c[j * n + si] - c[i * n + si] - c[j * n + sj];
  }

  /** i's best partner over every node of another cycle (lowest index on ties). */
  private rescan(i: number): void {
    const { n, cycle } = this;
    let best = Infinity;
    let bj = -1;
    for (let j = 0; j < n; j++) {
      if (cycle[j] === cycle[i]) continue;
      const d = this.delta(i, j);
      if (d < best) {
        best = d;
        bj = j;
      }
    }
    this.partner[i] = bj;
    this.change[i] = best;
  }

  /** Offers j as i's partner (its exchange cost may have changed). */
  private offer(i: number, j: number): void {
    if (this.cycle[j] === this.cycle[i]) return;
    const d = this.delta(i, j);
    if (d < this.change[i] || (d === this.change[i] && j < this.partner[i])) {
      this.change[i] = d;
      this.partner[i] = j;
    }
  }

  /** Joins two cycles; false once the successor array is one tour (no merge was left, or this was the last). */
  step(): boolean {
    if (this.cycles <= 1) return false;
    const { n, next, cycle, partner, change } = this;
    let bi = -1;
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      if (change[i] < best) {
        best = change[i];
        bi = i;
      }
    }
    const bj = partner[bi];
    const t = next[bi];
    next[bi] = next[bj];
    next[bj] = t;
    // The smaller cycle takes the larger one's label.
    let keep = cycle[bi];
    let drop = cycle[bj];
    if (this.members[keep].length < this.members[drop].length) [keep, drop] = [drop, keep];
    for (const x of this.members[drop]) {
      cycle[x] = keep;
      this.members[keep].push(x);
    }
    this.members[drop] = [];
    this.cycles--;
    if (this.cycles > 1) {
      for (let i = 0; i < n; i++) {
        const p = partner[i];
        if (i === bi || i === bj || p === bi || p === bj || (p >= 0 && cycle[p] === cycle[i])) this.rescan(i);
        else {
          this.offer(i, bi);
          this.offer(i, bj);
        }
      }
    }
    return this.cycles > 1;
  }
}

/** Exhaustive search for tiny instances, where kicks have no room. */
export function bruteForce(c: Float64Array, n: number): Int32Array {
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

/** The tour of a given one-route solution when it visits every node exactly once, else null. */
export function initialTour(sol: Solution | undefined, n: number): Int32Array | null {
  if (!sol || sol.routes.length !== 1) return null;
  const stops = sol.routes[0].stops;
  if (stops.length !== n) return null;
  const seen = new Uint8Array(n);
  for (const j of stops) {
    if (!Number.isInteger(j) || j < 0 || j >= n || seen[j]) return null;
    seen[j] = 1;
  }
  return Int32Array.from(stops);
}
