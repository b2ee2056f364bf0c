/**
 * Neural solvers built from manifest entries (models are data: no code per model). Anytime:
 * greedy POMO on the plain coordinates first (a solution within one decode), then — for the
 * POMO×8 variant — the seven other augmentations, then sampling rounds over all eight until
 * the time limit or Stop. On VRPs of 60 clients or more, passes that re-decode groups of
 * neighbouring routes as small instances (decompose.ts) take the place of sampling; from 150
 * clients they also take the place of the other augmentations, right after the first decode.
 * On ATSPs of 60 nodes or more, passes that re-decode windows of the tour as small instances
 * (tour-windows.ts) take the same places.
 * Routes are re-scored by the core evaluator like every solver's.
 * The registry builds them from models/manifest.json with `neuralSolvers(manifest, source)`.
 */
import type { Instance, ProblemKind } from '../../core/instance';
import { Rng } from '../../core/random';
import type { SolveControl, SolveOptions, Solver } from '../solver';
import type { Found } from './polish';
import { ALL_AUGMENTATIONS, decode, type DecodeBest, type DecodeModel } from './decode';
import { SECTOR_STARTS, decomposable, decomposePass, groupDecode, largeForModels, longRoutes, routePass, sectored, sectorSolution } from './decompose';
import { depotFirst } from './env';
import { normalise, type Normalised } from './features';
import { allStarts, augsPerDecode, plannedStarts } from './plan';
import { TOUR_WINDOWS_GREEDY_MIN_N, windowPass, windowed } from './tour-windows';
import type { Manifest, ModelEntry } from './manifest';
import { campModels, usableModels } from './manifest';
import { makePvrpNeuralSolver } from './pvrp-solver';
import { BestSoFar, inBatches, loadGraphs, modelSolver } from './model-solver';
import type { SessionOptions } from './session';

/** Where model files come from: the file system (CLI, tests) or a URL (workers). */
export interface ModelSource {
  read(file: string): Promise<Uint8Array>;
}

export function fetchSource(base: string | URL): ModelSource {
  return {
    async read(file) {
      const res = await fetch(new URL(file, base));
      if (!res.ok) throw new Error(`model file ${file}: HTTP ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

export type NeuralPlan = 'greedy' | 'pomo8' | 'pomo8-ls';

export interface NeuralVariant {
  id: string;
  name: string;
  plan: NeuralPlan;
  description: string;
}

export const NEURAL_VARIANTS: NeuralVariant[] = [
  { id: 'neural', name: 'Neural (POMO ×8)', plan: 'pomo8', description: 'RRNCO-S policy (CAMP-S for PVRP-P / PVRP-ZC): greedy from every start (a spread set of them past ~250 stops) on 8 coordinate symmetries, then sampling until the time limit (CAMP-S: the clients of random pairs of vehicles re-decoded as their own instances until the time limit). VRPs from 60 stops: groups of neighbouring routes re-decoded as small instances (~30 stops; from 150 stops ~100, right after the first greedy; from 450 stops the first answer decodes sectors of ~300 stops around the depot side by side instead of the whole) until the time limit, in place of sampling; where routes average 15 stops or more, every fifth pass re-decodes each route alone. ATSP from 60 stops: windows of ~50 stops of the tour re-decoded as paths until the time limit, in place of sampling (from 150 stops right after the first greedy).' },
  { id: 'neural-greedy', name: 'Neural greedy', plan: 'greedy', description: 'RRNCO-S policy (CAMP-S for PVRP-P / PVRP-ZC): one greedy rollout from every start (a spread set of them past ~250 stops), no augmentation. VRPs from 450 stops: sectors of ~300 stops around the depot decoded side by side, then four greedy passes that re-decode groups of neighbouring routes (~100 stops) and keep them where cheaper, and where routes average 15 stops or more one that re-decodes every route alone; ATSP from 200 stops: four greedy passes that re-decode windows of ~50 stops of the tour as paths. The answer does not depend on the time limit.' },
  {
    id: 'neural-ls',
    name: 'Neural + local search',
    plan: 'pomo8-ls',
    description: 'RRNCO-S policy (CAMP-S for PVRP-P / PVRP-ZC), greedy POMO ×8 (×1 past ~250 stops; VRPs from 450 stops: sectors of ~300 stops decoded side by side), then the classical search (atsp-ils / sisr) polishes its best routes for the rest of the time.',
  },
];

/**
 * Passes neural-greedy runs on a sectored VRP (decompose.ts: from SECTOR_MIN_N clients), after
 * the sectors; below that it decodes the whole instance once and runs no pass unless asked
 * (`params.decomposePasses`). n = 999, ACVRP, five cities × two seeds, Node (BENCHMARKS.md,
 * "Session 13"): against savings, sectors +5.9 % (0.7 s), then per pass +3.0, +1.5, +0.6, −0.5,
 * −1.2 % (~0.48 s each); the whole instance's greedy (before) +9.1 % on the same ten
 * samples (20 samples: −0.32 % with four passes against +7.6 %). Four passes end at ~2.6 s,
 * within the CLI's 3 s with the model's load; in headless Chromium (WASM, 2 threads, a quiet
 * machine) the run takes 3.2–4.2 s, within its 5 s. A fifth pass would take the CLI past 3 s.
 */
export const GREEDY_PASSES = 4;

/** Share of the time limit the neural + LS variant may spend on the ×8 augmentations before polishing. */
export const LS_NEURAL_SHARE = 0.4;

const models = new Map<string, Promise<DecodeModel>>();

export function loadModel(entry: ModelEntry, source: ModelSource, options: SessionOptions = {}): Promise<DecodeModel> {
  return loadGraphs(models, entry, source, options);
}

export function makeNeuralSolver(entry: ModelEntry, source: ModelSource, variant: NeuralVariant): Solver {
  return modelSolver(entry, variant, (options) => loadModel(entry, source, options), neuralSearch, LS_NEURAL_SHARE);
}

/**
 * The anytime neural search: greedy POMO on the plain coordinates (the first answer: finished
 * unless Stop comes, and then the most advanced rollout is finished by nearest stop; on a sectored
 * VRP, decompose.ts, the sectors instead, unless `params.sectors` is false), then for
 * POMO ×8 the seven other augmentations, then sampling rounds over all eight (not for the LS
 * variant, which hands over after the augmentations) until `deadline`. On a decomposable VRP
 * (decompose.ts: from 60 clients) neural runs decomposition passes instead of sampling, until
 * `deadline` (from 150 clients right after the first answer, without the other augmentations;
 * neural-greedy a fixed number, then a route pass that re-decodes each route alone; neural makes
 * every ROUTE_PASS_EVERY-th pass a route pass; both only where routes are long),
 * and on an ATSP of TOUR_WINDOWS_MIN_N nodes window passes (tour-windows.ts) in the same places;
 * a pass cut short leaves a complete solution. The starts are bounded
 * by the plan (plan.ts: all of them up to n = 252); past the first batch, augmentations go in
 * batches the plan allows, and a batch is only begun when the time the first one took says it
 * ends before the deadline (an interrupted batch is lost work).
 */
async function neuralSearch(
  model: DecodeModel,
  instance: Instance,
  plan: NeuralPlan,
  options: SolveOptions,
  control: SolveControl | undefined,
  t0: number,
  deadline: number,
): Promise<Found> {
  const { inst, toOriginal } = depotFirst(instance);
  // The whole instance's normalised matrices only when it is decoded whole: not for sectors (1 M entries at n = 999).
  let norm: Normalised | null = null;
  const rng = new Rng(options.seed);
  const starts = plannedStarts(inst);
  const perDecode = augsPerDecode(inst.n, starts.length);
  const aborted = () => !!control?.signal?.aborted;
  const expired = () => aborted() || performance.now() >= deadline;
  const found = new BestSoFar<DecodeBest>(t0, options.timeLimitMs, control, toOriginal);
  let iterations = 0;
  let msPerAug = 0;
  const batches = (augs: number[]) => inBatches(augs, perDecode);
  // VRPs: passes that re-decode groups of routes as small instances (decompose.ts) take the place
  // of sampling; on large ones, of the whole instance's other augmentations too.
  // ATSPs: passes that re-decode windows of the tour (tour-windows.ts), in the same places.
  const tourWindows = !decomposable(inst) && windowed(inst);
  // Group passes (window passes on an ATSP), then neural-greedy's route passes; neural makes every
  // routeEvery-th of its group passes a route pass instead. A route pass runs on long routes only,
  // unless `params.routePasses` asks for the trailing ones.
  const groupPasses = tourWindows ? windowPasses(plan, inst, options.params) : decomposable(inst) ? decomposePasses(plan, inst, options.params) : 0;
  const routePasses = !tourWindows && decomposable(inst) ? routePassCount(plan, inst, options.params) : 0;
  const passes = groupPasses + routePasses;
  const routeEvery = plan === 'pomo8' && !tourWindows ? Number(options.params?.routePassEvery ?? ROUTE_PASS_EVERY) : 0;
  const routesAsked = options.params?.routePasses !== undefined;
  // A large instance begins from sectors instead of the whole decode (`params.sectors: false`: the
  // whole). Neural + LS polishes them: at n = 999, 30 s, ten ACVRP samples, it ended +0.12 % against
  // classical from sectors and +1.21 % from the whole greedy (BENCHMARKS.md, "Session 13"; the
  // polish then started 10× cooler, and from sectors it is −1.50 % since, "Session 14").
  const fromSectors = sectored(inst) && options.params?.sectors !== false && (passes > 0 || plan === 'pomo8-ls');
  const phases: { augs: number[]; mode: 'greedy' | 'sample'; first: boolean }[] = fromSectors ? [] : [{ augs: [0], mode: 'greedy', first: true }];
  if (fromSectors) {
    const res = await sectorSolution(model, inst, { augs: [0], starts: SECTOR_STARTS, rng, shouldStop: aborted });
    iterations++;
    // A sector without a feasible answer (a client no rollout could serve): the whole decode instead.
    if (res) found.offer({ solution: res.solution, cost: res.cost, unassigned: 0, augmentation: 0, start: -1 });
    else phases.push({ augs: [0], mode: 'greedy', first: true });
  }
  const wholeAugs = passes === 0 || !largeForModels(inst);
  // Neural + LS on an instance too large for all starts goes to the search after the first batch:
  // at n = 999 (30 s) the seven augmentations took 643-692 MB at peak instead of 454-467 MB and
  // did not make the polished cost better (ACVRP 176 994 vs 177 208, ACVRPTW 605 335 vs 602 281).
  const bounded = starts.length < allStarts(inst).length;
  if (wholeAugs && (plan === 'pomo8' || (plan === 'pomo8-ls' && !bounded))) for (const augs of batches([1, 2, 3, 4, 5, 6, 7])) phases.push({ augs, mode: 'greedy', first: false });
  const maxRounds = plan === 'pomo8' && passes === 0 ? Number(options.params?.samplingRounds ?? Infinity) : 0;
  const roundBatches = batches(ALL_AUGMENTATIONS);
  for (let p = 0; ; p++) {
    const round = Math.floor((p - phases.length) / roundBatches.length);
    const phase = p < phases.length ? phases[p] : round < maxRounds ? { augs: roundBatches[(p - phases.length) % roundBatches.length], mode: 'sample' as const, first: false } : null;
    if (!phase) break;
    if (phase.first ? aborted() : expired()) break;
    if (!phase.first && performance.now() + msPerAug * phase.augs.length > deadline) break;
    const began = performance.now();
    const res = await decode(model, inst, (norm ??= normalise(inst)), { augs: phase.augs, starts, mode: phase.mode, rng, shouldStop: phase.first ? aborted : expired, completeOnStop: phase.first });
    if (phase.first) msPerAug = performance.now() - began;
    iterations++;
    found.offer(res.best);
    if (res.stopped) break;
  }
  // neural-greedy's passes, like its first decode, end on Stop only: its answer does not depend on the time limit.
  const passStop = plan === 'greedy' ? aborted : expired;
  for (let pass = 0; pass < passes && found.best && !passStop(); pass++) {
    const from = found.best;
    const trailing = pass >= groupPasses;
    const routeTurn = trailing || (routeEvery > 0 && pass % routeEvery === routeEvery - 1);
    const byRoute = routeTurn && ((trailing && routesAsked) || longRoutes(from.solution));
    if (trailing && !byRoute) break;
    const res = tourWindows
      ? await windowPass(model, inst, from.solution, { augs: WINDOW_AUGS, starts: WINDOW_STARTS, rng, shouldStop: passStop })
      : byRoute
        ? await routePass(model, inst, from.solution, { rng, shouldStop: passStop })
        : await decomposePass(model, inst, from.solution, { ...groupDecode(inst), rng, shouldStop: passStop });
    iterations++;
    found.offer({ ...from, solution: res.solution, cost: res.cost });
    if (res.stopped) break;
  }
  return found.found(iterations);
}

/**
 * Window passes neural-greedy runs on an ATSP of TOUR_WINDOWS_GREEDY_MIN_N nodes or more, after
 * the whole tour's greedy decode. Liechtenstein, Monaco and Copenhagen, seed 5, against classical
 * at 3 s (BENCHMARKS.md, "Session 16"): n = 999 the decode alone 53.0 %, then 1 pass 40.4 %, 3
 * 31.6 %, 4 28.3 % (2.2–2.3 s in all), 6 26.6 % (2.5–2.8 s); n = 500 1 pass 23.9 %, 4 19.0 %;
 * n = 200 13.9 and 10.8 %. A pass at n = 999 takes 0.1–0.15 s.
 */
export const GREEDY_WINDOW_PASSES = 4;

/** Augmentations and starts per window of a pass. */
export const WINDOW_AUGS = [0, 1];
export const WINDOW_STARTS = 8;

/**
 * Window passes per plan on an ATSP (tour-windows.ts): neural runs them until its deadline in
 * place of sampling (and on large ones of the other augmentations), neural-greedy
 * GREEDY_WINDOW_PASSES from TOUR_WINDOWS_GREEDY_MIN_N nodes (cut by Stop only), and neural + LS
 * none: at n = 999 (10 s) passes in its neural share left the polished cost where it was (+0.15 %
 * against classical with them, −0.13 % without). `params.windowPasses` overrides the count.
 */
function windowPasses(plan: NeuralPlan, inst: Instance, params: Record<string, unknown> | undefined): number {
  const greedy = inst.n >= TOUR_WINDOWS_GREEDY_MIN_N ? GREEDY_WINDOW_PASSES : 0;
  const passes = Number(params?.windowPasses ?? (plan === 'greedy' ? greedy : plan === 'pomo8' ? Infinity : 0));
  return passes > 0 ? passes : 0;
}

/**
 * Decomposition passes per plan: neural runs them until its deadline, neural-greedy GREEDY_PASSES
 * (cut by Stop only, like its first decode). Neural + LS runs none: at n = 999 (ACVRP, 30 s, five
 * cities) passes in its neural share left the polished cost where it was (−17.8 % against savings
 * with them, −18.0 % without; BENCHMARKS.md). `params.decomposePasses` overrides the count (0: the
 * search of smaller instances).
 */
function decomposePasses(plan: NeuralPlan, inst: Instance, params: Record<string, unknown> | undefined): number {
  if (plan === 'pomo8-ls') return 0;
  const passes = Number(params?.decomposePasses ?? (plan !== 'greedy' ? Infinity : sectored(inst) ? GREEDY_PASSES : 0));
  return passes > 0 ? passes : 0;
}

/**
 * Route passes (decompose.ts, routePass) neural-greedy runs on a sectored VRP after its
 * GREEDY_PASSES group passes, where the routes are long (longRoutes); the other plans run none.
 * `params.routePasses` overrides the count, long routes or not.
 */
export const GREEDY_ROUTE_PASSES = 1;

/**
 * neural (POMO ×8) makes every ROUTE_PASS_EVERY-th of its passes a route pass, where the routes
 * are long (longRoutes); `params.routePassEvery` overrides it (0: none). ACVRP, `neural` 10 s, the
 * five cities × seeds 5–6, against savings (BENCHMARKS.md, "Session 17"): n = 999 −4.51 % without,
 * every 3rd −4.01 %, 5th −5.17 %, 8th −4.71 %; n = 500 −2.59 % without, every 5th −3.06 %.
 */
export const ROUTE_PASS_EVERY = 5;

function routePassCount(plan: NeuralPlan, inst: Instance, params: Record<string, unknown> | undefined): number {
  const passes = Number(params?.routePasses ?? (plan === 'greedy' && sectored(inst) ? GREEDY_ROUTE_PASSES : 0));
  return passes > 0 ? passes : 0;
}

/** Every neural solver the manifest supports (one per variant and problem with a model). */
export function neuralSolvers(manifest: Manifest, source: ModelSource): Solver[] {
  const out: Solver[] = [];
  for (const variant of NEURAL_VARIANTS) {
    // RRNCO-S models (atsp, acvrp, acvrptw) and CAMP-S models (pvrp-p, pvrp-zc: pvrp-solver.ts).
    const solvers: [ProblemKind, Solver][] = [
      ...usableModels(manifest).map((e): [ProblemKind, Solver] => [e.problem, makeNeuralSolver(e, source, variant)]),
      ...campModels(manifest).map((e): [ProblemKind, Solver] => [e.problem, makePvrpNeuralSolver(e, source, variant, LS_NEURAL_SHARE)]),
    ];
    if (solvers.length === 0) continue;
    // One solver id per variant covering all problems with a model: dispatch on the instance kind.
    const byProblem = new Map(solvers);
    const first = byProblem.values().next().value!;
    out.push({
      ...first,
      problems: [...byProblem.keys()],
      description: variant.description,
      solve: (inst, options, control) => {
        const s = byProblem.get(inst.kind);
        if (!s) return Promise.reject(new Error(`${variant.id}: no model for ${inst.kind}`));
        return s.solve(inst, options, control);
      },
      // Only the model of the problem asked for: the other problems' models stay unloaded.
      warm: (problem, options) => {
        const s = byProblem.get(problem);
        if (!s?.warm) return Promise.reject(new Error(`${variant.id}: no model for ${problem}`));
        return s.warm(problem, options);
      },
    });
  }
  return out;
}
