/**
 * A solver against the teacher's labels (scripts/neural-labels.ts records), on the labels' own
 * instances: the held-out measure of a model before and after training on such labels.
 *   npx tsx scripts/probes/solver-vs-labels.ts <labels.jsonl> [solver=neural-greedy] [count=all] [seconds=3]
 * Prints each instance's cost over the label's − 1, and the mean (BENCHMARKS.md, "Session 15").
 */
import { readFileSync } from 'node:fs';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import type { ProblemKind } from '../../src/core/instance';
import { mean } from '../../src/core/experiment/stats';
import { setVehicle } from '../../src/core/scenario/fleet';
import { resolveSolver } from '../../src/solvers/registry';
import { requireCity } from '../../src/cli/city-source';

interface LabelRecord {
  city: string;
  problem: ProblemKind;
  n: number;
  seed: number;
  cost: number;
  capacity?: number;
}

const [file, solverId = 'neural-greedy', countS, timeS = '3'] = process.argv.slice(2);
if (!file) throw new Error('usage: solver-vs-labels.ts <labels.jsonl> [solver] [count] [seconds]');
const records = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as LabelRecord)
  .slice(0, countS ? Number(countS) : undefined);
const gaps: number[] = [];
let warmed = false;
for (const rec of records) {
  const sampled = sampleInstance(requireCity(rec.city), { problem: rec.problem, n: rec.n, seed: rec.seed });
  const inst = rec.capacity ? setVehicle(sampled, 0, { capacity: rec.capacity }) : sampled;
  const solver = resolveSolver(solverId, inst.kind);
  if (!solver) throw new Error(`no solver ${solverId} for ${inst.kind}`);
  if (!warmed) await solver.warm?.(inst.kind, { backend: 'node' });
  warmed = true;
  const t0 = performance.now();
  const res = await solver.solve(inst, { timeLimitMs: Number(timeS) * 1000, seed: 1 });
  const ev = evaluate(inst, res.solution);
  const gap = (ev.cost / rec.cost - 1) * 100;
  gaps.push(gap);
  console.log(`${rec.city} ${rec.seed}: ${ev.feasible && ev.unassigned.length === 0 ? '' : 'INFEASIBLE '}${gap.toFixed(2)} % vs label, ${((performance.now() - t0) / 1000).toFixed(2)} s`);
}
console.log(`${solverId} on ${records.length} labels of ${file}: mean ${mean(gaps).toFixed(2)} %`);
