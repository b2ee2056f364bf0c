/**
 * Instance and solution → GeoJSON for the map. Pure functions, so what the map draws can be
 * checked without a browser. Planar benchmarks (abstract coordinates) are drawn in a small box
 * near (0, 0) (planar.ts); instances without coordinates yield empty collections.
 */
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import { depotMask, type Instance } from '../../core/instance';
import { traitsOf } from '../../core/problems';
import { routeColor } from '../../core/palette';
import type { Route, Solution } from '../../core/solution';
import type { CityPoints } from '../../workers/protocol';
import { UNROUTED_CLIENT } from './map-style';
import { boundsOf, displayLonLat } from './planar';

export { boundsOf };

export interface NodeProps {
  role: 'depot' | 'client';
  node: number;
  label: string;
  color: string;
  /** Index of the route serving the node, -1 when none. */
  route: number;
}

export interface RouteProps {
  route: number;
  vehicle: number;
  color: string;
  /** The line follows the roads (else straight segments between stops). */
  roads: boolean;
}

const EMPTY = { type: 'FeatureCollection', features: [] } as const;

function empty<T extends FeatureCollection>(): T {
  return { ...EMPTY, features: [] } as unknown as T;
}

/** Planar benchmarks are drawn scaled into a small box near (0, 0): see planar.ts. */
function lonlatOf(instance: Instance): Float64Array | null {
  return displayLonLat(instance);
}

function position(lonlat: Float64Array, i: number): [number, number] {
  return [lonlat[2 * i], lonlat[2 * i + 1]];
}

export function cityPointsGeoJSON(points: CityPoints): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (let i = 0; i < points.n; i++) {
    features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: position(points.lonlat, i) } });
  }
  return { type: 'FeatureCollection', features };
}

export function nodesGeoJSON(instance: Instance, solution?: Solution | null): FeatureCollection<Point, NodeProps> {
  const lonlat = lonlatOf(instance);
  if (!lonlat) return empty();
  const routeOf = new Int32Array(instance.n).fill(-1);
  const colorOf: string[] = [];
  solution?.routes.forEach((route, r) => {
    colorOf[r] = routeColor(instance.vehicles.length, route.vehicle, r);
    for (const j of route.stops) if (j >= 0 && j < instance.n) routeOf[j] = r;
  });
  const isDepot = depotMask(instance);
  const features: Feature<Point, NodeProps>[] = [];
  for (let i = 0; i < instance.n; i++) {
    const r = routeOf[i];
    features.push({
      type: 'Feature',
      properties: {
        role: isDepot[i] ? 'depot' : 'client',
        node: i,
        label: instance.labels[i],
        color: r >= 0 ? colorOf[r] : UNROUTED_CLIENT,
        route: r,
      },
      geometry: { type: 'Point', coordinates: position(lonlat, i) },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** The nodes a route visits in order: its start depot, its stops, its end depot (an ATSP tour closes on its first stop). */
export function routeNodes(instance: Instance, route: Route): number[] {
  const vehicle = instance.vehicles[route.vehicle];
  const stops = route.stops.filter((j) => Number.isInteger(j) && j >= 0 && j < instance.n);
  if (!vehicle || stops.length === 0) return [];
  const path: number[] = [];
  if (vehicle.start >= 0) path.push(vehicle.start);
  path.push(...stops);
  if (vehicle.end >= 0) path.push(vehicle.end);
  else if (traitsOf(instance.kind).tour) path.push(stops[0]);
  return path.length < 2 ? [] : path;
}

/**
 * The path along the roads from node `from` to node `to` ([lon, lat] flat), null when the
 * network has none (the leg is drawn straight), undefined when it is not known (yet).
 */
export type LegPath = (from: number, to: number) => Float64Array | null | undefined;

/** Appends a point unless it repeats the last one (legs meet at the stop they share). */
function pushPoint(line: [number, number][], x: number, y: number): void {
  const last = line[line.length - 1];
  if (!last || last[0] !== x || last[1] !== y) line.push([x, y]);
}

/**
 * A route's line: along the roads where `legPath` knows every leg's path (a leg without a path
 * is a straight segment), else straight segments between consecutive stops (the matrices
 * carry no road geometry). `roads` on the feature says which.
 */
export function routesGeoJSON(instance: Instance, solution?: Solution | null, legPath?: LegPath): FeatureCollection<LineString, RouteProps> {
  const lonlat = lonlatOf(instance);
  if (!lonlat || !solution) return empty();
  const features: Feature<LineString, RouteProps>[] = [];
  solution.routes.forEach((route, r) => {
    const path = routeNodes(instance, route);
    if (path.length === 0) return;
    const legs = legPath ? path.slice(1).map((to, k) => legPath(path[k], to)) : [];
    const known = legPath !== undefined && legs.every((leg) => leg !== undefined);
    // A city without a network answers every leg without a path: that route is still straight.
    const roads = known && legs.some((leg) => leg && leg.length >= 4);
    const line: [number, number][] = [];
    for (let k = 0; k + 1 < path.length; k++) {
      const leg = known ? legs[k] : null;
      if (leg && leg.length >= 4) {
        for (let i = 0; i + 1 < leg.length; i += 2) pushPoint(line, leg[i], leg[i + 1]);
      } else {
        pushPoint(line, ...position(lonlat, path[k]));
        pushPoint(line, ...position(lonlat, path[k + 1]));
      }
    }
    // A route that never leaves its depot still gets a (degenerate) line, as before.
    if (line.length < 2) line.push(...path.map((j) => position(lonlat, j)));
    features.push({
      type: 'Feature',
      properties: { route: r, vehicle: route.vehicle, color: routeColor(instance.vehicles.length, route.vehicle, r), roads },
      geometry: { type: 'LineString', coordinates: line },
    });
  });
  return { type: 'FeatureCollection', features };
}

export interface StopNumberProps {
  node: number;
  route: number;
  /** 1-based position of the stop in its route. */
  seq: number;
  color: string;
  /** The image drawn for it: a circle in the route colour with the number (see numberIconId). */
  icon: string;
}

/** The icon id of a numbered stop marker; RouteMap draws these on demand. */
export function numberIconId(color: string, seq: number): string {
  return `seq:${color}:${seq}`;
}

export function parseNumberIconId(id: string): { color: string; seq: number } | null {
  const m = /^seq:(#[0-9a-fA-F]{3,8}):(\d+)$/.exec(id);
  return m ? { color: m[1], seq: Number(m[2]) } : null;
}

/** Sequence numbers of a solution's stops, at the stops, in the route colours. */
export function stopNumbersGeoJSON(instance: Instance, solution?: Solution | null): FeatureCollection<Point, StopNumberProps> {
  const lonlat = lonlatOf(instance);
  if (!lonlat || !solution) return empty();
  const features: Feature<Point, StopNumberProps>[] = [];
  solution.routes.forEach((route, r) => {
    const color = routeColor(instance.vehicles.length, route.vehicle, r);
    route.stops.forEach((j, k) => {
      if (!Number.isInteger(j) || j < 0 || j >= instance.n) return;
      features.push({
        type: 'Feature',
        properties: { node: j, route: r, seq: k + 1, color, icon: numberIconId(color, k + 1) },
        geometry: { type: 'Point', coordinates: position(lonlat, j) },
      });
    });
  });
  return { type: 'FeatureCollection', features };
}
