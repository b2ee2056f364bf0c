/**
 * What the map's scene source holds (map-style.ts SOURCES.scene) and the hover look of the
 * fixed route layers. Pure, so what the map is handed can be checked without a browser.
 *
 * Every feature has a `kind`: 'node' (the clients, coloured by the selected run's routes),
 * 'number' (the selected run's stop sequence numbers) or 'route'. A route carries its run
 * (`run`), the run's colour (`runColor`, the table's swatch), its vehicle colour (`color`), its
 * `role` ('selected' for the selected run: vehicle colours, a casing, arrows once it is final;
 * 'other' for the rest: thin, in the run colour) and whether its run is still `live`. Hidden
 * runs are not in the source at all. The depots are in a source of their own (SOURCES.depot).
 */
import type { Feature, FeatureCollection, Geometry, LineString, Point } from 'geojson';
import type { Instance } from '../../core/instance';
import { nodesGeoJSON, type NodeProps, type RouteProps, type StopNumberProps } from './geojson';

export interface RunRouteProps extends RouteProps {
  kind: 'route';
  run: string;
  runColor: string;
  role: 'selected' | 'other';
  /** The run is still going: its solution changes, so its routes get no arrows. */
  live: boolean;
}

/** One run as the scene source sees it: its routes (routesGeoJSON's features) and its look. */
export interface RunRoutes {
  id: string;
  routes: readonly Feature<LineString, RouteProps>[];
  color: string;
  visible: boolean;
  live: boolean;
}

/** The routes of the visible runs, the selected run's last (on top within the collection). */
export function runRoutesGeoJSON(runs: readonly RunRoutes[], selectedId: string | null): FeatureCollection<LineString, RunRouteProps> {
  const features: Feature<LineString, RunRouteProps>[] = [];
  const ordered = [...runs.filter((r) => r.id !== selectedId), ...runs.filter((r) => r.id === selectedId)];
  for (const run of ordered) {
    if (!run.visible) continue;
    const role = run.id === selectedId ? 'selected' : 'other';
    for (const f of run.routes) {
      features.push({ type: 'Feature', properties: { ...f.properties, kind: 'route', run: run.id, runColor: run.color, role, live: run.live }, geometry: f.geometry });
    }
  }
  return { type: 'FeatureCollection', features };
}

export type SceneFeature =
  | Feature<Point, NodeProps & { kind: 'node' }>
  | Feature<Point, StopNumberProps & { kind: 'number' }>
  | Feature<LineString, RunRouteProps>;

/** The clients (of nodesGeoJSON's features) tagged for the scene source; depots are left out. */
export function sceneNodes(nodes: readonly Feature<Point, NodeProps>[]): SceneFeature[] {
  return nodes.filter((f) => f.properties.role === 'client').map((f) => ({ ...f, properties: { ...f.properties, kind: 'node' as const } }));
}

/** The instance's depots, for the depot source (empty without an instance). */
export function depotsGeoJSON(instance: Instance | null): FeatureCollection<Point, NodeProps> {
  const nodes = instance ? nodesGeoJSON(instance).features : [];
  return { type: 'FeatureCollection', features: nodes.filter((f) => f.properties.role === 'depot') };
}

/**
 * Up to this many stops the numbers show at every zoom. Each number is an icon of its own
 * (icons.ts): drawing and placing a thousand at once took the page frames of 150–200 ms with
 * software WebGL when a 999-stop run ended (BENCHMARKS.md, "The app at 999 stops, session 10").
 */
export const NUMBERS_AT_ANY_ZOOM = 300;

/**
 * The zoom from which a run's stop numbers show: any zoom for up to NUMBERS_AT_ANY_ZOOM stops;
 * beyond that, enough levels past the zoom that frames the instance for about that many stops to
 * be in view (a level in shows a quarter of the area). At the framing zoom a thousand numbers
 * would overlap into a blot anyway.
 */
export function numbersMinZoom(stops: number, frameZoom: number): number {
  if (stops <= NUMBERS_AT_ANY_ZOOM || !Number.isFinite(frameZoom)) return 0;
  return frameZoom + Math.ceil(Math.log(stops / NUMBERS_AT_ANY_ZOOM) / Math.log(4));
}

/** The stop numbers (stopNumbersGeoJSON's features) tagged for the scene source. */
export function sceneNumbers(numbers: readonly Feature<Point, StopNumberProps>[]): SceneFeature[] {
  return numbers.map((f) => ({ ...f, properties: { ...f.properties, kind: 'number' as const } }));
}

/** The scene source's data: routes first, then nodes and numbers (layers pick theirs by kind). */
export function sceneGeoJSON(routes: readonly SceneFeature[], nodes: readonly SceneFeature[], numbers: readonly SceneFeature[]): FeatureCollection<Geometry> {
  return { type: 'FeatureCollection', features: [...routes, ...nodes, ...numbers] };
}

/**
 * Whether two run lists give the same collection: the same visible runs in the same order, with
 * the same routes objects, colours and liveness. Hidden runs are not drawn, so a hidden run that
 * ends (a 999-stop run's final routes) costs the map no new data and no frame.
 */
export function sameRunRoutes(a: readonly RunRoutes[], b: readonly RunRoutes[]): boolean {
  const x = a.filter((r) => r.visible);
  const y = b.filter((r) => r.visible);
  return x.length === y.length && x.every((r, i) => r.id === y[i].id && r.routes === y[i].routes && r.color === y[i].color && r.live === y[i].live);
}

/** A run (route null) or one of its routes under the pointer or a table row. */
export interface RouteHoverState {
  runId: string;
  route: number | null;
}

/** What a hover shows: which run is raised and which route glows, and the route layers' opacities. */
export interface RouteHoverLook {
  /** A hovered run other than the selected one: drawn wider and opaque above the others. */
  raisedRun: string | null;
  /** A hovered route: a glow under it. */
  glowRoute: { runId: string; route: number } | null;
  othersOpacity: number;
  selectedOpacity: number;
  casingOpacity: number;
  arrowsOpacity: number;
}

/**
 * The look for `hover` over the drawn runs: the hovered run stands out (a non-selected one
 * wider and opaque, a hovered route with a glow), every other run is dimmed. A hover on a run
 * that is not drawn (hidden, or gone) changes nothing.
 */
export function routeHoverLook(hover: RouteHoverState | null, drawnRunIds: ReadonlySet<string>, selectedId: string | null): RouteHoverLook {
  const h = hover && drawnRunIds.has(hover.runId) ? hover : null;
  const selectedDimmed = h !== null && h.runId !== selectedId;
  return {
    raisedRun: h && h.runId !== selectedId ? h.runId : null,
    glowRoute: h && h.route !== null ? { runId: h.runId, route: h.route } : null,
    othersOpacity: h ? 0.25 : 0.6,
    selectedOpacity: selectedDimmed ? 0.35 : 1,
    casingOpacity: selectedDimmed ? 0.3 : 0.8,
    arrowsOpacity: selectedDimmed ? 0.35 : 1,
  };
}

export type HoverRouteProps = RunRouteProps & { hover: 'run' | 'route' };

/**
 * The hover source's data (map-style.ts SOURCES.hover) for a look: the raised run's routes
 * (`hover: 'run'`) and the glowing route (`hover: 'route'`), taken from the scene's features
 * (stops never). Empty when nothing is hovered.
 */
export function hoverGeoJSON(scene: readonly SceneFeature[], look: RouteHoverLook): FeatureCollection<LineString, HoverRouteProps> {
  const features: Feature<LineString, HoverRouteProps>[] = [];
  const { raisedRun, glowRoute } = look;
  if (raisedRun === null && glowRoute === null) return { type: 'FeatureCollection', features };
  for (const f of scene) {
    if (f.properties.kind !== 'route') continue;
    const route = f as Feature<LineString, RunRouteProps>;
    const { run, route: index } = route.properties;
    if (run === raisedRun) features.push({ ...route, properties: { ...route.properties, hover: 'run' } });
    if (glowRoute && run === glowRoute.runId && index === glowRoute.route) features.push({ ...route, properties: { ...route.properties, hover: 'route' } });
  }
  return { type: 'FeatureCollection', features };
}
