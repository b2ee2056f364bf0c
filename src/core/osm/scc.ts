/**
 * Largest strongly connected component of the turn graph (iterative Tarjan, so a long road chain
 * cannot overflow the call stack). Arcs rather than junctions are the vertices: one-ways, missing
 * U-turns and turn restrictions all decide what is reachable.
 */
import type { RoadGraph } from './road-graph';
import { EDGE } from './road-graph';

export function largestArcComponent(g: RoadGraph): Uint8Array {
  const A = g.arcCount;
  const index = new Int32Array(A).fill(-1);
  const low = new Int32Array(A);
  const comp = new Int32Array(A).fill(-1);
  const onStack = new Uint8Array(A);
  const stack = new Int32Array(A);
  const calls = new Int32Array(A);
  const next = new Uint32Array(A);
  let sp = 0;
  let cp = 0;
  let counter = 0;
  let comps = 0;
  const sizes: number[] = [];
  for (let s = 0; s < A; s++) {
    if (index[s] >= 0) continue;
    if (!(g.edgeFlags[s >> 1] & ((s & 1) === 0 ? EDGE.FORWARD : EDGE.BACKWARD))) continue;
    index[s] = low[s] = counter++;
    stack[sp++] = s;
    onStack[s] = 1;
    calls[cp++] = s;
    next[s] = g.turnStart[s];
    while (cp > 0) {
      const v = calls[cp - 1];
      if (next[v] < g.turnStart[v + 1]) {
        const w = g.turnTo[next[v]++];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          calls[cp++] = w;
          next[w] = g.turnStart[w];
        } else if (onStack[w] && index[w] < low[v]) low[v] = index[w];
        continue;
      }
      cp--;
      if (low[v] === index[v]) {
        let size = 0;
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          comp[w] = comps;
          size++;
        } while (w !== v);
        sizes.push(size);
        comps++;
      }
      if (cp > 0) {
        const u = calls[cp - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
    }
  }
  const out = new Uint8Array(A);
  if (comps === 0) return out;
  let best = 0;
  for (let c = 1; c < comps; c++) if (sizes[c] > sizes[best]) best = c;
  for (let a = 0; a < A; a++) if (comp[a] === best) out[a] = 1;
  return out;
}
