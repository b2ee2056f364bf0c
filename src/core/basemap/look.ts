/**
 * How the streets look, as data: colours and widths by class, read by the map's basemap layers
 * (ui/map/basemap-style.ts). Muted on purpose: the routes, in vehicle colours, are what the
 * planner reads; the streets only say where they run.
 */
import type { AreaClass, RoadClass } from './map-classes';

export const AREA_COLORS: Record<AreaClass, string> = {
  water: '#c6dce8',
  wood: '#dbe8cf',
  park: '#e3eed8',
  grass: '#e6efdc',
  sand: '#f3ecd4',
  cemetery: '#dde6d8',
  residential: '#ece9e2',
  commercial: '#efe6e4',
  industrial: '#ebe6ee',
};

export const WATERWAY_COLOR = '#c6dce8';
export const CASING_COLOR = '#cdc5b6';
export const TUNNEL_COLOR = '#ddd7cb';
export const TUNNEL_OPACITY = 0.6;
export const LABEL_COLOR = '#6b6459';
export const LABEL_HALO = '#ffffff';

export const ROAD_COLORS: Record<RoadClass, string> = {
  motorway: '#f4c9a0',
  trunk: '#f7d6ab',
  primary: '#fae3b4',
  secondary: '#fbefc4',
  tertiary: '#ffffff',
  minor: '#ffffff',
  service: '#ffffff',
  path: '#ddd7cb',
};

/** The exponential base of widths between zoom 12 and 18. */
export const BASE = 1.6;

/**
 * Road widths in pixels at zoom 12 and at zoom 18 (exponential in between, as real widths
 * grow on screen): major roads (motorway to secondary), minor ones (tertiary to service), paths.
 * Two widths for all roads rather than one per class: a width that depends on the zoom alone is
 * a uniform of the line program the routes already use, where one per feature is a program of
 * its own (and software WebGL compiles each for hundreds of milliseconds).
 */
export const MAJOR_WIDTH: [number, number] = [2.2, 16];
export const MINOR_WIDTH: [number, number] = [1.3, 10];
export const PATH_WIDTH: [number, number] = [0.4, 2.5];
export const TUNNEL_WIDTH: [number, number] = [0.8, 8];
export const WATERWAY_WIDTH: [number, number] = [1, 5];

/** The casing is this much wider than its road (pixels, at zoom 12 and 18). */
export const CASING_EXTRA: [number, number] = [1, 3];

export const MAJOR_CLASSES: RoadClass[] = ['motorway', 'trunk', 'primary', 'secondary'];
export const MINOR_CLASSES: RoadClass[] = ['tertiary', 'minor', 'service'];

/** Casings are drawn from this zoom on: below it a road is too thin to need an edge. */
export const CASING_MINZOOM = 13;

/** Footways and tunnels are drawn from this zoom on: thinner than a pixel before. */
export const DETAIL_MINZOOM = 14;

/** Street names appear from this zoom on: below it they would only clutter the routes. */
export const LABEL_MINZOOM = 15;

/** A width given at zoom 12 and 18, at `zoom` (exponential interpolation, held outside the range). */
export function widthAt([at12, at18]: [number, number], zoom: number): number {
  const z = Math.max(12, Math.min(18, zoom));
  const t = (BASE ** (z - 12) - 1) / (BASE ** 6 - 1);
  return at12 + t * (at18 - at12);
}
