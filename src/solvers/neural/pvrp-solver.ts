/**
 * The neural solvers on CAMP-S models (PVRP-P, PVRP-ZC): the same three variants as RRNCO-S
 * (solver.ts builds both from the manifest), with the PVRP decode loop (pvrp-decode.ts):
 * - neural-greedy: one greedy rollout from every start, plain coordinates;
 * - neural: that, then the 7 other coordinate symmetries (greedy), then re-decode passes until the
 *   time limit (pvrp-redecode.ts: the clients of random pairs of vehicles re-decoded as their own
 *   instance, kept where cheaper). At n = 100 / m = 7 (PVRP-P, held-out cities, 10 s) that took the
 *   mean gap from 8.1 % (the rounds that came before: greedy on fresh neighbour draws alternating
 *   with sampling, still there with `params.redecodePasses: 0`) to 4.2 % (BENCHMARKS.md, Neural III);
 * - neural-ls: greedy ×8 within LS_NEURAL_SHARE of the time, then sisr polishes the best routes.
 * Routes are re-scored by the evaluator like every solver's; bans and preferences are read from
 * the instance's vehicles, so what a planner paints in the editor is what the model sees.
 */
import type { Instance } from '../../core/instance';
import { Rng } from '../../core/random';
import type { SolveControl, SolveOptions, Solver } from '../solver';
import { ALL_AUGMENTATIONS } from './decode';
import { depotFirst } from './env';
import type { CampModelEntry } from './manifest';
import type { Found } from './polish';
import { decodePvrp, pvrpStarts, type PvrpDecodeBest, type PvrpModel } from './pvrp-decode';
import { DECODE_WORK, START_WORK } from './plan';
import { pvrpNormalise } from './pvrp-features';
import { redecodePass } from './pvrp-redecode';
import { BestSoFar, inBatches, loadGraphs, modelSolver } from './model-solver';
import type { SessionOptions } from './session';
import type { ModelSource, NeuralPlan, NeuralVariant } from './solver';

const models = new Map<string, Promise<PvrpModel>>();

export function loadPvrpModel(entry: CampModelEntry, source: ModelSource, options: SessionOptions = {}): Promise<PvrpModel> {
  return loadGraphs(models, entry, source, options);
}

export function makePvrpNeuralSolver(entry: CampModelEntry, source: ModelSource, variant: NeuralVariant, lsShare: number): Solver {
  return modelSolver(entry, variant, (options) => loadPvrpModel(entry, source, options), pvrpSearch, lsShare);
}

/**
 * How much POMO a PVRP instance affords (as plan.ts does for RRNCO-S; a step costs ~m·n per
 * rollout and a rollout ~n steps): every start while starts · n² · m stays within START_WORK,
 * else that many spread evenly over the clients; augmentations per decode call within DECODE_WORK.
 */
export function pvrpPlan(inst: Instance): { starts: number[]; perDecode: number } {
  const n = inst.n;
  const m = inst.vehicles.length;
  const all = pvrpStarts(inst, n - 1);
  const count = Math.max(1, Math.min(all.length, Math.floor(START_WORK / (n * n * m))));
  const starts = count >= all.length ? all : Array.from({ length: count }, (_, i) => all[Math.floor((i * all.length) / count)]);
  return { starts, perDecode: Math.max(1, Math.floor(DECODE_WORK / (starts.length * n * n * m))) };
}

/** Greedy on the plain coordinates (always finished unless Stop), the other augmentations, then re-decode passes (plan 'pomo8'). */
async function pvrpSearch(model: PvrpModel, instance: Instance, plan: NeuralPlan, options: SolveOptions, control: SolveControl | undefined, t0: number, deadline: number): Promise<Found> {
  const { inst, toOriginal } = depotFirst(instance);
  const norm = pvrpNormalise(inst);
  const rng = new Rng(options.seed);
  const aborted = () => !!control?.signal?.aborted;
  const expired = () => aborted() || performance.now() >= deadline;
  const found = new BestSoFar<PvrpDecodeBest>(t0, options.timeLimitMs, control, toOriginal);
  let iterations = 0;
  const { starts, perDecode } = pvrpPlan(inst);
  const batches = (augs: number[]) => inBatches(augs, perDecode);
  type Phase = { augs: number[]; mode: 'greedy' | 'sample'; mustFinish: boolean };
  const phases: Phase[] = [{ augs: [0], mode: 'greedy', mustFinish: true }];
  if (plan !== 'greedy') phases.push(...batches(ALL_AUGMENTATIONS.slice(1)).map((augs): Phase => ({ augs, mode: 'greedy', mustFinish: false })));
  // After POMO ×8, neural re-decodes vehicle groups (pvrp-redecode.ts) until the time limit;
  // `params.redecodePasses: 0` gives it the redraw / sampling rounds instead.
  const passes = plan === 'pomo8' ? Number(options.params?.redecodePasses ?? Infinity) : 0;
  const groupSize = options.params?.redecodeVehicles === undefined ? undefined : Number(options.params.redecodeVehicles);
  const maxRounds = plan === 'pomo8' && passes === 0 ? Number(options.params?.samplingRounds ?? Infinity) : 0;
  const sampling = batches(ALL_AUGMENTATIONS);
  for (let p = 0; ; p++) {
    const q = p - phases.length;
    const round = Math.floor(q / sampling.length);
    // even rounds: greedy on the next neighbour draw (the rng has moved on), odd rounds: sampling
    const phase = p < phases.length ? phases[p] : round < maxRounds ? { augs: sampling[q % sampling.length], mode: round % 2 === 0 ? ('greedy' as const) : ('sample' as const), mustFinish: false } : null;
    if (!phase) break;
    if (phase.mustFinish ? aborted() : expired()) break;
    const res = await decodePvrp(model, inst, norm, { augs: phase.augs, starts, mode: phase.mode, rng, shouldStop: phase.mustFinish ? aborted : expired });
    iterations++;
    found.offer(res.best);
    if (res.stopped) break;
  }
  for (let pass = 0; pass < passes && found.best && found.best.unassigned === 0 && !expired(); pass++) {
    const res = await redecodePass(model, inst, found.best.solution, { rng, groupSize, plan: pvrpPlan, shouldStop: expired });
    iterations++;
    found.offer({ solution: res.solution, cost: res.cost, unassigned: 0, augmentation: -1, start: -1 });
    if (res.stopped) break;
  }
  return found.found(iterations);
}
