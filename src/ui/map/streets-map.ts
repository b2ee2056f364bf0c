/**
 * The streets as a map of their own, under the route map and following its camera. A map
 * repaints everything it shows in every frame, and with software WebGL the streets' areas and
 * lines cost tens of milliseconds a frame; on their own canvas they repaint only when the view
 * moves, not each time a run's routes change. The route map above has a transparent background.
 *
 * It takes no input (the route map above does) and draws no controls (the route map's
 * attribution already credits OpenStreetMap while city data is shown).
 */
import type { Map as MaplibreMap } from 'maplibre-gl';
import { BASEMAP_DETAIL_SOURCE, BASEMAP_LAYERS, BASEMAP_LAYER_IDS, BASEMAP_MAXZOOM, BASEMAP_SOURCE, DETAIL_LAYERS, DETAIL_MINZOOM } from './basemap-style';
import { acrossView, warmUpLayers } from './layer-warm-up';
import { offlineStyle } from './map-style';
import { setupMaplibre } from './maplibre-setup';

/** A city's streets for the map: its basemap as GeoJSON text (see core/basemap). */
export interface BasemapInput {
  geojson: Uint8Array;
  /** Footways and tunnels as GeoJSON text: loaded once the view is close enough to show them. */
  detail: Uint8Array;
  features: number;
  attribution: string;
}

export class StreetsMap {
  private readonly map: MaplibreMap;
  private readonly element: HTMLDivElement;
  private readonly loaded: Promise<void>;
  private basemap: BasemapInput | null = null;
  /** The object URLs the sources load (maplibre's worker reads them: the page parses nothing). */
  private mainUrl: string | null = null;
  private detailUrl: string | null = null;
  private destroyed = false;

  /** Puts the streets' canvas right under `above`'s container and keeps it on `above`'s camera. */
  constructor(private readonly above: MaplibreMap) {
    const maplibregl = setupMaplibre();
    const container = above.getContainer();
    this.element = document.createElement('div');
    this.element.className = container.className;
    this.element.setAttribute('aria-hidden', 'true');
    this.element.dataset.testid = 'streets-map';
    container.parentElement!.insertBefore(this.element, container);
    this.map = new maplibregl.Map({
      container: this.element,
      style: offlineStyle(),
      center: above.getCenter(),
      zoom: above.getZoom(),
      interactive: false,
      attributionControl: false,
      fadeDuration: 0,
      // Kept so that a PNG export can read it whenever the route map above is drawn.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.loaded = new Promise((resolve) =>
      this.map.once('load', () => {
        this.warmUp();
        resolve();
      }),
    );
    above.on('move', this.follow);
    above.on('resize', this.resize);
    this.map.on('zoomend', () => this.maybeDetail());
  }

  get canvas(): HTMLCanvasElement {
    return this.map.getCanvas();
  }

  async setBasemap(basemap: BasemapInput | null): Promise<void> {
    await this.loaded;
    if (this.destroyed || basemap === this.basemap) return;
    this.basemap = basemap;
    this.clear();
    if (!basemap) return;
    this.mainUrl = URL.createObjectURL(new Blob([basemap.geojson as BlobPart], { type: 'application/geo+json' }));
    this.map.addSource(BASEMAP_SOURCE, { type: 'geojson', maxzoom: BASEMAP_MAXZOOM, data: this.mainUrl });
    for (const layer of BASEMAP_LAYERS) this.map.addLayer(layer);
    this.maybeDetail();
  }

  destroy(): void {
    this.destroyed = true;
    this.above.off('move', this.follow);
    this.above.off('resize', this.resize);
    for (const url of [this.mainUrl, this.detailUrl]) if (url) URL.revokeObjectURL(url);
    this.map.remove();
    this.element.remove();
  }

  private readonly follow = (): void => {
    this.map.jumpTo({ center: this.above.getCenter(), zoom: this.above.getZoom(), bearing: this.above.getBearing(), pitch: this.above.getPitch() });
  };

  private readonly resize = (): void => {
    this.map.resize();
    this.follow();
  };

  /**
   * The streets' layers drawn once at load, invisibly: their programs compile while the page
   * loads, not in the frame that first shows the streets (which may come while runs stream).
   */
  private warmUp(): void {
    const [a, b] = acrossView(this.map);
    const properties = { group: 'road', class: 'residential', name: 'Rue', tunnel: false };
    const area = { type: 'Polygon' as const, coordinates: [[a, b, [b[0], a[1] + (b[0] - a[0]) / 4], a]] };
    const features = [
      { type: 'Feature' as const, properties, geometry: { type: 'LineString' as const, coordinates: [a, b] } },
      { type: 'Feature' as const, properties: { ...properties, group: 'landuse' }, geometry: area },
    ];
    // Filters pick features by group and class: without them every layer draws these two.
    warmUpLayers(this.map, { sourceId: 'streets-warm-up', maxzoom: BASEMAP_MAXZOOM, layers: [...BASEMAP_LAYERS, ...DETAIL_LAYERS], features, keepFilter: () => false, alive: () => !this.destroyed });
  }

  /** Adds the footways and tunnels the first time the view is close enough to show them. */
  private maybeDetail(): void {
    const basemap = this.basemap;
    if (!basemap || this.detailUrl || this.destroyed || this.map.getZoom() < DETAIL_MINZOOM - 0.5) return;
    this.detailUrl = URL.createObjectURL(new Blob([basemap.detail as BlobPart], { type: 'application/geo+json' }));
    this.map.addSource(BASEMAP_DETAIL_SOURCE, { type: 'geojson', maxzoom: BASEMAP_MAXZOOM, data: this.detailUrl });
    for (const layer of DETAIL_LAYERS) this.map.addLayer(layer, BASEMAP_LAYER_IDS.minorCasing);
  }

  private clear(): void {
    for (const layer of [...DETAIL_LAYERS, ...BASEMAP_LAYERS]) if (this.map.getLayer(layer.id)) this.map.removeLayer(layer.id);
    for (const id of [BASEMAP_DETAIL_SOURCE, BASEMAP_SOURCE]) if (this.map.getSource(id)) this.map.removeSource(id);
    for (const url of [this.mainUrl, this.detailUrl]) if (url) URL.revokeObjectURL(url);
    this.mainUrl = null;
    this.detailUrl = null;
  }
}
