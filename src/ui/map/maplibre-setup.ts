/**
 * maplibre-gl 6 ships its worker as a separate module and never finds it on its own under
 * Vite ("Worker failed to load"): point it at the bundled file once, before any map exists.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

let configured = false;

export function setupMaplibre(): typeof maplibregl {
  if (!configured) {
    maplibregl.setWorkerUrl(workerUrl);
    configured = true;
  }
  return maplibregl;
}
