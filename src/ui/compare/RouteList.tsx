/**
 * The selected run's routes with their stops in order (arrival, load after the stop), per-route
 * KPIs, the broken rules located on their route or stop, and the unassigned stops with the
 * reason. Stops can be dragged to another position, another route, a new route or the
 * unassigned list: the evaluator re-checks at once (see edit-actions.ts).
 */
import { memo, useRef, useState, type DragEvent } from 'react';
import type { RouteEval, Violation } from '../../core/evaluate';
import type { Instance } from '../../core/instance';
import { routeColor } from '../../core/palette';
import type { Solution, UnassignedReason } from '../../core/solution';
import { UNASSIGNED, dropSlot, isNoOpMove, type StopSlot } from '../../core/solution-edit';
import { useAppStore } from '../../store';
import { instances } from '../../store/registries';
import { isActive, type Run } from '../../store/runs-slice';
import { distanceLabel, durationLabel, formatCost, formatDistance, formatDuration } from '../format';
import { compareRows, selectedRun, type CompareRow } from './compare-model';
import { costExplanation } from './cost-text';
import { isEditable, moveStopInRun } from './edit-actions';
import { formatClock, formatLoad, formatSpan } from './format-time';
import { hoverSoon } from './hover';
import './compare.css';

export const REASON_TEXT: Record<UnassignedReason, string> = {
  capacity: 'no route has room for its demand',
  'time-window': 'no route reaches it within its time window',
  zone: 'every vehicle that could serve it is banned from its zone',
  unreachable: 'no road reaches it from the depot and back',
  fleet: 'the fleet is used up',
  'not-routed': 'not in any route',
  'no-reason': 'left out by the solver (no reason given)',
};

const DRAG_TYPE = 'application/x-routelab-stop';

/** The trip number of each non-empty route of a vehicle that may drive several; null otherwise. */
function tripNumbers(routes: readonly { vehicle: number; stops: number[] }[], instance: Instance): (number | null)[] {
  const driven = new Map<number, number>();
  return routes.map((route) => {
    if (!((instance.vehicles[route.vehicle]?.trips ?? 1) > 1) || route.stops.length === 0) return null;
    const k = (driven.get(route.vehicle) ?? 0) + 1;
    driven.set(route.vehicle, k);
    return k;
  });
}

interface DropAt {
  route: number;
  insertAt: number;
}

export function RouteList() {
  const instanceId = useAppStore((s) => s.instance?.id ?? null);
  const runs = useAppStore((s) => s.runs);
  const selectedRunId = useAppStore((s) => s.selectedRunId);
  const hover = useAppStore((s) => s.hover);
  const run = selectedRun(runs, instanceId, selectedRunId);
  const instance = run ? instances.get(run.instanceId) : undefined;
  const row = run ? compareRows(runs, run.instanceId).find((r) => r.run.id === run.id) : undefined;

  return (
    <aside className="route-list" data-testid="route-list" data-run-id={run?.id ?? ''} aria-labelledby="route-list-title">
      <h2 id="route-list-title">Routes</h2>
      {run && instance && run.solution ? (
        <RunRoutes
          key={run.id}
          run={run}
          instance={instance}
          number={row?.number ?? 0}
          color={row?.color ?? ''}
          solver={row?.solver ?? run.solverId}
          editedFromNumber={row?.editedFromNumber}
          hoverRoute={hover?.runId === run.id ? hover.route : null}
        />
      ) : (
        <p className="empty">Solve, then pick a run in the table to see its routes here.</p>
      )}
    </aside>
  );
}

interface RunRoutesProps extends Pick<CompareRow, 'number' | 'color' | 'solver' | 'editedFromNumber'> {
  run: Run;
  instance: Instance;
  hoverRoute: number | null;
}

/** Progress events change the run object 5 times a second; the list only follows what it shows. */
function sameView(a: RunRoutesProps, b: RunRoutesProps): boolean {
  return (
    a.run.solution === b.run.solution &&
    a.run.evaluation === b.run.evaluation &&
    a.run.status === b.run.status &&
    a.instance === b.instance &&
    a.number === b.number &&
    a.color === b.color &&
    a.solver === b.solver &&
    a.editedFromNumber === b.editedFromNumber &&
    a.hoverRoute === b.hoverRoute
  );
}

/** Stops past which a run's routes open collapsed. */
export const OPEN_STOPS_MAX = 300;

function stopCount(solution: Solution): number {
  return solution.routes.reduce((t, r) => t + r.stops.length, 0);
}

const RunRoutes = memo(function RunRoutes({ run, instance, number, color: runColour, solver, editedFromNumber, hoverRoute }: RunRoutesProps) {
  const solution = run.solution!;
  const ev = run.evaluation;
  const units = instance.units;
  const editable = isEditable(run);
  // While the solver is going its routes change with every improvement: headers only, a light DOM.
  const live = isActive(run);
  const dragFrom = useRef<StopSlot | null>(null);
  const [dropAt, setDropAt] = useState<DropAt | null>(null);
  const [dragging, setDragging] = useState(false);
  /**
   * Routes shown as their header only (a drop on the header appends to the route). A run with
   * more than OPEN_STOPS_MAX stops opens with every route collapsed: a thousand stop rows cost
   * the page a ~200 ms layout each time the list is drawn, a route opened by hand ~40 rows.
   */
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(() => new Set(stopCount(solution) > OPEN_STOPS_MAX ? solution.routes.map((_, r) => r) : []));
  const toggle = (r: number) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (!next.delete(r)) next.add(r);
      return next;
    });
  const allCollapsed = solution.routes.length > 0 && collapsed.size >= solution.routes.length;

  const evalOf = new Map<number, RouteEval>((ev?.routes ?? []).map((r) => [r.index, r]));
  const violationsAt = (route: number, stop?: number): Violation[] =>
    (ev?.violations ?? []).filter((v) => v.route === route && (stop === undefined ? v.stop === undefined : v.stop === stop));
  const general = (ev?.violations ?? []).filter((v) => v.route === undefined);
  // Vehicles that reload drive several routes: each is a trip, numbered per vehicle.
  const tripOf = tripNumbers(solution.routes, instance);

  const startDrag = (e: DragEvent, slot: StopSlot) => {
    dragFrom.current = slot;
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData(DRAG_TYPE, `${slot.route}:${slot.index}`);
    e.dataTransfer.setData('text/plain', `${slot.route}:${slot.index}`);
    setDragging(true);
  };
  const endDrag = () => {
    dragFrom.current = null;
    setDragging(false);
    setDropAt(null);
  };
  const over = (e: DragEvent, target: DropAt) => {
    if (!dragFrom.current) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = 'move';
    if (dropAt?.route !== target.route || dropAt.insertAt !== target.insertAt) setDropAt(target);
  };
  const drop = (e: DragEvent, target: DropAt) => {
    e.preventDefault();
    e.stopPropagation();
    let from = dragFrom.current;
    if (!from) {
      const m = /^(-?\d+):(\d+)$/.exec(e.dataTransfer.getData(DRAG_TYPE));
      from = m ? { route: Number(m[1]), index: Number(m[2]) } : null;
    }
    endDrag();
    if (!from) return;
    const to = dropSlot(from, target.route, target.insertAt);
    if (!isNoOpMove(from, to)) moveStopInRun(run.id, from, to);
  };
  /** Drop before or after a stop, by which half of it the pointer is over. */
  const stopTarget = (e: DragEvent, route: number, index: number): DropAt => {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return { route, insertAt: e.clientY < box.top + box.height / 2 ? index : index + 1 };
  };
  const dropClass = (route: number, insertAt: number) =>
    dropAt && dropAt.route === route && dropAt.insertAt === insertAt ? ' drop-before' : '';

  return (
    <div className={`run-routes${dragging ? ' dragging' : ''}`}>
      <div className="route-run-head">
        <span className="run-swatch" style={{ background: runColour }} aria-hidden="true" />
        <strong>
          #{number} {solver}
        </strong>
        {run.status === 'edited' && <span className="alias"> · edited from #{editedFromNumber ?? '?'}</span>}
        <button
          type="button"
          className="link-button"
          data-testid="routes-collapse-all"
          onClick={() => setCollapsed(allCollapsed ? new Set() : new Set(solution.routes.map((_, r) => r)))}
        >
          {allCollapsed ? 'expand all' : 'collapse all'}
        </button>
      </div>
      {ev && (
        <dl className="route-run-kpis" data-testid="route-list-kpis" data-cost={ev.cost} data-feasible={ev.feasible}>
          <div>
            <dt>Cost</dt>
            <dd data-testid="route-list-cost">{formatCost(ev.cost)}</dd>
          </div>
          <div>
            <dt title={distanceLabel(units).title}>{distanceLabel(units).label}</dt>
            <dd>{formatDistance(ev.distance, units)}</dd>
          </div>
          <div>
            <dt title={durationLabel(units).title}>{durationLabel(units).label}</dt>
            <dd>{formatDuration(ev.duration, units)}</dd>
          </div>
          <div>
            <dt>Vehicles</dt>
            <dd>{ev.vehicles}</dd>
          </div>
          {ev.routes.length > ev.vehicles && (
            <div title="Vehicles reload at the depot and drive several trips">
              <dt>Trips</dt>
              <dd>{ev.routes.length}</dd>
            </div>
          )}
          <div>
            <dt>Violations</dt>
            <dd className={ev.violations.length ? 'bad' : undefined} data-testid="route-list-violations">
              {ev.violations.length}
            </dd>
          </div>
        </dl>
      )}
      <p className="hint cost-explanation" data-testid="cost-explanation">
        {costExplanation(instance)}
      </p>
      {editable && (
        <p className="hint">
          Drag a stop to another place, route or the unassigned list.
          {run.status !== 'edited' && ' The edit becomes a new run; this one stays as it is.'}
        </p>
      )}
      {live && <p className="hint">Stops are listed when the run ends.</p>}
      {general.length > 0 && (
        <ul className="violations">
          {general.map((v, i) => (
            <li key={i} data-testid="violation" data-kind={v.kind}>
              ⚠ {v.message}
            </li>
          ))}
        </ul>
      )}
      {solution.routes.map((route, r) => {
        const re = evalOf.get(r);
        const trip = tripOf[r];
        const color = routeColor(instance.vehicles.length, route.vehicle, r);
        const routeViolations = violationsAt(r);
        const vehicle = instance.vehicles[route.vehicle];
        return (
          <section
            key={r}
            className={`route-item${hoverRoute === r ? ' hovered' : ''}${routeViolations.length ? ' has-violation' : ''}`}
            data-testid="route-item"
            data-route={r}
            onMouseEnter={() => hoverSoon({ runId: run.id, route: r })}
            onMouseLeave={() => hoverSoon(null)}
          >
            <header
              className="route-head"
              data-testid="route-head"
              onDragOver={(e) => over(e, { route: r, insertAt: route.stops.length })}
              onDrop={(e) => drop(e, { route: r, insertAt: route.stops.length })}
            >
              <button
                type="button"
                className="route-toggle"
                data-testid="route-toggle"
                aria-expanded={!collapsed.has(r)}
                aria-label={`${collapsed.has(r) ? 'Show' : 'Hide'} the stops of route ${r + 1}`}
                onClick={() => toggle(r)}
              >
                {collapsed.has(r) ? '▸' : '▾'}
              </button>
              <span className="route-swatch" style={{ background: color }} aria-hidden="true" />
              <strong>Route {r + 1}</strong>
              {instance.vehicles.length > 1 && vehicle && <span className="muted"> · {vehicle.id}</span>}
              {trip !== null && <span className="muted"> · trip {trip}</span>}
              <span className="muted"> · {route.stops.length} stops</span>
              {re && (
                <div className="route-kpis" data-testid="route-kpis" data-cost={re.cost} data-load={re.load}>
                  <span title="Distance">{formatDistance(re.distance, units)} {units.distance === 'm' ? 'km' : ''}</span>
                  {units.time !== 'none' && <span title="Driving time">{formatSpan(re.duration, units)}</span>}
                  {Number.isFinite(re.capacity) && (
                    <span title="Load / capacity" className={re.load > re.capacity ? 'bad' : undefined}>
                      load {formatLoad(re.load, re.capacity)}
                    </span>
                  )}
                  {re.waiting > 0 && <span title="Waiting">wait {formatSpan(re.waiting, units)}</span>}
                  {re.lateness > 0 && (
                    <span className="bad" title="Lateness">
                      late {formatSpan(re.lateness, units)}
                    </span>
                  )}
                  <span title="Route cost">cost {formatCost(re.cost)}</span>
                </div>
              )}
              {routeViolations.map((v, i) => (
                <div key={i} className="violation" data-testid="violation" data-kind={v.kind}>
                  ⚠ {v.message}
                </div>
              ))}
            </header>
            <ol className="stops" hidden={collapsed.has(r) || live}>
              {!live && !collapsed.has(r) && route.stops.map((node, k) => {
                const se = re?.stops[k];
                const bad = violationsAt(r, k);
                return (
                  <li
                    key={`${node}-${k}`}
                    className={`stop${bad.length ? ' bad' : ''}${dropClass(r, k)}`}
                    data-testid="route-stop"
                    data-route={r}
                    data-index={k}
                    data-node={node}
                    draggable={editable}
                    onDragStart={(e) => startDrag(e, { route: r, index: k })}
                    onDragEnd={endDrag}
                    onDragOver={(e) => over(e, stopTarget(e, r, k))}
                    onDrop={(e) => drop(e, stopTarget(e, r, k))}
                    title={bad.map((v) => v.message).join('\n') || undefined}
                  >
                    <span className="seq" style={{ background: color }}>
                      {k + 1}
                    </span>
                    <span className="stop-label">{instance.labels[node] ?? node}</span>
                    <span className="stop-time" title="Arrival">
                      {formatClock(se?.arrival, instance)}
                    </span>
                    <span className="stop-load" title="Load after the stop">
                      {se && Number.isFinite(re!.capacity) ? formatLoad(se.loadAfter, re!.capacity) : se ? formatLoad(se.loadAfter, Infinity) : ''}
                    </span>
                    {bad.length > 0 && (
                      <span className="stop-bad" data-testid="stop-violation" data-kind={bad[0].kind}>
                        ⚠
                      </span>
                    )}
                  </li>
                );
              })}
              {editable && (
                <li
                  className={`drop-end${dropClass(r, route.stops.length)}`}
                  data-testid="route-drop-end"
                  onDragOver={(e) => over(e, { route: r, insertAt: route.stops.length })}
                  onDrop={(e) => drop(e, { route: r, insertAt: route.stops.length })}
                >
                  {route.stops.length === 0 ? 'empty route: drop a stop here' : ''}
                </li>
              )}
            </ol>
          </section>
        );
      })}
      <section
        className={`unassigned${dropAt?.route === UNASSIGNED ? ' drop-before' : ''}`}
        data-testid="unassigned-list"
        onDragOver={(e) => over(e, { route: UNASSIGNED, insertAt: solution.unassigned.length })}
        onDrop={(e) => drop(e, { route: UNASSIGNED, insertAt: solution.unassigned.length })}
      >
        <h3>Unassigned ({ev?.unassigned.length ?? solution.unassigned.length})</h3>
        {solution.unassigned.length === 0 ? (
          <p className="muted">{editable ? 'None. Drop a stop here to take it off its route.' : 'None.'}</p>
        ) : (
          <ul>
            {solution.unassigned.map((u, i) => (
              <li
                key={`${u.node}-${i}`}
                className="stop"
                data-testid="unassigned-stop"
                data-node={u.node}
                data-reason={u.reason}
                draggable={editable}
                onDragStart={(e) => startDrag(e, { route: UNASSIGNED, index: i })}
                onDragEnd={endDrag}
              >
                <span className="stop-label">{instance.labels[u.node] ?? u.node}</span>
                <span className="reason">{REASON_TEXT[u.reason] ?? u.reason}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {editable && (
        <div className="drop-bar" data-testid="drop-bar">
          <div
            className={`route-drop${dropAt?.route === solution.routes.length ? ' drop-before' : ''}`}
            data-testid="new-route-drop"
            title="Drop a stop here to start a new route with it"
            onDragOver={(e) => over(e, { route: solution.routes.length, insertAt: 0 })}
            onDrop={(e) => drop(e, { route: solution.routes.length, insertAt: 0 })}
          >
            + new route
          </div>
          <div
            className={`route-drop${dropAt?.route === UNASSIGNED ? ' drop-before' : ''}`}
            data-testid="unassigned-drop"
            title="Drop a stop here to take it off its route"
            onDragOver={(e) => over(e, { route: UNASSIGNED, insertAt: solution.unassigned.length })}
            onDrop={(e) => drop(e, { route: UNASSIGNED, insertAt: solution.unassigned.length })}
          >
            unassign ({solution.unassigned.length})
          </div>
        </div>
      )}
    </div>
  );
}, sameView);
