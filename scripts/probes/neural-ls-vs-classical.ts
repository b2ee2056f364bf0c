/**
 * neural-ls (one run per params variant) against classical at the same budget, on city samples:
 *   npx tsx scripts/probes/neural-ls-vs-classical.ts <cities,...> <seeds,...> [n=999] [problem=acvrp]
 *       [seconds=30] [variantsJSON=[{}]]
 * Prints each sample's neural-ls cost over classical's − 1 per variant, and the means (BENCHMARKS.md, "Session 13").
 */
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import { resolveSolver } from '../../src/solvers/registry';
import { requireCity } from '../../src/cli/city-source';
const [citiesS, seedsS, n = '999', problem = 'acvrp', timeS = '30', variantsS = '[{}]'] = process.argv.slice(2);
const variants = JSON.parse(variantsS) as Record<string, unknown>[];
await resolveSolver('neural-ls', problem as 'acvrp')!.warm?.(problem as 'acvrp', { backend: 'node' });
const sums = variants.map(() => 0);
let count = 0;
for (const seed of seedsS.split(',').map(Number)) for (const city of citiesS.split(',')) {
  const inst = sampleInstance(requireCity(city), { problem: problem as 'acvrp', n: Number(n), seed });
  const cl = evaluate(inst, (await resolveSolver('classical', inst.kind)!.solve(inst, { timeLimitMs: Number(timeS) * 1000, seed: 1 })).solution).cost;
  const row = [];
  for (const [i, params] of variants.entries()) {
    const ev = evaluate(inst, (await resolveSolver('neural-ls', inst.kind)!.solve(inst, { timeLimitMs: Number(timeS) * 1000, seed: 1, params })).solution);
    const gap = (ev.cost / cl - 1) * 100;
    sums[i] += gap;
    row.push(`${JSON.stringify(params)} ${ev.feasible && ev.unassigned.length === 0 ? '' : 'INF '}${gap.toFixed(2)} %`);
  }
  count++;
  console.log(`${city} s${seed}: classical ${cl.toFixed(0)}; neural-ls vs classical: ${row.join(', ')}`);
}
console.log(variants.map((v, i) => `${JSON.stringify(v)} mean ${(sums[i] / count).toFixed(2)} %`).join('; '));
