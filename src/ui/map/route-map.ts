/**
 * The one maplibre map of the app, wrapped so that React hands it data and never touches
 * maplibre's API. Updates that arrive before the style has loaded wait for it.
 */
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import { OSM_ATTRIBUTION } from '../../core/cities/city';
import type { Instance } from '../../core/instance';
import type { Solution } from '../../core/solution';
import type { CityPoints } from '../../workers/protocol';
import { boundsOf, cityPointsGeoJSON, nodesGeoJSON, routesGeoJSON } from './geojson';
import { arrowIcon, depotIcon } from './icons';
import { CITY_LAYER, IMAGES, INSTANCE_LAYERS, SOURCES, offlineStyle } from './map-style';
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

export class RouteMap {
  private readonly map: MaplibreMap;
  private readonly loaded: Promise<void>;
  private city: CityPoints | null = null;
  private destroyed = false;
  readonly counts: MapCounts = { cityPoints: 0, stops: 0, routes: 0 };

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
    this.loaded = new Promise((resolve) => {
      this.map.once('load', () => {
        this.addInstanceLayers();
        resolve();
      });
    });
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
    this.map.addLayer(CITY_LAYER, INSTANCE_LAYERS[0].id);
    const bounds = boundsOf(points.lonlat);
    if (bounds) this.map.fitBounds(bounds, { padding: 40, animate: false });
  }

  /** Draws the instance's nodes and, when given, the solution's routes and stop colours. */
  async setScene(instance: Instance | null, solution: Solution | null): Promise<void> {
    await this.loaded;
    if (this.destroyed) return;
    const nodes = instance ? nodesGeoJSON(instance, solution) : null;
    const routes = instance ? routesGeoJSON(instance, solution) : null;
    this.source(SOURCES.nodes).setData(nodes ?? { type: 'FeatureCollection', features: [] });
    this.source(SOURCES.routes).setData(routes ?? { type: 'FeatureCollection', features: [] });
    this.counts.stops = nodes ? nodes.features.filter((f) => f.properties.role === 'client').length : 0;
    this.counts.routes = routes?.features.length ?? 0;
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
    this.map.remove();
  }

  private source(id: string): GeoJSONSource {
    return this.map.getSource(id) as GeoJSONSource;
  }

  private addInstanceLayers(): void {
    this.map.addImage(IMAGES.depot, depotIcon(), { pixelRatio: 1 });
    this.map.addImage(IMAGES.arrow, arrowIcon(), { pixelRatio: 1, sdf: true });
    const empty = { type: 'FeatureCollection', features: [] } as const;
    this.map.addSource(SOURCES.routes, { type: 'geojson', data: { ...empty, features: [] } });
    this.map.addSource(SOURCES.nodes, { type: 'geojson', data: { ...empty, features: [] } });
    for (const layer of INSTANCE_LAYERS) this.map.addLayer(layer);
  }

  private removeCityLayer(): void {
    if (this.map.getLayer(CITY_LAYER.id)) this.map.removeLayer(CITY_LAYER.id);
    if (this.map.getSource(SOURCES.city)) this.map.removeSource(SOURCES.city);
  }
}
