/**
 * A neural solver (or any solver) against savings on city samples, one run each, warm model:
 *   npx tsx scripts/probes/solver-vs-savings.ts <cities,...> <seeds,...> [n=999] [problem=acvrp]
 *       [solver=neural-greedy] [paramsJSON={}] [seconds=3]
 * Prints each sample's cost over savings' − 1 and the solve's time, then the mean, how many samples
 * were above savings and the range of times (BENCHMARKS.md, "Session 13", "Session 17").
 */
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import { mean } from '../../src/core/experiment/stats';
import { resolveSolver } from '../../src/solvers/registry';
import { requireCity } from '../../src/cli/city-source';
const [citiesS, seedsS, n = '999', problem = 'acvrp', solverId = 'neural-greedy', paramsS = '{}', timeS = '3'] = process.argv.slice(2);
const params = JSON.parse(paramsS);
const gaps: number[] = [];
const times: number[] = [];
await resolveSolver(solverId, problem as 'acvrp')!.warm?.(problem as 'acvrp', { backend: 'node' });
for (const seed of seedsS.split(',').map(Number)) for (const city of citiesS.split(',')) {
  const inst = sampleInstance(requireCity(city), { problem: problem as 'acvrp', n: Number(n), seed });
  const sav = evaluate(inst, (await resolveSolver('savings', inst.kind)!.solve(inst, { timeLimitMs: 1000, seed: 1 })).solution).cost;
  const t0 = performance.now();
  const res = await resolveSolver(solverId, inst.kind)!.solve(inst, { timeLimitMs: Number(timeS) * 1000, seed: 1, params });
  const ms = performance.now() - t0;
  const ev = evaluate(inst, res.solution);
  const gap = (ev.cost / sav - 1) * 100;
  gaps.push(gap);
  times.push(ms);
  console.log(`${city} s${seed}: ${ev.feasible && ev.unassigned.length === 0 ? '' : 'INFEASIBLE '}${gap.toFixed(2)} % vs savings, ${(ms / 1000).toFixed(2)} s, iterations ${res.iterations}`);
}
console.log(`mean ${mean(gaps).toFixed(2)} %, above savings on ${gaps.filter((g) => g > 0).length} of ${gaps.length}, solve ${(Math.min(...times) / 1000).toFixed(2)}–${(Math.max(...times) / 1000).toFixed(2)} s`);
