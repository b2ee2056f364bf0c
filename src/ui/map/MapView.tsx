/**
 * The map panel: owns the RouteMap and feeds it what the store points at (the shown city, the
 * current instance, the selected run's routes, stop colours and numbers, the routes of runs the
 * planner put beside it, the hovered run or route), and a second map with one other run side by
 * side when she asks for it (SideMap, in step with this one). Solutions of runs still going are
 * redrawn on a budget, and not at all while the solvers take every core (see live-redraw.ts);
 * final results, selection and visibility changes at once. Its data-* attributes say what is
 * drawn, for tests and for anyone inspecting the page.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Solution } from '../../core/solution';
import { useAppStore } from '../../store';
import { cityPoints, instances } from '../../store/registries';
import { drawnOnMap } from '../../store/compare-slice';
import { isActive, type Run } from '../../store/runs-slice';
import { solverName } from '../../store/solver-choices';
import { runColor, runsOnInstance, selectedRun } from '../compare/compare-model';
import { roadsEngine } from '../../workers/roads-client';
import { coresSaturated, liveRedrawDelay } from './live-redraw';
import { RoadLegs, roadCityOf, runsAlongRoads, waitsForRuns } from './road-legs';
import { RouteMap, type BasemapInput, type MapCounts, type RunLayerInput } from './route-map';
import { SideMap, cameraText } from './SideMap';

interface Drawn extends MapCounts {
  ready: boolean;
  visibleRuns: string[];
  runLayers: number;
}

type BasemapState = 'none' | 'loading' | 'ready' | 'failed';

/** The runs the map draws: those on the instance with a solution, not discarded. */
interface Target {
  id: string;
  number: number;
  /** "#2 SISR", as the table numbers it. */
  label: string;
  solution: Solution;
  live: boolean;
}

function targetsOf(runs: readonly Run[], instanceId: string | null): Target[] {
  return runsOnInstance(runs, instanceId)
    .map((run, i) => ({ run, number: i + 1 }))
    .filter(({ run }) => run.solution !== undefined && run.status !== 'cancelled')
    .map(({ run, number }) => ({ id: run.id, number, label: `#${number} ${solverName(run.solverId)}`, solution: run.solution!, live: isActive(run) }));
}

/** The targets the map was last given, and the selected one among them. */
interface Shown {
  targets: Target[];
  selectedId: string | null;
}

const NOTHING_SHOWN: Shown = { targets: [], selectedId: null };

/** A result is drawn this long after it arrives, so that results arriving together make one draw. */
const COALESCE_MS = 40;

/**
 * How long the map must be left alone (drawn, no run going) before the streets load, or the
 * road paths of runs drawn straight are asked for: work that would otherwise compete with the
 * draw just made.
 */
const IDLE_MS = 700;

/** How long a final result waits for its routes along the roads before it is drawn straight. */
const ROADS_WAIT_MS = 300;

/** No streets is no reason to stop the map: it keeps the road points and routes, and says why in the console. */
function warnNoBasemap(city: string, err: unknown): void {
  console.warn(`No basemap for ${city}: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Fetches the legs of the final, visible targets, giving up waiting after `ms` (the fetch goes
 * on, and the fallback effect in MapView draws its result when it comes). With `runsGoing`, a
 * large instance's legs are not fetched at all (road-legs.waitsForRuns).
 */
async function legsWithin(instanceId: string | null, targets: readonly Target[], drawn: (id: string) => boolean, ms: number, runsGoing: boolean): Promise<void> {
  const instance = instanceId ? instances.get(instanceId) : undefined;
  const city = instance ? roadCityOf(instance) : null;
  // Until its network is loaded a city's legs take long: the routes are drawn straight meanwhile.
  if (!instance || !city || !roadsEngine().isPrepared(city)) return;
  if (waitsForRuns(instance.n, runsGoing)) return;
  const solutions = targets.filter((t) => !t.live && drawn(t.id)).map((t) => t.solution);
  if (solutions.length === 0 || solutions.every((s) => roadLegs().complete(instance, s))) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([roadLegs().fetch(instance, solutions), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** The page's road legs, shared by every map the page makes (the worker keeps the networks). */
let sharedLegs: RoadLegs | null = null;
function roadLegs(): RoadLegs {
  sharedLegs ??= new RoadLegs((city, pairs) => roadsEngine().legs(city, pairs));
  return sharedLegs;
}

function sameTargets(a: readonly Target[], b: readonly Target[]): boolean {
  return a.length === b.length && a.every((t, i) => t.id === b[i].id && t.solution === b[i].solution && t.live === b[i].live && t.label === b[i].label);
}

export function MapView() {
  const containerRef = useRef<HTMLDivElement>(null);
  const [routeMap, setRouteMap] = useState<RouteMap | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [drawn, setDrawn] = useState<Drawn>({ ready: false, cityPoints: 0, stops: 0, routes: 0, roadRoutes: 0, basemapFeatures: 0, visibleRuns: [], runLayers: 0 });
  const [basemap, setBasemap] = useState<{ state: BasemapState; features: number }>({ state: 'none', features: 0 });
  /** The streets drawn, for the side map to draw them too. */
  const [streets, setStreets] = useState<BasemapInput | null>(null);
  /** Where the map looks once a move ended ("lon,lat,zoom"), for tests of the side map. */
  const [camera, setCamera] = useState('');
  /** Bumped when road legs arrive, so that the runs they complete are drawn along the roads. */
  const [legsVersion, setLegsVersion] = useState(0);
  const shownCity = useAppStore((s) => s.shownCity);
  // A city's streets load once its stops are on the map and no run is going: loading them costs
  // the page (parsing, tiling, shader programs) about a second with software WebGL, which would
  // otherwise delay the stops and the first routes, or stall frames while runs stream. Once
  // there they stay while runs go (their map does not repaint with the routes).
  const runsGoing = useAppStore((s) => s.runs.some(isActive));
  const [drawnCity, setDrawnCity] = useState<string | null>(null);
  const [streetsCity, setStreetsCity] = useState<string | null>(null);
  useEffect(() => {
    if (streetsCity !== null && streetsCity !== shownCity) return setStreetsCity(null);
    if (streetsCity !== null || shownCity === null || drawnCity !== shownCity || runsGoing) return;
    // A planner who solves at once gets her routes first: the streets follow when she pauses.
    const timer = setTimeout(() => setStreetsCity(shownCity), IDLE_MS);
    return () => clearTimeout(timer);
  }, [shownCity, drawnCity, runsGoing, streetsCity]);
  const instanceId = useAppStore((s) => s.instance?.id ?? null);
  const runs = useAppStore((s) => s.runs);
  const selectedRunId = useAppStore((s) => s.selectedRunId);
  const shownRunIds = useAppStore((s) => s.shownRunIds);
  const sideRunId = useAppStore((s) => s.sideRunId);
  const hover = useAppStore((s) => s.hover);
  const saturated = useAppStore((s) => coresSaturated(s.runs.filter((r) => r.status === 'running').length, globalThis.navigator?.hardwareConcurrency));

  // What the store holds now, kept referentially stable while nothing the map draws changed.
  const latestRef = useRef<Target[]>([]);
  const latest = useMemo(() => {
    const next = targetsOf(runs, instanceId);
    if (!sameTargets(next, latestRef.current)) latestRef.current = next;
    return latestRef.current;
  }, [runs, instanceId]);

  // The run whose routes are numbered: the planner's pick, else the latest run with a solution.
  const wantedSelectedId = useMemo(() => selectedRun(runs, instanceId, selectedRunId)?.id ?? null, [runs, instanceId, selectedRunId]);

  // What the map is given: the latest targets and selection, taken together. Changes that only
  // concern runs still going (their new solutions, a new run's first one, the selection moving
  // on to it by itself) wait for the live redraw budget; anything else is drawn at once, after
  // a short pause that merges updates arriving together (runs finishing together) into one
  // draw (see COALESCE_MS). A selection the planner makes is drawn without the pause.
  const [shown, setShown] = useState<Shown>(NOTHING_SHOWN);
  const lastDraw = useRef<{ endedAt: number; costMs: number } | null>(null);
  const lastPick = useRef(selectedRunId);
  /** The planner picked a run and the map has not been given the pick yet. */
  const pickPending = useRef(false);
  /** When the oldest change not yet drawn arrived (a result waits from then, not from the latest). */
  const changedAt = useRef<number | null>(null);
  useEffect(() => {
    if (lastPick.current !== selectedRunId) {
      lastPick.current = selectedRunId;
      pickPending.current = true;
    }
    const picked = pickPending.current;
    const next: Shown = { targets: latest, selectedId: wantedSelectedId };
    if (next.targets === shown.targets && next.selectedId === shown.selectedId) {
      pickPending.current = false;
      changedAt.current = null;
      return;
    }
    const before = new Map(shown.targets.map((t) => [t.id, t]));
    const ids = new Set(latest.map((t) => t.id));
    const onlyLive =
      shown.targets.every((t) => ids.has(t.id)) &&
      latest.every((t) => {
        const prev = before.get(t.id);
        return prev ? prev.solution === t.solution || t.live : t.live;
      });
    const selectionWaits = next.selectedId === shown.selectedId || (!picked && latest.some((t) => t.id === next.selectedId && t.live));
    const liveOnly = onlyLive && selectionWaits;
    // Live changes wait while the solvers take every core: a run ending changes `latest`.
    if (liveOnly && saturated) return;
    const now = performance.now();
    let wait = 0;
    if (liveOnly) wait = liveRedrawDelay(now, lastDraw.current);
    else if (!picked) {
      changedAt.current ??= now;
      wait = Math.max(0, changedAt.current + COALESCE_MS - now);
    }
    let stale = false;
    const timer = setTimeout(() => {
      // A final result waits (briefly) for its paths along the roads, so that it is drawn once,
      // along the roads, rather than straight and then again; on a large instance with runs
      // still going it is drawn straight at once (road-legs.waitsForRuns).
      const s = useAppStore.getState();
      const drawn = (id: string) => drawnOnMap(id, next.selectedId, s.shownRunIds) || id === s.sideRunId;
      void legsWithin(instanceId, next.targets, drawn, ROADS_WAIT_MS, s.runs.some(isActive)).then(() => {
        if (stale) return;
        pickPending.current = false;
        changedAt.current = null;
        setShown(next);
      });
    }, wait);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // `shown` is read, not followed: a draw must not reschedule itself.
  }, [latest, wantedSelectedId, selectedRunId, saturated, instanceId]);

  const selected = useMemo(() => shown.targets.find((t) => t.id === shown.selectedId) ?? null, [shown]);
  const selectedId = selected?.id ?? null;
  const selectedLive = selected?.live ?? false;

  /** Each run drawn along the roads, by the solution so drawn. */
  const drawnRoads = useRef(new Map<string, Solution>());
  const layers = useMemo<RunLayerInput[]>(() => {
    const instance = instanceId ? instances.get(instanceId) : undefined;
    const legs = roadLegs();
    const complete = (s: Solution) => instance !== undefined && legs.complete(instance, s);
    drawnRoads.current = runsAlongRoads(shown.targets, complete, instance?.n ?? 0, runsGoing, drawnRoads.current);
    return shown.targets.map((t) => ({
      id: t.id,
      solution: t.solution,
      color: runColor(t.number),
      visible: drawnOnMap(t.id, shown.selectedId, shownRunIds),
      live: t.live,
      roads: drawnRoads.current.has(t.id),
      label: t.label,
    }));
    // legsVersion: arrived legs may complete a run's roads.
  }, [shown, shownRunIds, instanceId, legsVersion, runsGoing]);
  /** The run on the side map, drawn as if selected there. */
  const sideLayer = useMemo(() => {
    const layer = layers.find((l) => l.id === sideRunId);
    return layer ? { ...layer, visible: true } : null;
  }, [layers, sideRunId]);
  const layersRef = useRef(layers);
  layersRef.current = layers;

  // Road paths for the final runs on show that were drawn straight (their paths did not come in
  // time, see legsWithin), in one request and one redraw, once no run is going: while runs
  // stream, a redraw of a finished run would cost a frame that a result of theirs may need.
  useEffect(() => {
    const instance = instanceId ? instances.get(instanceId) : undefined;
    if (!instance || !roadCityOf(instance) || runsGoing) return;
    const wanted = shown.targets.filter((t) => !t.live && (drawnOnMap(t.id, shown.selectedId, shownRunIds) || t.id === sideRunId)).map((t) => t.solution);
    if (wanted.length === 0) return;
    let live = true;
    // After a pause, like the streets: the straight draw they replace is still being made.
    const timer = setTimeout(() => {
      void roadLegs()
        .fetch(instance, wanted)
        .then(() => {
          // Also legs that came in after their run was drawn straight (legsWithin gave up waiting).
          const straight = layersRef.current.some((l) => !l.live && l.visible && !l.roads && roadLegs().complete(instance, l.solution));
          if (live && straight) setLegsVersion((v) => v + 1);
        });
    }, IDLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [shown, shownRunIds, sideRunId, instanceId, runsGoing]);

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
    const unwatch = map.onViewChange((ended) => ended && setCamera(cameraText(map.view())));
    setRouteMap(map);
    return () => {
      unsubscribe();
      unwatch();
      map.destroy();
      setRouteMap(null);
    };
  }, []);

  // The shown city's streets, read and converted in the roads worker.
  const [readStreets, setReadStreets] = useState<{ city: string; basemap: BasemapInput | null } | null>(null);
  useEffect(() => {
    if (!routeMap) return;
    let live = true;
    setStreets(null);
    setReadStreets(null);
    if (!streetsCity) {
      setBasemap({ state: 'none', features: 0 });
      void routeMap.setBasemap(null);
      return;
    }
    setBasemap({ state: 'loading', features: 0 });
    roadsEngine()
      .basemap(streetsCity)
      .then((b) => {
        if (live) setReadStreets({ city: streetsCity, basemap: b });
      })
      .catch(async (err: unknown) => {
        warnNoBasemap(streetsCity, err);
        if (!live) return;
        await routeMap.setBasemap(null);
        if (live) setBasemap({ state: 'failed', features: 0 });
      });
    return () => {
      live = false;
    };
  }, [routeMap, streetsCity]);

  // Streets that were read while runs started go on the map when no run goes, on a large instance:
  // their first paint (their tiles, in maplibre's worker) and the road network loading after them
  // would take frames and CPU from the runs (road-legs.waitsForRuns, as for the roads).
  const streetsWait = waitsForRuns(instanceId ? (instances.get(instanceId)?.n ?? 0) : 0, runsGoing);
  useEffect(() => {
    if (!routeMap || !readStreets || readStreets.city !== streetsCity || streetsWait) return;
    let live = true;
    const { city, basemap: b } = readStreets;
    // The road network loads next, for the first routes to follow the roads.
    if (b) void roadsEngine().prepare(city).catch(() => {});
    routeMap.setBasemap(b).then(
      () => {
        if (!live) return;
        setBasemap(b ? { state: 'ready', features: b.features } : { state: 'none', features: 0 });
        setStreets(b);
      },
      (err: unknown) => {
        warnNoBasemap(city, err);
        if (live) setBasemap({ state: 'failed', features: 0 });
      },
    );
    return () => {
      live = false;
    };
  }, [routeMap, readStreets, streetsCity, streetsWait]);

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
      await routeMap.setScene({ instance, runs: layers, selectedId, numbers: !selectedLive, legPath: instance ? roadLegs().lookup(instance) : undefined });
      await routeMap.sceneDrawn();
      if (live && instance) setDrawnCity(shownCity);
      const end = performance.now();
      lastDraw.current = { endedAt: end, costMs: end - start };
      if (live) setDrawn({ ready: true, ...routeMap.counts, visibleRuns: routeMap.visibleRuns(), runLayers: routeMap.runLayerCount });
    })().catch((err: unknown) => {
      if (live) setFailure(err instanceof Error ? err.message : String(err));
    });
    return () => {
      live = false;
    };
  }, [routeMap, shownCity, instanceId, selectedLive, layers, selectedId]);

  useEffect(() => {
    void routeMap?.setHighlight(hover);
  }, [routeMap, hover]);

  const side = sideLayer !== null && routeMap !== null;
  // The map's box changes with the side map coming or going.
  useEffect(() => routeMap?.resize(), [routeMap, side]);
  const sideCity = shownCity ? (cityPoints.get(shownCity) ?? null) : null;
  const sideInstance = instanceId ? (instances.get(instanceId) ?? null) : null;
  // legsVersion: arrived legs are in the lookup.
  const sideLegs = useMemo(() => (sideInstance ? roadLegs().lookup(sideInstance) : undefined), [sideInstance, legsVersion]);

  return (
    <div className={side ? 'map-panel side-by-side' : 'map-panel'}>
      <div
        ref={containerRef}
        className="map"
        data-testid="map"
        data-ready={drawn.ready}
        data-city-points={drawn.cityPoints}
        data-stops={drawn.stops}
        data-routes={drawn.routes}
        data-road-routes={drawn.roadRoutes}
        data-basemap={basemap.state}
        data-basemap-features={basemap.features}
        data-run-layers={drawn.runLayers}
        data-visible-runs={drawn.visibleRuns.join(' ')}
        data-selected-run={selectedId ?? ''}
        data-hover-run={hover?.runId ?? ''}
        data-view={camera}
      />
      {side && <SideMap primary={routeMap} points={sideCity} instance={sideInstance} layer={sideLayer} basemap={streets} legPath={sideLegs} />}
      <SidePicker targets={shown.targets} selectedId={shown.selectedId} sideRunId={sideLayer ? sideRunId : null} />
      {failure && (
        <div className="map-failure" role="alert" data-testid="map-error">
          The map cannot be shown: {failure}
        </div>
      )}
    </div>
  );
}

/** The choice of a run to show side by side with the selected one (there must be another). */
function SidePicker({ targets, selectedId, sideRunId }: { targets: readonly Target[]; selectedId: string | null; sideRunId: string | null }) {
  const others = targets.filter((t) => t.id !== selectedId);
  if (others.length === 0 && sideRunId === null) return null;
  return (
    <label className="map-side-pick" title="A second map with another run, moving with this one">
      Side by side
      <select data-testid="map-side-select" value={sideRunId ?? ''} onChange={(e) => useAppStore.getState().setSideRun(e.target.value || null)}>
        <option value="">off</option>
        {targets.map((t) => (
          <option key={t.id} value={t.id} disabled={t.id === selectedId}>
            {t.label}
          </option>
        ))}
      </select>
    </label>
  );
}
