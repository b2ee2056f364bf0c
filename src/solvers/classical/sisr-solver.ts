/** The SISR engine as a registered, anytime solver for the VRP kinds. */
import { Rng } from '../../core/random';
import type { Solver } from '../solver';
import { runAnytime } from '../anytime';
import { Plan, PlanContext } from './plan';
import { DEFAULT_SISR, Sisr, better, type SisrParams } from './sisr';

/** Search parameters from options.params (numbers only; anything else keeps the default). */
function readParams(params: Record<string, unknown> | undefined): SisrParams {
  const p = { ...DEFAULT_SISR };
  for (const key of Object.keys(p) as (keyof SisrParams)[]) {
    const v = params?.[key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) p[key] = v;
  }
  return p;
}


export const sisrSolver: Solver = {
  id: 'sisr',
  name: 'SISR ruin & recreate',
  family: 'classical',
  problems: ['acvrp', 'acvrptw', 'pvrp-p', 'pvrp-zc'],
  backends: ['js'],
  description: 'String removals + greedy insertion with blinks, simulated annealing (Christiaens & Vanden Berghe 2020).',
  async solve(instance, options, control) {
    const t0 = performance.now();
    const ctx = new PlanContext(instance);
    const params = readParams(options.params);
    const engine = new Sisr(ctx, new Rng(options.seed), params);
    let cur: Plan = options.initial ? engine.complete(Plan.fromSolution(ctx, options.initial)) : engine.construct();
    let curCost = cur.cost();
    let best = cur;
    let bestCost = curCost;
    let bestAt = performance.now() - t0;
    // A given solution (neural + LS) is polished at a fresh run's temperatures: starting 10× cooler
    // left neural-ls 0.1–1.2 points further from classical at every n and budget measured
    // (n = 100 at 0.5–2 s to n = 999 at 60 s, BENCHMARKS.md "Session 14"); the best is kept anyway.
    const tStart = engine.scale * params.t0;
    const tEnd = engine.scale * params.tf;
    const limit = options.timeLimitMs;
    // With an iteration budget the cooling follows iterations, not the clock: runs repeat exactly.
    const maxIterations = Number(options.params?.iterations ?? 0) || Infinity;
    let iteration = 0;
    const rng = engine.rng;
    return runAnytime(
      {
        step() {
          if (iteration >= maxIterations) return false;
          const frac = Number.isFinite(maxIterations) ? iteration / maxIterations : Math.min(1, (performance.now() - t0) / limit);
          iteration++;
          const temp = tStart * Math.pow(tEnd / tStart, frac);
          const cand = engine.neighbour(cur);
          const candCost = cand.cost();
          const accept =
            cand.unassigned.length < cur.unassigned.length ||
            (cand.unassigned.length === cur.unassigned.length && candCost < curCost - temp * Math.log(rng.next()));
          if (accept) {
            cur = cand;
            curCost = candCost;
            if (better(cur, curCost, best, bestCost)) {
              best = cur;
              bestCost = curCost;
              bestAt = performance.now() - t0;
            }
          }
          return ctx.clients.length > 0;
        },
        best: () => ({ solution: () => best.toSolution(ctx), cost: bestCost }),
        timeToBestMs: () => bestAt,
      },
      limit,
      control,
      t0,
    );
  },
};
