/**
 * The map panel: owns the RouteMap and feeds it what the store points at (the shown city, the
 * current instance, every run's routes as its own layer group, the selected run's stop colours
 * and numbers, the hovered run or route). Solutions of runs still going are redrawn on a budget;
 * final results, selection and visibility changes at once. Its data-* attributes say what is
 * drawn, for tests and for anyone inspecting the page.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Solution } from '../../core/solution';
import { useAppStore } from '../../store';
import { cityPoints, instances } from '../../store/registries';
import { isActive, type Run } from '../../store/runs-slice';
import { runColor, runsOnInstance, selectedRun } from '../compare/compare-model';
import { liveRedrawDelay } from './live-redraw';
import { RouteMap, type MapCounts, type RunLayerInput } from './route-map';

interface Drawn extends MapCounts {
  ready: boolean;
  visibleRuns: string[];
  runLayers: number;
}

/** The runs the map draws: those on the instance with a solution, not discarded. */
interface Target {
  id: string;
  number: number;
  solution: Solution;
  live: boolean;
}

function targetsOf(runs: readonly Run[], instanceId: string | null): Target[] {
  return runsOnInstance(runs, instanceId)
    .map((run, i) => ({ run, number: i + 1 }))
    .filter(({ run }) => run.solution !== undefined && run.status !== 'cancelled')
    .map(({ run, number }) => ({ id: run.id, number, solution: run.solution!, live: isActive(run) }));
}

function sameTargets(a: readonly Target[], b: readonly Target[]): boolean {
  return a.length === b.length && a.every((t, i) => t.id === b[i].id && t.solution === b[i].solution && t.live === b[i].live);
}

export function MapView() {
  const containerRef = useRef<HTMLDivElement>(null);
  const [routeMap, setRouteMap] = useState<RouteMap | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [drawn, setDrawn] = useState<Drawn>({ ready: false, cityPoints: 0, stops: 0, routes: 0, visibleRuns: [], runLayers: 0 });
  const shownCity = useAppStore((s) => s.shownCity);
  const instanceId = useAppStore((s) => s.instance?.id ?? null);
  const runs = useAppStore((s) => s.runs);
  const selectedRunId = useAppStore((s) => s.selectedRunId);
  const hiddenRunIds = useAppStore((s) => s.hiddenRunIds);
  const hover = useAppStore((s) => s.hover);

  // What the store holds now, kept referentially stable while nothing the map draws changed.
  const latestRef = useRef<Target[]>([]);
  const latest = useMemo(() => {
    const next = targetsOf(runs, instanceId);
    if (!sameTargets(next, latestRef.current)) latestRef.current = next;
    return latestRef.current;
  }, [runs, instanceId]);

  // What the map is given: the latest targets, at once unless the only changes are live runs.
  const [shown, setShown] = useState<Target[]>([]);
  const lastDraw = useRef<{ endedAt: number; costMs: number } | null>(null);
  useEffect(() => {
    // Runs still going wait for the redraw budget, their first solution included; a final
    // result, a removed run or a new instance is drawn at once.
    const before = new Map(shown.map((t) => [t.id, t]));
    const now = new Set(latest.map((t) => t.id));
    const onlyLive =
      shown.every((t) => now.has(t.id)) &&
      latest.every((t) => {
        const prev = before.get(t.id);
        return prev ? prev.solution === t.solution || t.live : t.live;
      });
    const wait = onlyLive ? liveRedrawDelay(performance.now(), lastDraw.current) : 0;
    if (wait === 0) {
      setShown(latest);
      return;
    }
    const timer = setTimeout(() => setShown(latest), wait);
    return () => clearTimeout(timer);
    // `shown` is read, not followed: a draw must not reschedule itself.
  }, [latest]);

  const selected = useMemo(() => {
    const run = selectedRun(runs, instanceId, selectedRunId);
    return run ? (shown.find((t) => t.id === run.id) ?? null) : null;
  }, [runs, instanceId, selectedRunId, shown]);
  const selectedId = selected?.id ?? null;
  const selectedSolution = selected?.solution ?? null;
  const selectedLive = selected?.live ?? false;

  const layers = useMemo<RunLayerInput[]>(
    () => shown.map((t) => ({ id: t.id, solution: t.solution, color: runColor(t.number), visible: !hiddenRunIds.includes(t.id) })),
    [shown, hiddenRunIds],
  );

  useEffect(() => {
    let map: RouteMap;
    try {
      map = new RouteMap(containerRef.current!);
    } catch (err) {
      // No WebGL: the rest of the app still works, the map says why it is missing.
      setFailure(err instanceof Error ? err.message : String(err));
      return;
    }
    const unsubscribe = map.onRouteHover((h) => useAppStore.getState().setHover(h));
    setRouteMap(map);
    return () => {
      unsubscribe();
      map.destroy();
      setRouteMap(null);
    };
  }, []);

  useEffect(() => {
    if (!routeMap) return;
    let live = true;
    setDrawn((d) => ({ ...d, ready: false }));
    const points = shownCity ? (cityPoints.get(shownCity) ?? null) : null;
    const instance = instanceId ? (instances.get(instanceId) ?? null) : null;
    void (async () => {
      const start = performance.now();
      // A draw under way counts as just done, so live updates do not pile onto it.
      lastDraw.current = { endedAt: start, costMs: lastDraw.current?.costMs ?? 0 };
      await routeMap.setCity(points);
      await routeMap.setScene(instance, selectedSolution, { numbers: !selectedLive });
      await routeMap.setRuns(instance, layers, selectedId);
      await routeMap.idle();
      const end = performance.now();
      lastDraw.current = { endedAt: end, costMs: end - start };
      if (live) setDrawn({ ready: true, ...routeMap.counts, visibleRuns: routeMap.visibleRuns(), runLayers: routeMap.runLayerCount });
    })().catch((err: unknown) => {
      if (live) setFailure(err instanceof Error ? err.message : String(err));
    });
    return () => {
      live = false;
    };
  }, [routeMap, shownCity, instanceId, selectedSolution, selectedLive, layers, selectedId]);

  useEffect(() => {
    void routeMap?.setHighlight(hover);
  }, [routeMap, hover]);

  return (
    <div className="map-panel">
      <div
        ref={containerRef}
        className="map"
        data-testid="map"
        data-ready={drawn.ready}
        data-city-points={drawn.cityPoints}
        data-stops={drawn.stops}
        data-routes={drawn.routes}
        data-run-layers={drawn.runLayers}
        data-visible-runs={drawn.visibleRuns.join(' ')}
        data-selected-run={selectedId ?? ''}
        data-hover-run={hover?.runId ?? ''}
      />
      {failure && (
        <div className="map-failure" role="alert" data-testid="map-error">
          The map cannot be shown: {failure}
        </div>
      )}
    </div>
  );
}
