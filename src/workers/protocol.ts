/**
 * The typed message protocol between the page and the engine worker. Two kinds of traffic:
 * calls (one request, one reply: rpc.ts, typed by EngineCalls) and runs (a solve emits any
 * number of progress events, then exactly one terminal event, matched by runId), and warm-ups
 * (one 'warm', one 'warmed' or 'warm-failed' back, matched by warmId). Everything here must
 * survive structured clone: typed arrays and Infinity do, class instances and functions do not.
 */
import type { CityData } from '../core/cities/city';
import type { SampleSpec } from '../core/cities/sampler';
import type { CityArcs } from '../core/scenario/city-arcs';
import type { Solution } from '../core/solution';
import type { Instance, ProblemKind } from '../core/instance';
import type { SolveOptions, SolveResult, WarmOptions, WarmReport } from '../solvers/solver';
import type { CityEntry, CitySource, CityStreets } from './city-library';
import type { RpcReply, RpcRequest } from './rpc';

export type { CityEntry, CitySource, CityStreets } from './city-library';

/** What the page needs of a city: where its road points are. The matrices stay in the worker. */
export interface CityPoints {
  name: string;
  n: number;
  /** 2n values, [lon, lat] per point. */
  lonlat: Float64Array;
  attribution: string;
}

export interface CityList {
  entries: CityEntry[];
  persistent: boolean;
  /** Why the library is not saved in the browser, when it is not. */
  warning?: string;
}

export interface PutCityResult {
  entry: CityEntry;
  points: CityPoints;
  existed: boolean;
  persistent: boolean;
}

/**
 * How many instances a worker keeps, and how many bytes of them (each holds two n² matrices):
 * see instance-cache.ts. Senders that track what a worker holds keep the same bounds so that
 * they know when the worker has forgotten one.
 */
export const ENGINE_INSTANCE_CACHE = 24;
export const ENGINE_INSTANCE_BYTES = 96 * 1024 * 1024;

/** The error name a solve fails with when its instance is not cached: the sender may resend it. */
export const INSTANCE_MISSING = 'InstanceMissing';

/** A failure as a value: errors cross the thread boundary as data, never as thrown objects. */
export interface EngineError {
  name: string;
  message: string;
}

/** Each call's parameters and result; the client and the host are both typed from this map. */
export interface EngineCalls {
  /** A bundled city is fetched from `url`; without one, the city comes from the planner's library. */
  loadCity: { params: { name: string; url?: string }; result: CityPoints };
  /** The planner's own cities, oldest first, and whether they outlive the page. */
  listCities: { params: Record<string, never>; result: CityList };
  /**
   * Adds a city to the library (its matrices are transferred in) and loads it. A city already
   * there (same content) is not stored twice: `existed` says so and its entry is returned.
   */
  putCity: { params: { city: CityData; name: string; source: CitySource; file: string; build?: Record<string, unknown>; streets?: CityStreets }; result: PutCityResult };
  removeCity: { params: { id: string }; result: null };
  sample: { params: { city: string; spec: SampleSpec; instanceId: string }; result: Instance };
  /** For instances made on the page (imported files): solves refer to them by id afterwards. */
  putInstance: { params: { instanceId: string; instance: Instance }; result: null };
  /**
   * The scenario editor: arcs between one road point of a loaded city and the road points of an
   * instance's nodes (`points` = its meta.cityPoints), from the full city matrices the page
   * never holds. The page applies them with core/scenario addStop / moveDepotTo.
   */
  cityArcs: { params: { city: string; points: number[]; point: number }; result: CityArcs };
}
export type CallMethod = keyof EngineCalls;

export type RunRequest =
  /**
   * `instance` rides along only when the sender believes the worker lacks it; the worker caches
   * it under `instanceId`, so a worker receives each instance once.
   */
  | { kind: 'solve'; runId: string; instanceId: string; solverId: string; options: SolveOptions; instance?: Instance }
  /** Stop: the solver returns its best so far, which arrives as a normal 'finished' event. */
  | { kind: 'stop'; runId: string }
  /** Cancel: the run's result is discarded; the worker answers 'cancelled'. */
  | { kind: 'cancel'; runId: string };

/**
 * Warm-up: the solver prepares what a first run of `problem` would start up itself (neural: the
 * ONNX runtime and the problem's model sessions), so that the run does not wait for it. One
 * 'warmed' event answers it.
 */
export interface WarmRequest {
  kind: 'warm';
  warmId: string;
  solverId: string;
  problem: ProblemKind;
  options: WarmOptions;
}

/** Calls travel as rpc.ts requests, runs and warm-ups as their own messages, on the same channel. */
export type EngineRequest = RpcRequest<EngineCalls> | RunRequest | WarmRequest;

export interface RunProgress {
  solution: Solution;
  /** The solver's own view of its cost (display only; KPIs come from evaluate()). */
  cost: number;
  elapsedMs: number;
  fraction?: number;
}

export type RunEvent =
  | { kind: 'progress'; runId: string; progress: RunProgress }
  | { kind: 'finished'; runId: string; result: SolveResult }
  | { kind: 'failed'; runId: string; error: EngineError }
  | { kind: 'cancelled'; runId: string };

/** A failure the worker could not tie to a call or a run (an unhandled rejection). */
export interface EngineFault {
  kind: 'fault';
  error: EngineError;
}

export type WarmEvent = { kind: 'warmed'; warmId: string; report: WarmReport } | { kind: 'warm-failed'; warmId: string; error: EngineError };

export type EngineReply = RpcReply | RunEvent | EngineFault | WarmEvent;

export { toRpcError as toEngineError } from './rpc';

/** Instances are a pure function of (city, spec), so this key names one across threads. */
export function sampleInstanceId(city: string, spec: SampleSpec): string {
  const parts = [city, spec.problem, spec.n, spec.distribution ?? 'uniform', spec.seed];
  if (spec.vehicles !== undefined) parts.push(`m${spec.vehicles}`);
  if (spec.profile !== undefined) parts.push(spec.profile);
  return parts.join(':');
}
