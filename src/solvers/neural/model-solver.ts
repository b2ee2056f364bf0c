/**
 * What the RRNCO-S (solver.ts) and CAMP-S (pvrp-solver.ts) neural solvers share: loading a
 * manifest entry's encoder and step graphs once per backend, and the Solver around a model's
 * anytime search (time share, polish by the classical search for neural-ls, the result). Only
 * the search itself (decode.ts / pvrp-decode.ts) differs between the two families.
 */
import { evaluate } from '../../core/evaluate';
import { clientNodes, type Instance } from '../../core/instance';
import type { Solution } from '../../core/solution';
import type { SolveControl, SolveOptions, Solver } from '../solver';
import type { DecodeModel } from './decode';
import { mapBack } from './env';
import { polish, type Found } from './polish';
import { createSession, sessionOptions, timedLoad, type SessionOptions } from './session';
import type { ModelSource, NeuralPlan, NeuralVariant } from './solver';
import { warmupInstance } from './warmup';

/** The part of a manifest entry (RRNCO-S or CAMP-S) that loading its graphs reads. */
export interface GraphsEntry<P extends string> {
  id: string;
  problem: P;
  config: { d: number; k: number };
  files: { encoder: string; step: string };
}


/** Loads an entry's graphs into `cache` once per (model, files, backend); a failed load is forgotten so that a later call retries. */
export function loadGraphs<P extends string>(cache: Map<string, Promise<DecodeModel<P>>>, entry: GraphsEntry<P>, source: ModelSource, options: SessionOptions): Promise<DecodeModel<P>> {
  const key = `${entry.id}|${entry.files.encoder}|${options.backend ?? 'auto'}`;
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const [encBytes, stepBytes] = await Promise.all([source.read(entry.files.encoder), source.read(entry.files.step)]);
      const [encoder, step] = await Promise.all([createSession(encBytes, options), createSession(stepBytes, options)]);
      return { problem: entry.problem, d: entry.config.d, k: entry.config.k, encoder, step };
    })();
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

/** A model's anytime search until `deadline` (performance.now() time; t0 is the solve's start). */
export type ModelSearch<M> = (model: M, instance: Instance, plan: NeuralPlan, options: SolveOptions, control: SolveControl | undefined, t0: number, deadline: number) => Promise<Found>;

/**
 * The Solver of one variant on one model: neural-ls searches for `lsShare` of the time limit and
 * hands the best routes to the classical polish; the others search for the whole limit.
 */
export function modelSolver<M extends { encoder: { backend: string } }>(
  entry: { id: string; problem: Instance['kind'] },
  variant: NeuralVariant,
  load: (options: SessionOptions) => Promise<M>,
  search: ModelSearch<M>,
  lsShare: number,
): Solver {
  return {
    id: variant.id,
    name: variant.name,
    family: 'neural',
    problems: [entry.problem],
    backends: ['webgpu', 'wasm', 'node'],
    description: `${variant.description} Model ${entry.id}.`,
    async solve(instance: Instance, options, control) {
      const t0 = performance.now();
      const { model, ms: startupMs } = await timedLoad(() => load(sessionOptions(options)));
      const share = variant.plan === 'pomo8-ls' ? lsShare : 1;
      const found = await search(model, instance, variant.plan, options, control, t0, t0 + share * options.timeLimitMs);
      const aborted = !!control?.signal?.aborted;
      const backend = model.encoder.backend;
      if (variant.plan === 'pomo8-ls' && found.best && !aborted) return { ...(await polish(instance, options, control, t0, found)), backend, startupMs };
      const elapsedMs = performance.now() - t0;
      const solution: Solution = found.best ?? { routes: [], unassigned: clientNodes(instance).map((node) => ({ node, reason: 'not-routed' as const })) };
      if (found.best && control?.onProgress) control.onProgress({ solution, cost: evaluate(instance, solution).cost, elapsedMs, fraction: 1 });
      return { solution, elapsedMs, timeToBestMs: found.bestAt, iterations: found.iterations, stopped: aborted, backend, startupMs };
    },
    // The sessions, then one greedy decode of a small instance (warmup.ts says why).
    async warm(_problem, options) {
      const t0 = performance.now();
      const model = await load(sessionOptions(options));
      await search(model, warmupInstance(entry.problem), 'greedy', { timeLimitMs: 60_000, seed: 1, backend: options.backend, params: options.params }, undefined, performance.now(), Infinity);
      return { backend: model.encoder.backend, ms: performance.now() - t0 };
    },
  };
}

/** A decode's best rollout, as decode.ts and pvrp-decode.ts report it (depot-first numbering). */
interface Rollout {
  solution: Solution;
  cost: number;
  unassigned: number;
}

/**
 * The best rollout of a search so far (fewer unassigned stops first, then the lower cost), when
 * it was found, and progress reported at each improvement in the instance's own numbering.
 */
export class BestSoFar<B extends Rollout> {
  best: B | null = null;
  bestAt = 0;

  constructor(
    private readonly t0: number,
    private readonly timeLimitMs: number,
    private readonly control: SolveControl | undefined,
    private readonly toOriginal: Int32Array,
  ) {}

  offer(b: B | null): void {
    const best = this.best;
    if (!b || (best && !(b.unassigned < best.unassigned || (b.unassigned === best.unassigned && b.cost < best.cost - 1e-9)))) return;
    this.best = b;
    this.bestAt = performance.now() - this.t0;
    if (this.control?.onProgress) {
      const now = performance.now() - this.t0;
      this.control.onProgress({ solution: mapBack(b.solution, this.toOriginal), cost: b.cost, elapsedMs: now, fraction: Math.min(1, now / this.timeLimitMs) });
    }
  }

  found(iterations: number): Found {
    return { best: this.best ? mapBack(this.best.solution, this.toOriginal) : null, bestAt: this.bestAt, iterations };
  }
}

/** Augmentations in decode calls of at most `size` each. */
export function inBatches(augs: number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < augs.length; i += size) out.push(augs.slice(i, i + size));
  return out;
}
