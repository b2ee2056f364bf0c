/**
 * Benchmark sets: which instances, how they are read (each with the cost convention its
 * best-known values use) and the reference value to compute the gap against.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BUNDLED_CITIES } from '../../core/cities/city';
import { sampleInstance } from '../../core/cities/sampler';
import { parseProblemFile } from '../../core/formats/index';
import type { ParseOptions } from '../../core/formats/types';
import type { Instance, ProblemKind } from '../../core/instance';
import { REPO_ROOT, loadBundledCity } from '../io';

export interface BenchItem {
  name: string;
  load(): Instance;
  /** Best-known / optimal / reference cost; undefined when none is known. */
  reference?: number;
}

const BENCH = join(REPO_ROOT, 'data', 'benchmarks');

/** Gap to a reference in %, relative to |reference| (PVRP-P costs can be negative). */
export function gapPercent(cost: number, reference: number): number {
  return ((cost - reference) / Math.abs(reference)) * 100;
}

function readCsv(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const keys = head.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [keys[i], cell])));
}

function fileItem(path: string, reference: number | undefined, opts: ParseOptions = {}): BenchItem {
  return {
    name: basename(path).replace(/\.[^.]+$/, ''),
    reference,
    load() {
      const r = parseProblemFile(basename(path), readFileSync(path), opts);
      if (!r.ok) throw new Error(r.error.message);
      return r.value.instance(0);
    },
  };
}

export const X10 = ['X-n101-k25', 'X-n125-k30', 'X-n153-k22', 'X-n181-k23', 'X-n200-k36', 'X-n228-k23', 'X-n251-k28', 'X-n284-k15', 'X-n322-k28', 'X-n401-k29'];

/**
 * The `large` set: six of the 32 X instances with n ≥ 500, evenly spaced by rank (positions
 * 0, 6, 12, 19, 25, 31), from 5 to 23 clients per route (X-n655-k131: 5, X-n502-k39: 13, X-n1001-k43: 23).
 */
export const X_LARGE = ['X-n502-k39', 'X-n573-k30', 'X-n655-k131', 'X-n766-k71', 'X-n876-k59', 'X-n1001-k43'];

/** All X instances of the bks table with at least `minN` nodes, in table order. */
function xNamesFrom(minN: number): string[] {
  return readCsv(join(BENCH, 'cvrplib-x', 'bks.csv'))
    .filter((r) => Number(r.dimension) >= minN)
    .map((r) => r.instance);
}

function xSet(names: string[]): BenchItem[] {
  const bks = new Map(readCsv(join(BENCH, 'cvrplib-x', 'bks.csv')).map((r) => [r.instance, Number(r.bks_cost_pyvrp_instances)]));
  return names.map((n) => fileItem(join(BENCH, 'cvrplib-x', `${n}.vrp`), bks.get(n)));
}

function atspSet(): BenchItem[] {
  const dir = join(BENCH, 'tsplib-atsp');
  const optima = new Map(
    readFileSync(join(dir, 'bestSolutions.txt'), 'utf8')
      .split(/\r?\n/)
      .map((l) => l.split(':').map((s) => s.trim()))
      .filter((p) => p.length === 2)
      .map(([k, v]) => [k, Number(v)] as const),
  );
  return readdirSync(dir)
    .filter((f) => f.endsWith('.atsp'))
    .sort()
    .map((f) => {
      const name = f.replace('.atsp', '');
      // bestSolutions.txt lists kro124p as "kro124".
      return fileItem(join(dir, f), optima.get(name) ?? optima.get(name.replace(/p$/, '')));
    });
}

function solomonSet(): BenchItem[] {
  const dir = join(BENCH, 'solomon-vrptw-100');
  const bks = new Map(readCsv(join(dir, 'bks.csv')).map((r) => [r.instance, Number(r.lit_cost_distance_only_double)]));
  // Distance-only literature values use double precision: read the files without rounding.
  return [...bks.keys()].map((n) => fileItem(join(dir, `${n}.txt`), bks.get(n), { rounding: 'none' }));
}

/** Seeded city instances; references are the best of long runs, stored in cities-reference.json. */
export const CITY_SPECS: { problem: ProblemKind; n: number; vehicles?: number }[] = [
  { problem: 'acvrp', n: 100 },
  { problem: 'acvrptw', n: 100 },
  { problem: 'pvrp-p', n: 50, vehicles: 5 },
  { problem: 'pvrp-zc', n: 50, vehicles: 5 },
];
export const CITY_SEEDS = [1001];
export const CITY_REFERENCE_FILE = join(BENCH, 'cities-reference.json');

/** City samples at the sizes a planner's day reaches (issue 13): ACVRP, ACVRPTW and ATSP at n = 200, 500, 999. */
export const CITY_LARGE_SPECS: { problem: ProblemKind; n: number }[] = (['acvrp', 'acvrptw', 'atsp'] as ProblemKind[]).flatMap((problem) =>
  [200, 500, 999].map((n) => ({ problem, n })),
);

function citySet(specs: { problem: ProblemKind; n: number; vehicles?: number }[] = CITY_SPECS): BenchItem[] {
  const refs: Record<string, number> = existsSync(CITY_REFERENCE_FILE) ? JSON.parse(readFileSync(CITY_REFERENCE_FILE, 'utf8')).reference : {};
  const items: BenchItem[] = [];
  for (const city of BUNDLED_CITIES) {
    for (const spec of specs) {
      for (const seed of CITY_SEEDS) {
        const name = `${city}-${spec.problem}${spec.n}-s${seed}`;
        items.push({ name, reference: refs[name], load: () => sampleInstance(loadBundledCity(city), { ...spec, seed }) });
      }
    }
  }
  return items;
}

export const SETS: Record<string, () => BenchItem[]> = {
  x10: () => xSet(X10),
  x: () => xSet(xNamesFrom(0)),
  large: () => xSet(X_LARGE),
  'x500': () => xSet(xNamesFrom(500)),
  atsp: atspSet,
  solomon: solomonSet,
  cities: () => citySet(),
  'cities-large': () => citySet(CITY_LARGE_SPECS),
};
