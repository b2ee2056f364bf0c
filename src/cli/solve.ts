/**
 * npm run solve -- <file|city> [--index i] [--solver id] [--time seconds] [--seed n] [--problem kind] [--threads t]
 * npm run solve -- --list
 * Prints one JSON line per instance (see core/formats/solve-output.ts for the contract).
 */
import { availableParallelism } from 'node:os';
import { evaluate } from '../core/evaluate';
import { toSolveRecord } from '../core/formats/solve-output';
import { getSolver, listSolvers, resolveSolver } from '../solvers/registry';
import { UsageError, numberFlag, optionalInt, parseArgs, stringFlag } from './args';
import { instanceIndices, loadProblem, runCli } from './io';
import { cityAsLoadedFile, resolveCity } from './city-source';

await runCli(async () => {
  const args = parseArgs(process.argv.slice(2));
  if (args.flags.has('list')) {
    process.stdout.write(`${JSON.stringify(listSolvers())}\n`);
    return;
  }
  const [file] = args.positional;
  if (!file) throw new UsageError('solve <file> [--index i] [--solver id] [--time seconds] [--seed n] [--problem kind] [--threads t] | solve --list');
  const solverId = stringFlag(args, 'solver') ?? 'nearest';
  if (solverId !== 'classical' && !getSolver(solverId)) {
    throw new UsageError(`unknown solver "${solverId}"; known: classical, ${listSolvers().map((s) => s.id).join(', ')}`);
  }
  const timeLimitMs = numberFlag(args, 'time', 10, (x) => x > 0) * 1000;
  const seed = numberFlag(args, 'seed', 1, Number.isInteger);
  // onnxruntime-node's intra-op threads for the neural solvers: one solve owns the machine here, as
  // a solve worker's session does in the browser (min(4, cores) WASM threads there). The benches
  // and tests keep one thread each.
  const threads = numberFlag(args, 'threads', Math.min(4, availableParallelism()), (x) => Number.isInteger(x) && x >= 1);
  // A city (bundled name, dataset name, .rlc / city .npz path) is solved whole: every point a node.
  const city = /\.rlc$/i.test(file) || !/\.[a-z0-9]+$/i.test(file) ? resolveCity(file) : null;
  const loaded = city ? cityAsLoadedFile(city, file, args) : loadProblem(file, args);
  for (const i of instanceIndices(loaded, optionalInt(args, 'index'))) {
    const inst = loaded.instance(i);
    const solver = resolveSolver(solverId, inst.kind);
    if (!solver) throw new UsageError(`solver ${solverId} does not handle ${inst.kind}; see npm run solve -- --list`);
    const t0 = performance.now();
    const result = await solver.solve(inst, { timeLimitMs, seed, params: { threads } });
    const timeMs = performance.now() - t0;
    const ev = evaluate(inst, result.solution);
    const record = toSolveRecord(inst, i, solver.id, seed, result.solution, ev, { timeMs, timeToBestMs: result.timeToBestMs });
    process.stdout.write(`${JSON.stringify(record)}\n`);
  }
});
