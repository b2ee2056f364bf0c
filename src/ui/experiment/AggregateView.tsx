/**
 * Per-solver aggregates of the current experiment: mean and median gap with the 95 % interval,
 * wins / ties / losses and the Wilcoxon signed-rank test against a baseline the planner picks,
 * and the two plots. Recomputed at most once a second while results stream in.
 */
import { pValueText, referenceNote } from '../../core/experiment/csv';
import type { ExperimentDefinition } from '../../core/experiment/definition';
import type { ExperimentAggregate } from '../../core/experiment/aggregate';
import { useExperimentStore } from '../../store/experiment-store';
import { formatMs } from '../format';
import { GapPlot } from './GapPlot';
import { ProfilePlot } from './ProfilePlot';
import { seriesLabel, solverColor } from './series-style';
import { SolverSelect } from './SolverSelect';

function pct(x: number | undefined, digits = 2): string {
  return x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits);
}

export function AggregateView({ def, agg }: { def: ExperimentDefinition; agg: ExperimentAggregate }) {
  const setBaseline = useExperimentStore((s) => s.setBaseline);
  return (
    <div className="exp-aggregate" data-testid="experiment-aggregate">
      <div className="exp-aggregate-head">
        <SolverSelect label="Baseline" testId="experiment-baseline" solvers={def.solvers} value={agg.baseline} onChange={setBaseline} />
        <p className="exp-note" data-testid="experiment-reference-note">
          {referenceNote(agg)} A solver&rsquo;s seeds are averaged per instance; the interval is Student&rsquo;s t over instances; W / T / L and the
          Wilcoxon signed-rank test pair each instance with the baseline at the same budget.
        </p>
      </div>
      <table className="exp-table aggregate">
        <thead>
          <tr>
            <th>Solver</th>
            <th className="num">Budget (s)</th>
            <th className="num">Instances</th>
            <th className="num">Feasible %</th>
            <th className="num">Mean gap %</th>
            <th className="num">Median gap %</th>
            <th className="num">95 % interval</th>
            <th className="num">W / T / L</th>
            <th className="num" title="Wilcoxon signed-rank test, two-sided, pairs without a difference dropped">
              Wilcoxon p (n)
            </th>
            <th className="num">Mean time (ms)</th>
          </tr>
        </thead>
        <tbody>
          {agg.groups.map((g) => (
            <tr key={`${g.solver}@${g.budgetMs}`} data-testid="aggregate-row" data-solver={g.solver} data-budget={g.budgetMs / 1000}>
              <td>
                <i className="swatch" style={{ background: solverColor(def.solvers, g.solver) }} /> {seriesLabel(g.solver, g.budgetMs, 1)}
              </td>
              <td className="num">{g.budgetMs / 1000}</td>
              <td className="num" data-testid="aggregate-instances">
                {g.instances}
                {g.unsolved > 0 && <span className="muted"> ({g.unsolved} unsolved)</span>}
              </td>
              <td className="num">{g.runs ? ((100 * g.feasibleRuns) / g.runs).toFixed(1) : '–'}</td>
              <td className="num" data-testid="aggregate-mean-gap">
                {pct(g.meanGap, 3)}
              </td>
              <td className="num">{pct(g.medianGap, 3)}</td>
              <td className="num" data-testid="aggregate-interval">
                {g.interval ? `[${pct(g.interval.low, 3)}, ${pct(g.interval.high, 3)}]` : '–'}
              </td>
              <td className="num" data-testid="aggregate-wtl">
                {g.wins === undefined ? 'baseline' : `${g.wins} / ${g.ties} / ${g.losses}`}
              </td>
              <td className="num">{g.test ? `${pValueText(g.test.p)} (${g.test.n})` : '–'}</td>
              <td className="num">{formatMs(g.meanTimeMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="exp-plots">
        <GapPlot agg={agg} def={def} />
        <ProfilePlot agg={agg} def={def} />
      </div>
    </div>
  );
}
