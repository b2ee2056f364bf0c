/**
 * Neural solvers built from manifest entries (models are data: no code per model). Anytime:
 * greedy POMO on the plain coordinates first (a solution within one decode), then — for the
 * POMO×8 variant — the seven other augmentations, then sampling rounds over all eight until
 * the time limit or Stop. Routes are re-scored by the core evaluator like every solver's.
 *
 * Not registered in src/solvers/registry.ts until models/manifest.json holds a model; the
 * registry will build them with `neuralSolvers(manifest, source)`.
 */
import { clientNodes, type Instance } from '../../core/instance';
import { evaluate } from '../../core/evaluate';
import { Rng } from '../../core/random';
import type { Solution } from '../../core/solution';
import type { Solver } from '../solver';
import { decode, type DecodeBest, type DecodeModel } from './decode';
import { depotFirst } from './env';
import { normalise } from './features';
import type { Manifest, ModelEntry } from './manifest';
import { usableModels } from './manifest';
import { createSession, type Backend, type SessionOptions } from './session';

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

export type NeuralPlan = 'greedy' | 'pomo8';

export interface NeuralVariant {
  id: string;
  name: string;
  plan: NeuralPlan;
  description: string;
}

export const NEURAL_VARIANTS: NeuralVariant[] = [
  { id: 'neural', name: 'Neural (POMO ×8)', plan: 'pomo8', description: 'RRNCO-S policy: greedy from every start on 8 coordinate symmetries, then sampling until the time limit.' },
  { id: 'neural-greedy', name: 'Neural greedy', plan: 'greedy', description: 'RRNCO-S policy: one greedy rollout from every start, no augmentation.' },
];

const models = new Map<string, Promise<DecodeModel>>();

export function loadModel(entry: ModelEntry, source: ModelSource, options: SessionOptions = {}): Promise<DecodeModel> {
  const key = `${entry.id}|${entry.files.encoder}|${options.backend ?? 'auto'}`;
  let p = models.get(key);
  if (!p) {
    p = (async () => {
      const [encBytes, stepBytes] = await Promise.all([source.read(entry.files.encoder), source.read(entry.files.step)]);
      const [encoder, step] = await Promise.all([createSession(encBytes, options), createSession(stepBytes, options)]);
      return { problem: entry.problem, d: entry.config.d, k: entry.config.k, encoder, step };
    })();
    p.catch(() => models.delete(key));
    models.set(key, p);
  }
  return p;
}

function mapBack(sol: Solution, toOriginal: Int32Array): Solution {
  return {
    routes: sol.routes.map((r) => ({ vehicle: r.vehicle, stops: r.stops.map((j) => toOriginal[j]) })),
    unassigned: sol.unassigned.map((u) => ({ ...u, node: toOriginal[u.node] })),
  };
}

export function makeNeuralSolver(entry: ModelEntry, source: ModelSource, variant: NeuralVariant): Solver {
  return {
    id: variant.id,
    name: variant.name,
    family: 'neural',
    problems: [entry.problem],
    backends: ['webgpu', 'wasm', 'node'],
    description: `${variant.description} Model ${entry.id}.`,
    async solve(instance: Instance, options, control) {
      const t0 = performance.now();
      const deadline = t0 + options.timeLimitMs;
      const model = await loadModel(entry, source, { backend: (options.backend as Backend | undefined) ?? 'auto', threads: Number(options.params?.threads ?? 0) || undefined });
      const { inst, toOriginal } = depotFirst(instance);
      const norm = normalise(inst);
      const rng = new Rng(options.seed);
      const aborted = () => !!control?.signal?.aborted;
      const expired = () => aborted() || performance.now() >= deadline;
      let best: DecodeBest | null = null;
      let bestAt = 0;
      let iterations = 0;
      const report = () => {
        if (!best || !control?.onProgress) return;
        const now = performance.now() - t0;
        control.onProgress({ solution: mapBack(best.solution, toOriginal), cost: best.cost, elapsedMs: now, fraction: Math.min(1, now / options.timeLimitMs) });
      };
      const phases: { augs: number[]; mode: 'greedy' | 'sample'; mustFinish: boolean }[] = [{ augs: [0], mode: 'greedy', mustFinish: true }];
      if (variant.plan === 'pomo8') phases.push({ augs: [1, 2, 3, 4, 5, 6, 7], mode: 'greedy', mustFinish: false });
      const maxRounds = Number(options.params?.samplingRounds ?? Infinity);
      for (let p = 0; ; p++) {
        const phase = p < phases.length ? phases[p] : variant.plan === 'pomo8' && p - phases.length < maxRounds ? { augs: [0, 1, 2, 3, 4, 5, 6, 7], mode: 'sample' as const, mustFinish: false } : null;
        if (!phase) break;
        if (phase.mustFinish ? aborted() : expired()) break;
        const res = await decode(model, inst, norm, { augs: phase.augs, mode: phase.mode, rng, shouldStop: phase.mustFinish ? aborted : expired });
        iterations++;
        const b = res.best;
        if (b && (!best || b.unassigned < best.unassigned || (b.unassigned === best.unassigned && b.cost < best.cost - 1e-9))) {
          best = b;
          bestAt = performance.now() - t0;
          report();
        }
        if (res.stopped) break;
      }
      const elapsedMs = performance.now() - t0;
      const solution: Solution = best
        ? mapBack(best.solution, toOriginal)
        : { routes: [], unassigned: clientNodes(instance).map((node) => ({ node, reason: 'not-routed' as const })) };
      if (best && control?.onProgress) control.onProgress({ solution, cost: evaluate(instance, solution).cost, elapsedMs, fraction: 1 });
      return { solution, elapsedMs, timeToBestMs: bestAt, iterations, stopped: aborted() };
    },
  };
}

/** Every neural solver the manifest supports (one per variant and problem with a model). */
export function neuralSolvers(manifest: Manifest, source: ModelSource): Solver[] {
  const out: Solver[] = [];
  for (const variant of NEURAL_VARIANTS) {
    const entries = usableModels(manifest);
    if (entries.length === 0) continue;
    // One solver id per variant covering all problems with a model: dispatch on the instance kind.
    const byProblem = new Map(entries.map((e) => [e.problem, makeNeuralSolver(e, source, variant)]));
    const first = byProblem.values().next().value!;
    out.push({
      ...first,
      problems: [...byProblem.keys()],
      description: variant.description,
      solve: (inst, options, control) => {
        const s = byProblem.get(inst.kind as ModelEntry['problem']);
        if (!s) return Promise.reject(new Error(`${variant.id}: no model for ${inst.kind}`));
        return s.solve(inst, options, control);
      },
    });
  }
  return out;
}
