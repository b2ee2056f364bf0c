/**
 * npm run sample -- --city Monaco|<city.rlc|city.npz> --problem acvrp --n 100 --seed 1 [--distribution uniform|clustered]
 *                   [--vehicles m] [--profile random|angular|cluster] [--out file.json]
 * Writes a RouteLab instance file that the app and the CLI both read.
 */
import { DISTRIBUTIONS, PROFILE_GENERATORS, sampleInstance, type Distribution, type ProfileGenerator } from '../core/cities/sampler';
import { routelabToJson } from '../core/formats/routelab-json';
import { nodeCount } from '../core/problems';
import { UsageError, numberFlag, parseArgs, stringFlag } from './args';
import { problemFlag, runCli, writeText } from './io';
import { requireCity } from './city-source';

await runCli(() => {
  const args = parseArgs(process.argv.slice(2));
  const city = stringFlag(args, 'city') ?? 'Monaco';
  const problem = problemFlag(args) ?? 'acvrp';
  const n = numberFlag(args, 'n', 100, (x) => Number.isInteger(x) && x >= 2);
  const seed = numberFlag(args, 'seed', 1, Number.isInteger);
  const distribution = (stringFlag(args, 'distribution') ?? 'uniform') as Distribution;
  if (!DISTRIBUTIONS.includes(distribution)) throw new UsageError(`--distribution must be one of ${DISTRIBUTIONS.join(', ')}`);
  const profile = (stringFlag(args, 'profile') ?? 'random') as ProfileGenerator;
  if (!PROFILE_GENERATORS.includes(profile)) throw new UsageError(`--profile must be one of ${PROFILE_GENERATORS.join(', ')}`);
  const vehicles = numberFlag(args, 'vehicles', 5, (x) => Number.isInteger(x) && x >= 1);
  const cityData = requireCity(city);
  if (nodeCount(problem, n) > cityData.n) throw new UsageError(`--n ${n} needs more points than ${cityData.name} has (${cityData.n})`);
  const inst = sampleInstance(cityData, { problem, n, seed, distribution, vehicles, profile });
  const text = JSON.stringify(routelabToJson(inst));
  const out = stringFlag(args, 'out');
  if (out) {
    writeText(out, text);
    process.stderr.write(`wrote ${out}: ${inst.name} (${inst.n} nodes)\n`);
  } else process.stdout.write(`${text}\n`);
});
