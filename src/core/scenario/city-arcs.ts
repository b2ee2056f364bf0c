/**
 * The arcs between a new position and the nodes of a scenario, which only the full city matrices
 * hold: the data worker computes them with cityArcs() and the page applies them in an edit
 * (addStop, moveDepotTo), which checks first that they fit the scenario.
 */
import type { CityData } from '../cities/city';
import { CROW_FLY_SPEED_MPS, haversineMetres } from '../formats/crow-fly';
import type { Instance } from '../instance';
import { EditError } from './edit-checks';

/**
 * The arcs between one new position and the nodes of an instance (in node order): a city road
 * point with arcs from the city matrices, or (point = -1) a free [lon, lat] position with
 * straight-line estimates (crowFlyArcs) for lon/lat scenarios that have no city.
 */
export interface CityArcs {
  /** City point index; -1 for a free position. */
  point: number;
  /** The arcs are estimates (flagged in the instance's `estimated` mask). */
  estimated?: boolean;
  lonlat: [number, number];
  /** node i → point, for every node i of the instance. */
  distanceTo: Float64Array;
  durationTo: Float64Array;
  /** point → node i. */
  distanceFrom: Float64Array;
  durationFrom: Float64Array;
  /** point → point (0 in OSRM tables). */
  selfDistance: number;
  selfDuration: number;
}

/** Arcs of `point` against the city points of the nodes (`nodePoints` = meta.cityPoints). */
export function cityArcs(city: CityData, nodePoints: readonly number[], point: number): CityArcs {
  if (!Number.isInteger(point) || point < 0 || point >= city.n) throw new EditError(`road point ${point} is not in ${city.name} (0..${city.n - 1})`);
  const n = nodePoints.length;
  const N = city.n;
  const arcs: CityArcs = {
    point,
    lonlat: [city.lonlat[2 * point], city.lonlat[2 * point + 1]],
    distanceTo: new Float64Array(n),
    durationTo: new Float64Array(n),
    distanceFrom: new Float64Array(n),
    durationFrom: new Float64Array(n),
    selfDistance: city.distance[point * N + point],
    selfDuration: city.duration[point * N + point],
  };
  for (let i = 0; i < n; i++) {
    const p = nodePoints[i];
    if (!Number.isInteger(p) || p < 0 || p >= N) throw new EditError(`node ${i} refers to road point ${p}, which is not in ${city.name}`);
    arcs.distanceTo[i] = city.distance[p * N + point];
    arcs.durationTo[i] = city.duration[p * N + point];
    arcs.distanceFrom[i] = city.distance[point * N + p];
    arcs.durationFrom[i] = city.duration[point * N + p];
  }
  return arcs;
}

/**
 * Straight-line arcs (haversine at the crow-fly speed, as for files without a road matrix)
 * between a free [lon, lat] position and the nodes of a lon/lat instance without a city.
 */
export function crowFlyArcs(inst: Instance, lonlat: [number, number]): CityArcs {
  if (inst.coordSystem !== 'lonlat' || !inst.coords) throw new EditError('a stop can only be placed on a map position in a scenario with [lon, lat] coordinates');
  const n = inst.n;
  const arcs: CityArcs = {
    point: -1,
    estimated: true,
    lonlat: [lonlat[0], lonlat[1]],
    distanceTo: new Float64Array(n),
    durationTo: new Float64Array(n),
    distanceFrom: new Float64Array(n),
    durationFrom: new Float64Array(n),
    selfDistance: 0,
    selfDuration: 0,
  };
  for (let i = 0; i < n; i++) {
    const d = haversineMetres(inst.coords[2 * i], inst.coords[2 * i + 1], lonlat[0], lonlat[1]);
    arcs.distanceTo[i] = arcs.distanceFrom[i] = d;
    arcs.durationTo[i] = arcs.durationFrom[i] = d / CROW_FLY_SPEED_MPS;
  }
  return arcs;
}

/**
 * The scenario's road points when the arcs are a city point's; null when the arcs are for a
 * free position (allowed only in lon/lat scenarios without a city, whose nodes are not points).
 */
export function requireCity(inst: Instance, arcs: CityArcs, what: string): number[] | null {
  const points = inst.meta.cityPoints;
  if (inst.coordSystem !== 'lonlat' || !inst.coords) {
    throw new EditError(`${what} needs a map scenario: this one has planar coordinates`);
  }
  if (arcs.point < 0) {
    if (points) throw new EditError(`${what} in a city scenario takes a road point of the city`);
    return null;
  }
  if (!points || points.length !== inst.n) throw new EditError(`${what} at a road point needs a city scenario: this one has no road points`);
  return points;
}

export function checkArcs(inst: Instance, arcs: CityArcs): void {
  for (const a of [arcs.distanceTo, arcs.durationTo, arcs.distanceFrom, arcs.durationFrom]) {
    if (a.length !== inst.n) throw new EditError(`the road arcs were computed for ${a.length} nodes, the scenario has ${inst.n}`);
  }
}
