/**
 * Straight-line matrices for files that carry coordinates but no road matrix (a CSV of stops,
 * a VROOM problem without `matrices`). RouteLab has no router offline, so these are stand-ins:
 * every cell they produce is flagged in `estimated` and the caller warns the user.
 */

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

/**
 * 30 km/h in m/s: a door-to-door urban average (stops, lights, parking) rather than a free-flow
 * speed, so crow-fly times are not wildly optimistic next to a real road matrix.
 */
export const CROW_FLY_SPEED_MPS = 30_000 / 3600;

/** Great-circle distance in metres between two [lon, lat] points in degrees. */
export function haversineMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export interface CrowFlyMatrices {
  distance: Float64Array;
  duration: Float64Array;
  estimated: Uint8Array;
}

/**
 * n×n haversine distances and times at CROW_FLY_SPEED_MPS from 2n [lon, lat] values.
 * `flagDiagonal` also marks the (zero) diagonal, for callers that promise "every cell".
 */
export function crowFlyMatrices(lonlat: Float64Array, flagDiagonal = false): CrowFlyMatrices {
  const n = lonlat.length / 2;
  const distance = new Float64Array(n * n);
  const duration = new Float64Array(n * n);
  const estimated = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      if (i === j) {
        estimated[k] = flagDiagonal ? 1 : 0;
        continue;
      }
      const d = haversineMetres(lonlat[2 * i], lonlat[2 * i + 1], lonlat[2 * j], lonlat[2 * j + 1]);
      distance[k] = d;
      duration[k] = d / CROW_FLY_SPEED_MPS;
      estimated[k] = 1;
    }
  }
  return { distance, duration, estimated };
}

export const CROW_FLY_WARNING =
  `no road matrix: distances are straight lines (haversine) and times assume ${Math.round(CROW_FLY_SPEED_MPS * 3.6)} km/h; ` +
  'routes are estimates until a city or OSRM matrix is attached';
