/**
 * The performance profile: for each solver (and budget), the share of instances solved within
 * x % of the reference, as x grows. Higher and further left is better; an unsolved instance
 * never counts, so a curve that stays below 1 says how many were never solved.
 */
import { useMemo } from 'react';
import { performanceProfile, type ExperimentAggregate } from '../../core/experiment/aggregate';
import type { ExperimentDefinition } from '../../core/experiment/definition';
import { useSize } from '../compare/use-size';
import { niceTicks, profilePath } from './plot-model';
import { seriesLabel, solverColor } from './series-style';

export function ProfilePlot({ agg, def }: { agg: ExperimentAggregate; def: ExperimentDefinition }) {
  const [ref, size] = useSize<HTMLDivElement>({ width: 520, height: 240 });
  const series = useMemo(() => performanceProfile(agg), [agg]);
  const width = Math.max(260, size.width);
  const height = Math.max(160, size.height);
  const box = { left: 44, right: width - 12, top: 10, bottom: height - 34 };
  const most = Math.max(0, ...series.map((s) => s.gaps[s.gaps.length - 1] ?? 0));
  const xMax = most > 0 ? most * 1.05 : 1;
  const x = (v: number) => box.left + (v / xMax) * (box.right - box.left);
  const y = (share: number) => box.bottom - share * (box.bottom - box.top);
  return (
    <div className="exp-plot" data-testid="profile-plot" data-series={series.length}>
      <div className="chart-head">
        <span>Performance profile: share of instances within x % of the reference</span>
        <ul className="legend">
          {series.map((s) => (
            <li key={`${s.solver}@${s.budgetMs}`}>
              <i style={{ background: solverColor(def.solvers, s.solver) }} /> {seriesLabel(s.solver, s.budgetMs, def.budgets.length)}
            </li>
          ))}
        </ul>
      </div>
      <div className="chart-area" ref={ref}>
        <svg width={width} height={height} role="img" aria-label="Performance profile">
          {[0, 0.25, 0.5, 0.75, 1].map((t) => (
            <g key={t}>
              <line x1={box.left} x2={box.right} y1={y(t)} y2={y(t)} className="grid" />
              <text x={box.left - 6} y={y(t) + 4} className="tick" textAnchor="end">
                {t}
              </text>
            </g>
          ))}
          {niceTicks(0, xMax, 6).map((t) => (
            <text key={t} x={x(t)} y={box.bottom + 14} className="tick" textAnchor="middle">
              {t}
            </text>
          ))}
          <text x={(box.left + box.right) / 2} y={box.bottom + 28} className="tick" textAnchor="middle">
            gap to the reference (%)
          </text>
          {series.map((s) => (
            <path
              key={`${s.solver}@${s.budgetMs}`}
              data-testid="profile-line"
              d={profilePath(s.gaps, s.instances, x, y, xMax)}
              fill="none"
              stroke={solverColor(def.solvers, s.solver)}
              strokeWidth={2}
              strokeDasharray={def.budgets.indexOf(s.budgetMs / 1000) > 0 ? '5 3' : undefined}
            />
          ))}
        </svg>
      </div>
    </div>
  );
}
