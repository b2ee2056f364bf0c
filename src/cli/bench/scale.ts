/**
 * bench scale [--n 100,200,500,999] [--problems acvrp,acvrptw,atsp] [--cities Monaco,Andorra,Campo_Grande]
 *             (--cities also takes the cities of data/cities, e.g. the held-out Copenhagen,Liechtenstein)
 *             [--count 1] [--budgets 10,60] [--solvers nearest,savings,classical,neural-greedy,neural-ls]
 *             [--x large|none] [--reference-time 300] [--seed 1] [--models DIR] [--params JSON] [--out rows.json]
 *             (--params: solver params for every run but the references, e.g. '{"decomposePasses":0}')
 * Issue 13: every solver at the sizes a planner's day reaches. Instances: city samples (sampler
 * seeds 1 … count; the neural models never train on seeds below 500 000) of each problem and n on
 * each city, and for ACVRP the X `large` set (X instances with n ≥ 500, best-known costs).
 * Constructions and `neural-greedy` run once (they finish by themselves; `neural-greedy`'s
 * time is its inference time, models already loaded); the anytime solvers run once per budget.
 * Gaps are to a long reference: the best-known cost for X, else the `classical` solver run for
 * --reference-time seconds (seed 1), cached in data/benchmarks/scale-reference.json (a longer run
 * replaces a cached one unless it ended higher: the cache keeps the best cost); with
 * --reference-time 0, to the best cost of the bench itself. Every run is a child process of its
 * own, so that its peak memory (max RSS, the instance and the runtime included) is its own; the
 * RSS after loading the instance is printed beside it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_CITIES } from '../../core/cities/city';
import { sampleInstance } from '../../core/cities/sampler';
import { evaluate } from '../../core/evaluate';
import { isProblemKind, type Instance, type ProblemKind } from '../../core/instance';
import { fileSource, readManifest } from '../../solvers/neural/node-source';
import { neuralSolvers } from '../../solvers/neural/solver';
import { resolveSolver } from '../../solvers/registry';
import type { Solver } from '../../solvers/solver';
import { UsageError, numberFlag, stringFlag, type Args } from '../args';
import { REPO_ROOT, loadBundledCity } from '../io';
import { requireCity } from '../city-source';
import { formatTable } from '../table';
import { SETS, gapPercent, type BenchItem } from './sets';

export const SCALE_REFERENCE_FILE = join(REPO_ROOT, 'data', 'benchmarks', 'scale-reference.json');

/** The X instances with n ≥ 500 the `large` set names (used when sets.ts has no `large` set). */
const X_LARGE_FALLBACK = ['X-n502-k39', 'X-n573-k30', 'X-n655-k131', 'X-n766-k71', 'X-n876-k59', 'X-n1001-k43'];

/** Solvers that finish by themselves: run once, whatever the budgets. */
const ONE_SHOT = new Set(['nearest', 'savings', 'regret', 'neural-greedy']);

export type ScaleSpec = { kind: 'city'; city: string; problem: ProblemKind; n: number; seed: number } | { kind: 'x'; name: string };

export interface ScaleItem {
  name: string;
  problem: string;
  n: number;
  spec: ScaleSpec;
  /** Best-known cost (X); cities get theirs from the reference file. */
  bks?: number;
}

export interface ScaleRun {
  item: string;
  solver: string;
  /** The budget given (ms); one-shot solvers record the largest budget, which they do not use. */
  budgetMs: number;
  oneShot: boolean;
  cost: number;
  feasible: boolean;
  /** Wall time of the solve (models loaded beforehand for the neural solvers). */
  timeMs: number;
  timeToBestMs: number;
  /** Max RSS of the child process, and its RSS once the instance was loaded (MB). */
  peakMB: number;
  baseMB: number;
}

function list(args: Args, name: string, fallback: string[]): string[] {
  const v = stringFlag(args, name);
  return v === undefined ? fallback : v.split(',').map((s) => s.trim()).filter(Boolean);
}

function xItems(): BenchItem[] {
  const large = SETS.large;
  return large ? large() : SETS.x().filter((i) => X_LARGE_FALLBACK.includes(i.name));
}

export function scaleItems(opts: { ns: number[]; problems: ProblemKind[]; cities: string[]; count: number; x: boolean }): ScaleItem[] {
  const items: ScaleItem[] = [];
  for (const problem of opts.problems) {
    for (const n of opts.ns) {
      for (const city of opts.cities) {
        for (let seed = 1; seed <= opts.count; seed++) {
          items.push({ name: `${city}-${problem}${n}-s${seed}`, problem, n, spec: { kind: 'city', city, problem, n, seed } });
        }
      }
    }
  }
  if (opts.x && opts.problems.includes('acvrp')) {
    for (const it of xItems()) {
      const n = Number(/-n(\d+)-/.exec(it.name)?.[1] ?? 0) - 1;
      items.push({ name: it.name, problem: 'cvrp (X)', n, spec: { kind: 'x', name: it.name }, bks: it.reference });
    }
  }
  return items;
}

function loadSpec(spec: ScaleSpec): Instance {
  switch (spec.kind) {
    case 'city':
      return sampleInstance(requireCity(spec.city), { problem: spec.problem, n: spec.n, seed: spec.seed });
    case 'x': {
      const item = xItems().find((i) => i.name === spec.name);
      if (!item) throw new UsageError(`no X instance ${spec.name} in the large set`);
      return item.load();
    }
  }
}

/** The problem a spec poses: a city sample's own, and ACVRP for the X set (symmetric CVRP). */
function problemOfSpec(spec: ScaleSpec): ProblemKind {
  switch (spec.kind) {
    case 'city':
      return spec.problem;
    case 'x':
      return 'acvrp';
  }
}

const mb = (bytes: number) => bytes / 2 ** 20;

/** A neural solver built from the models of another folder (--models: a candidate export); other solvers as usual. */
async function candidateSolver(dir: string, id: string, kind: ProblemKind): Promise<Solver | undefined> {
  if (!id.startsWith('neural')) return resolveSolver(id, kind);
  const solvers = neuralSolvers(await readManifest(join(dir, 'manifest.json')), fileSource(dir));
  return solvers.find((s) => s.id === id && s.problems.includes(kind));
}

/** Child mode: one solve, one JSON line on stdout. */
async function childRun(job: { spec: ScaleSpec; name: string; solver: string; budgetMs: number; seed: number; oneShot: boolean; models?: string; params?: Record<string, unknown> }): Promise<ScaleRun> {
  const inst = loadSpec(job.spec);
  const solver = job.models ? await candidateSolver(job.models, job.solver, inst.kind) : resolveSolver(job.solver, inst.kind);
  if (!solver) throw new UsageError(`solver ${job.solver} does not handle ${inst.kind}`);
  if (solver.family === 'neural') {
    // Load the models (and warm the runtime) on a small sample of the same kind, outside the timing.
    const warm = sampleInstance(loadBundledCity('Monaco'), { problem: inst.kind as ProblemKind, n: 10, seed: 1 });
    await solver.solve(warm, { timeLimitMs: 1, seed: 1 });
  }
  const baseMB = mb(process.memoryUsage().rss);
  const t0 = performance.now();
  const res = await solver.solve(inst, { timeLimitMs: job.budgetMs, seed: job.seed, params: job.params });
  const timeMs = performance.now() - t0;
  const ev = evaluate(inst, res.solution);
  return {
    item: job.name,
    // the id asked for (`classical` names the kind's best search, e.g. sisr)
    solver: job.solver,
    budgetMs: job.budgetMs,
    oneShot: job.oneShot,
    cost: ev.cost,
    feasible: ev.feasible && ev.unassigned.length === 0,
    timeMs,
    timeToBestMs: res.timeToBestMs,
    // maxRSS is in kilobytes.
    peakMB: process.resourceUsage().maxRSS / 1024,
    baseMB,
  };
}

function inChild(job: Parameters<typeof childRun>[0]): Promise<ScaleRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, `${REPO_ROOT}/src/cli/bench.ts`, 'scale', '--child', JSON.stringify(job)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${job.name} ${job.solver}: child exited ${code}`));
      const line = out.trim().split('\n').filter(Boolean).pop();
      resolve(JSON.parse(line!) as ScaleRun);
    });
  });
}

/** A cached reference: the best cost of the classical runs made for a sample (seed 1). */
export interface ScaleReference {
  cost: number;
  /** The longest run made: a request for up to this long is answered from the cache. */
  timeS: number;
  seed: number;
  /** The run that gave `cost`, when a shorter run than timeS did. */
  costTimeS?: number;
}

interface ReferenceDoc {
  made: string;
  note: string;
  reference: Record<string, ScaleReference>;
}

const REFERENCE_NOTE = 'bench scale: per city sample, the best cost of the classical solver (seed 1) over the runs made for it; timeS = the longest run, costTimeS = the run that gave the cost when it was a shorter one';

function readReferences(): ReferenceDoc {
  if (existsSync(SCALE_REFERENCE_FILE)) return { ...(JSON.parse(readFileSync(SCALE_REFERENCE_FILE, 'utf8')) as ReferenceDoc), note: REFERENCE_NOTE };
  return { made: '', note: REFERENCE_NOTE, reference: {} };
}

/**
 * The reference after a longer run: its cost, unless an earlier, shorter run found a lower one (a
 * seeded search can end higher when given longer), which is kept with the time that found it.
 */
export function longerReference(stored: ScaleReference | undefined, cost: number, timeS: number): ScaleReference {
  if (!stored || cost <= stored.cost) return { cost, timeS, seed: 1 };
  return { cost: stored.cost, timeS, seed: 1, costTimeS: stored.costTimeS ?? stored.timeS };
}

export async function benchScale(args: Args): Promise<string> {
  const child = stringFlag(args, 'child');
  if (child) {
    process.stdout.write(`${JSON.stringify(await childRun(JSON.parse(child)))}\n`);
    return '';
  }
  const ns = list(args, 'n', ['100', '200', '500', '999']).map(Number);
  if (ns.some((n) => !Number.isInteger(n) || n < 2)) throw new UsageError('--n expects sizes ≥ 2, e.g. 100,999');
  const problems = list(args, 'problems', ['acvrp', 'acvrptw', 'atsp']);
  for (const p of problems) if (!isProblemKind(p)) throw new UsageError(`--problems: unknown problem "${p}"`);
  const cities = list(args, 'cities', [...BUNDLED_CITIES]);
  // a city that is neither bundled nor in data/cities (nor a city file) is a usage error here, not a child's crash
  for (const c of cities) requireCity(c);
  const count = numberFlag(args, 'count', 1, (x) => Number.isInteger(x) && x >= 1);
  const budgetsS = list(args, 'budgets', ['10', '60']).map(Number);
  if (budgetsS.some((b) => !(b > 0))) throw new UsageError('--budgets expects seconds > 0, e.g. 10,60');
  const solvers = list(args, 'solvers', ['nearest', 'savings', 'classical', 'neural-greedy', 'neural-ls']);
  const xFlag = stringFlag(args, 'x') ?? 'large';
  if (xFlag !== 'large' && xFlag !== 'none') throw new UsageError('--x must be large or none');
  const refTimeS = numberFlag(args, 'reference-time', 300, (x) => x >= 0);
  const seed = numberFlag(args, 'seed', 1, Number.isInteger);
  const models = stringFlag(args, 'models');
  if (models && !existsSync(join(models, 'manifest.json'))) throw new UsageError(`--models ${models}: no manifest.json there`);
  const params = paramsFlag(args);
  const items = scaleItems({ ns, problems: problems as ProblemKind[], cities, count, x: xFlag === 'large' });
  const maxBudgetMs = Math.max(...budgetsS) * 1000;

  // References first: a long classical run per city sample, cached.
  const refs = readReferences();
  const reference = new Map<string, number>();
  for (const item of items) {
    if (item.bks !== undefined) {
      reference.set(item.name, item.bks);
      continue;
    }
    if (refTimeS === 0) continue;
    let stored = refs.reference[item.name];
    if (!stored || stored.timeS < refTimeS) {
      const run = await inChild({ spec: item.spec, name: item.name, solver: 'classical', budgetMs: refTimeS * 1000, seed: 1, oneShot: false });
      stored = longerReference(stored, run.cost, refTimeS);
      refs.reference[item.name] = stored;
      refs.made = new Date().toISOString().slice(0, 10);
      writeFileSync(SCALE_REFERENCE_FILE, `${JSON.stringify(refs, null, 1)}\n`);
      process.stderr.write(`reference ${item.name}: ${run.cost} (classical ${refTimeS} s)\n`);
    }
    reference.set(item.name, stored.cost);
  }

  const runs: ScaleRun[] = [];
  for (const item of items) {
    const kind = problemOfSpec(item.spec);
    for (const solverId of solvers) {
      if (!resolveSolver(solverId, kind)) continue; // e.g. no neural model for the problem
      const oneShot = ONE_SHOT.has(solverId);
      for (const budgetMs of oneShot ? [maxBudgetMs] : budgetsS.map((b) => b * 1000)) {
        const run = await inChild({ spec: item.spec, name: item.name, solver: solverId, budgetMs, seed, oneShot, models, params });
        process.stderr.write(`${item.name} ${solverId}${oneShot ? '' : ` ${budgetMs / 1000} s`}: ${run.cost} in ${(run.timeMs / 1000).toFixed(2)} s, peak ${run.peakMB.toFixed(0)} MB\n`);
        runs.push(run);
      }
    }
    if (refTimeS === 0 && item.bks === undefined) {
      const own = runs.filter((r) => r.item === item.name && r.feasible).map((r) => r.cost);
      if (own.length) reference.set(item.name, Math.min(...own));
    }
  }
  const out = stringFlag(args, 'out');
  if (out) writeFileSync(out, JSON.stringify({ items, reference: Object.fromEntries(reference), runs }, null, 1));
  return scaleReport(items, reference, runs, { budgetsS, solvers, refTimeS, seed, models, params });
}

/** --params: a JSON object of solver params, or undefined. */
export function paramsFlag(args: Args): Record<string, unknown> | undefined {
  const text = stringFlag(args, 'params');
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--params expects a JSON object, e.g. '{"decomposePasses":0}'; got ${JSON.stringify(text)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`--params expects a JSON object, e.g. '{"decomposePasses":0}'; got ${text}`);
  return value as Record<string, unknown>;
}

export function scaleReport(items: ScaleItem[], reference: Map<string, number>, runs: ScaleRun[], opts: { budgetsS: number[]; solvers: string[]; refTimeS: number; seed: number; models?: string; params?: Record<string, unknown> }): string {
  const gapOf = (r: ScaleRun) => {
    const ref = reference.get(r.item);
    return r.feasible && ref !== undefined ? gapPercent(r.cost, ref) : undefined;
  };
  const fmtGap = (g: number | undefined) => (g === undefined ? '-' : g.toFixed(2));
  const budgetCols = opts.budgetsS.map((b) => `gap % ${b} s`);
  const rows: (string | number)[][] = [];
  for (const item of items) {
    for (const solver of opts.solvers) {
      const mine = runs.filter((r) => r.item === item.name && r.solver === solver);
      if (mine.length === 0) continue;
      const oneShot = mine[0].oneShot;
      const gaps = opts.budgetsS.map((b) => fmtGap(gapOf(oneShot ? mine[0] : mine.find((r) => r.budgetMs === b * 1000) ?? mine[0])));
      rows.push([
        item.name,
        item.problem,
        item.n,
        solver,
        ...(oneShot ? gaps.map((g, i) => (i === 0 ? g : '″')) : gaps),
        oneShot ? (mine[0].timeMs / 1000).toFixed(2) : '-',
        Math.max(...mine.map((r) => r.peakMB)).toFixed(0),
        Math.max(...mine.map((r) => r.baseMB)).toFixed(0),
        mine.every((r) => r.feasible) ? 'yes' : 'NO',
      ]);
    }
  }
  const table = formatTable(['instance', 'problem', 'n', 'solver', ...budgetCols, 'time s', 'peak MB', 'base MB', 'feasible'], rows);
  // Mean gap per problem, n and solver: how the gap grows with n.
  const groups = new Map<string, { problem: string; n: number; solver: string; gaps: (number | undefined)[][]; times: number[] }>();
  for (const item of items) {
    for (const solver of opts.solvers) {
      const mine = runs.filter((r) => r.item === item.name && r.solver === solver);
      if (mine.length === 0) continue;
      const key = `${item.problem}|${item.n}|${solver}`;
      const g = groups.get(key) ?? { problem: item.problem, n: item.n, solver, gaps: opts.budgetsS.map(() => []), times: [] };
      opts.budgetsS.forEach((b, i) => g.gaps[i].push(gapOf(mine[0].oneShot ? mine[0] : mine.find((r) => r.budgetMs === b * 1000) ?? mine[0])));
      if (mine[0].oneShot) g.times.push(mine[0].timeMs);
      groups.set(key, g);
    }
  }
  const mean = (xs: (number | undefined)[]) => {
    const ok = xs.filter((x): x is number => x !== undefined);
    return ok.length === xs.length && ok.length ? (ok.reduce((a, b) => a + b, 0) / ok.length).toFixed(2) : '-';
  };
  const summary = formatTable(
    ['problem', 'n', 'solver', ...budgetCols.map((c) => `mean ${c}`), 'mean time s', 'instances'],
    [...groups.values()].map((g) => [g.problem, g.n, g.solver, ...g.gaps.map(mean), g.times.length ? (g.times.reduce((a, b) => a + b, 0) / g.times.length / 1000).toFixed(2) : '-', g.gaps[0].length]),
  );
  const refText = opts.refTimeS === 0 ? 'the best cost of this bench (X: best-known)' : `classical ${opts.refTimeS} s, seed 1 (X: best-known)`;
  return [
    `bench scale: budgets ${opts.budgetsS.join(', ')} s, solver seed ${opts.seed}, reference ${refText}; one child process per run (peak = its max RSS)` +
      (opts.models ? `; neural models from ${opts.models}` : '') +
      (opts.params ? `; solver params ${JSON.stringify(opts.params)}` : ''),
    table,
    '',
    summary,
  ].join('\n');
}
