/**
 * npm run eval -- <instance-file> <solution-file> [--index i] [--problem kind]
 * Prints the evaluator's JSON for a CVRPLIB .sol, a VROOM output, or a `solve` output line.
 */
import { evaluate } from '../core/evaluate';
import { UsageError, optionalInt, parseArgs } from './args';
import { reportedDuration } from '../core/formats/solve-output';
import { loadProblem, loadSolution, runCli } from './io';

await runCli(() => {
  const args = parseArgs(process.argv.slice(2));
  const [instanceFile, solutionFile] = args.positional;
  if (!instanceFile || !solutionFile) throw new UsageError('eval <instance-file> <solution-file> [--index i] [--problem kind]');
  const loaded = loadProblem(instanceFile, args);
  const index = optionalInt(args, 'index') ?? 0;
  if (index >= loaded.count) throw new UsageError(`--index ${index} is out of range: the file holds ${loaded.count} instance(s)`);
  const inst = loaded.instance(index);
  const sol = loadSolution(solutionFile, inst);
  const ev = evaluate(inst, sol.solution);
  const { routes, ...totals } = ev;
  const out = {
    instance: inst.name,
    index,
    ...totals,
    duration: reportedDuration(inst, totals.duration),
    statedCost: sol.statedCost,
    matchesStatedCost: sol.statedCost === undefined ? undefined : Math.abs(sol.statedCost - ev.cost) < 1e-6,
    routes: routes.map((r) => ({
      vehicle: r.vehicle,
      stops: r.stops.map((s) => s.node),
      cost: r.cost,
      distance: r.distance,
      duration: reportedDuration(inst, r.duration),
      load: r.load,
      waiting: r.waiting,
      lateness: r.lateness,
    })),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
});
