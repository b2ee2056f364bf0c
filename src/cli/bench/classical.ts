/**
 * bench classical --set <name> --time <s> [--solver id] [--seed n] [--jobs k] [--only a,b] [--out rows.json]
 *                   [--curve instance]; bench classical --from rows.json re-renders a saved run;
 *                   --reference-seeds 2,3 writes the cities reference (best of those long runs).
 * One run per instance; prints a table (cost, reference, gap, time to best, feasible) and, as its
 * last line, `mean gap: <x> %`. --jobs runs instances in parallel child processes (each single
 * threaded); use 1 for quotable figures on a 2-core machine. `cpu share` is the CPU time a run
 * got over its wall time: below 1 when other work shared the machine.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { evaluate } from '../../core/evaluate';
import { resolveSolver } from '../../solvers/registry';
import { UsageError, numberFlag, stringFlag, type Args } from '../args';
import { REPO_ROOT } from '../io';
import { formatTable } from '../table';
import { CITY_REFERENCE_FILE, SETS, gapPercent, type BenchItem } from './sets';

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
  /** CPU time the run got as a share of its wall time (a shared machine gives less than 1). */
  cpuShare?: number;
  /** Best cost over time: [ms, cost] pairs, for time-to-best curves. */
  curve: [number, number][];
}

export async function runItem(item: BenchItem, solverId: string, timeLimitMs: number, seed: number): Promise<BenchRow> {
  const inst = item.load();
  const solver = resolveSolver(solverId, inst.kind);
  if (!solver) throw new UsageError(`no solver "${solverId}" for ${inst.kind}`);
  const curve: [number, number][] = [];
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const result = await solver.solve(inst, { timeLimitMs, seed }, {
    onProgress: (p) => {
      const c = evaluate(inst, p.solution).cost;
      if (curve.length === 0 || c < curve[curve.length - 1][1]) curve.push([Math.round(p.elapsedMs), c]);
    },
  });
  const cpu = process.cpuUsage(cpu0);
  const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - wall0);
  const ev = evaluate(inst, result.solution);
  // PVRP-P costs can be negative (collected preference outweighs travel): gap relative to |reference|.
  const gap = item.reference ? gapPercent(ev.cost, item.reference) : undefined;
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
    cpuShare,
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
  const from = stringFlag(args, 'from');
  if (from) {
    // Re-render a saved run (--out) without solving again.
    const saved = JSON.parse(readFileSync(from, 'utf8'));
    return classicalReport(saved.rows, { ...saved, set: saved.set, curve: stringFlag(args, 'curve') });
  }
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
  const refSeeds = stringFlag(args, 'reference-seeds');
  if (refSeeds) return writeReference(items, solverId, timeS, refSeeds.split(',').map(Number));
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
  return classicalReport(rows, { set: setName, timeS, seed, solverId, jobs, curve: stringFlag(args, 'curve') });
}

export function classicalReport(rows: BenchRow[], run: { set: string; timeS: number; seed: number; solverId: string; jobs: number; curve?: string }): string {
  const table = formatTable(
    ['instance', 'solver', 'cost', 'reference', 'gap %', 'time to best s', 'iterations/s', 'cpu share', 'feasible'],
    rows.map((r) => [
      r.name,
      r.solver,
      r.cost,
      r.reference ?? '-',
      r.gap === undefined ? '-' : r.gap.toFixed(2),
      (r.timeToBestMs / 1000).toFixed(1),
      // Search steps per second of the budget (SISR: ruin & recreate steps; atsp-ils: kicks).
      r.iterations === undefined ? '-' : Math.round(r.iterations / run.timeS),
      r.cpuShare === undefined ? '-' : r.cpuShare.toFixed(2),
      r.feasible ? 'yes' : 'NO',
    ]),
  );
  const curveRow = rows.find((r) => r.name === run.curve) ?? rows[0];
  const curve = curveRow
    ? `time-to-best curve, ${curveRow.name}: ` +
      checkpoints(curveRow.curve, run.timeS)
        .map(([t, c]) => `${t}s ${c}${curveRow.reference ? ` (${gapPercent(c, curveRow.reference).toFixed(2)} %)` : ''}`)
        .join(', ')
    : '';
  const gaps = rows.filter((r) => r.gap !== undefined).map((r) => r.gap!);
  const mean = gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length : NaN;
  const infeasible = rows.filter((r) => !r.feasible).length;
  return [
    `set ${run.set}, solver ${run.solverId}, ${run.timeS} s per instance, seed ${run.seed}, jobs ${run.jobs}`,
    table,
    curve,
    `feasible: ${rows.length - infeasible}/${rows.length}`,
    `mean gap: ${mean.toFixed(3)} %`,
  ].join('\n');
}

/**
 * The reference for sets without published best-known values (cities): the best feasible cost
 * of long runs over several seeds, written to data/benchmarks/cities-reference.json.
 */
async function writeReference(items: BenchItem[], solverId: string, timeS: number, seeds: number[]): Promise<string> {
  const reference: Record<string, number> = {};
  for (const item of items) {
    for (const seed of seeds) {
      const row = await runItem({ ...item, reference: undefined }, solverId, timeS * 1000, seed);
      if (row.feasible && !(row.cost >= reference[item.name])) reference[item.name] = row.cost;
      process.stderr.write(`${item.name} seed ${seed}: ${row.cost}\n`);
    }
  }
  const doc = { made: new Date().toISOString().slice(0, 10), command: `bench classical --set cities --time ${timeS} --solver ${solverId} --reference-seeds ${seeds.join(',')}`, reference };
  writeFileSync(CITY_REFERENCE_FILE, `${JSON.stringify(doc, null, 1)}\n`);
  return `wrote ${CITY_REFERENCE_FILE}: ${Object.keys(reference).length} references`;
}

/** Best cost at fixed times (0.1 s … the limit): a curve short enough to read in one line. */
function checkpoints(curve: [number, number][], limitS: number): [number, number][] {
  const marks = [0.1, 0.5, 1, 2, 5, 10, 20, 30, 45, 60, 120, 300].filter((t) => t < limitS).concat([limitS]);
  const out: [number, number][] = [];
  for (const t of marks) {
    const reached = curve.filter(([ms]) => ms <= t * 1000);
    if (reached.length) out.push([t, reached[reached.length - 1][1]]);
  }
  return out;
}
