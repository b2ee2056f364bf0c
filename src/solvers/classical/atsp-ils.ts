/**
 * Iterated local search for the asymmetric TSP, as an anytime solver. The start tour is the
 * assignment relaxation with its cycles patched (nearest neighbour where that is worse); then
 * descent with the moves of atsp-moves.ts, and kicks accepted when not worse. After a long run
 * without a strict gain the current tour is shaken by a few tour-wide double bridges and the walk
 * goes on from there.
 */
import { costOfRoute, priceTables } from '../../core/costs';
import { Rng } from '../../core/random';
import type { Solution } from '../../core/solution';
import { runAnytime } from '../anytime';
import type { Solver } from '../solver';
import { AtspIls, DEFAULT_ATSP_ILS, type AtspIlsParams } from './atsp-moves';
import { Assignment, Patching, bruteForce, initialTour } from './atsp-start';

function readParams(params: Record<string, unknown> | undefined): AtspIlsParams {
  const p = { ...DEFAULT_ATSP_ILS };
  if (typeof params?.neighbours === 'number' && params.neighbours >= 1) p.neighbours = Math.floor(params.neighbours);
  if (typeof params?.kickSpan === 'number' && params.kickSpan >= 3) p.kickSpan = Math.floor(params.kickSpan);
  if (typeof params?.stagnation === 'number' && params.stagnation >= 1) p.stagnation = Math.floor(params.stagnation);
  if (typeof params?.shakeKicks === 'number' && params.shakeKicks >= 0) p.shakeKicks = Math.floor(params.shakeKicks);
  if (typeof params?.twoOpt === 'boolean') p.twoOpt = params.twoOpt;
  if (typeof params?.assignment === 'boolean') p.assignment = params.assignment;
  if (typeof params?.iterations === 'number' && params.iterations >= 0) p.iterations = params.iterations;
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
    // One vehicle: the salesman.
    const raw = priceTables(instance).arc[0];
    const rng = new Rng(options.seed);
    const params = readParams(options.params);
    const ils = new AtspIls(raw, n, rng, params);

    const tiny = n <= 9;
    const given = tiny ? null : initialTour(options.initial, n);
    ils.setTour(tiny ? bruteForce(ils.c, n) : (given ?? ils.nearestNeighbour()));
    const best = Int32Array.from(ils.tour);
    let bestCost = ils.cost;
    let bestAt = performance.now() - t0;
    const toSolution = (): Solution => ({ routes: n ? [{ vehicle: 0, stops: Array.from(best) }] : [], unassigned: [] });

    // Phases: assignment relaxation (row by row), patching its cycles into a start tour, descent
    // from that tour (a bounded number of nodes per step), then kicks. Every phase takes short
    // steps so that Stop is seen promptly.
    // A given tour (neural + local search) is polished directly: no assignment start.
    let phase: 'assign' | 'patch' | 'descend' | 'kick' = params.assignment && !given ? 'assign' : 'descend';
    const ap = phase === 'assign' ? new Assignment(ils.c, n) : null;
    let patching: Patching | null = null;
    let kicks = 0;
    let sinceImproved = 0;
    if (phase === 'descend') ils.activateAll();

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

    const kickStep = (): boolean => {
      if (kicks >= params.iterations) return false;
      kicks++;
      if (sinceImproved >= params.stagnation) {
        // Equal-cost acceptance has stopped moving: shake the current tour with kicks spread
        // over the whole tour and walk on from wherever that lands, worse or not.
        sinceImproved = 0;
        for (let i = 0; i < params.shakeKicks; i++) ils.kick(n - 1);
        ils.localSearch(Infinity);
        ils.cost = ils.exactCost();
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
    };

    return runAnytime(
      {
        step() {
          if (tiny) return false;
          switch (phase) {
            case 'assign':
              ap!.step();
              if (ap!.done()) {
                patching = new Patching(ils.c, n, ap!.successors());
                phase = 'patch';
              }
              return true;
            case 'patch':
              if (!patching!.step()) {
                const next = patching!.next;
                const order = new Int32Array(n);
                for (let p = 0, x = 0; p < n; p++, x = next[x]) order[p] = x;
                const nnCost = ils.cost;
                const nn = Int32Array.from(ils.tour);
                ils.setTour(order);
                // The patched assignment is the better start where the relaxation is tight
                // (rbg*), the nearest-neighbour tour where it is loose (ft53, p43).
                if (nnCost < ils.cost) ils.setTour(nn);
                ils.activateAll();
                phase = 'descend';
              }
              return true;
            case 'descend':
              if (ils.localSearch(n)) return true;
              keepIfBest();
              ils.save();
              phase = 'kick';
              return true;
            default:
              return kickStep();
          }
        },
        best: () => ({ solution: toSolution, cost: bestCost === Infinity ? Infinity : costOfRoute(instance, 0, best) }),
        timeToBestMs: () => bestAt,
      },
      options.timeLimitMs,
      control,
      t0,
    );
  },
};
