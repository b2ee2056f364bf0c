/**
 * An experiment definition: which instances, which solvers, which solver seeds and which time
 * budgets. The app saves it as JSON and `npm run experiment` runs the same file, so it holds
 * everything a run depends on. Reading one checks every field and fails with the file and the
 * field path, never with a bare exception.
 */
import type { Distribution, ProfileGenerator } from '../cities/sampler';
import { DISTRIBUTIONS, PROFILE_GENERATORS } from '../cities/sampler';
import { catchFormat, type ParseResult } from '../errors';
import { isProblemKind, PROBLEM_KINDS, type ProblemKind } from '../instance';
import { fail, isRecord, parseJsonText } from '../formats/text';

export const EXPERIMENT_FORMAT = 'routelab-experiment@1';

/** Instances `from`..`to` (inclusive, 0-based) of one problem file; the whole file when absent. */
export interface FileSource {
  kind: 'file';
  /** As the planner chose it; the CLI looks for it next to the definition, then from the working directory. */
  file: string;
  /** For files that do not say which problem they pose (bare OSRM table, CAMP batch). */
  problem?: ProblemKind;
  from?: number;
  to?: number;
}

/** One instance per sampler seed from `seeds.from` to `seeds.to`, drawn from a city. */
export interface SampleSource {
  kind: 'sample';
  /** A bundled city, or a dataset city the CLI finds in data/cities. */
  city: string;
  problem: ProblemKind;
  n: number;
  distribution?: Distribution;
  vehicles?: number;
  profile?: ProfileGenerator;
  seeds: { from: number; to: number };
}

/** Instances carried in the definition itself (RouteLab JSON), e.g. the ones open in the app. */
export interface InlineSource {
  kind: 'inline';
  instances: Record<string, unknown>[];
}

export type InstanceSource = FileSource | SampleSource | InlineSource;

/** The problem file a source reads; null for samples and inline instances, which need none. */
export function sourceFile(source: InstanceSource): string | null {
  switch (source.kind) {
    case 'file':
      return source.file;
    case 'sample':
    case 'inline':
      return null;
  }
}

/** A best-known cost for one instance (by name): stated, or read from a CVRPLIB `.sol` file. */
export interface ReferenceCost {
  instance: string;
  cost?: number;
  /** A `.sol` path the CLI reads and evaluates (relative to the definition). */
  sol?: string;
  /** Where the cost came from, for the tables (a file name). */
  from?: string;
}

export interface ExperimentDefinition {
  format: typeof EXPERIMENT_FORMAT;
  name: string;
  instances: InstanceSource;
  /** Solver ids as the planner picked them (`classical` resolves per problem kind). */
  solvers: string[];
  /** Solver seeds: every (instance, solver, budget) runs once per seed. */
  seeds: number[];
  /** Time budgets in seconds. */
  budgets: number[];
  /** The solver the others are compared with (wins / ties / losses, paired test). */
  baseline: string;
  /** Neural runtime in the app ('auto', 'webgpu', 'wasm'); the CLI always runs onnxruntime-node. */
  backend?: string;
  references?: ReferenceCost[];
}

/** Bounds that keep a definition from asking for more than a browser tab can hold. */
export const MAX_SEEDS = 100;
export const MAX_BUDGETS = 10;
export const MAX_SOLVERS = 12;
export const MAX_SAMPLED = 10_000;
export const MAX_BUDGET_S = 3600;

type Json = Record<string, unknown>;

class Fields {
  constructor(readonly file: string) {}

  fail(field: string, expected: string, found: unknown): never {
    fail(this.file, expected, { field, found: describe(found) });
  }

  record(json: Json, key: string, path = key): Json {
    const v = json[key];
    if (!isRecord(v)) this.fail(path, 'an object', v);
    return v;
  }

  string(json: Json, key: string, path = key): string {
    const v = json[key];
    if (typeof v !== 'string' || v.trim() === '') this.fail(path, 'a non-empty string', v);
    return v;
  }

  int(json: Json, key: string, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const v = json[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) this.fail(path, `an integer in ${min}..${max}`, v);
    return v;
  }

  optionalInt(json: Json, key: string, path: string, min: number, max?: number): number | undefined {
    return json[key] === undefined ? undefined : this.int(json, key, path, min, max);
  }

  problem(json: Json, key: string, path: string): ProblemKind {
    const v = json[key];
    if (!isProblemKind(v)) this.fail(path, `a problem kind (${PROBLEM_KINDS.join(', ')})`, v);
    return v;
  }

  oneOf<T extends string>(json: Json, key: string, path: string, options: readonly T[]): T | undefined {
    const v = json[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !options.includes(v as T)) this.fail(path, `one of ${options.join(', ')}`, v);
    return v as T;
  }

  array(json: Json, key: string, min: number, max: number): unknown[] {
    const v = json[key];
    if (!Array.isArray(v) || v.length < min || v.length > max) this.fail(key, `an array of ${min}..${max} items`, v);
    return v;
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (isRecord(v)) return 'an object';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function readSource(f: Fields, json: Json): InstanceSource {
  const src = f.record(json, 'instances');
  const kind = src.kind;
  switch (kind) {
    case 'file': {
      const from = f.optionalInt(src, 'from', 'instances.from', 0);
      const to = f.optionalInt(src, 'to', 'instances.to', 0);
      if (from !== undefined && to !== undefined && to < from) f.fail('instances.to', `an index ≥ instances.from (${from})`, to);
      const problem = src.problem === undefined ? undefined : f.problem(src, 'problem', 'instances.problem');
      return { kind, file: f.string(src, 'file', 'instances.file'), ...(problem ? { problem } : {}), ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
    }
    case 'sample': {
      const seeds = f.record(src, 'seeds', 'instances.seeds');
      const from = f.int(seeds, 'from', 'instances.seeds.from', 0, 2 ** 31 - 1);
      const to = f.int(seeds, 'to', 'instances.seeds.to', from, 2 ** 31 - 1);
      if (to - from + 1 > MAX_SAMPLED) f.fail('instances.seeds.to', `at most ${MAX_SAMPLED} seeds from instances.seeds.from (${from})`, to);
      const distribution = f.oneOf(src, 'distribution', 'instances.distribution', DISTRIBUTIONS);
      const profile = f.oneOf(src, 'profile', 'instances.profile', PROFILE_GENERATORS);
      const vehicles = f.optionalInt(src, 'vehicles', 'instances.vehicles', 1, 1000);
      return {
        kind,
        city: f.string(src, 'city', 'instances.city'),
        problem: f.problem(src, 'problem', 'instances.problem'),
        n: f.int(src, 'n', 'instances.n', 1, 20_000),
        ...(distribution ? { distribution } : {}),
        ...(vehicles !== undefined ? { vehicles } : {}),
        ...(profile ? { profile } : {}),
        seeds: { from, to },
      };
    }
    case 'inline': {
      const list = src.instances;
      if (!Array.isArray(list) || list.length === 0) f.fail('instances.instances', 'a non-empty array of RouteLab instances', list);
      list.forEach((x, i) => {
        if (!isRecord(x)) f.fail(`instances.instances[${i}]`, 'a RouteLab instance object', x);
      });
      return { kind, instances: list as Json[] };
    }
    default:
      f.fail('instances.kind', 'one of file, sample, inline', kind);
  }
}

function readReferences(f: Fields, json: Json): ReferenceCost[] | undefined {
  if (json.references === undefined) return undefined;
  return f.array(json, 'references', 0, 100_000).map((r, i) => {
    const path = `references[${i}]`;
    if (!isRecord(r)) f.fail(path, 'an object {instance, cost} or {instance, sol}', r);
    const instance = f.string(r, 'instance', `${path}.instance`);
    const cost = r.cost;
    if (cost !== undefined && (typeof cost !== 'number' || !Number.isFinite(cost))) f.fail(`${path}.cost`, 'a finite number', cost);
    const sol = r.sol === undefined ? undefined : f.string(r, 'sol', `${path}.sol`);
    if (cost === undefined && sol === undefined) f.fail(path, 'a cost or a sol file', r);
    const from = r.from === undefined ? undefined : f.string(r, 'from', `${path}.from`);
    return { instance, ...(cost !== undefined ? { cost } : {}), ...(sol ? { sol } : {}), ...(from ? { from } : {}) };
  });
}

/**
 * Checks a parsed JSON value. `knownSolvers`, when given, is the list the solver ids must come
 * from (core knows no solvers; the caller passes the registry's or the catalog's ids).
 */
export function checkDefinition(file: string, json: unknown, knownSolvers?: readonly string[]): ExperimentDefinition {
  const f: Fields = new Fields(file);
  if (!isRecord(json)) f.fail('(root)', 'an experiment definition object', json);
  if (json.format !== EXPERIMENT_FORMAT) f.fail('format', `"${EXPERIMENT_FORMAT}"`, json.format);
  const name = json.name === undefined ? 'experiment' : f.string(json, 'name');
  const instances = readSource(f, json);
  const solvers = f.array(json, 'solvers', 1, MAX_SOLVERS).map((s, i) => {
    if (typeof s !== 'string' || s === '') f.fail(`solvers[${i}]`, 'a solver id', s);
    if (knownSolvers && !knownSolvers.includes(s)) f.fail(`solvers[${i}]`, `a solver id (${knownSolvers.join(', ')})`, s);
    return s;
  });
  solvers.forEach((s, i) => {
    if (solvers.indexOf(s) !== i) f.fail(`solvers[${i}]`, 'each solver once', s);
  });
  const seeds = f.array(json, 'seeds', 1, MAX_SEEDS).map((s, i) => {
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > 2 ** 31 - 1) f.fail(`seeds[${i}]`, 'an integer seed in 0..2147483647', s);
    return s;
  });
  seeds.forEach((s, i) => {
    if (seeds.indexOf(s) !== i) f.fail(`seeds[${i}]`, 'each seed once', s);
  });
  const budgets = f.array(json, 'budgets', 1, MAX_BUDGETS).map((b, i) => {
    if (typeof b !== 'number' || !(b > 0) || b > MAX_BUDGET_S) f.fail(`budgets[${i}]`, `a time budget in seconds, above 0 and at most ${MAX_BUDGET_S}`, b);
    return b;
  });
  budgets.forEach((b, i) => {
    if (budgets.indexOf(b) !== i) f.fail(`budgets[${i}]`, 'each budget once', b);
  });
  const baseline = json.baseline === undefined ? solvers[0] : f.string(json, 'baseline');
  if (!solvers.includes(baseline)) f.fail('baseline', `one of the solvers (${solvers.join(', ')})`, baseline);
  const backend = json.backend === undefined ? undefined : f.string(json, 'backend');
  const references = readReferences(f, json);
  return {
    format: EXPERIMENT_FORMAT,
    name,
    instances,
    solvers,
    seeds,
    budgets,
    baseline,
    ...(backend ? { backend } : {}),
    ...(references ? { references } : {}),
  };
}

/** Reads a definition file's text; every failure is a located error value. */
export function parseDefinition(file: string, text: string, knownSolvers?: readonly string[]): ParseResult<ExperimentDefinition> {
  return catchFormat(file, () => checkDefinition(file, parseJsonText(file, text), knownSolvers));
}

export function definitionToJson(def: ExperimentDefinition): string {
  return `${JSON.stringify(def, null, 2)}\n`;
}

/**
 * "1, 2, 5-8" → [1, 2, 5, 6, 7, 8]: how the form takes seeds and budgets. Returns an error
 * message naming the bad part instead of throwing.
 */
export function parseNumberList(text: string, opts: { integers: boolean; min: number; max: number; most: number }): number[] | { error: string } {
  const out: number[] = [];
  for (const raw of text.split(/[,\s]+/).filter(Boolean)) {
    const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(raw);
    const parts = range && opts.integers ? rangeOf(Number(range[1]), Number(range[2]), opts.most) : [Number(raw)];
    if (!parts) return { error: `"${raw}" is a range of more than ${opts.most}` };
    for (const x of parts) {
      if (!Number.isFinite(x) || (opts.integers && !Number.isInteger(x)) || x < opts.min || x > opts.max) {
        return { error: `"${raw}" is not ${opts.integers ? 'an integer' : 'a number'} in ${opts.min}..${opts.max}` };
      }
      if (!out.includes(x)) out.push(x);
    }
    if (out.length > opts.most) return { error: `at most ${opts.most} values` };
  }
  if (out.length === 0) return { error: 'at least one value' };
  return out;
}

function rangeOf(a: number, b: number, most: number): number[] | null {
  if (b < a || b - a + 1 > most) return null;
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
