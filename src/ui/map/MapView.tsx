/**
 * The map panel: owns the RouteMap and feeds it what the store points at (the shown city,
 * the current instance, the latest run's best solution, redrawn on a budget while the run is
 * still going). Its data-* attributes say what is drawn, for tests and for anyone inspecting
 * the page.
 */
import { useEffect, useRef, useState } from 'react';
import type { Solution } from '../../core/solution';
import { useAppStore } from '../../store';
import { cityPoints, instances } from '../../store/registries';
import { isActive, type Run } from '../../store/runs-slice';
import { liveRedrawDelay } from './live-redraw';
import { RouteMap, type MapCounts } from './route-map';

function latestWithSolution(runs: Run[], instanceId: string | null): Run | undefined {
  return runs.findLast((r) => r.instanceId === instanceId && r.solution);
}

interface Drawn extends MapCounts {
  ready: boolean;
}

export function MapView() {
  const containerRef = useRef<HTMLDivElement>(null);
  const [routeMap, setRouteMap] = useState<RouteMap | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [drawn, setDrawn] = useState<Drawn>({ ready: false, cityPoints: 0, stops: 0, routes: 0 });
  const shownCity = useAppStore((s) => s.shownCity);
  const instanceId = useAppStore((s) => s.instance?.id ?? null);
  const target = useAppStore((s) => latestWithSolution(s.runs, instanceId)?.solution ?? null);
  const targetIsLive = useAppStore((s) => {
    const run = latestWithSolution(s.runs, instanceId);
    return run ? isActive(run) : false;
  });
  const [solution, setSolution] = useState<Solution | null>(null);
  const lastDraw = useRef<{ endedAt: number; costMs: number } | null>(null);

  useEffect(() => {
    const wait = targetIsLive ? liveRedrawDelay(performance.now(), lastDraw.current) : 0;
    if (wait === 0) {
      setSolution(target);
      return;
    }
    const timer = setTimeout(() => setSolution(target), wait);
    return () => clearTimeout(timer);
  }, [target, targetIsLive]);

  useEffect(() => {
    let map: RouteMap;
    try {
      map = new RouteMap(containerRef.current!);
    } catch (err) {
      // No WebGL: the rest of the app still works, the map says why it is missing.
      setFailure(err instanceof Error ? err.message : String(err));
      return;
    }
    setRouteMap(map);
    return () => {
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
      await routeMap.setScene(instance, solution);
      await routeMap.idle();
      const end = performance.now();
      lastDraw.current = { endedAt: end, costMs: end - start };
      if (live) setDrawn({ ready: true, ...routeMap.counts });
    })().catch((err: unknown) => {
      if (live) setFailure(err instanceof Error ? err.message : String(err));
    });
    return () => {
      live = false;
    };
  }, [routeMap, shownCity, instanceId, solution]);

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
      />
      {failure && (
        <div className="map-failure" role="alert" data-testid="map-error">
          The map cannot be shown: {failure}
        </div>
      )}
    </div>
  );
}
