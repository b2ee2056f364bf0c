/**
 * The page's memory of paths along the roads between two stops ("legs"), asked of the roads
 * worker on demand for the runs the map shows. Legs are keyed by the stops' coordinates, not
 * by node numbers, so that runs on the same city share them and an edited instance keeps the
 * legs it did not change. A leg the network has no path for is remembered as null and drawn
 * straight.
 */
import type { Instance } from '../../core/instance';
import type { Solution } from '../../core/solution';
import type { LegPaths } from '../../workers/roads-protocol';
import { routeNodes, type LegPath } from './geojson';

/** Legs kept per city; past this the memory starts afresh (a session rarely gets near it). */
const MAX_LEGS = 20_000;

export type FetchLegs = (city: string, pairs: Float64Array) => Promise<LegPaths>;

/** The city whose road network an instance's stops are on, or null (planar, uploaded without a city). */
export function roadCityOf(instance: Instance): string | null {
  return instance.coordSystem === 'lonlat' && instance.coords && typeof instance.meta.city === 'string' ? instance.meta.city : null;
}

function legKey(c: Float64Array, from: number, to: number): string {
  return `${c[2 * from]},${c[2 * from + 1]}>${c[2 * to]},${c[2 * to + 1]}`;
}

export class RoadLegs {
  private readonly cities = new Map<string, Map<string, Float64Array | null>>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly fetchLegs: FetchLegs) {}

  /** The lookup routesGeoJSON draws an instance's routes with (null when it has no road city). */
  lookup(instance: Instance): LegPath | undefined {
    const city = roadCityOf(instance);
    const legs = city ? this.cities.get(city) : undefined;
    const c = instance.coords!;
    if (!city) return undefined;
    return (from, to) => (from === to ? null : legs?.get(legKey(c, from, to)));
  }

  /** Whether every leg of the solution is known, so its routes can be drawn along the roads. */
  complete(instance: Instance, solution: Solution): boolean {
    return this.missing(instance, [solution]).size === 0;
  }

  /**
   * Asks the worker for the legs of these solutions that are not known yet (one request);
   * resolves true when new legs arrived. Failures leave the legs unknown (drawn straight).
   */
  async fetch(instance: Instance, solutions: readonly Solution[]): Promise<boolean> {
    const city = roadCityOf(instance);
    if (!city) return false;
    const missing = this.missing(instance, solutions);
    if (missing.size === 0) return false;
    const keys = [...missing.keys()];
    const request = keys.join('|');
    let pending = this.inFlight.get(request);
    if (!pending) {
      const c = instance.coords!;
      const pairs = new Float64Array(4 * keys.length);
      keys.forEach((key, k) => {
        const [from, to] = missing.get(key)!;
        pairs.set([c[2 * from], c[2 * from + 1], c[2 * to], c[2 * to + 1]], 4 * k);
      });
      pending = this.fetchLegs(city, pairs).then((paths) => this.store(city, keys, paths));
      this.inFlight.set(request, pending);
      void pending.finally(() => this.inFlight.delete(request)).catch(() => {});
    }
    try {
      await pending;
      return true;
    } catch {
      return false;
    }
  }

  private missing(instance: Instance, solutions: readonly Solution[]): Map<string, [number, number]> {
    const out = new Map<string, [number, number]>();
    const city = roadCityOf(instance);
    if (!city) return out;
    const legs = this.cities.get(city);
    const c = instance.coords!;
    for (const solution of solutions) {
      for (const route of solution.routes) {
        const path = routeNodes(instance, route);
        for (let k = 0; k + 1 < path.length; k++) {
          if (path[k] === path[k + 1]) continue;
          const key = legKey(c, path[k], path[k + 1]);
          if (!legs?.has(key)) out.set(key, [path[k], path[k + 1]]);
        }
      }
    }
    return out;
  }

  private store(city: string, keys: string[], paths: LegPaths): void {
    let legs = this.cities.get(city);
    if (!legs || legs.size + keys.length > MAX_LEGS) {
      legs = new Map();
      this.cities.set(city, legs);
    }
    keys.forEach((key, k) => {
      const a = paths.offsets[k];
      const b = paths.offsets[k + 1];
      legs.set(key, b - a >= 2 ? paths.coords.slice(2 * a, 2 * b) : null);
    });
  }
}

/**
 * Past this many nodes, a run switches from straight lines to the roads only while no run goes:
 * its road paths (a shortest path per leg, in the roads worker) and the redraw along them would
 * take CPU from the runs still going and from the map's frames. With software WebGL at 999
 * stops, the frames after the first runs ended went from 117–133 ms to at most 100 ms
 * (BENCHMARKS.md, "Session 14"). Legs that arrive during the runs wait too, and so do streets
 * read during them (BENCHMARKS.md, "Session 15": with the hover and transition changes, the
 * 999-stop story's frame gaps over 100 ms went from a mean of 7.0 to 3.8 over five runs each).
 */
export const ROADS_WHILE_RUNNING_MAX_NODES = 300;

/**
 * Whether the map's idle-time work waits for the runs: on an instance of more than
 * ROADS_WHILE_RUNNING_MAX_NODES nodes while a run goes (road paths, a switch to the roads, the
 * streets' first paint and the road network loading after them).
 */
export function waitsForRuns(nodes: number, runsGoing: boolean): boolean {
  return runsGoing && nodes > ROADS_WHILE_RUNNING_MAX_NODES;
}

/** A final or live run as the map draws it. */
export interface RoadsTarget {
  id: string;
  solution: Solution;
  live: boolean;
}

/**
 * The runs drawn along the roads, by the solution so drawn: final runs whose legs are all in
 * (`complete`). On an instance of more than ROADS_WHILE_RUNNING_MAX_NODES nodes while runs go,
 * only those already drawn so (`before`, with the same solution) stay; the others wait, even
 * when their legs came in meanwhile.
 */
export function runsAlongRoads(targets: readonly RoadsTarget[], complete: (solution: Solution) => boolean, nodes: number, runsGoing: boolean, before: ReadonlyMap<string, Solution>): Map<string, Solution> {
  const switchNow = !waitsForRuns(nodes, runsGoing);
  const along = new Map<string, Solution>();
  for (const t of targets) if (!t.live && complete(t.solution) && (switchNow || before.get(t.id) === t.solution)) along.set(t.id, t.solution);
  return along;
}
