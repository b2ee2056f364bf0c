/**
 * Convergence of the runs on the scenario (SVG): evaluator cost over solver time, one step line
 * per run in its run colour, on a log-ish time axis, with a legend. A run that made no progress
 * events (a construction) shows its final cost as a point. Drawn at the panel's pixel size.
 */
import { useAppStore } from '../../store';
import type { CompareHover } from '../../store/compare-slice';
import { formatCost } from '../format';
import { compareRows } from './compare-model';
import { formatTickMs, plotScales, stepPath, type PlotBox, type Series } from './charts-model';
import { hoverSoon } from './hover';
import { useSize } from './use-size';

export function Convergence() {
  const [ref, size] = useSize<HTMLDivElement>({ width: 900, height: 200 });
  const instanceId = useAppStore((s) => s.instance?.id ?? null);
  const runs = useAppStore((s) => s.runs);
  const hover = useAppStore((s) => s.hover);
  const series: Series[] = compareRows(runs, instanceId)
    .filter((row) => row.run.convergence && row.run.convergence.length > 0 && row.run.status !== 'cancelled')
    .map((row) => ({ runId: row.run.id, number: row.number, label: `#${row.number} ${row.solver}`, color: row.color, points: row.run.convergence! }));
  return (
    <div className="convergence" data-testid="convergence" data-series={series.length}>
      <div className="chart-head">
        <span>Evaluator cost over solver time (log scale)</span>
        <ul className="legend conv-legend" data-testid="convergence-legend">
          {series.map((line) => (
            <li key={line.runId}>
              <i style={{ background: line.color }} /> {line.label}: {formatCost(line.points[line.points.length - 1][1])}
            </li>
          ))}
        </ul>
      </div>
      <div className="chart-area" ref={ref}>
        {series.length === 0 ? (
          <p className="empty" data-testid="convergence-empty">
            Cost over time appears here as runs make progress.
          </p>
        ) : (
          <Plot series={series} width={Math.max(300, size.width)} height={Math.max(120, size.height)} hover={hover} />
        )}
      </div>
    </div>
  );
}

function Plot({ series, width, height, hover }: { series: Series[]; width: number; height: number; hover: CompareHover | null }) {
  const box: PlotBox = { left: 64, right: width - 12, top: 8, bottom: height - 22 };
  const s = plotScales(series, box);
  return (
    <svg width={width} height={height} role="img" aria-label="Cost over time per run">
      {s.yTicks.map((c) => (
        <g key={`y${c}`}>
          <line x1={box.left} x2={box.right} y1={s.y(c)} y2={s.y(c)} className="grid" />
          <text x={box.left - 6} y={s.y(c) + 4} className="tick" textAnchor="end">
            {formatCost(c)}
          </text>
        </g>
      ))}
      {s.xTicks.map((t) => (
        <g key={`x${t}`}>
          <line x1={s.x(t)} x2={s.x(t)} y1={box.top} y2={box.bottom} className="grid" />
          <text x={s.x(t)} y={height - 8} className="tick" textAnchor="middle">
            {formatTickMs(t)}
          </text>
        </g>
      ))}
      <line x1={box.left} x2={box.right} y1={box.bottom} y2={box.bottom} className="axis" />
      <line x1={box.left} x2={box.left} y1={box.top} y2={box.bottom} className="axis" />
      {series.map((line) => {
        const last = line.points[line.points.length - 1];
        const emphasis = hover ? (hover.runId === line.runId ? ' emphasis' : ' dim') : '';
        return (
          <g
            key={line.runId}
            className={`conv-series${emphasis}`}
            onMouseEnter={() => hoverSoon({ runId: line.runId, route: null })}
            onMouseLeave={() => hoverSoon(null)}
          >
            <path
              d={stepPath(line.points, s.x, s.y)}
              stroke={line.color}
              className="conv-line"
              data-testid="convergence-line"
              data-run-id={line.runId}
              data-points={line.points.length}
            >
              <title>{`${line.label}: ${formatCost(last[1])} at ${(last[0] / 1000).toFixed(2)} s`}</title>
            </path>
            <circle cx={s.x(last[0])} cy={s.y(last[1])} r={line.points.length === 1 ? 4.5 : 3} fill={line.color} />
          </g>
        );
      })}
    </svg>
  );
}
