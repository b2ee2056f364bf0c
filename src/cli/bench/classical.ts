/**
 * bench classical --set <name> --time <s> [--solver id] [--seed n] [--jobs k] [--only a,b] [--out rows.json]
 * One run per instance; prints a table (cost, reference, gap, time to best, feasible) and, as its
 * last line, `mean gap: <x> %`. --jobs runs instances in parallel child processes (each single
 * threaded); use 1 for quotable figures on a 2-core machine.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { evaluate } from '../../core/evaluate';
import { resolveSolver } from '../../solvers/registry';
import { UsageError, numberFlag, stringFlag, type Args } from '../args';
import { REPO_ROOT } from '../io';
import { formatTable } from '../table';
import { SETS, type BenchItem } from './sets';

export interface BenchRow {
  name: string;
  kind: string;
  solver: string;
  cost: number;
  reference?: number;
  gap?: number;
  timeToBestMs: number;
  feasible: boolean;
  iterations?: number;
  /** Best cost over time: [ms, cost] pairs, for time-to-best curves. */
  curve: [number, number][];
}

export async function runItem(item: BenchItem, solverId: string, timeLimitMs: number, seed: number): Promise<BenchRow> {
  const inst = item.load();
  const solver = resolveSolver(solverId, inst.kind);
  if (!solver) throw new UsageError(`no solver "${solverId}" for ${inst.kind}`);
  const curve: [number, number][] = [];
  const result = await solver.solve(inst, { timeLimitMs, seed }, {
    onProgress: (p) => {
      const c = evaluate(inst, p.solution).cost;
      if (curve.length === 0 || c < curve[curve.length - 1][1]) curve.push([Math.round(p.elapsedMs), c]);
    },
  });
  const ev = evaluate(inst, result.solution);
  const gap = item.reference ? ((ev.cost - item.reference) / item.reference) * 100 : undefined;
  return {
    name: item.name,
    kind: inst.kind,
    solver: solver.id,
    cost: ev.cost,
    reference: item.reference,
    gap,
    timeToBestMs: result.timeToBestMs,
    feasible: ev.feasible,
    iterations: result.iterations,
    curve,
  };
}

function runShard(args: string[]): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, `${REPO_ROOT}/src/cli/bench.ts`, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))) : reject(new Error(`shard exited ${code}`))));
  });
}

export async function benchClassical(args: Args): Promise<string> {
  const setName = stringFlag(args, 'set') ?? 'x10';
  const makeSet = SETS[setName];
  if (!makeSet) throw new UsageError(`--set must be one of ${Object.keys(SETS).join(', ')}`);
  const timeS = numberFlag(args, 'time', 10, (x) => x > 0);
  const seed = numberFlag(args, 'seed', 1, Number.isInteger);
  const solverId = stringFlag(args, 'solver') ?? 'classical';
  const jobs = numberFlag(args, 'jobs', 1, (x) => Number.isInteger(x) && x >= 1);
  const only = stringFlag(args, 'only')?.split(',');
  let items = makeSet();
  if (only) items = items.filter((i) => only.includes(i.name));
  const shard = stringFlag(args, 'shard');
  if (shard) {
    // Child mode: run every jobs-th item and print rows as JSON lines.
    const [k, of] = shard.split('/').map(Number);
    for (let i = k; i < items.length; i += of) process.stdout.write(`${JSON.stringify(await runItem(items[i], solverId, timeS * 1000, seed))}\n`);
    return '';
  }
  let rows: BenchRow[];
  if (jobs > 1) {
    const base = ['classical', '--set', setName, '--time', String(timeS), '--seed', String(seed), '--solver', solverId, ...(only ? ['--only', only.join(',')] : [])];
    const shards = await Promise.all(Array.from({ length: jobs }, (_, k) => runShard([...base, '--shard', `${k}/${jobs}`])));
    const byName = new Map(shards.flat().map((r) => [r.name, r]));
    rows = items.map((i) => byName.get(i.name)!).filter(Boolean);
  } else {
    rows = [];
    for (const item of items) {
      const row = await runItem(item, solverId, timeS * 1000, seed);
      process.stderr.write(`${row.name}: ${row.cost} (${row.gap?.toFixed(2) ?? '-'} %)\n`);
      rows.push(row);
    }
  }
  const out = stringFlag(args, 'out');
  if (out) writeFileSync(out, JSON.stringify({ set: setName, timeS, seed, solverId, jobs, rows }, null, 1));
  return classicalReport(rows, { set: setName, timeS, seed, solverId, jobs });
}

export function classicalReport(rows: BenchRow[], run: { set: string; timeS: number; seed: number; solverId: string; jobs: number }): string {
  const table = formatTable(
    ['instance', 'solver', 'cost', 'reference', 'gap %', 'time to best s', 'feasible'],
    rows.map((r) => [
      r.name,
      r.solver,
      r.cost,
      r.reference ?? '-',
      r.gap === undefined ? '-' : r.gap.toFixed(2),
      (r.timeToBestMs / 1000).toFixed(1),
      r.feasible ? 'yes' : 'NO',
    ]),
  );
  const gaps = rows.filter((r) => r.gap !== undefined).map((r) => r.gap!);
  const mean = gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length : NaN;
  const infeasible = rows.filter((r) => !r.feasible).length;
  return [
    `set ${run.set}, solver ${run.solverId}, ${run.timeS} s per instance, seed ${run.seed}, jobs ${run.jobs}`,
    table,
    `feasible: ${rows.length - infeasible}/${rows.length}`,
    `mean gap: ${mean.toFixed(3)} %`,
  ].join('\n');
}
