/**
 * Imitation labels for the neural training (models/training/train.py --imitation FILE):
 * samples instances with the TS sampler (training seeds 10_000_000 + i, cities round-robin —
 * disjoint from the evaluation seeds ≤ 99_999 and the validation seeds 500_000 + i) and solves
 * them with the best classical solver. One JSON line per instance:
 *   {city, problem, n, seed, distribution, points, solver, timeS, cost, feasible, routes}
 * Python re-creates the instance from (city, problem, n, seed) with its port of the sampler and
 * checks `points`, so the file stays small.
 *
 *   npx tsx scripts/neural-labels.ts --problem acvrp --n 20 --count 2000 [--from 0] [--time 1]
 *        [--seed 1] [--cities Monaco,Andorra,Lauf] --out models/training/labels/acvrp-n20.jsonl
 * --cities names bundled cities (public/cities/*.rlc) or cities in data/cities/<Name>_data.npz
 * (decoded to whole decimetres / deciseconds, exactly as models/training/data.py loads them).
 * PVRP-P / PVRP-ZC (the CAMP-S teacher, sisr): label i has profile generator random / angular /
 * cluster by i mod 3 and m = 3 + ⌊i / 3⌋ mod 5 vehicles (or --vehicles m); the record adds
 * {vehicles, profile, routeVehicles} (the vehicle of each route). `--set camp` labels CAMP's
 * unit-square instances (src/core/cities/camp-square.ts) instead of city samples (record: set 'camp').
 * --solver neural-ls (default: classical) labels with the current model's POMO ×8 start polished by
 * the classical search: the self-improvement step of the recipe (model → short search → labels).
 * --capacity C (ACVRP, ACVRPTW) gives every sample the vehicle capacity C instead of the sampler's
 * for n, and the record says so: pieces of a large instance (a sector of a 999-stop sample keeps its
 * capacity, 229) have much longer routes than a sample of the piece's size (80 at n = 250).
 * Appends; run several processes with disjoint --from ranges to use more cores.
 */
import { appendFileSync } from 'node:fs';
import { BUNDLED_CITIES } from '../src/core/cities/city';
import { campSquareInstance } from '../src/core/cities/camp-square';
import { PROFILE_GENERATORS, sampleInstance } from '../src/core/cities/sampler';
import { evaluate } from '../src/core/evaluate';
import { isProblemKind, isProfiled } from '../src/core/instance';
import { setVehicle } from '../src/core/scenario/fleet';
import { resolveSolver } from '../src/solvers/registry';
import { loadDatasetCity } from '../src/cli/io';
import { UsageError, numberFlag, parseArgs, stringFlag } from '../src/cli/args';

export const LABEL_SEED0 = 10_000_000;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const problem = stringFlag(args, 'problem');
  if (!problem || !isProblemKind(problem) || !['atsp', 'acvrp', 'acvrptw', 'pvrp-p', 'pvrp-zc'].includes(problem)) {
    throw new UsageError('--problem atsp|acvrp|acvrptw|pvrp-p|pvrp-zc');
  }
  const profiled = isProfiled(problem);
  const fixedVehicles = numberFlag(args, 'vehicles', 0, (x) => Number.isInteger(x) && x >= 0);
  const set = stringFlag(args, 'set') ?? 'cities';
  if (set !== 'cities' && set !== 'camp') throw new UsageError('--set cities|camp');
  if (set === 'camp' && !profiled) throw new UsageError('--set camp: CAMP instances are PVRP (pvrp-p, pvrp-zc)');
  const campSet = set === 'camp';
  const n = numberFlag(args, 'n', 20, (x) => Number.isInteger(x) && x >= 2);
  const count = numberFlag(args, 'count', 100, (x) => Number.isInteger(x) && x > 0);
  const from = numberFlag(args, 'from', 0, (x) => Number.isInteger(x) && x >= 0);
  const timeS = numberFlag(args, 'time', 1, (x) => x > 0);
  const seed = numberFlag(args, 'seed', 1, Number.isInteger);
  const capacity = numberFlag(args, 'capacity', 0, (x) => Number.isInteger(x) && x > 0);
  if (capacity && problem !== 'acvrp' && problem !== 'acvrptw') throw new UsageError('--capacity: only for acvrp and acvrptw');
  const solverId = stringFlag(args, 'solver') ?? 'classical';
  const out = stringFlag(args, 'out');
  if (!out) throw new UsageError('--out file.jsonl');
  const names = (stringFlag(args, 'cities') ?? BUNDLED_CITIES.join(',')).split(',').filter(Boolean);
  const cities = names.map(loadDatasetCity);
  for (let i = from; i < from + count; i++) {
    const city = cities[i % cities.length];
    // PVRP: every profile generator and m = 3..7 in turn (CAMP's training range), unless --vehicles fixes m.
    const pvrp = profiled ? { vehicles: fixedVehicles || 3 + (Math.floor(i / PROFILE_GENERATORS.length) % 5), profile: PROFILE_GENERATORS[i % PROFILE_GENERATORS.length] } : {};
    const spec = { problem, n, seed: LABEL_SEED0 + i, distribution: 'uniform' as const, ...pvrp };
    const sampled = campSet ? campSquareInstance({ problem: problem as 'pvrp-p' | 'pvrp-zc', n, seed: spec.seed, vehicles: pvrp.vehicles!, profile: pvrp.profile! }) : sampleInstance(city, spec);
    const inst = capacity ? setVehicle(sampled, 0, { capacity }) : sampled;
    const solver = resolveSolver(solverId, inst.kind);
    if (!solver) throw new UsageError(`--solver ${solverId}: no such solver for ${inst.kind}`);
    const res = await solver.solve(inst, { timeLimitMs: timeS * 1000, seed });
    const ev = evaluate(inst, res.solution);
    const rec = {
      ...(campSet ? { set: 'camp' } : {}),
      city: campSet ? 'camp' : city.name,
      problem,
      n,
      seed: spec.seed,
      distribution: spec.distribution,
      points: inst.meta.cityPoints,
      solver: solver.id,
      timeS,
      ...(capacity ? { capacity } : {}),
      cost: ev.cost,
      feasible: ev.feasible,
      ...pvrp,
      routes: res.solution.routes.filter((r) => r.stops.length > 0).map((r) => r.stops),
      // PVRP: the vehicle (index into the instance's vehicles) that drives each route
      ...(profiled ? { routeVehicles: res.solution.routes.filter((r) => r.stops.length > 0).map((r) => r.vehicle) } : {}),
    };
    if (ev.feasible) appendFileSync(out, `${JSON.stringify(rec)}\n`);
    else process.stderr.write(`skipped ${inst.name}: infeasible classical solution\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
