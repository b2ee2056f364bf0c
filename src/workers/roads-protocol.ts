/**
 * Messages between the page and the roads worker, which owns what the map draws of a city's
 * streets (its basemap) and the city's road network (routes along the streets). The calls
 * travel as rpc.ts requests; everything survives structured clone, big arrays are transferred.
 */

export interface RoadsBasemap {
  /** The basemap as GeoJSON text (UTF-8), for the map to load by URL, without `detail`. */
  geojson: Uint8Array;
  /** What the map only draws from close in (footways, tunnels), as GeoJSON text, loaded when needed. */
  detail: Uint8Array;
  features: number;
  attribution: string;
  /** [west, south, east, north] the basemap covers. */
  box: [number, number, number, number];
  /** Size of the basemap file as shipped or stored, and how long reading and converting it took. */
  fileBytes: number;
  decodeMs: number;
}

/** Paths along the roads for consecutive pairs of points. */
export interface LegPaths {
  /** [lon, lat] flat, every leg's points one after the other. */
  coords: Float64Array;
  /** legs + 1 entries: leg k is points offsets[k] .. offsets[k+1] - 1; empty when there is no path. */
  offsets: Uint32Array;
}

/** Where a city's street data comes from: files of the app (bundled cities) or the planner's library. */
export interface RoadsSource {
  city: string;
  basemapUrl?: string;
  roadsUrl?: string;
}

export interface RoadsCalls {
  /** The city's basemap, or null when it has none. */
  basemap: { params: RoadsSource; result: RoadsBasemap | null };
  /** Loads the city's road network ahead of its first legs; says what it holds (nothing: no network). */
  prepare: { params: RoadsSource; result: { edges: number; vertices: number } | null };
  /**
   * Paths along the roads from (pairs[4k], pairs[4k+1]) to (pairs[4k+2], pairs[4k+3]), lon/lat.
   * Each point is snapped to the road network once and remembered. A city without a network
   * answers every leg empty.
   */
  legs: { params: RoadsSource & { pairs: Float64Array }; result: LegPaths };
}
