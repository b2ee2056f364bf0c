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
 * Karp's patching: merges the cycles of a successor array into one tour, each call joining the
 * two cycles whose cheapest exchange of successors costs least. Returns false once one is left.
 */
export function patchOnce(c: Float64Array, n: number, next: Int32Array, cycle: Int32Array): boolean {
  let cycles = 0;
  cycle.fill(-1);
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
    const si = next[i];
    const ci = c[i * n + si];
    for (let j = i + 1; j < n; j++) {
      if (cycle[j] === cycle[i]) continue;
      const sj = next[j];
      const d = c[i * n + sj] + c[j * n + si] - ci - c[j * n + sj];
      if (d < best) {
        best = d;
        bi = i;
        bj = j;
      }
    }
  }
  const t = next[bi];
  next[bi] = next[bj];
  next[bj] = t;
  return cycles > 2;
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
