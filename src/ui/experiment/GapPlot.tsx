/**
 * Gap distributions per solver (and budget): a violin (kernel density of the per-instance gaps)
 * with the box plot inside it, median line, whiskers at 1.5 IQR and thinned outlier dots.
 */
import { useMemo } from 'react';
import { groupKey, type ExperimentAggregate } from '../../core/experiment/aggregate';
import type { ExperimentDefinition } from '../../core/experiment/definition';
import { useSize } from '../compare/use-size';
import { bandwidth, boxStats, density, linspace, niceTicks, thin } from './plot-model';
import { seriesLabel, solverColor } from './series-style';

const GRID = 48;

interface Violin {
  key: string;
  label: string;
  /** The solver id: under a violin when the name would not fit. */
  short: string;
  color: string;
  gaps: number[];
}

export function GapPlot({ agg, def }: { agg: ExperimentAggregate; def: ExperimentDefinition }) {
  const [ref, size] = useSize<HTMLDivElement>({ width: 520, height: 240 });
  const violins: Violin[] = useMemo(
    () =>
      agg.groups.map((g) => {
        const values = [...(agg.perInstance.get(groupKey(g.solver, g.budgetMs))?.values() ?? [])];
        return {
          key: groupKey(g.solver, g.budgetMs),
          label: seriesLabel(g.solver, g.budgetMs, def.budgets.length),
          short: def.budgets.length > 1 ? `${g.solver} · ${g.budgetMs / 1000} s` : g.solver,
          color: solverColor(def.solvers, g.solver),
          gaps: values.flatMap((v) => (v.gap === undefined ? [] : [v.gap])).sort((a, b) => a - b),
        };
      }),
    [agg, def],
  );
  const width = Math.max(260, size.width);
  const height = Math.max(160, size.height);
  const box = { left: 56, right: width - 10, top: 10, bottom: height - 34 };
  const all = violins.flatMap((v) => (v.gaps.length ? [v.gaps[0], v.gaps[v.gaps.length - 1]] : []));
  const lo = Math.min(0, ...all);
  const hi = Math.max(lo + 1e-6, ...all);
  const pad = (hi - lo) * 0.04;
  // Kept while the scale is the same, so that each violin's density is computed again only when its data or the axis changes.
  const y = useMemo(() => (v: number) => box.bottom - ((v - lo + pad) / (hi - lo + 2 * pad)) * (box.bottom - box.top), [lo, hi, pad, box.bottom, box.top]);
  const slot = (box.right - box.left) / Math.max(1, violins.length);
  return (
    <div className="exp-plot" data-testid="gap-plot" data-series={violins.length}>
      <div className="chart-head">Gap to the reference per instance (%), seeds averaged</div>
      <div className="chart-area" ref={ref}>
        <svg width={width} height={height} role="img" aria-label="Gap distribution per solver">
          {niceTicks(lo, hi, 5).map((t) => (
            <g key={t}>
              <line x1={box.left} x2={box.right} y1={y(t)} y2={y(t)} className="grid" />
              <text x={box.left - 6} y={y(t) + 4} className="tick" textAnchor="end">
                {formatTick(t)}
              </text>
            </g>
          ))}
          {violins.map((v, i) => (
            <ViolinShape key={v.key} violin={v} cx={box.left + slot * (i + 0.5)} half={Math.min(60, slot * 0.4)} y={y} bottom={box.bottom} />
          ))}
        </svg>
      </div>
    </div>
  );
}

function formatTick(t: number): string {
  if (t === 0) return '0';
  return Math.abs(t) >= 10 ? t.toFixed(0) : Math.abs(t) >= 1 ? t.toFixed(1) : t.toFixed(2);
}

function ViolinShape({ violin, cx, half, y, bottom }: { violin: Violin; cx: number; half: number; y: (v: number) => number; bottom: number }) {
  const { gaps, color, label, short } = violin;
  // About 6 px per character at the tick font size.
  const name = label.length * 6 <= 2 * half + 24 ? label : short;
  const shape = useMemo(() => {
    if (gaps.length === 0) return null;
    const stats = boxStats(gaps);
    const grid = linspace(gaps[0], gaps[gaps.length - 1], GRID);
    const dens = grid.length > 1 ? density(gaps, grid, bandwidth(gaps)) : [1];
    const peak = Math.max(...dens) || 1;
    const right = grid.map((g, k) => `${(cx + (dens[k] / peak) * half).toFixed(1)},${y(g).toFixed(1)}`);
    const left = grid.map((g, k) => `${(cx - (dens[k] / peak) * half).toFixed(1)},${y(g).toFixed(1)}`).reverse();
    return { stats, outline: `M${right.join('L')}L${left.join('L')}Z` };
  }, [gaps, cx, half, y]);
  return (
    <g data-testid="gap-violin" data-label={label} data-count={gaps.length}>
      {shape && (
        <>
          <path d={shape.outline} fill={color} fillOpacity={0.18} stroke={color} strokeWidth={1} />
          <line x1={cx} x2={cx} y1={y(shape.stats.low)} y2={y(shape.stats.high)} stroke={color} />
          <rect x={cx - 6} width={12} y={y(shape.stats.q3)} height={Math.max(1, y(shape.stats.q1) - y(shape.stats.q3))} fill="#fff" stroke={color} />
          <line x1={cx - 6} x2={cx + 6} y1={y(shape.stats.median)} y2={y(shape.stats.median)} stroke={color} strokeWidth={2} />
          {thin(shape.stats.outliers, 60).map((o, k) => (
            <circle key={k} cx={cx} cy={y(o)} r={1.8} fill={color} />
          ))}
        </>
      )}
      <text x={cx} y={bottom + 16} className="tick" textAnchor="middle">
        <title>{label}</title>
        {name}
      </text>
      <text x={cx} y={bottom + 28} className="tick" textAnchor="middle">
        n = {gaps.length}
      </text>
    </g>
  );
}
