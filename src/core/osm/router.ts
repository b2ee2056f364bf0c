/**
 * One-to-many shortest paths on the edge-based road graph. Labels sit on arcs: the best route
 * weight on arriving at an arc's head (W) and on entering it at its tail (EW, what a target on that
 * arc needs). The route is chosen by weight (duration adjusted by the profile's route-choice
 * multipliers, as OSRM's "routability"); its duration and distance are reported, as OSRM's table
 * reports the distance of the fastest route. An indexed binary heap over typed arrays; the search
 * stops once no open label can improve any target.
 */
import { arcWeight, arcTime, EDGE, edgeLength, type RoadGraph } from './road-graph';
import { partialFromTail, partialToHead, ahead, type RoadPosition } from './road-position';

/** Targets grouped by edge, with their partial costs from each arc's tail precomputed. */
export class TargetSet {
  readonly n: number;
  /** Targets on edge e: edgeTargets[edgeStart[e] … edgeStart[e+1]-1]. */
  readonly edgeStart: Uint32Array;
  readonly edgeTargets: Uint32Array;
  /** Per target and direction (2j forward, 2j+1 backward): cost from the arc's tail to the target. */
  readonly fromTailW: Float64Array;
  readonly fromTailT: Float64Array;
  readonly fromTailD: Float64Array;

  constructor(
    readonly graph: RoadGraph,
    readonly positions: RoadPosition[],
  ) {
    this.n = positions.length;
    const E = graph.edgeCount;
    this.edgeStart = new Uint32Array(E + 1);
    for (const p of positions) this.edgeStart[p.edge + 1]++;
    for (let e = 0; e < E; e++) this.edgeStart[e + 1] += this.edgeStart[e];
    this.edgeTargets = new Uint32Array(this.n);
    const fill = this.edgeStart.slice(0, E);
    positions.forEach((p, j) => {
      this.edgeTargets[fill[p.edge]++] = j;
    });
    this.fromTailW = new Float64Array(2 * this.n);
    this.fromTailT = new Float64Array(2 * this.n);
    this.fromTailD = new Float64Array(2 * this.n);
    positions.forEach((p, j) => {
      for (const dir of [0, 1]) {
        const c = partialFromTail(graph, p, 2 * p.edge + dir);
        this.fromTailW[2 * j + dir] = c.weight;
        this.fromTailT[2 * j + dir] = c.time;
        this.fromTailD[2 * j + dir] = c.dist;
      }
    });
  }
}

/** Result of one search: per target, weight/time/distance and how it was reached. */
export interface SearchResult {
  weight: Float64Array;
  time: Float64Array;
  dist: Float64Array;
  /** ≥ 0: entered the arc via[j] at its tail; -2 - a: straight along arc a from the source; -1: unreached. */
  via: Int32Array;
}

export class RoadRouter {
  private W: Float64Array;
  private T: Float64Array;
  private D: Float64Array;
  private EW: Float64Array;
  private ET: Float64Array;
  private ED: Float64Array;
  private pred: Int32Array;
  private entryPred: Int32Array;
  private heap: Int32Array;
  private heapPos: Int32Array;
  private heapSize = 0;
  private touched: Int32Array;
  private touchedCount = 0;
  private isTouched: Uint8Array;
  private arcW: Float64Array;
  private arcT: Float64Array;
  private arcD: Float64Array;
  private drivable: Uint8Array;
  /** Arcs settled by the last search (a measure of work). */
  settled = 0;

  constructor(readonly graph: RoadGraph) {
    const A = graph.arcCount;
    this.W = new Float64Array(A).fill(Infinity);
    this.T = new Float64Array(A);
    this.D = new Float64Array(A);
    this.EW = new Float64Array(A).fill(Infinity);
    this.ET = new Float64Array(A);
    this.ED = new Float64Array(A);
    this.pred = new Int32Array(A).fill(-1);
    this.entryPred = new Int32Array(A).fill(-1);
    this.heap = new Int32Array(A);
    this.heapPos = new Int32Array(A).fill(-1);
    this.touched = new Int32Array(A);
    this.isTouched = new Uint8Array(A);
    this.arcW = new Float64Array(A);
    this.arcT = new Float64Array(A);
    this.arcD = new Float64Array(A);
    this.drivable = new Uint8Array(A);
    for (let a = 0; a < A; a++) {
      this.arcW[a] = arcWeight(graph, a);
      this.arcT[a] = arcTime(graph, a);
      this.arcD[a] = edgeLength(graph, a >> 1);
      this.drivable[a] = graph.edgeFlags[a >> 1] & ((a & 1) === 0 ? EDGE.FORWARD : EDGE.BACKWARD) ? 1 : 0;
    }
  }

  /** Shortest (by weight) routes from `source` to every target of `targets`. */
  search(source: RoadPosition, targets: TargetSet, out?: SearchResult): SearchResult {
    const g = this.graph;
    const n = targets.n;
    const res: SearchResult = out ?? {
      weight: new Float64Array(n),
      time: new Float64Array(n),
      dist: new Float64Array(n),
      via: new Int32Array(n),
    };
    res.weight.fill(Infinity);
    res.time.fill(Infinity);
    res.dist.fill(Infinity);
    res.via.fill(-1);
    this.reset();
    const { W, T, D, EW, ET, ED, pred, entryPred, arcW, arcT, arcD, drivable } = this;
    const tW = targets.fromTailW;
    const tT = targets.fromTailT;
    const tD = targets.fromTailD;
    let unreached = n;

    const e0 = source.edge;
    const { edgeStart, edgeTargets } = targets;
    const sameEdge = Array.from(edgeTargets.subarray(edgeStart[e0], edgeStart[e0 + 1]));
    for (const a of [2 * e0, 2 * e0 + 1]) {
      if (!drivable[a]) continue;
      const c = partialToHead(g, source, a);
      this.touch(a);
      W[a] = c.weight;
      T[a] = c.time;
      D[a] = c.dist;
      pred[a] = -1;
      this.push(a);
      // A target ahead on the same arc is reached without leaving the edge.
      const s = partialFromTail(g, source, a);
      const dir = a & 1;
      for (const j of sameEdge) {
        if (!ahead(g, source, targets.positions[j], a)) continue;
        const w = tW[2 * j + dir] - s.weight;
        if (w < res.weight[j]) {
          if (res.weight[j] === Infinity) unreached--;
          res.weight[j] = w;
          res.time[j] = tT[2 * j + dir] - s.time;
          res.dist[j] = tD[2 * j + dir] - s.dist;
          res.via[j] = -2 - a;
        }
      }
    }

    const { turnStart, turnTo, turnWeight, turnTime } = g;
    let maxTarget = Infinity;
    this.settled = 0;
    while (this.heapSize > 0) {
      const a = this.pop();
      this.settled++;
      const wa = W[a];
      if (unreached === 0 && wa >= maxTarget) {
        maxTarget = 0;
        for (let j = 0; j < n; j++) if (res.weight[j] > maxTarget) maxTarget = res.weight[j];
        if (wa >= maxTarget) break;
      }
      for (let k = turnStart[a]; k < turnStart[a + 1]; k++) {
        const b = turnTo[k];
        const ew = wa + turnWeight[k];
        if (ew >= EW[b]) continue;
        this.touch(b);
        EW[b] = ew;
        ET[b] = T[a] + turnTime[k];
        ED[b] = D[a];
        entryPred[b] = a;
        const w = ew + arcW[b];
        if (w < W[b]) {
          W[b] = w;
          T[b] = ET[b] + arcT[b];
          D[b] = ED[b] + arcD[b];
          pred[b] = a;
          if (this.heapPos[b] >= 0) this.up(this.heapPos[b]);
          else this.push(b);
        }
        const e = b >> 1;
        const t1 = edgeStart[e + 1];
        const dir = b & 1;
        for (let ti = edgeStart[e]; ti < t1; ti++) {
          const j = edgeTargets[ti];
          const v = ew + tW[2 * j + dir];
          if (v < res.weight[j]) {
            if (res.weight[j] === Infinity) unreached--;
            res.weight[j] = v;
            res.time[j] = ET[b] + tT[2 * j + dir];
            res.dist[j] = ED[b] + tD[2 * j + dir];
            res.via[j] = b;
          }
        }
      }
    }
    this.heapSize = 0;
    return res;
  }

  /**
   * Arcs of the route to a target found by the last search, first to last (the first starts at
   * the source, the last ends at the target). Call right after `search`.
   */
  arcsTo(via: number): number[] {
    if (via === -1) return [];
    if (via <= -2) return [-2 - via];
    const arcs = [via];
    let a = this.entryPred[via];
    while (a >= 0) {
      arcs.push(a);
      a = this.pred[a];
    }
    return arcs.reverse();
  }

  private touch(a: number): void {
    if (this.isTouched[a]) return;
    this.isTouched[a] = 1;
    this.touched[this.touchedCount++] = a;
  }

  private reset(): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const a = this.touched[i];
      this.W[a] = Infinity;
      this.EW[a] = Infinity;
      this.pred[a] = -1;
      this.entryPred[a] = -1;
      this.heapPos[a] = -1;
      this.isTouched[a] = 0;
    }
    this.touchedCount = 0;
    this.heapSize = 0;
  }

  private push(a: number): void {
    const i = this.heapSize++;
    this.heap[i] = a;
    this.heapPos[a] = i;
    this.up(i);
  }

  private up(i: number): void {
    const { heap, heapPos, W } = this;
    const a = heap[i];
    const w = W[a];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const b = heap[p];
      if (W[b] <= w) break;
      heap[i] = b;
      heapPos[b] = i;
      i = p;
    }
    heap[i] = a;
    heapPos[a] = i;
  }

  private pop(): number {
    const { heap, heapPos, W } = this;
    const top = heap[0];
    heapPos[top] = -2; // settled
    const last = heap[--this.heapSize];
    if (this.heapSize > 0) {
      let i = 0;
      const w = W[last];
      const size = this.heapSize;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && W[heap[c + 1]] < W[heap[c]]) c++;
        if (W[heap[c]] >= w) break;
        heap[i] = heap[c];
        heapPos[heap[i]] = i;
        i = c;
      }
      heap[i] = last;
      heapPos[last] = i;
    }
    return top;
  }
}
