/**
 * One CAMP-S rollout on a PVRP instance (PVRP-P, PVRP-ZC) as a state machine over the core rules:
 * every vehicle keeps its own RouteState (src/core/rules.ts), the decode loop asks for the mask of
 * (vehicle, node) pairs, moves one vehicle per step and reads the decoder context. The Python
 * environment (models/training/pvrp_env.py) implements the same semantics;
 * tests/neural/pvrp-parity.test.ts replays its traces here.
 *
 * Actions are flat pairs a = k·n + j (vehicle k, node j; the depot is node 0, see depotFirst).
 * - (k, client j): j not served and checkNext(inst, state_k, j) === 'ok' (zone bans, reachability,
 *   capacity); a vehicle whose trips are used up (count·trips) cannot leave the depot again.
 * - (k, depot): vehicle k is away (it closes its trip; the load resets, the next trip starts).
 * - nothing allowed (every vehicle home, no client servable): only (0, depot), which ends the
 *   rollout (the rest is unassigned); finished rollouts: only (0, depot).
 * When the last client is served every vehicle still out drives home (vehicle order) and the
 * rollout ends. Cost = the evaluator's objective, summed route by route with routeCost.
 */
import { routeCost, weighted } from '../../core/costs';
import { clientNodes, type Instance } from '../../core/instance';
import { advance, beginRoute, checkNext, finishRoute, type RouteState } from '../../core/rules';
import type { Route, Solution } from '../../core/solution';
import { unassignedReason } from '../../core/unassigned';
import { maxDuration } from './env';

export type PvrpProblem = 'pvrp-p' | 'pvrp-zc';
export const PVRP_PROBLEMS: readonly PvrpProblem[] = ['pvrp-p', 'pvrp-zc'];

export function isPvrpProblem(kind: string): kind is PvrpProblem {
  return (PVRP_PROBLEMS as readonly string[]).includes(kind);
}

/** Per-vehicle state values of the decoder context (PVRP_STATE_LAYOUT in pvrp_features.py). */
export const PVRP_STATE = 4;

// parity-fingerprint: begin (the rules of the pair decode; see fingerprint.py)
export class PvrpRolloutEnv {
  readonly inst: Instance;
  readonly n: number;
  readonly m: number;
  readonly visited: Uint8Array;
  readonly states: RouteState[];
  readonly maxT: number;
  done = false;
  /** The objective of the closed trips, as the evaluator scores them. */
  cost = 0;
  /** Its weighted travel part (distance and time terms, no preference). */
  travelCost = 0;
  steps = 0;
  readonly routes: Route[] = [];
  private readonly current: number[][];
  /** Travel time of each vehicle's closed trips. */
  private readonly closedTravel: Float64Array;
  private readonly tripsUsed: Int32Array;
  private readonly tripLimit: number[];
  private readonly clients: number;
  private remaining: number;
  /**
   * The client part of the mask, row by vehicle, kept between steps: a move changes only the
   * moving vehicle's row (its node and load) and the served client's column, so only those are
   * recomputed (the rules are asked exactly what a full recomputation would ask them).
   */
  private readonly rows: Uint8Array;
  private readonly dirty: Uint8Array;

  constructor(inst: Instance) {
    if (inst.depot !== 0) throw new RangeError('PvrpRolloutEnv expects the depot at node 0 (use depotFirst)');
    this.inst = inst;
    this.n = inst.n;
    this.m = inst.vehicles.length;
    this.visited = new Uint8Array(inst.n);
    this.states = inst.vehicles.map((_, k) => beginRoute(inst, k));
    this.current = inst.vehicles.map(() => []);
    this.closedTravel = new Float64Array(this.m);
    this.tripsUsed = new Int32Array(this.m);
    this.tripLimit = inst.vehicles.map((v) => v.count * v.trips);
    this.clients = clientNodes(inst).length;
    this.remaining = this.clients;
    this.maxT = maxDuration(inst);
    this.rows = new Uint8Array(this.m * this.n);
    this.dirty = new Uint8Array(this.m).fill(1);
  }

  /** Writes the pair mask (1 = allowed, [k·n + j]) into out[offset..offset + m·n); returns the number allowed. */
  mask(out: Uint8Array, offset = 0): number {
    const { n, m } = this;
    out.fill(0, offset, offset + n * m);
    if (this.done) {
      out[offset] = 1;
      return 1;
    }
    let count = 0;
    for (let k = 0; k < m; k++) {
      const s = this.states[k];
      const away = s.node !== 0;
      if (this.dirty[k]) {
        const base = k * n;
        this.rows.fill(0, base, base + n);
        if (away || this.tripsUsed[k] < this.tripLimit[k]) {
          for (let j = 1; j < n; j++) if (!this.visited[j] && checkNext(this.inst, s, j) === 'ok') this.rows[base + j] = 1;
        }
        this.dirty[k] = 0;
      }
      if (away) {
        out[offset + k * n] = 1;
        count++;
      }
      for (let j = 1; j < n; j++) {
        if (this.rows[k * n + j]) {
          out[offset + k * n + j] = 1;
          count++;
        }
      }
    }
    if (count === 0) {
      out[offset] = 1;
      return 1;
    }
    return count;
  }

  /** Moves the rollout by the flat action a = k·n + j (finished rollouts ignore it). */
  step(a: number): void {
    if (this.done) return;
    this.steps++;
    const k = Math.floor(a / this.n);
    const j = a % this.n;
    if (j === 0) {
      if (this.states[k].node === 0) {
        this.done = true; // nothing was allowed: the rest is unassigned
        return;
      }
      this.closeTrip(k);
      return;
    }
    if (this.visited[j]) throw new RangeError(`action (${k}, ${j}): client ${j} is already served`);
    advance(this.inst, this.states[k], j);
    this.visited[j] = 1;
    this.dirty[k] = 1;
    for (let v = 0; v < this.m; v++) this.rows[v * this.n + j] = 0;
    this.current[k].push(j);
    this.remaining--;
    if (this.remaining === 0) {
      for (let v = 0; v < this.m; v++) if (this.states[v].node !== 0) this.closeTrip(v);
      this.done = true;
    }
  }

  private closeTrip(k: number): void {
    const inst = this.inst;
    const s = this.states[k];
    finishRoute(inst, s);
    this.cost += routeCost(inst, s);
    this.travelCost += weighted(inst.objective.distanceWeight, s.distance) + weighted(inst.objective.timeWeight, s.travel);
    this.closedTravel[k] += s.travel;
    this.tripsUsed[k]++;
    this.routes.push({ vehicle: k, stops: this.current[k] });
    this.current[k] = [];
    this.states[k] = beginRoute(inst, k);
    this.dirty[k] = 1;
  }

  /** [(capacity − load)/capacity, travel/maxT, at depot, share unserved] per vehicle, at out[offset + stride·k]. */
  vehicleState(out: Float32Array, offset: number, stride = PVRP_STATE): void {
    const left = 1 - (this.clients - this.remaining) / Math.max(1, this.clients);
    for (let k = 0; k < this.m; k++) {
      const s = this.states[k];
      const cap = this.inst.vehicles[k].capacity;
      const o = offset + stride * k;
      out[o] = (cap - s.load) / cap;
      out[o + 1] = (this.closedTravel[k] + s.travel) / this.maxT;
      out[o + 2] = s.node === 0 ? 1 : 0;
      out[o + 3] = left;
    }
  }
  // parity-fingerprint: end

  /** Node each vehicle is at. */
  node(k: number): number {
    return this.states[k].node;
  }

  unvisited(): number[] {
    return clientNodes(this.inst).filter((j) => !this.visited[j]);
  }

  /** The rollout as a Solution (trips still open included), for evaluate(). */
  solution(): Solution {
    const routes: Route[] = this.routes.filter((r) => r.stops.length > 0).map((r) => ({ vehicle: r.vehicle, stops: r.stops.slice() }));
    this.current.forEach((stops, k) => {
      if (stops.length > 0) routes.push({ vehicle: k, stops: stops.slice() });
    });
    const fleetLeft = () => true;
    return { routes, unassigned: this.unvisited().map((node) => ({ node, reason: unassignedReason(this.inst, node, fleetLeft) })) };
  }
}
