/**
 * The experiment's exports: the results CSV (one row per run, in plan order, so the app and the
 * CLI write the same file for the same runs), and the aggregate table as CSV and Markdown.
 */
import { gapPercent, type ExperimentAggregate, type Reference } from './aggregate';
import type { RunRecord } from './record';

type Cell = string | number | boolean | undefined;

/** RFC 4180 quoting: only cells with a comma, a quote or a line break are quoted. */
export function csvCell(value: Cell): string {
  if (value === undefined) return '';
  const text = typeof value === 'number' && !Number.isFinite(value) ? (Number.isNaN(value) ? '' : value > 0 ? 'inf' : '-inf') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(',');
}

export const RESULT_COLUMNS = [
  'instance_index',
  'instance',
  'kind',
  'stops',
  'solver',
  'solver_id',
  'seed',
  'scenario_seed',
  'budget_s',
  'backend',
  'status',
  'cost',
  'distance',
  'duration',
  'vehicles',
  'feasible',
  'violations',
  'unassigned',
  'reference',
  'reference_source',
  'gap_pct',
  'time_ms',
  'time_to_best_ms',
  'error',
  'routes',
  'route_vehicles',
] as const;

/** Columns that depend on the machine and the moment rather than on the seeds and the code. */
export const TIMING_COLUMNS: readonly string[] = ['backend', 'time_ms', 'time_to_best_ms'];

function referenceLabel(ref: Reference | undefined): string | undefined {
  if (!ref) return undefined;
  return ref.source === 'best-known' ? `best-known${ref.from ? ` (${ref.from})` : ''}` : 'best-run';
}

/** `order` gives a record's place in the plan (plan.ts planOrder); records come in any order. */
export function resultsCsv(records: readonly RunRecord[], references: ReadonlyMap<number, Reference>, order: (record: RunRecord) => number): string {
  const sorted = [...records].sort((a, b) => order(a) - order(b));
  const lines = [RESULT_COLUMNS.join(',')];
  for (const r of sorted) {
    const ref = references.get(r.index);
    const solved = r.status === 'done' && r.feasible === true && r.cost !== undefined;
    lines.push(
      csvLine([
        r.index,
        r.instance,
        r.kind,
        r.stops,
        r.solver,
        r.solverId,
        r.seed,
        r.scenarioSeed,
        r.budgetMs / 1000,
        r.backend,
        r.status,
        r.cost,
        r.distance,
        r.duration,
        r.vehicles,
        r.feasible,
        r.violations,
        r.unassigned,
        ref?.cost,
        referenceLabel(ref),
        solved && ref ? gapPercent(r.cost!, ref.cost) : undefined,
        r.timeMs,
        r.timeToBestMs,
        r.error,
        r.routes ? JSON.stringify(r.routes) : undefined,
        r.routeVehicles ? JSON.stringify(r.routeVehicles) : undefined,
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

export const AGGREGATE_COLUMNS = [
  'solver',
  'budget_s',
  'runs',
  'failed',
  'instances',
  'unsolved',
  'feasible_pct',
  'mean_gap_pct',
  'median_gap_pct',
  'ci95_low_pct',
  'ci95_high_pct',
  'baseline',
  'wins',
  'ties',
  'losses',
  'wilcoxon_n',
  'wilcoxon_w_plus',
  'wilcoxon_w_minus',
  'wilcoxon_p',
  'mean_time_ms',
  'mean_time_to_best_ms',
] as const;

const r6 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? undefined : Math.round(x * 1e6) / 1e6);

function aggregateCells(agg: ExperimentAggregate): Cell[][] {
  return agg.groups.map((g) => [
    g.solver,
    g.budgetMs / 1000,
    g.runs,
    g.failed,
    g.instances,
    g.unsolved,
    g.runs ? r6((100 * g.feasibleRuns) / g.runs) : undefined,
    r6(g.meanGap),
    r6(g.medianGap),
    r6(g.interval?.low),
    r6(g.interval?.high),
    agg.baseline,
    g.wins,
    g.ties,
    g.losses,
    g.test?.n,
    g.test?.wPlus,
    g.test?.wMinus,
    g.test && Number.isFinite(g.test.p) ? r6(g.test.p) : undefined,
    r6(g.meanTimeMs),
    r6(g.meanTimeToBestMs),
  ]);
}

export function aggregateCsv(agg: ExperimentAggregate): string {
  return `${[AGGREGATE_COLUMNS.join(','), ...aggregateCells(agg).map(csvLine)].join('\n')}\n`;
}

function fixed(x: number | undefined, digits: number): string {
  return x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}

export function pValueText(p: number | undefined): string {
  if (p === undefined || !Number.isFinite(p)) return '–';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** Who the gaps are measured against, in words (the tables say it under their title). */
export function referenceNote(agg: ExperimentAggregate): string {
  const parts: string[] = [];
  if (agg.bestKnown) parts.push(`best-known cost (.sol) for ${agg.bestKnown} instance${agg.bestKnown === 1 ? '' : 's'}`);
  if (agg.bestRun) parts.push(`best run of the experiment for ${agg.bestRun} instance${agg.bestRun === 1 ? '' : 's'}`);
  return parts.length ? `Gaps to the ${parts.join(', and to the ')}.` : 'No reference yet (no feasible run).';
}

export function aggregateMarkdown(agg: ExperimentAggregate, title: string): string {
  const head = ['Solver', 'Budget (s)', 'Instances', 'Feasible %', 'Mean gap %', 'Median gap %', '95 % CI of mean', `W / T / L vs ${agg.baseline}`, 'Wilcoxon p', 'Mean time (ms)'];
  const rows = agg.groups.map((g) => [
    g.solver,
    String(g.budgetMs / 1000),
    String(g.instances),
    g.runs ? fixed((100 * g.feasibleRuns) / g.runs, 1) : '–',
    fixed(g.meanGap, 3),
    fixed(g.medianGap, 3),
    g.interval ? `[${fixed(g.interval.low, 3)}, ${fixed(g.interval.high, 3)}]` : '–',
    g.wins === undefined ? 'baseline' : `${g.wins} / ${g.ties} / ${g.losses}`,
    g.test ? pValueText(g.test.p) : '–',
    fixed(g.meanTimeMs, 0),
  ]);
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [
    `## ${title}`,
    '',
    `${referenceNote(agg)} Per instance, a solver's seeds are averaged; the interval is Student's t over instances; W / T / L and the Wilcoxon signed-rank test compare each instance with the baseline at the same budget.`,
    '',
    line(head),
    line(head.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...rows.map(line),
    '',
  ].join('\n');
}

/** Parses a CSV written by csvLine (quoted cells, doubled quotes); for reading exports back. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  const [head, ...body] = rows;
  return head ? body.map((cells) => Object.fromEntries(head.map((h, i) => [h, cells[i] ?? '']))) : [];
}
