/**
 * npm run bench -- <suite> [options]: benchmark tables. Suites register here; each prints a
 * table and summary lines that scripts may parse.
 */
import { UsageError, numberFlag, parseArgs } from './args';
import { runCli } from './io';
import { benchParse } from './bench/parse';
import { benchClassical } from './bench/classical';
import { benchUi } from './bench/ui';
import { benchNeuralLatency } from './bench/neural-latency';
import { benchNeuralFirst } from './bench/neural-first';
import { benchNeural } from './bench/neural';
import { benchCity } from './bench/city';
import { benchStreets } from './bench/streets';
import { benchScale } from './bench/scale';

const SUITES: Record<string, (args: ReturnType<typeof parseArgs>) => Promise<string>> = {
  classical: (args) => benchClassical(args),
  ui: (args) => benchUi(args),
  streets: (args) => benchStreets(args),
  'neural-latency': (args) => benchNeuralLatency(args),
  'neural-first': (args) => benchNeuralFirst(args),
  neural: (args) => benchNeural(args),
  city: (args) => benchCity(args),
  scale: (args) => benchScale(args),
  parse: (args) => benchParse(numberFlag(args, 'repeats', 5, (x) => Number.isInteger(x) && x > 0)),
};

await runCli(async () => {
  const args = parseArgs(process.argv.slice(2));
  const [suite] = args.positional;
  const run = suite ? SUITES[suite] : undefined;
  if (!run) throw new UsageError(`bench <suite>; suites: ${Object.keys(SUITES).join(', ')}`);
  const out = await run(args);
  if (out) process.stdout.write(`${out}\n`);
});
