/**
 * The map's test hook, window.__routelab.map: the lines the map draws for a run's routes, as
 * data, so end-to-end tests can check that routes follow the streets (vertices on road edges)
 * rather than judge pixels. Test-only: loaded by the probe entry (src/ui/probes.ts).
 */
import { probe } from '../../store/probe';
import type { OverlayBoxes } from './png-overlay';
import { currentRouteMap } from './route-map';

export interface MapProbe {
  /** Each route of a drawn run: whether it follows the roads, and its [lon, lat] vertices. */
  routeLines(runId: string): { roads: boolean; coordinates: [number, number][] }[];
  /** Where the last PNG export put its legend, swatches and credits (canvas pixels); null before one. */
  exportOverlay(): OverlayBoxes | null;
  /** The stop numbers' zoom floor, the zoom, and how many numbers are drawn; null without a map. */
  numbers(): { minZoom: number; zoom: number; rendered: number } | null;
  /** What the hover layers draw: raised runs (ids) and glowing routes (`run#route`); null without a map. */
  hovered(): { raised: string[]; glow: string[] } | null;
  /** Jumps the map to a zoom level. */
  zoomTo(zoom: number): void;
}

declare module '../../store/probe' {
  interface RoutelabProbe {
    map?: MapProbe;
  }
}

const mapProbe: MapProbe = {
  routeLines: (runId) => currentRouteMap()?.routeLines(runId) ?? [],
  exportOverlay: () => currentRouteMap()?.lastExportOverlay ?? null,
  numbers: () => currentRouteMap()?.numbersView() ?? null,
  hovered: () => currentRouteMap()?.hoverView() ?? null,
  zoomTo: (zoom) => currentRouteMap()?.zoomTo(zoom),
};

probe.map = mapProbe;
