/**
 * Per-vehicle timeline of the selected run (SVG): one bar per route, travel / wait / service
 * segments, service after the window closed in red with the lateness marked, optional window
 * ticks. Times are the evaluator's stop timings.
 */
import { useState } from 'react';
import { usesTimeWindows } from '../../core/instance';
import { useAppStore } from '../../store';
import { instances } from '../../store/registries';
import { selectedRun } from './compare-model';
import { timeTicks, timelineExtent, timelineRows, type SegmentKind } from './charts-model';
import { formatClock } from './format-time';
import { hoverSoon } from './hover';
import { useSize } from './use-size';

const LABEL_W = 64;
const ROW_H = 16;

/** How a segment sits in its row: travel is a thinner bar in the route's colour, waits and service fill the row in their CSS colours. */
const SEGMENT_BAR: Readonly<Record<SegmentKind, { inset: number; routeColour: boolean }>> = {
  travel: { inset: 5, routeColour: true },
  wait: { inset: 2, routeColour: false },
  service: { inset: 2, routeColour: false },
};
const GAP = 5;
const AXIS_H = 20;
export function Timeline() {
  const [ref, size] = useSize<HTMLDivElement>({ width: 900, height: 200 });
  const WIDTH = Math.max(400, size.width);
  const instanceId = useAppStore((s) => s.instance?.id ?? null);
  const runs = useAppStore((s) => s.runs);
  const selectedRunId = useAppStore((s) => s.selectedRunId);
  const hover = useAppStore((s) => s.hover);
  const [showWindows, setShowWindows] = useState(true);
  const run = selectedRun(runs, instanceId, selectedRunId);
  const instance = run ? instances.get(run.instanceId) : undefined;
  const ev = run?.evaluation;
  if (!run || !instance || !ev) {
    return (
      <div className="timeline" ref={ref}>
        <p className="empty" data-testid="timeline-empty">
          Solve, then pick a run to see its vehicles’ day.
        </p>
      </div>
    );
  }
  const windowsKind = usesTimeWindows(instance.kind);
  const rows = timelineRows(instance, ev, windowsKind && showWindows);
  const [lo, hi] = timelineExtent(rows);
  const seconds = instance.units.time === 's';
  const plotW = WIDTH - LABEL_W - 8;
  const x = (t: number) => LABEL_W + ((t - lo) / (hi - lo)) * plotW;
  const height = AXIS_H + rows.length * (ROW_H + GAP) + 4;
  const ticks = timeTicks(lo, hi, seconds);
  const hoveredRoute = hover?.runId === run.id ? hover.route : null;

  return (
    <div className="timeline" data-testid="timeline" data-run-id={run.id} ref={ref}>
      <div className="chart-head">
        <span>
          Run #{runs.filter((r) => r.instanceId === instanceId).indexOf(run) + 1}: {rows.length} route{rows.length === 1 ? '' : 's'}
          {!windowsKind && ' · no time windows in this problem'}
        </span>
        <span className="legend">
          <i className="seg-travel" /> travel <i className="seg-wait" /> wait <i className="seg-service" /> service <i className="seg-late" /> late
          {windowsKind && (
            <label>
              <input type="checkbox" checked={showWindows} onChange={(e) => setShowWindows(e.target.checked)} /> windows
            </label>
          )}
        </span>
      </div>
      <svg width={WIDTH} height={height} role="img" aria-label="Per-vehicle timeline">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={AXIS_H - 4} y2={height} className="grid" />
            <text x={x(t)} y={AXIS_H - 8} className="tick" textAnchor="middle">
              {formatClock(t, instance)}
            </text>
          </g>
        ))}
        {rows.map((row, i) => {
          const y = AXIS_H + i * (ROW_H + GAP);
          return (
            <g
              key={row.route}
              data-testid="timeline-bar"
              data-route={row.route}
              className={hoveredRoute === row.route ? 'tl-row hovered' : 'tl-row'}
              onMouseEnter={() => hoverSoon({ runId: run.id, route: row.route })}
              onMouseLeave={() => hoverSoon(null)}
            >
              <rect x={0} y={y - 1} width={WIDTH} height={ROW_H + 2} className="tl-bg" />
              <rect x={4} y={y + 3} width={10} height={ROW_H - 6} fill={row.color} rx={2} />
              <text x={18} y={y + ROW_H - 4} className="tl-label">
                Route {row.route + 1}
              </text>
              {row.windows.map((w, k) => (
                <line key={`w${k}`} x1={x(w.due)} x2={x(w.due)} y1={y} y2={y + ROW_H} className="tl-window" />
              ))}
              {row.segments.map((s, k) => (
                <rect
                  key={k}
                  x={x(s.from)}
                  y={y + SEGMENT_BAR[s.kind].inset}
                  width={Math.max(0.8, x(s.to) - x(s.from))}
                  height={ROW_H - 2 * SEGMENT_BAR[s.kind].inset}
                  className={`seg seg-${s.kind}${s.late ? ' seg-late' : ''}`}
                  style={SEGMENT_BAR[s.kind].routeColour ? { fill: row.color } : undefined}
                  data-kind={s.late ? 'late' : s.kind}
                >
                  <title>
                    {`${s.late ? 'late ' : ''}${s.kind} ${formatClock(s.from, instance)}–${formatClock(s.to, instance)}${s.node >= 0 ? ` · ${instance.labels[s.node]}` : ''}`}
                  </title>
                </rect>
              ))}
              {row.lateness.map((l, k) => (
                <rect key={`l${k}`} x={x(l.from)} y={y} width={Math.max(1, x(l.to) - x(l.from))} height={2.5} className="tl-lateness" data-testid="timeline-late" />
              ))}
              {row.shiftLate > 0 && (
                <rect x={x(row.end - row.shiftLate)} y={y + ROW_H - 2} width={Math.max(1, x(row.end) - x(row.end - row.shiftLate))} height={2.5} className="tl-lateness" data-testid="timeline-late" />
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
