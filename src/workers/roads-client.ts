/**
 * The page's side of the roads worker: typed calls that return promises. A worker that dies is
 * replaced on the next call; the calls it held reject (the map then keeps straight lines).
 */
import { isBundledCity } from '../core/cities/city';
import type { LegPaths, RoadsBasemap, RoadsCalls, RoadsMethod, RoadsReply, RoadsRequest, RoadsSource } from './roads-protocol';

export interface RoadsPort {
  postMessage(message: RoadsRequest, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<RoadsReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** Bundled cities ship their street files next to their .rlc; other cities come from the library. */
export function roadsSource(city: string): RoadsSource {
  if (!isBundledCity(city)) return { city };
  const base = `${import.meta.env?.BASE_URL ?? '/'}cities/${city}`;
  return { city, basemapUrl: `${base}.basemap`, roadsUrl: `${base}.roads` };
}

export class RoadsClient {
  private port: RoadsPort | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  private readonly prepared = new Map<string, Promise<{ edges: number; vertices: number } | null>>();

  constructor(private readonly spawn: () => RoadsPort = spawnRoadsWorker) {}

  basemap(city: string): Promise<RoadsBasemap | null> {
    return this.call('basemap', roadsSource(city));
  }

  /** Loads the city's road network in the worker ahead of its first legs (once per city). */
  prepare(city: string): Promise<{ edges: number; vertices: number } | null> {
    let pending = this.prepared.get(city);
    if (!pending) {
      pending = this.call('prepare', roadsSource(city));
      this.prepared.set(city, pending);
      pending.catch(() => this.prepared.delete(city));
    }
    return pending;
  }

  /** `pairs` is transferred (detached afterwards). */
  legs(city: string, pairs: Float64Array): Promise<LegPaths> {
    return this.call('legs', { ...roadsSource(city), pairs }, [pairs.buffer as ArrayBuffer]);
  }

  dispose(): void {
    this.fail(new Error('The roads worker was shut down'));
  }

  private call<M extends RoadsMethod>(method: M, params: RoadsCalls[M]['params'], transfer: Transferable[] = []): Promise<RoadsCalls[M]['result']> {
    const port = this.ensure();
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (v: never) => void, reject });
      port.postMessage({ requestId, method, params } as RoadsRequest, transfer);
    });
  }

  private ensure(): RoadsPort {
    if (this.port) return this.port;
    const port = this.spawn();
    port.onmessage = (event) => {
      const reply = event.data;
      const p = this.pending.get(reply.requestId);
      if (!p) return;
      this.pending.delete(reply.requestId);
      if (reply.ok) p.resolve(reply.value as never);
      else {
        const err = new Error(reply.error.message);
        err.name = reply.error.name;
        p.reject(err);
      }
    };
    port.onerror = (event) => {
      event.preventDefault();
      this.fail(new Error(event.message || 'The roads worker failed'));
    };
    this.port = port;
    return port;
  }

  private fail(error: Error): void {
    this.prepared.clear();
    this.port?.terminate();
    this.port = null;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}

/** The `new Worker(new URL(…))` form must stay literal for Vite to bundle it. */
export function spawnRoadsWorker(): RoadsPort {
  return new Worker(new URL('./roads.worker.ts', import.meta.url), { type: 'module', name: 'routelab-roads' }) as unknown as RoadsPort;
}

let client: RoadsClient | null = null;

export function roadsEngine(): RoadsClient {
  client ??= new RoadsClient();
  return client;
}
