/** A city dataset: road points with full OSRM car matrices, in metres and seconds. */
export interface CityData {
  name: string;
  n: number;
  /** 2n values, [lon, lat] per point (converted from RRNCO's (lat, lon) at import). */
  lonlat: Float64Array;
  /** n×n row-major, metres. */
  distance: Float64Array;
  /** n×n row-major, seconds. */
  duration: Float64Array;
  attribution: string;
}

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors (ODbL)';

export const BUNDLED_CITIES = ['Monaco', 'Andorra', 'Campo_Grande'] as const;
export type BundledCity = (typeof BUNDLED_CITIES)[number];

export function isBundledCity(name: string): name is BundledCity {
  return (BUNDLED_CITIES as readonly string[]).includes(name);
}

export function cityLabel(name: string): string {
  return name.replace(/_/g, ' ');
}
