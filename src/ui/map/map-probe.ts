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
}

declare module '../../store/probe' {
  interface RoutelabProbe {
    map?: MapProbe;
  }
}

const mapProbe: MapProbe = {
  routeLines: (runId) => currentRouteMap()?.routeLines(runId) ?? [],
  exportOverlay: () => currentRouteMap()?.lastExportOverlay ?? null,
};

probe.map = mapProbe;
