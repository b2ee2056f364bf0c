/**
 * bench neural --problem atsp|acvrp|acvrptw --set cities --n 100 [--count 12] [--seed 1]
 *              [--cities A,B] [--ls-time 10] [--neural-time <ls-time>] [--reference-time 30] [--out rows.json]
 *              [--models DIR]  (a candidate model folder with its own manifest.json, e.g. from
 *                               `export.py --out DIR`, instead of models/)
 * bench neural --vs classical --budgets 0.5,1,2,5 [same flags]: the hybrid table (below).
 * bench neural --problem pvrp-p|pvrp-zc --set cities|camp: the CAMP-S models (neural-pvrp.ts).
 * The neural models on seeded evaluation instances from the bundled cities, or from --cities
 * (bundled names or data/cities/<Name>_data.npz: the held-out cities of the manifest), sampler
 * seeds 1 … count, cities round-robin; training never sees these seeds; each variant re-scored by the
 * evaluator and compared with a long classical run:
 * - greedy: one greedy rollout (ATSP from node 0, VRPs from the client nearest the depot);
 * - POMO: greedy from every start; POMO×8: the same on the 8 coordinate augmentations;
 * - neural: the product's `neural` solver (POMO×8, then sampling or, on VRPs from 60 clients,
 *   decomposition passes, on ATSPs from 60 nodes window passes: model-only) for --neural-time seconds;
 * - neural+LS: the `neural-ls` solver (POMO×8, then the classical search) for --ls-time seconds.
 * References (the `classical` solver for --reference-time s, seed 1) are cached in
 * data/benchmarks/neural-reference.json and computed when missing. Times are inference wall
 * times per instance on onnxruntime-node, one thread.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_CITIES } from '../../core/cities/city';
import { sampleInstance } from '../../core/cities/sampler';
import { evaluate } from '../../core/evaluate';
import type { Instance } from '../../core/instance';
import { Rng } from '../../core/random';
import { resolveSolver } from '../../solvers/registry';
import { decode, variantDecode, type DecodeModel, type DecodeVariant } from '../../solvers/neural/decode';
import { depotFirst, isNeuralProblem, mapBack, type NeuralProblem } from '../../solvers/neural/env';
import { normalise, type Normalised } from '../../solvers/neural/features';
import { modelFor, trainingSteps } from '../../solvers/neural/manifest';
import { MODELS_DIR, fileSource, readManifest } from '../../solvers/neural/node-source';
import { configureModelSource } from '../../solvers/neural/model-source';
import { loadModel } from '../../solvers/neural/solver';
import { UsageError, numberFlag, stringFlag, type Args } from '../args';
import { REPO_ROOT, loadDatasetCity } from '../io';
import { formatTable } from '../table';
import { gapPercent } from './sets';
import { benchNeuralPvrp } from './neural-pvrp';
import { isPvrpProblem } from '../../solvers/neural/pvrp-env';

interface Prepared {
  inst: Instance;
  toOriginal: Int32Array;
  norm: Normalised;
  ms: number;
}

export const NEURAL_REFERENCE_FILE = join(REPO_ROOT, 'data', 'benchmarks', 'neural-reference.json');

/** Issue 11's bars for POMO×8 at n = 100 on unseen cities (mean gap to the classical reference, %). */
export const NEURAL_TARGETS: Record<NeuralProblem, number> = { atsp: 6, acvrp: 8, acvrptw: 8 };

export const VARIANTS = ['greedy', 'pomo', 'pomo8', 'neural', 'neural-ls'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface VariantResult {
  cost: number;
  feasible: boolean;
  ms: number;
}

export interface NeuralRow {
  name: string;
  reference: number;
  results: Record<Variant, VariantResult>;
}

interface ReferenceDoc {
  note: string;
  reference: Record<string, { cost: number; solver: string; timeS: number; seed: number; made: string }>;
}

function readReferences(): ReferenceDoc {
  if (!existsSync(NEURAL_REFERENCE_FILE)) {
    return { note: 'Classical references for npm run bench -- neural (written by it when missing).', reference: {} };
  }
  return JSON.parse(readFileSync(NEURAL_REFERENCE_FILE, 'utf8')) as ReferenceDoc;
}

export function evaluationInstances(problem: NeuralProblem, n: number, count: number, cities: readonly string[] = BUNDLED_CITIES): { name: string; load: () => Instance }[] {
  return Array.from({ length: count }, (_, i) => {
    const seed = i + 1;
    const city = cities[i % cities.length];
    return { name: `${city}-${problem}${n}-s${seed}`, load: () => sampleInstance(loadDatasetCity(city), { problem, n, seed }) };
  });
}

function citiesFlag(args: Args): readonly string[] {
  const list = stringFlag(args, 'cities');
  return list ? list.split(',').filter(Boolean) : BUNDLED_CITIES;
}

/** The classical reference of an evaluation instance, from the cache or computed (and cached). */
async function referenceFor(refs: ReferenceDoc, name: string, inst: Instance, refTime: number): Promise<number> {
  let ref = refs.reference[name];
  if (!ref || ref.timeS < refTime) {
    const r = await solveWith('classical', inst, refTime, 1);
    if (!r.feasible) throw new Error(`${name}: the classical reference is infeasible`);
    ref = { cost: r.cost, solver: resolveSolver('classical', inst.kind)!.id, timeS: refTime, seed: 1, made: new Date().toISOString().slice(0, 10) };
    refs.reference[name] = ref;
    // Re-read before writing: benches of other problems may run at the same time.
    const latest = readReferences();
    latest.reference[name] = ref;
    writeFileSync(NEURAL_REFERENCE_FILE, `${JSON.stringify(latest, null, 1)}\n`);
  }
  return ref.cost;
}

async function decodeVariant(model: DecodeModel, instance: Instance, prepared: Prepared, variant: DecodeVariant, seed: number): Promise<VariantResult> {
  const t0 = performance.now();
  const res = await decode(model, prepared.inst, prepared.norm, { ...variantDecode(prepared.inst, variant), mode: 'greedy', rng: new Rng(seed) });
  const ms = performance.now() - t0;
  if (!res.best) throw new Error(`${instance.name}: ${variant} decode returned no solution`);
  const ev = evaluate(instance, mapBack(res.best.solution, prepared.toOriginal));
  return { cost: ev.cost, feasible: ev.feasible, ms };
}

async function solveWith(solverId: string, instance: Instance, timeS: number, seed: number): Promise<VariantResult> {
  const solver = resolveSolver(solverId, instance.kind);
  if (!solver) throw new UsageError(`no solver "${solverId}" for ${instance.kind}`);
  const t0 = performance.now();
  const result = await solver.solve(instance, { timeLimitMs: timeS * 1000, seed });
  const ev = evaluate(instance, result.solution);
  return { cost: ev.cost, feasible: ev.feasible, ms: performance.now() - t0 };
}

export async function benchNeural(args: Args): Promise<string> {
  const problem = stringFlag(args, 'problem') ?? 'atsp';
  // PVRP-P / PVRP-ZC: the CAMP-S models, their sets and their gap (neural-pvrp.ts)
  if (isPvrpProblem(problem)) return benchNeuralPvrp(args);
  if (!isNeuralProblem(problem)) throw new UsageError('--problem must be atsp, acvrp, acvrptw, pvrp-p or pvrp-zc');
  const set = stringFlag(args, 'set') ?? 'cities';
  if (set !== 'cities') throw new UsageError('--set: only "cities" (seeded instances from the bundled cities)');
  const n = numberFlag(args, 'n', 100, (x) => Number.isInteger(x) && x >= 5 && x <= 1000);
  const count = numberFlag(args, 'count', 12, (x) => Number.isInteger(x) && x >= 1);
  const seed = numberFlag(args, 'seed', 1, Number.isInteger);
  const lsTime = numberFlag(args, 'ls-time', 10, (x) => x > 0);
  const refTime = numberFlag(args, 'reference-time', 30, (x) => x > 0);
  const neuralTime = numberFlag(args, 'neural-time', lsTime, (x) => x > 0);

  const modelsDir = stringFlag(args, 'models');
  const manifestPath = join(modelsDir ?? MODELS_DIR, 'manifest.json');
  if (modelsDir && !existsSync(manifestPath)) throw new UsageError(`--models ${modelsDir}: no manifest.json there`);
  // neural-ls resolves its model through the configured source: point it at the same folder
  if (modelsDir) configureModelSource(fileSource(modelsDir));
  const manifest = await readManifest(manifestPath);
  const entry = modelFor(manifest, problem);
  if (!entry) throw new UsageError(`${manifestPath} has no usable ${problem} model`);
  const model = await loadModel(entry, fileSource(modelsDir), { backend: 'node', threads: 1 });

  const cities = citiesFlag(args);
  if (stringFlag(args, 'vs') !== undefined) return benchHybrid(args, problem, n, count, seed, refTime, cities, entry.id);

  const refs = readReferences();
  const rows: NeuralRow[] = [];
  for (const item of evaluationInstances(problem, n, count, cities)) {
    const inst = item.load();
    const ref = { cost: await referenceFor(refs, item.name, inst, refTime) };
    const results = {} as Record<Variant, VariantResult>;
    // Depot-first numbering and the normalised matrices, once per instance (timed per variant as before).
    const t0 = performance.now();
    const { inst: ordered, toOriginal } = depotFirst(inst);
    const prepared: Prepared = { inst: ordered, toOriginal, norm: normalise(ordered), ms: performance.now() - t0 };
    for (const v of ['greedy', 'pomo', 'pomo8'] as const) {
      results[v] = await decodeVariant(model, inst, prepared, v, seed);
      results[v].ms += prepared.ms;
    }
    results.neural = await solveWith('neural', inst, neuralTime, seed);
    results['neural-ls'] = await solveWith('neural-ls', inst, lsTime, seed);
    rows.push({ name: item.name, reference: ref.cost, results });
    process.stderr.write(`${item.name}: ref ${ref.cost}, ${VARIANTS.map((v) => `${v} ${gapPercent(results[v].cost, ref.cost).toFixed(2)} %`).join(', ')}\n`);
  }
  const out = stringFlag(args, 'out');
  if (out) writeFileSync(out, JSON.stringify({ problem, n, count, seed, lsTime, neuralTime, refTime, model: entry.id, rows }, null, 1));
  return neuralReport(rows, { problem, n, seed, lsTime, neuralTime, refTime, model: entry.id, steps: trainingSteps(entry), cities });
}

/**
 * The hybrid table: `neural-ls` against `classical` at the same short budgets (wall time per
 * solve, inference included), on the same instances and seed, both re-scored by the evaluator.
 */
async function benchHybrid(args: Args, problem: NeuralProblem, n: number, count: number, seed: number, refTime: number, cities: readonly string[], model: string): Promise<string> {
  const vs = stringFlag(args, 'vs');
  if (vs !== 'classical') throw new UsageError('--vs: only "classical"');
  const budgets = (stringFlag(args, 'budgets') ?? '0.5,1,2,5').split(',').map(Number);
  if (budgets.some((b) => !(b > 0))) throw new UsageError('--budgets: comma-separated seconds > 0, e.g. 0.5,1,2,5');
  const refs = readReferences();
  const gaps: Record<string, number[]> = {};
  const wins = budgets.map(() => ({ neural: 0, ties: 0, classical: 0 }));
  let infeasible = 0;
  for (const item of evaluationInstances(problem, n, count, cities)) {
    const inst = item.load();
    const ref = await referenceFor(refs, item.name, inst, refTime);
    const line: string[] = [];
    for (const [bi, b] of budgets.entries()) {
      const hybrid = await solveWith('neural-ls', inst, b, seed);
      const classical = await solveWith(vs, inst, b, seed);
      if (!hybrid.feasible || !classical.feasible) infeasible++;
      (gaps[`neural-ls@${b}`] ??= []).push(gapPercent(hybrid.cost, ref));
      (gaps[`classical@${b}`] ??= []).push(gapPercent(classical.cost, ref));
      const d = hybrid.cost - classical.cost;
      if (Math.abs(d) <= 1e-9 * ref) wins[bi].ties++;
      else if (d < 0) wins[bi].neural++;
      else wins[bi].classical++;
      line.push(`${b}s ${gapPercent(hybrid.cost, ref).toFixed(2)}/${gapPercent(classical.cost, ref).toFixed(2)}`);
    }
    process.stderr.write(`${item.name}: neural-ls/classical gap % ${line.join(', ')}\n`);
  }
  const mean = (xs: number[]) => xs.reduce((a, c) => a + c, 0) / Math.max(1, xs.length);
  const table = formatTable(
    ['budget s', 'neural-ls gap %', 'classical gap %', 'neural-ls better', 'ties', 'classical better'],
    budgets.map((b, bi) => [b, mean(gaps[`neural-ls@${b}`]).toFixed(2), mean(gaps[`classical@${b}`]).toFixed(2), wins[bi].neural, wins[bi].ties, wins[bi].classical]),
  );
  return [
    `bench neural --vs classical: ${problem}, n = ${n}, ${count} instances from ${cities.join(', ')} (seeds 1…${count}), model ${model}, seed ${seed}; reference: classical ${refTime} s; wall-time budgets include inference (onnxruntime-node, 1 thread)`,
    table,
    `infeasible results: ${infeasible}`,
  ].join('\n');
}

export function neuralReport(rows: NeuralRow[], run: { problem: NeuralProblem; n: number; seed: number; lsTime: number; neuralTime: number; refTime: number; model: string; steps?: string; cities?: readonly string[] }): string {
  const table = formatTable(
    ['instance', 'reference', ...VARIANTS.flatMap((v) => [`${v} gap %`]), 'pomo8 ms', 'feasible'],
    rows.map((r) => [
      r.name,
      r.reference,
      ...VARIANTS.map((v) => gapPercent(r.results[v].cost, r.reference).toFixed(2)),
      Math.round(r.results.pomo8.ms),
      VARIANTS.every((v) => r.results[v].feasible) ? 'yes' : 'NO',
    ]),
  );
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const lines = VARIANTS.map((v) => {
    const gaps = rows.map((r) => gapPercent(r.results[v].cost, r.reference));
    const feasible = rows.filter((r) => r.results[v].feasible).length;
    const ms = mean(rows.map((r) => r.results[v].ms));
    return `${v}: mean gap ${mean(gaps).toFixed(2)} %, feasible ${feasible}/${rows.length}, ${ms.toFixed(0)} ms per instance`;
  });
  const pomo8 = mean(rows.map((r) => gapPercent(r.results.pomo8.cost, r.reference)));
  const target = NEURAL_TARGETS[run.problem];
  return [
    `bench neural: ${run.problem}, n = ${run.n}, ${rows.length} city instances from ${(run.cities ?? BUNDLED_CITIES).join(', ')} (seeds 1…${rows.length}), model ${run.model}${run.steps ? ` (${run.steps})` : ''}, decode seed ${run.seed}; reference: classical ${run.refTime} s; neural ${run.neuralTime} s, neural-ls ${run.lsTime} s; onnxruntime-node, 1 thread`,
    table,
    ...lines,
    `mean gap pomo8: ${pomo8.toFixed(3)} % (target ≤ ${target} %: ${pomo8 <= target ? 'met' : 'not met'})`,
  ].join('\n');
}
