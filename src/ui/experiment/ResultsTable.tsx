/**
 * One row per finished run, virtualised: only the rows in view (plus a few) are in the page, so
 * 3840 runs stream in without long frames. Sorted by the plan (instance, budget, seed, solver)
 * or by any column; a click opens the run's instance with all its runs on the map.
 */
import { useMemo, useState } from 'react';
import { referencesOf, runGap } from '../../core/experiment/aggregate';
import type { ExperimentDefinition } from '../../core/experiment/definition';
import { planOrder } from '../../core/experiment/plan';
import type { RunSummary } from '../../core/experiment/record';
import { givenReferences, openExperimentInstance } from '../../store/experiment-actions';
import { useSize } from '../compare/use-size';
import { formatCost, formatMs } from '../format';
import { solverLabel } from './series-style';
import { SolverSelect } from './SolverSelect';

const ROW_PX = 26;
/** Rows rendered above and below the visible ones, so a quick scroll shows no gap. */
const OVERSCAN = 8;

interface Row {
  r: RunSummary;
  gap?: number;
  reference?: 'best-known' | 'best-run';
}

type SortKey = 'plan' | 'instance' | 'solver' | 'seed' | 'budget' | 'cost' | 'gap' | 'time' | 'ttb' | 'feasible';

const COLUMNS: { key: SortKey; label: string; num?: boolean; title?: string }[] = [
  { key: 'instance', label: 'Instance' },
  { key: 'solver', label: 'Solver' },
  { key: 'seed', label: 'Seed', num: true, title: 'Solver seed (the scenario seed is in the tooltip)' },
  { key: 'budget', label: 'Budget (s)', num: true },
  { key: 'cost', label: 'Cost', num: true },
  { key: 'gap', label: 'Gap %', num: true, title: 'To the best-known cost (bk) or to the best run of the experiment (run)' },
  { key: 'time', label: 'Time (ms)', num: true },
  { key: 'ttb', label: 'To best (ms)', num: true },
  { key: 'feasible', label: 'Feasible' },
];

function value(row: Row, key: SortKey): number | string {
  const { r } = row;
  switch (key) {
    case 'instance':
      return r.index;
    case 'solver':
      return r.solver;
    case 'seed':
      return r.seed;
    case 'budget':
      return r.budgetMs;
    case 'cost':
      return r.cost ?? Infinity;
    case 'gap':
      return row.gap ?? Infinity;
    case 'time':
      return r.timeMs ?? Infinity;
    case 'ttb':
      return r.timeToBestMs ?? Infinity;
    case 'feasible':
      return r.status === 'failed' ? 2 : r.feasible ? 0 : 1;
    case 'plan':
      return 0;
  }
}

export function ResultsTable({ def, records }: { def: ExperimentDefinition; records: readonly RunSummary[] }) {
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'plan', dir: 1 });
  const [solver, setSolver] = useState('');
  const [scrollTop, setScrollTop] = useState(0);
  const [ref, size] = useSize<HTMLDivElement>({ width: 800, height: 400 });

  const references = useMemo(() => referencesOf(records, givenReferences(def)), [records, def]);
  const rows = useMemo(() => {
    const order = planOrder(def);
    const list: Row[] = [];
    for (const r of records) {
      if (solver && r.solver !== solver) continue;
      list.push({ r, gap: runGap(r, references), reference: references.get(r.index)?.source });
    }
    const planned = (a: Row, b: Row) => order(a.r) - order(b.r);
    if (sort.key === 'plan') return list.sort(planned);
    return list.sort((a, b) => {
      const va = value(a, sort.key);
      const vb = value(b, sort.key);
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
      return c !== 0 ? c * sort.dir : planned(a, b);
    });
  }, [records, references, def, sort, solver]);

  const visible = Math.ceil(size.height / ROW_PX);
  const first = Math.max(0, Math.floor(scrollTop / ROW_PX) - OVERSCAN);
  const last = Math.min(rows.length, first + visible + 2 * OVERSCAN);

  const toggle = (key: SortKey) => setSort((s) => (s.key === key ? (s.dir === 1 ? { key, dir: -1 } : { key: 'plan', dir: 1 }) : { key, dir: 1 }));

  return (
    <div className="exp-results">
      <div className="exp-results-head">
        <SolverSelect label="Solver" testId="experiment-results-solver" solvers={def.solvers} value={solver} onChange={setSolver} anyLabel="All" />
        <span className="muted" data-testid="experiment-results-count">
          {rows.length} run{rows.length === 1 ? '' : 's'} · click a row to open its instance and runs on the map
        </span>
      </div>
      <div className="exp-scroll" ref={ref} data-testid="experiment-results" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <table className="exp-table results">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} className={c.num ? 'num' : undefined} title={c.title}>
                  <button type="button" className="sort" onClick={() => toggle(c.key)}>
                    {c.label}
                    <span className="sort-arrow">{sort.key === c.key ? (sort.dir === 1 ? '▲' : '▼') : ''}</span>
                  </button>
                </th>
              ))}
              <th>Backend</th>
            </tr>
          </thead>
          <tbody>
            {first > 0 && <tr style={{ height: first * ROW_PX }} aria-hidden />}
            {rows.slice(first, last).map((row) => (
              <ResultRow key={row.r.key} row={row} />
            ))}
            {last < rows.length && <tr style={{ height: (rows.length - last) * ROW_PX }} aria-hidden />}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ResultRow({ row }: { row: Row }) {
  const { r } = row;
  const feasible = r.status === 'failed' ? 'failed' : r.feasible ? 'yes' : 'no';
  return (
    <tr
      data-testid="experiment-row"
      data-key={r.key}
      data-status={r.status}
      className={r.status === 'failed' ? 'failed' : undefined}
      style={{ height: ROW_PX }}
      onClick={() => void openExperimentInstance(r.position)}
      title={r.error ?? `Open ${r.instance} with its runs on the map`}
    >
      <td>
        <span className="muted">{r.index}</span> {r.instance}
      </td>
      <td>
        {solverLabel(r.solver)}
        {r.solverId !== r.solver && <span className="muted"> · {r.solverId}</span>}
      </td>
      <td className="num" title={r.scenarioSeed === undefined ? undefined : `Scenario seed ${r.scenarioSeed}`}>
        {r.seed}
      </td>
      <td className="num">{r.budgetMs / 1000}</td>
      <td className="num" data-testid="experiment-row-cost">
        {formatCost(r.cost)}
      </td>
      <td className="num">
        {row.gap === undefined ? '–' : row.gap.toFixed(2)}
        {row.gap !== undefined && <span className="muted ref"> {row.reference === 'best-known' ? 'bk' : 'run'}</span>}
      </td>
      <td className="num">{formatMs(r.timeMs)}</td>
      <td className="num">{formatMs(r.timeToBestMs)}</td>
      <td className={feasible === 'yes' ? 'ok' : 'bad'}>{feasible}</td>
      <td>{r.backend}</td>
    </tr>
  );
}
