/**
 * From run records to the numbers a researcher reads. The unit of analysis is the instance:
 * a solver's runs on one instance at one budget (its seeds) are averaged first, then summarised
 * over instances and compared instance by instance with the baseline at the same budget.
 *
 * The reference of an instance is its best-known cost when the definition gives one (from a
 * `.sol` file), else the best feasible run of the experiment on it (any solver, seed or budget);
 * gaps are (cost − reference) / |reference| in percent. Runs that are infeasible have no gap,
 * and an instance without a feasible run of a solver counts as unsolved for it.
 */
import type { RunSummary } from './record';
import { mean, meanInterval, median, wilcoxonSignedRank, type Interval, type WilcoxonResult } from './stats';

export interface Reference {
  cost: number;
  source: 'best-known' | 'best-run';
  /** For best-known costs: the file they came from. */
  from?: string;
}

export interface GivenReference {
  cost: number;
  from?: string;
}

/** Gap in percent to a reference, relative to |reference| (PVRP-P costs can be negative). */
export function gapPercent(cost: number, reference: number): number | undefined {
  if (!Number.isFinite(cost) || !Number.isFinite(reference)) return undefined;
  if (reference === 0) return cost === 0 ? 0 : undefined;
  return Math.round(((cost - reference) / Math.abs(reference)) * 100 * 1e6) / 1e6;
}

function isSolved(r: RunSummary): r is RunSummary & { cost: number } {
  return r.status === 'done' && r.feasible === true && typeof r.cost === 'number' && Number.isFinite(r.cost);
}

/** By instance index; `given` is keyed by instance name. */
export function referencesOf(records: readonly RunSummary[], given: ReadonlyMap<string, GivenReference> = new Map()): Map<number, Reference> {
  const refs = new Map<number, Reference>();
  for (const r of records) {
    if (refs.get(r.index)?.source === 'best-known') continue;
    const known = given.get(r.instance);
    if (known) {
      refs.set(r.index, { cost: known.cost, source: 'best-known', ...(known.from ? { from: known.from } : {}) });
      continue;
    }
    if (!isSolved(r)) continue;
    const best = refs.get(r.index);
    if (!best || r.cost < best.cost) refs.set(r.index, { cost: r.cost, source: 'best-run' });
  }
  return refs;
}

export function runGap(r: RunSummary, refs: ReadonlyMap<number, Reference>): number | undefined {
  const ref = refs.get(r.index);
  return isSolved(r) && ref ? gapPercent(r.cost, ref.cost) : undefined;
}

export function groupKey(solver: string, budgetMs: number): string {
  return `${solver}@${budgetMs}`;
}

/** One solver at one budget on one instance, its seeds averaged. */
export interface InstanceValue {
  index: number;
  runs: number;
  solvedRuns: number;
  /** Mean over the feasible runs; undefined when none was feasible (unsolved). */
  cost?: number;
  gap?: number;
}

export interface SolverAggregate {
  solver: string;
  budgetMs: number;
  runs: number;
  failed: number;
  feasibleRuns: number;
  /** Instances with at least one run of this solver at this budget. */
  instances: number;
  unsolved: number;
  meanGap?: number;
  medianGap?: number;
  /** 95 % Student-t interval of the mean gap over instances. */
  interval?: Interval;
  /** Against the baseline at the same budget, instance by instance; absent for the baseline itself. */
  wins?: number;
  ties?: number;
  losses?: number;
  /** Wilcoxon signed-rank test of the per-instance gap differences (this solver − baseline). */
  test?: WilcoxonResult;
  meanTimeMs?: number;
  meanTimeToBestMs?: number;
}

export interface ExperimentAggregate {
  references: Map<number, Reference>;
  bestKnown: number;
  bestRun: number;
  groups: SolverAggregate[];
  /** By groupKey, then by instance index. */
  perInstance: Map<string, Map<number, InstanceValue>>;
  baseline: string;
}

/** Two mean costs count as equal within this relative tolerance (float noise of averaging). */
const TIE_TOLERANCE = 1e-9;

function sameCost(a: number, b: number): boolean {
  return Math.abs(a - b) <= TIE_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/** −1: a is better than b; 0: tie; 1: worse. Unsolved is worse than solved. */
function compareValues(a: InstanceValue, b: InstanceValue): -1 | 0 | 1 {
  if (a.cost === undefined || b.cost === undefined) return a.cost === undefined ? (b.cost === undefined ? 0 : 1) : -1;
  if (sameCost(a.cost, b.cost)) return 0;
  return a.cost < b.cost ? -1 : 1;
}

export interface AggregateOptions {
  solvers: readonly string[];
  budgetsMs: readonly number[];
  baseline: string;
  given?: ReadonlyMap<string, GivenReference>;
}

export function aggregate(records: readonly RunSummary[], opts: AggregateOptions): ExperimentAggregate {
  const references = referencesOf(records, opts.given);
  const perInstance = new Map<string, Map<number, InstanceValue>>();
  const byGroup = new Map<string, RunSummary[]>();
  for (const r of records) {
    const key = groupKey(r.solver, r.budgetMs);
    let list = byGroup.get(key);
    if (!list) byGroup.set(key, (list = []));
    list.push(r);
  }
  for (const [key, list] of byGroup) {
    const values = new Map<number, { runs: number; costs: number[]; gaps: number[] }>();
    for (const r of list) {
      let v = values.get(r.index);
      if (!v) values.set(r.index, (v = { runs: 0, costs: [], gaps: [] }));
      v.runs++;
      const gap = runGap(r, references);
      if (isSolved(r)) v.costs.push(r.cost);
      if (gap !== undefined) v.gaps.push(gap);
    }
    const out = new Map<number, InstanceValue>();
    for (const [index, v] of values) {
      out.set(index, {
        index,
        runs: v.runs,
        solvedRuns: v.costs.length,
        ...(v.costs.length ? { cost: mean(v.costs) } : {}),
        ...(v.gaps.length ? { gap: mean(v.gaps) } : {}),
      });
    }
    perInstance.set(key, out);
  }

  const groups: SolverAggregate[] = [];
  for (const budgetMs of opts.budgetsMs) {
    const base = perInstance.get(groupKey(opts.baseline, budgetMs));
    for (const solver of opts.solvers) {
      const key = groupKey(solver, budgetMs);
      const list = byGroup.get(key) ?? [];
      const values = [...(perInstance.get(key)?.values() ?? [])];
      const gaps = values.flatMap((v) => (v.gap === undefined ? [] : [v.gap]));
      const done = list.filter((r) => r.status === 'done');
      const agg: SolverAggregate = {
        solver,
        budgetMs,
        runs: list.length,
        failed: list.length - done.length,
        feasibleRuns: list.filter(isSolved).length,
        instances: values.length,
        unsolved: values.filter((v) => v.cost === undefined).length,
        ...(gaps.length ? { meanGap: mean(gaps), medianGap: median(gaps) } : {}),
        ...(gaps.length >= 2 ? { interval: meanInterval(gaps) } : {}),
        ...(done.length ? { meanTimeMs: mean(done.map((r) => r.timeMs ?? 0)), meanTimeToBestMs: mean(done.map((r) => r.timeToBestMs ?? 0)) } : {}),
      };
      if (solver !== opts.baseline && base) Object.assign(agg, versusBaseline(values, base));
      groups.push(agg);
    }
  }
  const refs = [...references.values()];
  return {
    references,
    bestKnown: refs.filter((r) => r.source === 'best-known').length,
    bestRun: refs.filter((r) => r.source === 'best-run').length,
    groups,
    perInstance,
    baseline: opts.baseline,
  };
}

function versusBaseline(values: readonly InstanceValue[], base: ReadonlyMap<number, InstanceValue>): Pick<SolverAggregate, 'wins' | 'ties' | 'losses' | 'test'> {
  let wins = 0;
  let ties = 0;
  let losses = 0;
  const differences: number[] = [];
  for (const v of values) {
    const b = base.get(v.index);
    if (!b) continue;
    const c = compareValues(v, b);
    if (c < 0) wins++;
    else if (c > 0) losses++;
    else ties++;
    if (v.gap !== undefined && b.gap !== undefined) differences.push(c === 0 ? 0 : v.gap - b.gap);
  }
  return { wins, ties, losses, test: wilcoxonSignedRank(differences) };
}

/**
 * A performance profile: for each solver at a budget, the share of instances whose gap is at
 * most x %, as steps at the sorted gaps. Unsolved instances never count as within reach.
 */
export interface ProfileSeries {
  solver: string;
  budgetMs: number;
  /** Ascending gaps of the solved instances. */
  gaps: number[];
  /** Instances the share is taken of (solved and unsolved). */
  instances: number;
}

export function performanceProfile(agg: ExperimentAggregate): ProfileSeries[] {
  return agg.groups.map((g) => {
    const values = [...(agg.perInstance.get(groupKey(g.solver, g.budgetMs))?.values() ?? [])];
    const gaps = values.flatMap((v) => (v.gap === undefined ? [] : [v.gap])).sort((a, b) => a - b);
    return { solver: g.solver, budgetMs: g.budgetMs, gaps, instances: values.length };
  });
}

/** The share of instances within x % of the reference, read off a profile series. */
export function profileShare(series: ProfileSeries, x: number): number {
  if (series.instances === 0) return 0;
  let lo = 0;
  let hi = series.gaps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (series.gaps[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo / series.instances;
}
