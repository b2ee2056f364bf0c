/**
 * Messages between the page's neural probe (src/ui/neural-probe.ts) and its worker
 * (neural-probe.worker.ts). The page fetches every file (so tests can serve fixtures with
 * page.route) and sends bytes; the worker runs the real TS + onnxruntime-web code.
 */
import type { NeuralProblem } from '../solvers/neural/env';
import type { ParityReport } from './neural-probe-parity';
import type { PvrpLatencyMode, PvrpParityReport } from './neural-probe-pvrp';
import type { PvrpProblem } from '../solvers/neural/pvrp-env';

export type ProbeBackend = 'wasm' | 'webgpu';

export interface CityBytes {
  name: string;
  bytes: Uint8Array;
}

export interface ParityRequest {
  problem: NeuralProblem;
  backend: ProbeBackend;
  /** <problem>.json text. */
  meta: string;
  npz: Uint8Array;
  encoder: Uint8Array;
  step: Uint8Array;
  /** The city of the fixture's instance 0. */
  city: CityBytes;
  threads?: number;
}

export interface ModelInfo {
  id: string;
  problem: NeuralProblem;
  files: { encoder: string; step: string };
  d: number;
  k: number;
}

export interface ModelsRequest {
  /** models/manifest.json text. */
  manifest: string;
}

export interface LatencyRequest {
  backend: ProbeBackend;
  model: ModelInfo;
  encoder: Uint8Array;
  step: Uint8Array;
  city: CityBytes;
  /** Sampler size: nodes (ATSP) or clients (VRPs, plus the depot). */
  n: number;
  seed: number;
  repeats: number;
  /** Which configurations to time (default all three). */
  modes?: LatencyMode['name'][];
  threads?: number;
}

export interface ProbeEnv {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** onnxruntime-web's env.wasm.numThreads once a session exists (null before). */
  wasmThreads: number | null;
  webgpu: WebGpuReport;
}

export interface WebGpuReport {
  /** navigator.gpu exists in the worker. */
  api: boolean;
  adapter: { vendor: string; architecture: string; description: string; isFallbackAdapter: boolean | null } | null;
  /** Why there is no adapter (null when there is one). */
  reason: string | null;
}

/** One timed decode configuration. */
export interface LatencyMode {
  name: 'greedy' | 'pomo' | 'pomo8';
  label: string;
  augs: number;
  starts: number;
  rollouts: number;
  steps: number;
  /** Per repeat: wall time of decode(), its encoder part (features + encoder) and its step loop. */
  totalMs: number[];
  encoderMs: number[];
  decodeMs: number[];
  /** Per repeat: the part of decodeMs inside the decoder graph (the rest is rules and feeds in JS). */
  graphMs: number[];
  /** Cost of the best rollout (the same every repeat for greedy; reported as a sanity check). */
  cost: number;
  unassigned: number;
}

/** Where a latency run ran (both families' reports): the model, the backend and threads it got, the page's isolation, the instance. */
export interface LatencyRunInfo {
  model: string;
  backend: string;
  wasmThreads: number | null;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  city: string;
  nodes: number;
}

export interface LatencyReport extends LatencyRunInfo {
  problem: NeuralProblem;
  seed: number;
  loadMs: number;
  warmupMs: number;
  modes: LatencyMode[];
}

/** CAMP-S (PVRP-P, PVRP-ZC): the fixture parity of neural-probe-pvrp.ts. */
export interface PvrpParityRequest extends Omit<ParityRequest, 'problem'> {
  problem: PvrpProblem;
}

export interface PvrpModelInfo {
  id: string;
  problem: PvrpProblem;
  files: { encoder: string; step: string };
  d: number;
  k: number;
}

export interface PvrpLatencyRequest {
  backend: ProbeBackend;
  model: PvrpModelInfo;
  encoder: Uint8Array;
  step: Uint8Array;
  city: CityBytes;
  /** Clients and vehicles of the sampled instance. */
  n: number;
  vehicles: number;
  seed: number;
  repeats: number;
  modes?: PvrpLatencyMode['name'][];
  threads?: number;
}

export interface PvrpLatencyReport extends LatencyRunInfo {
  problem: PvrpProblem;
  vehicles: number;
  seed: number;
  loadMs: number;
  modes: PvrpLatencyMode[];
}

/** The worker's methods (rpc.ts carries them). */
export interface ProbeCalls {
  env: { params: Record<string, never>; result: ProbeEnv };
  models: { params: ModelsRequest; result: ModelInfo[] };
  parity: { params: ParityRequest; result: ParityReport };
  latency: { params: LatencyRequest; result: LatencyReport };
  campModels: { params: ModelsRequest; result: PvrpModelInfo[] };
  pvrpParity: { params: PvrpParityRequest; result: PvrpParityReport };
  pvrpLatency: { params: PvrpLatencyRequest; result: PvrpLatencyReport };
}
