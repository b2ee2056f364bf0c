/**
 * npm run experiment -- <definition.json> [--out results.csv] [--aggregate aggregate.csv]
 *   [--markdown aggregate.md] [--file <instances file>] [--city <city file>] [--quiet]
 * Runs an experiment definition (as the app exports it) with the same core code, the same
 * instances and the same solver seeds, one run at a time, and writes the results CSV the app
 * writes (stdout without --out). Progress goes to stderr.
 */
import { aggregateCsv, aggregateMarkdown } from '../core/experiment/csv';
import { UsageError, parseArgs, stringFlag } from './args';
import { readDefinition, runExperiment } from './experiment-run';
import { runCli, writeText } from './io';

await runCli(async () => {
  const args = parseArgs(process.argv.slice(2));
  const [definitionFile] = args.positional;
  if (!definitionFile) throw new UsageError('experiment <definition.json> [--out results.csv] [--aggregate aggregate.csv] [--markdown aggregate.md] [--file path] [--city file] [--quiet]');
  const def = readDefinition(definitionFile);
  const quiet = args.flags.has('quiet');
  const { aggregate, csv } = await runExperiment(def, definitionFile, {
    file: stringFlag(args, 'file'),
    city: stringFlag(args, 'city'),
    onRecord: (record, done, total) => {
      if (quiet) return;
      const what = record.status === 'done' ? `cost ${record.cost}` : `failed: ${record.error}`;
      process.stderr.write(`[${done}/${total}] ${record.instance} ${record.solver} seed ${record.seed} ${record.budgetMs / 1000} s: ${what}\n`);
    },
  });
  const out = stringFlag(args, 'out');
  if (out) writeText(out, csv);
  else process.stdout.write(csv);
  const aggOut = stringFlag(args, 'aggregate');
  if (aggOut) writeText(aggOut, aggregateCsv(aggregate));
  const md = stringFlag(args, 'markdown');
  if (md) writeText(md, aggregateMarkdown(aggregate, def.name));
  if (!quiet) process.stderr.write(aggregateMarkdown(aggregate, def.name));
});
