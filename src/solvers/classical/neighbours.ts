/**
 * Neighbour lists over clients, ranked by d(i,j) + d(j,i): on asymmetric matrices a neighbour is
 * close in both directions. Ruin operators walk them to remove related clients together.
 */
import type { PlanContext } from './plan';

export interface Neighbours {
  /** Client list per node: row i holds up to `k` clients nearest to i (i itself excluded). */
  list: Int32Array;
  k: number;
}

export function buildNeighbours(ctx: PlanContext, k: number): Neighbours {
  const { n, clients } = ctx;
  const cost = ctx.arcCost[0];
  const kk = Math.min(k, Math.max(0, clients.length - 1));
  const list = new Int32Array(n * kk).fill(-1);
  const order = new Int32Array(clients.length);
  const key = new Float64Array(n);
  for (const i of clients) {
    let m = 0;
    for (const j of clients) {
      if (j === i) continue;
      const d = cost[i * n + j] + cost[j * n + i];
      key[j] = Number.isFinite(d) ? d : Number.MAX_VALUE;
      order[m++] = j;
    }
    const sorted = Array.from(order.subarray(0, m)).sort((a, b) => key[a] - key[b] || a - b);
    for (let t = 0; t < kk; t++) list[i * kk + t] = sorted[t];
  }
  return { list, k: kk };
}
