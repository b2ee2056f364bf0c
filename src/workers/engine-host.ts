/**
 * The engine's logic, independent of the worker global: it receives requests and posts replies
 * through the functions it is given, so the same code runs in the Web Worker and in unit tests
 * under Node. It owns the heavy data (decoded city matrices, instances) so that the page only
 * ever holds what it draws.
 */
import { OSM_ATTRIBUTION, type CityData } from '../core/cities/city';
import { sameCityContent, userCityId } from '../core/cities/city-id';
import { decodeCity } from '../core/cities/encoding';
import { sampleInstance } from '../core/cities/sampler';
import type { Instance } from '../core/instance';
import { cityArcs } from '../core/scenario/city-arcs';
import { getSolver } from '../solvers/registry';
import type { SolveOptions, Solver } from '../solvers/solver';
import { boundsOfPoints, MemoryCityLibrary, type CityEntry, type CityLibrary } from './city-library';
import { InstanceCache, instanceBytes, matricesCopied, matrixBuffers } from './instance-cache';
import { INSTANCE_MISSING, toEngineError, type CityList, type CityPoints, type EngineCalls, type PutCityResult, type EngineReply, type EngineRequest, type WarmRequest } from './protocol';
import { rpcHost, transferring, type RpcHandlers, type RpcRequest } from './rpc';

export type Post = (message: EngineReply, transfer?: Transferable[]) => void;
export type FetchBytes = (url: string) => Promise<Uint8Array>;
export type FindSolver = (id: string) => Solver | undefined;
/** Opened on the first call that needs it: solve workers never do. */
export type OpenLibrary = () => Promise<{ library: CityLibrary; warning?: string }>;

const memoryLibrary: OpenLibrary = async () => ({ library: new MemoryCityLibrary() });

interface ActiveRun {
  controller: AbortController;
  cancelled: boolean;
}

export class EngineHost {
  private readonly cities = new Map<string, Promise<CityData>>();
  private readonly instances = new InstanceCache<Instance>();
  private readonly runs = new Map<string, ActiveRun>();
  private library: ReturnType<OpenLibrary> | null = null;
  private readonly call: (request: RpcRequest<EngineCalls>) => Promise<void>;

  constructor(
    private readonly post: Post,
    private readonly fetchBytes: FetchBytes,
    private readonly findSolver: FindSolver = getSolver,
    private readonly openLibrary: OpenLibrary = memoryLibrary,
  ) {
    this.call = rpcHost(this.handlers(), post);
  }

  /** Never throws and never rejects: every failure becomes a reply. */
  async handle(msg: EngineRequest): Promise<void> {
    try {
      switch (msg.kind) {
        case 'rpc':
        case 'rpc-cancel':
          await this.call(msg);
          return;
        case 'solve':
          if (msg.instance) this.remember(msg.instanceId, msg.instance);
          await this.solve(msg.runId, msg.instanceId, msg.solverId, msg.options);
          return;
        case 'stop':
          this.runs.get(msg.runId)?.controller.abort();
          return;
        case 'cancel':
          this.cancel(msg.runId);
          return;
        case 'warm':
          await this.warm(msg);
          return;
      }
    } catch (err) {
      this.post({ kind: 'fault', error: toEngineError(err) });
    }
  }

  private handlers(): RpcHandlers<EngineCalls> {
    return {
      loadCity: async ({ name, url }) => {
        const points = await this.loadCity(name, url);
        return transferring(points, [points.lonlat.buffer]);
      },
      listCities: async () => {
        const { library, warning } = await this.cityLibrary();
        const value: CityList = { entries: await library.list(), persistent: library.persistent, warning };
        return value;
      },
      putCity: async (params) => {
        const value = await this.putCity(params);
        return transferring(value, [value.points.lonlat.buffer]);
      },
      removeCity: async ({ id }) => {
        const { library } = await this.cityLibrary();
        await library.remove(id);
        this.cities.delete(id);
        return null;
      },
      sample: async ({ city: name, spec, instanceId }) => {
        const city = await this.cities.get(name);
        if (!city) throw new Error(`City ${name} is not loaded`);
        const instance = sampleInstance(city, spec);
        this.remember(instanceId, instance);
        // The worker keeps its instance for the solves that follow; the page gets a copy of the
        // matrices, transferred: cloning them (16 MB at 1000 stops) cost the worker ~350 ms and
        // the page's main thread a ~150 ms task, a copy costs the worker a few milliseconds.
        const copy = matricesCopied(instance);
        return transferring(copy, matrixBuffers(copy));
      },
      putInstance: ({ instanceId, instance }) => {
        this.remember(instanceId, instance);
        return null;
      },
      cityArcs: async ({ city: name, points, point }) => {
        const city = await this.cities.get(name);
        if (!city) throw new Error(`City ${name} is not loaded`);
        const arcs = cityArcs(city, points, point);
        return transferring(arcs, [arcs.distanceTo.buffer, arcs.durationTo.buffer, arcs.distanceFrom.buffer, arcs.durationFrom.buffer]);
      },
    };
  }

  private cityLibrary(): ReturnType<OpenLibrary> {
    this.library ??= this.openLibrary().catch(async (err: unknown) => ({
      library: new MemoryCityLibrary(),
      warning: err instanceof Error ? err.message : String(err),
    }));
    return this.library;
  }

  private async storedCity(id: string): Promise<CityData> {
    const { library } = await this.cityLibrary();
    const city = await library.get(id);
    if (!city) throw new Error(`The city ${id} is not among the cities saved in this browser`);
    return city;
  }

  private async putCity(params: EngineCalls['putCity']['params']): Promise<PutCityResult> {
    const { library } = await this.cityLibrary();
    const { city } = params;
    const fresh = userCityId(params.name, city);
    // The content decides: the same city under another name is the one already stored.
    const known = (await library.list()).find((e) => sameCityContent(e.id, fresh));
    const id = known?.id ?? fresh;
    // Sampled instances carry the city's name as their meta.city: it must be the id.
    const stored: CityData = { ...city, name: id, attribution: city.attribution.trim() || OSM_ATTRIBUTION };
    let entry: CityEntry;
    if (known) {
      entry = known;
    } else {
      entry = {
        id,
        name: params.name,
        n: city.n,
        source: params.source,
        file: params.file,
        addedAt: Date.now(),
        attribution: stored.attribution,
        bounds: boundsOfPoints(city.lonlat),
        ...(params.build ? { build: params.build } : {}),
      };
      await library.put(entry, stored, params.streets);
    }
    if (!this.cities.has(id)) this.cities.set(id, Promise.resolve(stored));
    const points = await this.loadCity(id);
    return { entry, points, existed: !!known, persistent: library.persistent };
  }

  private async loadCity(name: string, url?: string): Promise<CityPoints> {
    let pending = this.cities.get(name);
    if (!pending) {
      pending = url ? this.fetchBytes(url).then((bytes) => decodeCity(`${name}.rlc`, bytes)) : this.storedCity(name);
      this.cities.set(name, pending);
      // A failed load must not poison the cache: the next attempt fetches again.
      pending.catch(() => this.cities.delete(name));
    }
    const city = await pending;
    // A copy, so that transferring it leaves the worker's city intact.
    return { name: city.name, n: city.n, lonlat: city.lonlat.slice(), attribution: city.attribution };
  }

  private remember(id: string, instance: Instance): void {
    this.instances.set(id, instance, instanceBytes(instance));
  }

  private async solve(runId: string, instanceId: string, solverId: string, options: SolveOptions): Promise<void> {
    const fail = (message: string, name = 'Error') => this.post({ kind: 'failed', runId, error: { name, message } });
    if (this.runs.has(runId)) return fail(`Run ${runId} is already running`);
    const instance = this.instances.get(instanceId);
    if (!instance) return fail(`Instance ${instanceId} is not loaded in the engine`, INSTANCE_MISSING);
    const solver = this.findSolver(solverId);
    if (!solver) return fail(`Unknown solver "${solverId}"`);
    if (!solver.problems.includes(instance.kind)) return fail(`Solver ${solverId} does not solve ${instance.kind}`);

    const run: ActiveRun = { controller: new AbortController(), cancelled: false };
    this.runs.set(runId, run);
    try {
      const result = await solver.solve(instance, options, {
        signal: run.controller.signal,
        onProgress: (p) => {
          if (!run.cancelled) this.post({ kind: 'progress', runId, progress: p });
        },
      });
      this.post(run.cancelled ? { kind: 'cancelled', runId } : { kind: 'finished', runId, result });
    } catch (err) {
      this.post(run.cancelled ? { kind: 'cancelled', runId } : { kind: 'failed', runId, error: toEngineError(err) });
    } finally {
      this.runs.delete(runId);
    }
  }

  /** Never throws: a warm-up that cannot be done (unknown solver, no model) is answered as failed. */
  private async warm({ warmId, solverId, problem, options }: WarmRequest): Promise<void> {
    try {
      const solver = this.findSolver(solverId);
      if (!solver) throw new Error(`Unknown solver "${solverId}"`);
      if (!solver.problems.includes(problem)) throw new Error(`Solver ${solverId} does not solve ${problem}`);
      // Nothing to prepare: ready at once.
      const report = solver.warm ? await solver.warm(problem, options) : { backend: 'js', ms: 0 };
      this.post({ kind: 'warmed', warmId, report });
    } catch (err) {
      this.post({ kind: 'warm-failed', warmId, error: toEngineError(err) });
    }
  }

  private cancel(runId: string): void {
    const run = this.runs.get(runId);
    if (!run) {
      // Already over (or never started): still answer, so the page can settle the run.
      this.post({ kind: 'cancelled', runId });
      return;
    }
    run.cancelled = true;
    run.controller.abort();
  }
}
