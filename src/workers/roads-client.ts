/**
 * The page's side of the roads worker: typed calls that return promises. A worker that dies is
 * replaced on the next call; the calls it held reject (the map then keeps straight lines).
 */
import { Lazy } from '../core/cells';
import { isBundledCity } from '../core/cities/city';
import type { LegPaths, RoadsBasemap, RoadsCalls, RoadsSource } from './roads-protocol';
import { RpcClient, valueOf, type RpcPort } from './rpc-client';

export type RoadsPort = RpcPort;

/** Bundled cities ship their street files next to their .rlc; other cities come from the library. */
export function roadsSource(city: string): RoadsSource {
  if (!isBundledCity(city)) return { city };
  const base = `${import.meta.env?.BASE_URL ?? '/'}cities/${city}`;
  return { city, basemapUrl: `${base}.basemap`, roadsUrl: `${base}.roads` };
}

export class RoadsClient {
  private readonly rpc: RpcClient<RoadsCalls>;
  private readonly prepared = new Map<string, Promise<{ edges: number; vertices: number } | null>>();
  private readonly ready = new Set<string>();

  constructor(spawn: () => RoadsPort = spawnRoadsWorker) {
    this.rpc = new RpcClient(spawn, 'roads worker');
  }

  basemap(city: string): Promise<RoadsBasemap | null> {
    return this.call('basemap', roadsSource(city));
  }

  /** Loads the city's road network in the worker ahead of its first legs (once per city). */
  prepare(city: string): Promise<{ edges: number; vertices: number } | null> {
    let pending = this.prepared.get(city);
    if (!pending) {
      pending = this.call('prepare', roadsSource(city));
      this.prepared.set(city, pending);
      pending.then(
        () => this.ready.add(city),
        () => this.prepared.delete(city),
      );
    }
    return pending;
  }

  /** Whether the city's network is loaded in the worker (its legs come fast). */
  isPrepared(city: string): boolean {
    return this.ready.has(city);
  }

  /** `pairs` is transferred (detached afterwards). */
  legs(city: string, pairs: Float64Array): Promise<LegPaths> {
    return this.call('legs', { ...roadsSource(city), pairs }, [pairs.buffer as ArrayBuffer]);
  }

  dispose(): void {
    this.prepared.clear();
    this.rpc.close('The roads worker was shut down');
  }

  private async call<M extends keyof RoadsCalls>(method: M, params: RoadsCalls[M]['params'], transfer: Transferable[] = []): Promise<RoadsCalls[M]['result']> {
    const result = await this.rpc.call(method, params, { transfer });
    // A worker that died took its networks with it: a fresh one must prepare them again.
    if (!result.ok && !this.rpc.running) this.prepared.clear();
    return valueOf(result);
  }
}

/** The `new Worker(new URL(…))` form must stay literal for Vite to bundle it. */
export function spawnRoadsWorker(): RoadsPort {
  return new Worker(new URL('./roads.worker.ts', import.meta.url), { type: 'module', name: 'routelab-roads' });
}

const client = new Lazy(
  () => new RoadsClient(),
  (c) => c.dispose(),
);

export function roadsEngine(): RoadsClient {
  return client.get();
}
