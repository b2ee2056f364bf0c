/**
 * The page's side of the engine: typed calls that return promises, and runs that stream
 * progress and settle exactly once. The worker itself is hidden behind EngineChannel so that
 * tests can connect the client to an EngineHost in the same process.
 */
import { isBundledCity, type CityData } from '../core/cities/city';
import type { SampleSpec } from '../core/cities/sampler';
import type { Instance } from '../core/instance';
import type { CityArcs } from '../core/scenario/city-arcs';
import type { SolveOptions, SolveResult } from '../solvers/solver';
import type { EngineChannel } from './channel';
import { sampleInstanceId, type CityList, type CityPoints, type CitySource, type CityStreets, type EngineCalls, type EngineError, type EngineReply, type PutCityResult, type RunProgress } from './protocol';
import { RpcCalls, valueOf } from './rpc-client';

export type { EngineChannel } from './channel';

export type RunOutcome =
  | { status: 'finished'; result: SolveResult }
  | { status: 'cancelled' }
  | { status: 'failed'; error: EngineError };

export interface SolveRequest {
  runId: string;
  instanceId: string;
  solverId: string;
  options: SolveOptions;
  onProgress?: (progress: RunProgress) => void;
}

interface PendingRun {
  onProgress?: (progress: RunProgress) => void;
  settle: (outcome: RunOutcome) => void;
}

export class EngineClient {
  private readonly calls: RpcCalls<EngineCalls>;
  private readonly runs = new Map<string, PendingRun>();
  private readonly cities = new Map<string, Promise<CityPoints>>();
  /** Set when the channel died: every later request fails fast with the same reason. */
  private crashed: EngineError | null = null;

  constructor(private readonly channel: EngineChannel) {
    this.calls = new RpcCalls((request, transfer) => channel.send(request, transfer));
    channel.listen(
      (message) => this.receive(message),
      (error) => this.crash(error),
    );
  }

  get isCrashed(): boolean {
    return this.crashed !== null;
  }

  /** Road points of a city (bundled, or from the planner's library); the matrices stay cached in the worker. */
  loadCity(name: string, url: string | undefined = isBundledCity(name) ? cityUrl(name) : undefined): Promise<CityPoints> {
    let pending = this.cities.get(name);
    if (!pending) {
      pending = this.call('loadCity', { name, url });
      this.cities.set(name, pending);
      pending.catch(() => this.cities.delete(name));
    }
    return pending;
  }

  listCities(): Promise<CityList> {
    return this.call('listCities', {});
  }

  /** Stores a city in the library and loads it; its arrays are transferred (the caller's copy is detached). */
  async putCity(city: CityData, about: { name: string; source: CitySource; file: string; build?: Record<string, unknown>; streets?: CityStreets }): Promise<PutCityResult> {
    const streets = Object.values(about.streets ?? {}).map((b) => b.buffer);
    const buffers = new Set<ArrayBuffer>([city.lonlat.buffer, city.distance.buffer, city.duration.buffer, ...streets] as ArrayBuffer[]);
    const result = await this.call('putCity', { city, ...about }, [...buffers]);
    this.cities.set(result.entry.id, Promise.resolve(result.points));
    return result;
  }

  async removeCity(id: string): Promise<void> {
    this.cities.delete(id);
    await this.call('removeCity', { id });
  }

  /** Samples in the worker (which keeps the instance for solving) and returns a copy. */
  async sample(city: string, spec: SampleSpec): Promise<{ instanceId: string; instance: Instance }> {
    const instanceId = sampleInstanceId(city, spec);
    const instance = await this.call('sample', { city, spec, instanceId });
    return { instanceId, instance };
  }

  putInstance(instanceId: string, instance: Instance): Promise<null> {
    return this.call('putInstance', { instanceId, instance });
  }

  /** Road arcs between a city point and the nodes' points (the city must be loaded: loadCity). */
  cityArcs(city: string, points: number[], point: number): Promise<CityArcs> {
    return this.call('cityArcs', { city, points, point });
  }

  /** Resolves once with how the run ended; never rejects. */
  solve(request: SolveRequest): Promise<RunOutcome> {
    const { runId, instanceId, solverId, options, onProgress } = request;
    if (this.crashed) return Promise.resolve({ status: 'failed', error: this.crashed });
    if (this.runs.has(runId)) {
      return Promise.resolve({ status: 'failed', error: { name: 'Error', message: `Run ${runId} is already running` } });
    }
    return new Promise<RunOutcome>((resolve) => {
      this.runs.set(runId, { onProgress, settle: resolve });
      this.channel.send({ kind: 'solve', runId, instanceId, solverId, options });
    });
  }

  /** The solver stops searching; its best so far arrives as a finished run. */
  stop(runId: string): void {
    if (this.runs.has(runId)) this.channel.send({ kind: 'stop', runId });
  }

  /** Settles the run as cancelled at once; whatever the worker still sends for it is ignored. */
  cancel(runId: string): void {
    const run = this.runs.get(runId);
    if (!run) return;
    this.runs.delete(runId);
    this.channel.send({ kind: 'cancel', runId });
    run.settle({ status: 'cancelled' });
  }

  dispose(): void {
    this.crash({ name: 'Error', message: 'The engine was shut down' });
    this.channel.close();
  }

  private async call<M extends keyof EngineCalls>(method: M, params: EngineCalls[M]['params'], transfer?: Transferable[]): Promise<EngineCalls[M]['result']> {
    if (this.crashed) return valueOf({ ok: false, error: this.crashed });
    return valueOf(await this.calls.call(method, params, { transfer }));
  }

  private receive(message: EngineReply): void {
    if (this.calls.receive(message)) return;
    switch (message.kind) {
      case 'progress':
        this.runs.get(message.runId)?.onProgress?.(message.progress);
        return;
      case 'finished':
      case 'failed':
      case 'cancelled': {
        const run = this.runs.get(message.runId);
        if (!run) return;
        this.runs.delete(message.runId);
        run.settle(
          message.kind === 'finished'
            ? { status: 'finished', result: message.result }
            : message.kind === 'failed'
              ? { status: 'failed', error: message.error }
              : { status: 'cancelled' },
        );
        return;
      }
      case 'fault':
        // Not tied to a request; surfaced so it is seen rather than swallowed.
        console.error(`Engine: ${message.error.message}`);
        return;
    }
  }

  private crash(error: EngineError): void {
    this.crashed = error;
    this.calls.failAll(error);
    for (const run of this.runs.values()) run.settle({ status: 'failed', error });
    this.runs.clear();
    this.cities.clear();
  }
}

/** Absolute, so that the worker (whose base URL is its script's) fetches the same file. */
export function cityUrl(name: string): string {
  const path = `${import.meta.env.BASE_URL}cities/${name}.rlc`;
  return typeof location === 'undefined' ? path : new URL(path, location.href).href;
}
