/**
 * One neural rollout as a state machine over the core rules (src/core/rules.ts): the decode
 * loop asks it for the action mask, moves it, and reads the decoder context from it. The
 * Python training environment (models/training/envs.py) implements the same semantics;
 * tests/neural/rules-parity.test.ts replays its traces here.
 *
 * Action space: node indices. For the VRPs the depot (node 0, see `depotFirst`) closes the
 * current route and opens a new one. Mask:
 * - client j: not visited and checkNext(...) === 'ok' (reachability, capacity, time windows);
 * - depot: forbidden only when the vehicle is already at the depot and some client is still
 *   allowed; at the depot with no client allowed it is the only action, and taking it ends the
 *   rollout (the unvisited clients are unassigned);
 * - finished rollouts: only the depot (ATSP: the current node), so that the decoder always
 *   sees one allowed action; the decode loop ignores their choice.
 */
import { routeCost } from '../../core/costs';
import { clientNodes, depotMask, usesTimeWindows, type Instance } from '../../core/instance';
import { traitsOf } from '../../core/problems';
import { advance, beginRoute, finishRoute, maskInto, type RouteState } from '../../core/rules';
import { permuteNodes } from '../../core/scenario/instance-copy';
import type { Route, Solution } from '../../core/solution';
import { unassignedReason } from '../../core/unassigned';

export type NeuralProblem = 'atsp' | 'acvrp' | 'acvrptw';
export const NEURAL_PROBLEMS: readonly NeuralProblem[] = ['atsp', 'acvrp', 'acvrptw'];

export function isNeuralProblem(kind: string): kind is NeuralProblem {
  return (NEURAL_PROBLEMS as readonly string[]).includes(kind);
}

/** Largest finite entry (1 when there is none or it is 0): the normalisation of D' and T'. */
export function maxFinite(m: Float64Array): number {
  let mx = 0;
  for (let i = 0; i < m.length; i++) {
    const v = m[i];
    if (v > mx && Number.isFinite(v)) mx = v;
  }
  return mx > 0 ? mx : 1;
}

const maxDurations = new WeakMap<Instance, number>();

/** maxFinite of the durations, once per instance: every rollout of a decode (800 at POMO ×8) reads it. */
export function maxDuration(inst: Instance): number {
  let mx = maxDurations.get(inst);
  if (mx === undefined) {
    mx = maxFinite(inst.duration);
    maxDurations.set(inst, mx);
  }
  return mx;
}

export class RolloutEnv {
  readonly inst: Instance;
  readonly n: number;
  readonly vrp: boolean;
  readonly tw: boolean;
  readonly depot: number;
  readonly capacity: number;
  readonly maxT: number;
  readonly visited: Uint8Array;
  state: RouteState;
  done = false;
  /** The objective of the closed routes (and of the ATSP tour once closed), as the evaluator scores them. */
  cost = 0;
  steps = 0;
  readonly routes: number[][] = [];
  private current: number[] = [];
  private remaining: number;
  private readonly clientCount: number;
  private lastStop = -1;
  private readonly isDepot: Uint8Array;

  constructor(inst: Instance) {
    this.inst = inst;
    this.n = inst.n;
    this.vrp = !traitsOf(inst.kind).tour;
    this.tw = usesTimeWindows(inst.kind);
    this.depot = this.vrp ? inst.depot : -1;
    if (this.vrp && this.depot !== 0) throw new RangeError('RolloutEnv expects the depot at node 0 (use depotFirst)');
    this.capacity = inst.vehicles[0].capacity;
    this.maxT = maxDuration(inst);
    this.isDepot = depotMask(inst);
    this.visited = new Uint8Array(inst.n);
    this.remaining = clientNodes(inst).length;
    this.clientCount = this.remaining;
    this.state = beginRoute(inst, 0);
  }

  /**
   * Current node: -1 before an ATSP tour's first stop; the depot between VRP routes; a finished
   * ATSP tour stays on its last stop (as in Python; the closing arc is in `cost`).
   */
  get node(): number {
    return this.done && !this.vrp ? this.lastStop : this.state.node;
  }

  get first(): number {
    return this.state.first;
  }

  /** Writes the decode mask (1 = allowed) into out[offset..offset + n); returns the number of allowed actions. */
  mask(out: Uint8Array, offset = 0): number {
    const n = this.n;
    if (this.done) {
      out.fill(0, offset, offset + n);
      out[offset + (this.vrp ? this.depot : Math.max(0, this.node))] = 1;
      return 1;
    }
    const clients = maskInto(this.inst, this.state, this.visited, out, offset);
    if (this.vrp) {
      const allowed = this.state.node !== this.depot || clients === 0 ? 1 : 0;
      out[offset + this.depot] = allowed;
      return clients + allowed;
    }
    return clients;
  }

  /** Moves the rollout to node a (finished rollouts ignore it). */
  step(a: number): void {
    if (this.done) return;
    this.steps++;
    const inst = this.inst;
    if (this.vrp && a === this.depot) {
      if (this.state.node === this.depot) {
        this.done = true; // nothing allowed: the rest is unassigned
        return;
      }
      finishRoute(inst, this.state);
      this.cost += routeCost(inst, this.state);
      this.routes.push(this.current);
      this.current = [];
      this.state = beginRoute(inst, 0);
      if (this.remaining === 0) this.done = true;
      return;
    }
    if (this.isDepot[a] || this.visited[a]) throw new RangeError(`action ${a} is not a client that can still be visited`);
    advance(inst, this.state, a);
    this.lastStop = a;
    this.visited[a] = 1;
    this.current.push(a);
    this.remaining--;
    if (!this.vrp && this.remaining === 0) {
      finishRoute(inst, this.state);
      this.cost += routeCost(inst, this.state);
      this.routes.push(this.current);
      this.current = [];
      this.done = true;
    }
  }

  /**
   * Finishes the rollout without the model: the nearest allowed stop by distance (ties to the
   * lower index), the depot when no client is allowed, under the same mask. What Stop gets
   * before the decode has finished (n steps of O(n) each: ~10 ms at n = 1000).
   */
  completeNearest(): void {
    const buf = new Uint8Array(this.n);
    const dist = this.inst.distance;
    while (!this.done) {
      this.mask(buf);
      const from = this.node;
      let best = -1;
      let bestD = Infinity;
      for (let j = 0; j < this.n; j++) {
        if (!buf[j] || (this.vrp && j === this.depot)) continue;
        const d = from < 0 ? 0 : dist[from * this.n + j];
        if (best < 0 || d < bestD) {
          best = j;
          bestD = d;
        }
      }
      if (best < 0) {
        if (!this.vrp) return; // an ATSP tour with nothing allowed cannot go on (unreachable nodes)
        best = this.depot;
      }
      this.step(best);
    }
  }

  /** Clients visited so far. */
  get visitedCount(): number {
    return this.clientCount - this.remaining;
  }

  /** Remaining capacity as a fraction and time / max T: the decoder context's state part. */
  contextState(out: Float32Array, offset: number): void {
    if (!this.vrp) return;
    out[offset] = (this.capacity - this.state.load) / this.capacity;
    if (this.tw) out[offset + 1] = this.state.time / this.maxT;
  }

  /** Clients not visited (when done: unassigned). */
  unvisited(): number[] {
    const out: number[] = [];
    for (let j = 0; j < this.n; j++) if (!this.isDepot[j] && !this.visited[j]) out.push(j);
    return out;
  }

  /** The rollout as a Solution (open routes included), for evaluate(). */
  solution(): Solution {
    const routes: Route[] = this.routes.filter((r) => r.length > 0).map((stops) => ({ vehicle: 0, stops: stops.slice() }));
    if (this.current.length > 0) routes.push({ vehicle: 0, stops: this.current.slice() });
    const fleetLeft = () => true;
    return { routes, unassigned: this.unvisited().map((node) => ({ node, reason: unassignedReason(this.inst, node, fleetLeft) })) };
  }
}

/** A solution in depot-first numbering back in the instance's own (the inverse of depotFirst). */
export function mapBack(sol: Solution, toOriginal: Int32Array): Solution {
  return {
    routes: sol.routes.map((r) => ({ vehicle: r.vehicle, stops: r.stops.map((j) => toOriginal[j]) })),
    unassigned: sol.unassigned.map((u) => ({ ...u, node: toOriginal[u.node] })),
  };
}

/**
 * The neural models expect the depot at node 0. Returns the instance unchanged when it already
 * is, else the instance renumbered with the depot first, and `toOriginal` to map node indices back.
 */
export function depotFirst(inst: Instance): { inst: Instance; toOriginal: Int32Array } {
  const n = inst.n;
  if (traitsOf(inst.kind).tour || inst.depot === 0) return { inst, toOriginal: Int32Array.from({ length: n }, (_, i) => i) };
  const order = [inst.depot];
  for (let i = 0; i < n; i++) if (i !== inst.depot) order.push(i);
  return { inst: permuteNodes(inst, order), toOriginal: Int32Array.from(order) };
}
