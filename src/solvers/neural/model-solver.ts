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
import { polish, type Found } from './polish';
import { createSession, sessionOptions, timedLoad, type InferenceRunner, type SessionOptions } from './session';
import type { ModelSource, NeuralPlan, NeuralVariant } from './solver';

/** The part of a manifest entry (RRNCO-S or CAMP-S) that loading its graphs reads. */
export interface GraphsEntry<P extends string> {
  id: string;
  problem: P;
  config: { d: number; k: number };
  files: { encoder: string; step: string };
}

/** A model's two inference sessions and the sizes its decoder needs (decode.ts's DecodeModel, pvrp-decode.ts's PvrpModel). */
export interface LoadedGraphs<P extends string> {
  problem: P;
  d: number;
  k: number;
  encoder: InferenceRunner;
  step: InferenceRunner;
}

/** Loads an entry's graphs into `cache` once per (model, files, backend); a failed load is forgotten so that a later call retries. */
export function loadGraphs<P extends string>(cache: Map<string, Promise<LoadedGraphs<P>>>, entry: GraphsEntry<P>, source: ModelSource, options: SessionOptions): Promise<LoadedGraphs<P>> {
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
    async warm(_problem, options) {
      const { model, ms } = await timedLoad(() => load(sessionOptions(options)));
      return { backend: model.encoder.backend, ms };
    },
  };
}
