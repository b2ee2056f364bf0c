/**
 * The one maplibre map of the app, wrapped so that React hands it data and never touches
 * maplibre's API. Updates that arrive before the style has loaded wait for it.
 */
import type { GeoJSONSource, Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl';
import { OSM_ATTRIBUTION } from '../../core/cities/city';
import type { Instance } from '../../core/instance';
import type { Solution } from '../../core/solution';
import type { CityPoints } from '../../workers/protocol';
import { boundsOf, cityPointsGeoJSON, nodesGeoJSON, parseNumberIconId, routesGeoJSON, stopNumbersGeoJSON } from './geojson';
import { displayLonLat } from './planar';
import { arrowIcon, depotIcon, numberIcon } from './icons';
import { ABOVE_ROUTES, CITY_LAYER, IMAGES, INSTANCE_LAYERS, SOURCES, offlineStyle, runIdOfLayer, runLayerIds, runLayers } from './map-style';
import { setupMaplibre } from './maplibre-setup';

const OSM_COPYRIGHT_URL = 'https://www.openstreetmap.org/copyright';

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
}

/** One run's routes as a layer group of its own (see setRuns). */
export interface RunLayerInput {
  id: string;
  solution: Solution;
  /** The run's colour: its routes are drawn in it while another run is selected. */
  color: string;
  visible: boolean;
}

/** A run (route null) or one of its routes, highlighted on the map or reported under the pointer. */
export interface RouteHover {
  runId: string;
  route: number | null;
}

interface RunGroup {
  instance: Instance;
  solution: Solution;
  color: string;
  visible: boolean;
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

export class RouteMap {
  private readonly map: MaplibreMap;
  /** Name of the instance the view was last fitted to (edits keep the name: no refit). */
  private fitted: string | null = null;
  private readonly loaded: Promise<void>;
  private city: CityPoints | null = null;
  private destroyed = false;
  readonly counts: MapCounts = { cityPoints: 0, stops: 0, routes: 0 };
  private readonly groups = new Map<string, RunGroup>();
  private selectedRun: string | null = null;
  /** The run whose group was last raised above the others. */
  private raisedRun: string | null = null;
  private highlight: RouteHover | null = null;
  /** Paint and layout values last set, so unchanged ones are not set again (each set repaints). */
  private readonly applied = new Map<string, string>();
  private readonly hoverListeners = new Set<(hover: RouteHover | null) => void>();
  private pointerHover: RouteHover | null = null;
  private hoverFrame = 0;

  constructor(container: HTMLElement) {
    const maplibregl = setupMaplibre();
    this.map = new maplibregl.Map({
      container,
      style: offlineStyle(),
      center: [7.42, 43.74],
      zoom: 13,
      attributionControl: false,
      fadeDuration: 0,
    });
    // Expanded, never collapsed to an "i" button: the OSM credit must stay readable.
    this.map.addControl(new maplibregl.AttributionControl({ compact: false }), 'bottom-right');
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    setCurrent(this);
    this.loaded = new Promise((resolve) => {
      this.map.once('load', () => {
        this.addInstanceLayers();
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
      data: cityPointsGeoJSON(points),
      attribution: attributionHtml(points.attribution),
    });
    this.map.addLayer(CITY_LAYER, this.lowestDataLayer());
    const bounds = boundsOf(points.lonlat);
    if (bounds) this.map.fitBounds(bounds, { padding: 40, animate: false });
  }

  /**
   * Draws the instance's nodes, coloured by the given (selected) solution's routes, with that
   * solution's stop sequence numbers (unless options.numbers is false). The routes themselves
   * are drawn per run by setRuns.
   */
  async setScene(instance: Instance | null, solution: Solution | null, options: { numbers?: boolean } = {}): Promise<void> {
    await this.loaded;
    if (this.destroyed) return;
    const nodes = instance ? nodesGeoJSON(instance, solution) : null;
    // Numbers of a solution still changing are skipped: placing them costs every live redraw.
    const numbers = instance && options.numbers !== false ? stopNumbersGeoJSON(instance, solution) : null;
    this.source(SOURCES.nodes).setData(nodes ?? { type: 'FeatureCollection', features: [] });
    this.source(SOURCES.numbers).setData(numbers ?? { type: 'FeatureCollection', features: [] });
    this.counts.stops = nodes ? nodes.features.filter((f) => f.properties.role === 'client').length : 0;
    this.counts.routes = instance && solution ? routesGeoJSON(instance, solution).features.length : 0;
    // Without a city (uploaded files, planar benchmarks) the instance itself frames the view.
    if (instance && instance.name !== this.fitted && !this.city) {
      const lonlat = displayLonLat(instance);
      const bounds = lonlat ? boundsOf(lonlat) : null;
      if (bounds) this.map.fitBounds(bounds, { padding: 40, animate: false, maxZoom: 17 });
    }
    this.fitted = instance?.name ?? null;
  }

  /**
   * One layer group per run: added, updated (only when its solution changed) or removed to
   * match `runs`; the selected run is drawn on top in vehicle colours with direction arrows,
   * the others thinner and dashed in their run colour. Hidden runs keep their group, hidden.
   */
  async setRuns(instance: Instance | null, runs: readonly RunLayerInput[], selectedId: string | null): Promise<void> {
    await this.loaded;
    if (this.destroyed) return;
    const wanted = new Map(instance ? runs.map((r) => [r.id, r]) : []);
    for (const id of [...this.groups.keys()]) if (!wanted.has(id)) this.removeGroup(id);
    for (const [id, run] of wanted) {
      const group = this.groups.get(id);
      if (!group) {
        const ids = runLayerIds(id);
        this.map.addSource(ids.source, { type: 'geojson', data: routesGeoJSON(instance!, run.solution) });
        for (const layer of runLayers(id)) this.map.addLayer(layer, ABOVE_ROUTES);
        this.groups.set(id, { instance: instance!, solution: run.solution, color: run.color, visible: run.visible });
        this.raisedRun = null;
      } else {
        if (group.solution !== run.solution || group.instance !== instance) {
          this.source(runLayerIds(id).source).setData(routesGeoJSON(instance!, run.solution));
          group.solution = run.solution;
          group.instance = instance!;
        }
        group.color = run.color;
        group.visible = run.visible;
      }
    }
    this.selectedRun = selectedId !== null && this.groups.has(selectedId) ? selectedId : null;
    if (this.selectedRun !== null && this.raisedRun !== this.selectedRun) {
      const ids = runLayerIds(this.selectedRun);
      for (const layer of [ids.casing, ids.highlight, ids.line, ids.arrows]) this.map.moveLayer(layer, ABOVE_ROUTES);
      this.raisedRun = this.selectedRun;
    }
    this.restyle();
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

  /** Runs whose route layers are shown now, read back from the map's own layout. */
  visibleRuns(): string[] {
    return [...this.groups.keys()].filter((id) => this.map.getLayoutProperty(runLayerIds(id).line, 'visibility') !== 'none');
  }

  get runLayerCount(): number {
    return this.groups.size;
  }

  /** A PNG of the map as drawn: captured right after a render, while the frame is still there. */
  exportPng(): Promise<Blob> {
    return this.loaded.then(
      () =>
        new Promise<Blob>((resolve, reject) => {
          if (this.destroyed) return reject(new Error('The map is gone'));
          this.map.once('render', () => {
            this.map.getCanvas().toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The map canvas could not be read'))), 'image/png');
          });
          this.map.triggerRepaint();
        }),
    );
  }

  /** Resolves once the map has drawn what it was given (a repaint is forced so idle follows). */
  idle(): Promise<void> {
    return this.loaded.then(
      () =>
        new Promise<void>((resolve) => {
          if (this.destroyed) return resolve();
          this.map.once('idle', () => resolve());
          this.map.triggerRepaint();
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
    this.map.remove();
  }

  private source(id: string): GeoJSONSource {
    return this.map.getSource(id) as GeoJSONSource;
  }

  private addInstanceLayers(): void {
    this.map.addImage(IMAGES.depot, depotIcon(), { pixelRatio: 1 });
    this.map.addImage(IMAGES.arrow, arrowIcon(), { pixelRatio: 1, sdf: true });
    const empty = { type: 'FeatureCollection', features: [] } as const;
    this.map.addSource(SOURCES.nodes, { type: 'geojson', data: { ...empty, features: [] } });
    this.map.addSource(SOURCES.numbers, { type: 'geojson', data: { ...empty, features: [] } });
    for (const layer of INSTANCE_LAYERS) this.map.addLayer(layer);
  }

  /** The bottom-most layer above the background: the city points go under it. */
  private lowestDataLayer(): string {
    const layers = this.map.getStyle().layers ?? [];
    return layers.find((l) => l.type !== 'background')?.id ?? INSTANCE_LAYERS[0].id;
  }

  private removeGroup(id: string): void {
    const ids = runLayerIds(id);
    for (const layer of [ids.arrows, ids.line, ids.highlight, ids.casing]) {
      if (this.map.getLayer(layer)) this.map.removeLayer(layer);
      for (const key of [...this.applied.keys()]) if (key.startsWith(`${layer}|`)) this.applied.delete(key);
    }
    if (this.map.getSource(ids.source)) this.map.removeSource(ids.source);
    this.groups.delete(id);
    if (this.raisedRun === id) this.raisedRun = null;
  }

  /** Sets a paint or layout value unless it is already set (every set costs a repaint). */
  private put(layer: string, kind: 'paint' | 'layout' | 'filter', prop: string, value: unknown): void {
    const key = `${layer}|${prop}`;
    const text = JSON.stringify(value ?? null);
    if (this.applied.get(key) === text) return;
    this.applied.set(key, text);
    // Values are built above from literals; maplibre's per-property types are too narrow for a helper.
    if (kind === 'paint') this.map.setPaintProperty(layer, prop as never, value as never);
    else if (kind === 'layout') this.map.setLayoutProperty(layer, prop as never, value as never);
    else this.map.setFilter(layer, value as never);
  }

  /**
   * The look of every group from selection, visibility and hover. Only constants and the
   * features' own colours (see runLayers): no new shader program is ever needed.
   */
  private restyle(): void {
    const hover = this.highlight && this.groups.has(this.highlight.runId) ? this.highlight : null;
    for (const [id, group] of this.groups) {
      const ids = runLayerIds(id);
      const selected = id === this.selectedRun;
      const hovered = hover?.runId === id;
      const dimmed = hover !== null && !hovered;
      const route = hovered ? hover.route : null;
      this.put(ids.line, 'layout', 'visibility', group.visible ? 'visible' : 'none');
      this.put(ids.casing, 'layout', 'visibility', group.visible && selected ? 'visible' : 'none');
      this.put(ids.arrows, 'layout', 'visibility', group.visible && selected ? 'visible' : 'none');
      this.put(ids.highlight, 'layout', 'visibility', group.visible && route !== null ? 'visible' : 'none');
      if (route !== null) this.put(ids.highlight, 'filter', 'filter', ['==', ['get', 'route'], route]);
      if (selected) {
        this.put(ids.line, 'paint', 'line-color', ['get', 'color']);
        this.put(ids.line, 'paint', 'line-width', 2.5);
        this.put(ids.line, 'paint', 'line-opacity', dimmed ? 0.35 : 1);
        this.put(ids.arrows, 'paint', 'icon-opacity', dimmed ? 0.35 : 1);
        this.put(ids.casing, 'paint', 'line-opacity', dimmed ? 0.3 : 0.8);
      } else {
        // Another run: thin, in its run colour (the table's swatch), under the selected one.
        this.put(ids.line, 'paint', 'line-color', group.color);
        this.put(ids.line, 'paint', 'line-width', hovered ? 3.5 : 1.6);
        this.put(ids.line, 'paint', 'line-opacity', hovered ? 1 : dimmed ? 0.25 : 0.6);
      }
    }
    const selected = this.selectedRun !== null ? this.groups.get(this.selectedRun) : undefined;
    this.put('stop-numbers', 'layout', 'visibility', selected && !selected.visible ? 'none' : 'visible');
  }

  private pointerMoved(e: MapMouseEvent): void {
    if (this.hoverListeners.size === 0 || this.hoverFrame) return;
    const { x, y } = e.point;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      if (this.destroyed) return;
      const layers = [...this.groups].filter(([, g]) => g.visible).map(([id]) => runLayerIds(id).line);
      if (layers.length === 0) return this.emitHover(null);
      const features = this.map.queryRenderedFeatures(
        [
          [x - 4, y - 4],
          [x + 4, y + 4],
        ],
        { layers },
      );
      const hit = features.find((f) => runIdOfLayer(f.layer.id) === this.selectedRun) ?? features[0];
      const runId = hit ? runIdOfLayer(hit.layer.id) : null;
      const route = hit?.properties?.route;
      this.emitHover(runId !== null ? { runId, route: typeof route === 'number' ? route : null } : null);
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
