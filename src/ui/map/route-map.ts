/**
 * The app's maplibre map, wrapped so that React hands it data and never touches maplibre's API.
 * Updates that arrive before the style has loaded wait for it. The page's map is the one the
 * editor and the PNG export use; a second one (a run side by side) follows its view.
 */
import type { Feature, LineString } from 'geojson';
import type { GeoJSONSource, LayerSpecification, Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl';
import { OSM_ATTRIBUTION } from '../../core/cities/city';
import type { Instance } from '../../core/instance';
import type { Solution } from '../../core/solution';
import type { CityPoints } from '../../workers/protocol';
import { vehicleColor } from '../../core/palette';
import { boundsOf, cityPointsGeoJSON, nodesGeoJSON, numberIconId, parseNumberIconId, routesGeoJSON, stopNumbersGeoJSON, type LegPath, type RouteProps } from './geojson';
import { displayLonLat } from './planar';
import { arrowIcon, depotIcon, numberIcon } from './icons';
import { InstanceFrame } from './instance-frame';
import { StreetsMap, type BasemapInput } from './streets-map';
import { BACKGROUND, CITY_LAYER, DATA_MAXZOOM, IMAGES, INSTANCE_LAYERS, NUMBERS_LAYER, PICKABLE_ROUTE_LAYERS, ROUTE_LAYER_IDS, SOURCES, offlineStyle } from './map-style';
import { acrossView, warmUpLayers } from './layer-warm-up';
import { depotsGeoJSON, hoverGeoJSON, numbersMinZoom, routeHoverLook, runRoutesGeoJSON, sameRunRoutes, sceneGeoJSON, sceneNodes, sceneNumbers, type RunRoutes, type SceneFeature } from './scene';
import { setupMaplibre } from './maplibre-setup';
import { drawPngOverlay, legendEntries, type LegendEntry, type OverlayBoxes } from './png-overlay';

const OSM_COPYRIGHT_URL = 'https://www.openstreetmap.org/copyright';
const WARM_UP_SOURCE = 'scene-warm-up';
/** An empty source that credits OpenStreetMap while streets are shown (they are drawn on the streets map). */
const STREETS_CREDIT = 'streets-credit';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Attribution HTML for a city: its own text, linked to OSM's copyright page when it is OSM's. */
export function attributionHtml(attribution: string): string {
  const text = escapeHtml(attribution.trim() || OSM_ATTRIBUTION);
  return text.includes('OpenStreetMap') ? `<a href="${OSM_COPYRIGHT_URL}" target="_blank" rel="noopener">${text}</a>` : text;
}

export interface MapCounts {
  cityPoints: number;
  stops: number;
  routes: number;
  /** Routes of the selected run drawn along the roads. */
  roadRoutes: number;
  /** Features of the basemap shown (0: none). */
  basemapFeatures: number;
}

export type { BasemapInput };

/** One run whose routes the map draws (see setScene). */
export interface RunLayerInput {
  id: string;
  solution: Solution;
  /** The run's colour: its routes are drawn in it while another run is selected. */
  color: string;
  visible: boolean;
  /** Still going: its solution changes, so its routes get no arrows while selected. */
  live: boolean;
  /** Draw its routes along the roads (SceneInput.legPath knows all their legs). */
  roads?: boolean;
  /** What the legend of a PNG export calls it ("#2 SISR"). */
  label?: string;
}

/** Where the map looks. */
export interface MapCamera {
  center: [number, number];
  zoom: number;
  bearing: number;
  pitch: number;
}

export interface RouteMapOptions {
  /**
   * The page's map (the default): the one the editor, the centre picker and the PNG export
   * use. A second map (a run side by side) is not.
   */
  page?: boolean;
  /** Frame the view on a new city or instance (the default); a map that follows another's view does not. */
  fit?: boolean;
}

/** A run (route null) or one of its routes, highlighted on the map or reported under the pointer. */
export interface RouteHover {
  runId: string;
  route: number | null;
}

/** A run's routes as GeoJSON, kept while its solution (and the instance) stay the same. */
interface RoutesCache {
  instance: Instance;
  solution: Solution;
  roads: boolean;
  routes: Feature<LineString, RouteProps>[];
}

/** What the nodes and numbers were last drawn from, so that unchanged ones are not rebuilt. */
interface StopsKey {
  instance: Instance | null;
  solution: Solution | null;
  numbers: boolean;
}

/** What the map draws besides the city (see RouteMap.setScene). */
export interface SceneInput {
  instance: Instance | null;
  /** Every run with a solution on the instance, in run order. */
  runs: readonly RunLayerInput[];
  /** The run whose stops are coloured and numbered and whose routes are on top; null for none. */
  selectedId: string | null;
  /** Whether the selected run's stops are numbered (off while its solution still changes). */
  numbers: boolean;
  /** Paths along the roads between the instance's nodes, for runs drawn with `roads`. */
  legPath?: LegPath;
}

/** The map on the page, for actions outside React (the PNG export). */
let current: RouteMap | null = null;

export function currentRouteMap(): RouteMap | null {
  return current;
}

const currentListeners = new Set<(map: RouteMap | null) => void>();

function setCurrent(map: RouteMap | null): void {
  current = map;
  for (const listener of currentListeners) listener(map);
}

/** Calls `listener` now and whenever the page's map is created or destroyed; returns an unsubscribe. */
export function watchRouteMap(listener: (map: RouteMap | null) => void): () => void {
  currentListeners.add(listener);
  listener(current);
  return () => currentListeners.delete(listener);
}

/** The bounds of the instance's points as the map shows them (null without coordinates). */
function instanceBounds(instance: Instance) {
  const lonlat = displayLonLat(instance);
  return lonlat ? boundsOf(lonlat) : null;
}

export class RouteMap {
  private readonly map: MaplibreMap;
  /** Name of the instance the view was last fitted to (edits keep the name: no refit). */
  private fitted: string | null = null;
  private readonly loaded: Promise<void>;
  private city: CityPoints | null = null;
  private destroyed = false;
  readonly counts: MapCounts = { cityPoints: 0, stops: 0, routes: 0, roadRoutes: 0, basemapFeatures: 0 };
  /** The streets, on a map of their own under this one (null where a second map cannot be made). */
  private streets: StreetsMap | null = null;
  private basemap: BasemapInput | null = null;
  private stops: StopsKey | null = null;
  private nodeFeatures: SceneFeature[] = [];
  private numberFeatures: SceneFeature[] = [];
  private routeFeatures: SceneFeature[] = [];
  private readonly routesCache = new Map<string, RoutesCache>();
  /** The runs last handed to the routes source, and the selected one among them. */
  private drawnRuns: RunRoutes[] = [];
  private selectedRun: string | null = null;
  private highlight: RouteHover | null = null;
  /** Paint and layout values last set, so unchanged ones are not set again (each set repaints). */
  private readonly applied = new Map<string, string>();
  /** What the hover source was last given: the look's raised run and glowing route ('' for none), over which routes. */
  private hoverShown: { key: string; routes: SceneFeature[] } = { key: '', routes: [] };
  private readonly hoverListeners = new Set<(hover: RouteHover | null) => void>();
  private pointerHover: RouteHover | null = null;
  private hoverFrame = 0;
  /** The scale bar and the instance's own credit. */
  private readonly frame: InstanceFrame;
  private readonly fit: boolean;
  private legend: LegendEntry[] = [];
  /** Where the last PNG export put its legend and credits (canvas pixels), for tests. */
  lastExportOverlay: OverlayBoxes | null = null;

  constructor(container: HTMLElement, options: RouteMapOptions = {}) {
    this.fit = options.fit ?? true;
    const maplibregl = setupMaplibre();
    this.map = new maplibregl.Map({
      container,
      // Transparent: the streets map underneath shows through (and paints the land colour).
      style: offlineStyle('rgba(0,0,0,0)'),
      center: [7.42, 43.74],
      zoom: 13,
      attributionControl: false,
      fadeDuration: 0,
    });
    // Expanded, never collapsed to an "i" button: the OSM credit must stay readable.
    this.map.addControl(new maplibregl.AttributionControl({ compact: false }), 'bottom-right');
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.frame = new InstanceFrame(this.map, new maplibregl.ScaleControl({ unit: 'metric' }), attributionHtml);
    if (options.page ?? true) setCurrent(this);
    try {
      this.streets = new StreetsMap(this.map);
    } catch (err) {
      // Routes matter more than streets: without a second WebGL context, the map goes on without them.
      console.warn(`No streets map: ${err instanceof Error ? err.message : String(err)}`);
      this.map.setPaintProperty('background', 'background-color', BACKGROUND);
    }
    this.loaded = new Promise((resolve) => {
      this.map.once('load', () => {
        this.addInstanceLayers();
        this.warmUpLayers();
        resolve();
      });
    });
    // Numbered stop markers are drawn when the style first asks for them (a resolver, unlike the
    // styleimagemissing event, is awaited before the tile is laid out: one layout, not two).
    this.map.setMissingStyleImageResolver(async (id) => {
      const icon = parseNumberIconId(id);
      if (icon && !this.map.hasImage(id)) this.map.addImage(id, numberIcon(icon.color, icon.seq), { pixelRatio: 2 });
    });
    this.map.on('mousemove', (e) => this.pointerMoved(e));
    this.map.on('mouseout', () => this.emitHover(null));
  }

  /** The maplibre map itself, for overlays that own their sources and layers (the scenario editor). */
  get maplibre(): MaplibreMap {
    return this.map;
  }

  /** Resolves once the style has loaded and the app's own layers exist. */
  whenLoaded(): Promise<void> {
    return this.loaded;
  }

  get canvas(): HTMLCanvasElement {
    return this.map.getCanvas();
  }

  /** Shows a city's road points and fits the view to them; null removes them. */
  async setCity(points: CityPoints | null): Promise<void> {
    await this.loaded;
    if (this.destroyed || points === this.city) return;
    this.city = points;
    this.removeCityLayer();
    this.counts.cityPoints = points?.n ?? 0;
    if (!points) return;
    // The source carries the attribution, so the credit shows exactly while city data does.
    this.map.addSource(SOURCES.city, {
      type: 'geojson',
      maxzoom: DATA_MAXZOOM,
      data: cityPointsGeoJSON(points),
      attribution: attributionHtml(points.attribution),
    });
    this.map.addLayer(CITY_LAYER, this.lowestDataLayer());
    const bounds = boundsOf(points.lonlat);
    if (bounds && this.fit) this.map.fitBounds(bounds, { padding: 40, animate: false });
  }

  /**
   * Shows a city's streets under everything else (on the streets map); null removes them. The
   * OSM credit comes with them, as with the city's points.
   */
  async setBasemap(basemap: BasemapInput | null): Promise<void> {
    await this.loaded;
    if (this.destroyed || basemap === this.basemap) return;
    this.basemap = basemap;
    if (this.map.getLayer(STREETS_CREDIT)) this.map.removeLayer(STREETS_CREDIT);
    if (this.map.getSource(STREETS_CREDIT)) this.map.removeSource(STREETS_CREDIT);
    this.counts.basemapFeatures = basemap?.features ?? 0;
    if (basemap) {
      // A source is credited while a layer uses it: an empty one, drawn as nothing.
      this.map.addSource(STREETS_CREDIT, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, attribution: attributionHtml(basemap.attribution) });
      this.map.addLayer({ id: STREETS_CREDIT, type: 'circle', source: STREETS_CREDIT, paint: { 'circle-opacity': 0 } }, this.lowestDataLayer());
    }
    await this.streets?.setBasemap(basemap);
  }

  /** The stop numbers' zoom floor, the map's zoom and how many numbers are drawn now (probe). */
  numbersView(): { minZoom: number; zoom: number; rendered: number } {
    const layer = this.map.getLayer(NUMBERS_LAYER);
    return { minZoom: layer?.minzoom ?? 0, zoom: this.map.getZoom(), rendered: this.map.queryRenderedFeatures({ layers: [NUMBERS_LAYER] }).length };
  }

  /** The runs the hover layers draw raised and the routes that glow, as rendered (probe). */
  hoverView(): { raised: string[]; glow: string[] } {
    const drawn = (layer: string) => [...new Set(this.map.queryRenderedFeatures({ layers: [layer] }).map((f) => `${f.properties.run}${layer === ROUTE_LAYER_IDS.highlight ? `#${f.properties.route}` : ''}`))].sort();
    return { raised: drawn(ROUTE_LAYER_IDS.hovered), glow: drawn(ROUTE_LAYER_IDS.highlight) };
  }

  /** Moves the view to `zoom` at once (probe: tests cannot wheel to an exact zoom). */
  zoomTo(zoom: number): void {
    this.map.jumpTo({ zoom });
  }

  /** The coordinates of a drawn run's routes ([lon, lat] per vertex), for tests and the probe. */
  routeLines(runId: string): { roads: boolean; coordinates: [number, number][] }[] {
    const cached = this.routesCache.get(runId);
    return cached ? cached.routes.map((f) => ({ roads: f.properties.roads, coordinates: f.geometry.coordinates as [number, number][] })) : [];
  }

  /**
   * Draws the scene: the instance's nodes, coloured by the selected run's routes, with its stop
   * sequence numbers (unless scene.numbers is false), and every run's routes: the selected run
   * on top in vehicle colours with a casing and direction arrows, the others thinner in their
   * run colour, hidden runs not at all. All of it is one source, which gets new data (once)
   * only when something it shows changed; each run's GeoJSON is built once per solution.
   */
  async setScene(scene: SceneInput): Promise<void> {
    await this.loaded;
    if (this.destroyed) return;
    const instance = scene.instance;
    this.frame.update(instance, this.city !== null || this.basemap !== null);
    const wanted = instance ? scene.runs : [];
    const ids = new Set(wanted.map((r) => r.id));
    for (const id of [...this.routesCache.keys()]) if (!ids.has(id)) this.routesCache.delete(id);
    const legPath = scene.legPath;
    const runs: RunRoutes[] = wanted.map((run) => ({
      id: run.id,
      routes: this.routesOf(instance!, run.solution, run.id, run.roads ? legPath : undefined),
      color: run.color,
      visible: run.visible,
      live: run.live,
    }));
    const selectedId = scene.selectedId !== null && ids.has(scene.selectedId) ? scene.selectedId : null;
    const solution = wanted.find((r) => r.id === selectedId)?.solution ?? null;

    const selectedRoutes = selectedId !== null ? (runs.find((r) => r.id === selectedId)?.routes ?? []) : [];
    this.counts.roadRoutes = selectedRoutes.filter((f) => f.properties.roads).length;
    const stops: StopsKey = { instance, solution, numbers: scene.numbers };
    const last = this.stops;
    const stopsChanged = !last || last.instance !== stops.instance || last.solution !== stops.solution || last.numbers !== stops.numbers;
    if (stopsChanged) {
      if (!last || last.instance !== instance) this.source(SOURCES.depot).setData(depotsGeoJSON(instance));
      this.stops = stops;
      const nodes = instance ? nodesGeoJSON(instance, solution).features : [];
      this.nodeFeatures = sceneNodes(nodes);
      // Numbers of a solution still changing are left out: placing them costs every live redraw.
      this.numberFeatures = instance && scene.numbers ? sceneNumbers(stopNumbersGeoJSON(instance, solution).features) : [];
      this.counts.stops = nodes.filter((f) => f.properties.role === 'client').length;
      if (!last || last.instance !== instance) this.map.setLayerZoomRange(NUMBERS_LAYER, numbersMinZoom(this.counts.stops, this.frameZoom(instance)), 24);
      this.counts.routes = instance && solution && selectedId !== null ? selectedRoutes.length : 0;
    }
    const routesChanged = !sameRunRoutes(runs, this.drawnRuns) || selectedId !== this.selectedRun;
    if (routesChanged) this.routeFeatures = runRoutesGeoJSON(runs, selectedId).features;
    if (stopsChanged || routesChanged) this.source(SOURCES.scene).setData(sceneGeoJSON(this.routeFeatures, this.nodeFeatures, this.numberFeatures));
    this.drawnRuns = runs;
    this.selectedRun = selectedId;
    this.legend = legendEntries(
      wanted.map((r) => ({ id: r.id, label: r.label ?? r.id, color: r.color, visible: r.visible })),
      selectedId,
    );
    this.restyle();

    // Without a city (uploaded files, planar benchmarks) the instance itself frames the view.
    if (instance && instance.name !== this.fitted && !this.city && this.fit) {
      const bounds = instanceBounds(instance);
      if (bounds) this.map.fitBounds(bounds, { padding: 40, animate: false, maxZoom: 17 });
    }
    this.fitted = instance?.name ?? null;
  }

  /** The zoom at which the map frames the instance (the current zoom without coordinates). */
  private frameZoom(instance: Instance | null): number {
    const bounds = instance ? instanceBounds(instance) : null;
    return (bounds ? this.map.cameraForBounds(bounds, { padding: 40 })?.zoom : undefined) ?? this.map.getZoom();
  }

  /** Emphasises one run (and one of its routes), dimming the rest; null clears it. */
  async setHighlight(hover: RouteHover | null): Promise<void> {
    await this.loaded;
    if (this.destroyed) return;
    this.highlight = hover;
    this.restyle();
  }

  /** Calls `listener` with the run and route under the pointer (null when none); returns an unsubscribe. */
  onRouteHover(listener: (hover: RouteHover | null) => void): () => void {
    this.hoverListeners.add(listener);
    return () => this.hoverListeners.delete(listener);
  }

  /** Runs whose routes are shown now (in the scene source), in run order. */
  visibleRuns(): string[] {
    return this.drawnRuns.filter((r) => r.visible).map((r) => r.id);
  }

  /** Where the map looks now. */
  view(): MapCamera {
    const c = this.map.getCenter();
    return { center: [c.lng, c.lat], zoom: this.map.getZoom(), bearing: this.map.getBearing(), pitch: this.map.getPitch() };
  }

  /** Looks where `view` says, at once. */
  setView(view: MapCamera): void {
    this.map.jumpTo(view);
  }

  /**
   * Calls `listener` whenever the view moves (every frame of a pan or zoom, so that a map
   * following this one keeps in step) and, with `ended`, when a move has ended; returns an
   * unsubscribe.
   */
  onViewChange(listener: (ended: boolean) => void): () => void {
    const moving = () => listener(false);
    const ended = () => listener(true);
    this.map.on('move', moving);
    this.map.on('moveend', ended);
    return () => {
      this.map.off('move', moving);
      this.map.off('moveend', ended);
    };
  }

  /** Runs the map holds routes for, shown or hidden. */
  get runLayerCount(): number {
    return this.drawnRuns.length;
  }

  /**
   * A PNG of the map as drawn, streets and all, with a legend of the runs drawn and the map's
   * credits painted on (png-overlay.ts): the route map is read right after a render, while its
   * frame is still there, over the streets map (which keeps its frame).
   */
  exportPng(): Promise<Blob> {
    return this.loaded.then(
      () =>
        new Promise<Blob>((resolve, reject) => {
          if (this.destroyed) return reject(new Error('The map is gone'));
          this.map.once('render', () => {
            const top = this.map.getCanvas();
            const out = document.createElement('canvas');
            out.width = top.width;
            out.height = top.height;
            const ctx = out.getContext('2d');
            if (!ctx) return reject(new Error('Canvas 2D is not available'));
            ctx.fillStyle = BACKGROUND;
            ctx.fillRect(0, 0, out.width, out.height);
            if (this.streets) ctx.drawImage(this.streets.canvas, 0, 0, out.width, out.height);
            ctx.drawImage(top, 0, 0);
            const credits = this.map.getContainer().querySelector('.maplibregl-ctrl-attrib-inner')?.textContent ?? '';
            const scale = top.clientWidth > 0 ? top.width / top.clientWidth : 1;
            this.lastExportOverlay = drawPngOverlay(ctx, out.width, out.height, { legend: this.legend, attribution: credits }, scale);
            out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The map canvas could not be read'))), 'image/png');
          });
          this.map.triggerRepaint();
        }),
    );
  }

  /**
   * Resolves once the map has drawn what it was given. Nothing is redrawn for it: when nothing
   * is pending (no change since the last frame, every tile in) it resolves at once, else when
   * maplibre's own frames have caught up (each frame costs, with software WebGL, a lot).
   */
  idle(): Promise<void> {
    return this.loaded.then(
      () =>
        new Promise<void>((resolve) => {
          if (this.destroyed || (this.map.loaded() && !this.map.isMoving())) return resolve();
          this.map.once('idle', () => resolve());
        }),
    );
  }

  /**
   * Resolves once the city points and the scene are drawn as last given, without waiting for the
   * basemap: its tiles may still be coming, and the routes are on screen all the same.
   */
  sceneDrawn(): Promise<void> {
    return this.loaded.then(
      () =>
        new Promise<void>((resolve) => {
          const own = [SOURCES.city, SOURCES.scene, SOURCES.depot, SOURCES.hover].filter((id) => this.map.getSource(id));
          const drawn = () => this.destroyed || (!this.map.isMoving() && own.every((id) => this.map.isSourceLoaded(id)));
          if (this.destroyed || (this.map.loaded() && drawn())) return resolve();
          const check = () => {
            if (!drawn()) return;
            this.map.off('render', check);
            this.map.off('idle', check);
            resolve();
          };
          this.map.on('render', check);
          this.map.on('idle', check);
        }),
    );
  }

  resize(): void {
    this.map.resize();
  }

  destroy(): void {
    this.destroyed = true;
    if (this.hoverFrame) cancelAnimationFrame(this.hoverFrame);
    this.hoverListeners.clear();
    if (current === this) setCurrent(null);
    this.streets?.destroy();
    this.map.remove();
  }

  private source(id: string): GeoJSONSource {
    return this.map.getSource(id) as GeoJSONSource;
  }

  private addInstanceLayers(): void {
    this.map.addImage(IMAGES.depot, depotIcon(), { pixelRatio: 1 });
    this.map.addImage(IMAGES.arrow, arrowIcon(), { pixelRatio: 1, sdf: true });
    const empty = { type: 'FeatureCollection', features: [] } as const;
    for (const id of [SOURCES.scene, SOURCES.depot, SOURCES.hover]) this.map.addSource(id, { type: 'geojson', maxzoom: DATA_MAXZOOM, data: { ...empty, features: [] } });
    for (const layer of INSTANCE_LAYERS) this.map.addLayer(layer);
  }

  /**
   * Draws every layer of the scene once at load, invisibly (transparent colours, ~0 opacity),
   * from a throwaway source, then removes it. Shader programs and the software renderer's
   * pipelines (route lines, arrows, numbered stops with their linearly filtered icons) are
   * compiled then, while the page is loading, instead of in the first frame that shows routes
   * or numbers: with software WebGL that is a frame of a few hundred milliseconds, and it used
   * to come while runs were streaming.
   */
  private warmUpLayers(): void {
    const clear = 'rgba(0,0,0,0)';
    const [a, b] = acrossView(this.map);
    const point = { type: 'Point' as const, coordinates: a };
    const line = { type: 'LineString' as const, coordinates: [a, b] };
    const properties = { run: '', route: 0, vehicle: 0, node: 0, seq: 1, live: false, color: clear, runColor: clear, icon: numberIconId(vehicleColor(0), 1) };
    const features = [
      { type: 'Feature' as const, properties: { ...properties, kind: 'route', role: 'selected' }, geometry: line },
      { type: 'Feature' as const, properties: { ...properties, kind: 'route', role: 'other' }, geometry: line },
      { type: 'Feature' as const, properties: { ...properties, kind: 'node', role: 'client' }, geometry: point },
      { type: 'Feature' as const, properties: { ...properties, kind: 'node', role: 'depot' }, geometry: point },
      { type: 'Feature' as const, properties: { ...properties, kind: 'number' }, geometry: point },
    ];
    // The hover layers' filters (on the hover source's `hover` tag) would match nothing: the
    // others keep their kind/role filters, so that each draws the features it is made for.
    const hoverLayers: string[] = [ROUTE_LAYER_IDS.hovered, ROUTE_LAYER_IDS.highlight];
    warmUpLayers(this.map, { sourceId: WARM_UP_SOURCE, maxzoom: DATA_MAXZOOM, layers: INSTANCE_LAYERS, features, keepFilter: (l) => !hoverLayers.includes(l.id), alive: () => !this.destroyed });
  }

  /** The bottom-most layer above the background: the city points go under it. */
  private lowestDataLayer(): string {
    const layers = this.map.getStyle().layers ?? [];
    return layers.find((l) => l.type !== 'background' && l.id !== STREETS_CREDIT)?.id ?? INSTANCE_LAYERS[0].id;
  }

  /** A run's routes as GeoJSON features, built once per (instance, solution, along the roads or not). */
  private routesOf(instance: Instance, solution: Solution, runId: string, legPath: LegPath | undefined): Feature<LineString, RouteProps>[] {
    const roads = legPath !== undefined;
    const cached = this.routesCache.get(runId);
    if (cached && cached.instance === instance && cached.solution === solution && cached.roads === roads) return cached.routes;
    const routes = routesGeoJSON(instance, solution, legPath).features;
    this.routesCache.set(runId, { instance, solution, roads, routes });
    return routes;
  }

  /** Sets a paint or layout value unless it is already set (every set costs a repaint). */
  private put(layer: string, kind: 'paint' | 'layout', prop: string, value: unknown): void {
    const key = `${layer}|${prop}`;
    const text = JSON.stringify(value ?? null);
    if (this.applied.get(key) === text) return;
    this.applied.set(key, text);
    // Values are built above from literals; maplibre's per-property types are too narrow for a helper.
    switch (kind) {
      case 'paint':
        this.map.setPaintProperty(layer, prop as never, value as never);
        break;
      case 'layout':
        this.map.setLayoutProperty(layer, prop as never, value as never);
        break;
    }
  }

  /**
   * The hover look (the hover source's routes, constant opacities: no new shader program is ever
   * needed, and the scene's tiles are not laid out again) and the stop numbers' visibility.
   * Unchanged values are not set again.
   */
  private restyle(): void {
    const drawn = new Set(this.visibleRuns());
    const look = routeHoverLook(this.highlight, drawn, this.selectedRun);
    const L = ROUTE_LAYER_IDS;
    // New routes matter only while something is hovered: a live redraw must not touch this source.
    const key = look.raisedRun === null && look.glowRoute === null ? '' : JSON.stringify([look.raisedRun, look.glowRoute]);
    const shown = this.hoverShown;
    if (shown.key !== key || (key !== '' && shown.routes !== this.routeFeatures)) {
      this.hoverShown = { key, routes: this.routeFeatures };
      this.source(SOURCES.hover).setData(hoverGeoJSON(this.routeFeatures, look));
    }
    // Hidden while they draw nothing: a layer of another source between the scene's layers costs
    // every repaint the scene tiles' stencil masks again.
    this.put(L.hovered, 'layout', 'visibility', look.raisedRun !== null ? 'visible' : 'none');
    this.put(L.highlight, 'layout', 'visibility', look.glowRoute !== null ? 'visible' : 'none');
    this.put(L.others, 'paint', 'line-opacity', look.othersOpacity);
    this.put(L.selected, 'paint', 'line-opacity', look.selectedOpacity);
    this.put(L.casing, 'paint', 'line-opacity', look.casingOpacity);
    this.put(L.arrows, 'paint', 'icon-opacity', look.arrowsOpacity);
    const selected = this.drawnRuns.find((r) => r.id === this.selectedRun);
    this.put(NUMBERS_LAYER, 'layout', 'visibility', selected && !selected.visible ? 'none' : 'visible');
  }

  private pointerMoved(e: MapMouseEvent): void {
    if (this.hoverListeners.size === 0 || this.hoverFrame) return;
    const { x, y } = e.point;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      if (this.destroyed) return;
      if (this.visibleRuns().length === 0) return this.emitHover(null);
      const features = this.map.queryRenderedFeatures(
        [
          [x - 4, y - 4],
          [x + 4, y + 4],
        ],
        { layers: PICKABLE_ROUTE_LAYERS },
      );
      // The selected run is drawn on top, so it wins where runs overlap.
      const hit = features.find((f) => f.properties?.run === this.selectedRun) ?? features[0];
      const runId = hit?.properties?.run;
      const route = hit?.properties?.route;
      this.emitHover(typeof runId === 'string' ? { runId, route: typeof route === 'number' ? route : null } : null);
    });
  }

  private emitHover(hover: RouteHover | null): void {
    const prev = this.pointerHover;
    if (prev === hover || (prev && hover && prev.runId === hover.runId && prev.route === hover.route)) return;
    this.pointerHover = hover;
    for (const listener of this.hoverListeners) listener(hover);
  }

  private removeCityLayer(): void {
    if (this.map.getLayer(CITY_LAYER.id)) this.map.removeLayer(CITY_LAYER.id);
    if (this.map.getSource(SOURCES.city)) this.map.removeSource(SOURCES.city);
  }
}
