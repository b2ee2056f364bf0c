/**
 * window.__routelab.neural(): the neural runtime checks the end-to-end tests and `npm run bench
 * -- neural-latency` drive: ONNX parity against the PyTorch fixtures, decode latency and the
 * WebGPU adapter, each computed in a dedicated worker (src/workers/neural-probe.worker.ts) by
 * the app's own neural code on onnxruntime-web. Test-only: loaded by the probe entry
 * (src/ui/probes.ts); the worker starts on the first call.
 *
 * The page fetches every file and hands the worker bytes, so a test can serve files that are
 * not part of the build (the fixtures) with page.route.
 */
import type { NeuralProblem } from '../solvers/neural/env';
import type { FixtureMeta } from '../workers/neural-probe-fixture';
import type { ParityReport } from '../workers/neural-probe-parity';
import type { LatencyMode, LatencyReport, LatencyRequest, ModelInfo, ParityRequest, ProbeBackend, ProbeCalls, ProbeEnv, PvrpLatencyReport, PvrpLatencyRequest, PvrpParityRequest } from '../workers/neural-probe-protocol';
import type { PvrpParityReport } from '../workers/neural-probe-pvrp';
import type { PvrpProblem } from '../solvers/neural/pvrp-env';
import { probe } from '../store/probe';
import { RpcClient, valueOf, type RpcPort } from '../workers/rpc-client';

export interface ParityOptions {
  problem: NeuralProblem;
  backend: ProbeBackend;
  /** URL of the folder holding <problem>.json, <problem>.npz and the tiny models (ends with '/'). */
  fixtures: string;
  threads?: number;
}

export interface LatencyOptions {
  problem: NeuralProblem;
  backend: ProbeBackend;
  /** Default 100 (nodes for ATSP, clients for the VRPs). */
  n?: number;
  seed?: number;
  repeats?: number;
  /** Configurations to time: 'greedy' (1 rollout), 'pomo' (every start), 'pomo8' (every start × 8 augmentations); default all. */
  modes?: LatencyMode['name'][];
  city?: string;
  /** WASM threads (default: onnxruntime-web's choice). A new value starts a new worker. */
  threads?: number;
}

export interface NeuralProbe {
  /** Cross-origin isolation, cores, WASM threads of the last session, and the WebGPU adapter seen by the worker. */
  env(): Promise<ProbeEnv>;
  /** The usable models of the app's models/manifest.json. */
  models(): Promise<ModelInfo[]>;
  parity(options: ParityOptions): Promise<ParityReport>;
  latency(options: LatencyOptions): Promise<LatencyReport>;
  /** CAMP-S (PVRP-P, PVRP-ZC): the fixture parity (tests/fixtures/neural/pvrp-*.{json,npz}, tiny models). */
  pvrpParity(options: PvrpParityOptions): Promise<PvrpParityReport>;
  /** CAMP-S decode times (greedy, POMO, POMO ×8) on a sampled instance with the app's model. */
  pvrpLatency(options: PvrpLatencyOptions): Promise<PvrpLatencyReport>;
  /** Ends the worker (the next call starts a fresh one). */
  close(): void;
}

export interface PvrpParityOptions {
  problem: PvrpProblem;
  backend: ProbeBackend;
  fixtures: string;
  threads?: number;
}

export interface PvrpLatencyOptions {
  problem: PvrpProblem;
  backend: ProbeBackend;
  /** Default 50 clients, 5 vehicles. */
  n?: number;
  vehicles?: number;
  seed?: number;
  repeats?: number;
  modes?: ('greedy' | 'pomo' | 'pomo8')[];
  city?: string;
  threads?: number;
}

const BASE = import.meta.env.BASE_URL;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

/** One worker at a time, for one WASM thread count (onnxruntime-web fixes it per worker). */
class ProbeWorker {
  private readonly rpc = new RpcClient<ProbeCalls>(spawnProbeWorker, 'neural probe worker');
  private threads: number | undefined;

  async call<K extends keyof ProbeCalls>(method: K, params: ProbeCalls[K]['params'], threads = this.threads, transfer: Transferable[] = []): Promise<ProbeCalls[K]['result']> {
    if (this.rpc.running && this.threads !== threads) this.close();
    this.threads = threads;
    return valueOf(await this.rpc.call(method, params, { transfer }));
  }

  close(): void {
    this.rpc.close('neural probe worker closed');
  }
}

/** The `new Worker(new URL(…))` form must stay literal for Vite to bundle it. */
function spawnProbeWorker(): RpcPort {
  return new Worker(new URL('../workers/neural-probe.worker.ts', import.meta.url), { type: 'module', name: 'routelab-neural-probe' });
}

const worker = new ProbeWorker();

/** A parity fixture's files (RRNCO-S and CAMP-S alike): its meta, arrays, tiny model and the city of its first instance. */
interface FixtureFiles {
  meta: string;
  npz: Uint8Array;
  encoder: Uint8Array;
  step: Uint8Array;
  city: { name: string; bytes: Uint8Array };
}

async function fixtureFiles(fixtures: string, problem: string): Promise<FixtureFiles> {
  const meta = await fetchText(`${fixtures}${problem}.json`);
  const doc = JSON.parse(meta) as FixtureMeta;
  const cityName = doc.instances[0].city;
  const [npz, encoder, step, city] = await Promise.all([
    fetchBytes(`${fixtures}${problem}.npz`),
    fetchBytes(`${fixtures}${doc.files.encoder}`),
    fetchBytes(`${fixtures}${doc.files.step}`),
    fetchBytes(`${BASE}cities/${cityName}.rlc`),
  ]);
  return { meta, npz, encoder, step, city: { name: cityName, bytes: city } };
}

/** What a fixture request hands over to the worker rather than copies. */
function fixtureBuffers(files: FixtureFiles): ArrayBuffer[] {
  return [files.npz.buffer, files.encoder.buffer, files.step.buffer, files.city.bytes.buffer] as ArrayBuffer[];
}

async function models(): Promise<ModelInfo[]> {
  return worker.call('models', { manifest: await fetchText(`${BASE}models/manifest.json`) });
}

export const neuralProbe: NeuralProbe = {
  env: () => worker.call('env', {}),
  models,
  async parity({ problem, backend, fixtures, threads }) {
    const files = await fixtureFiles(fixtures, problem);
    const request: ParityRequest = { problem, backend, ...files, threads };
    return worker.call('parity', request, threads, fixtureBuffers(files));
  },
  async latency({ problem, backend, n = 100, seed = 1, repeats = 10, modes, city = 'Monaco', threads }) {
    const model = (await models()).find((m) => m.problem === problem);
    if (!model) throw new Error(`models/manifest.json has no usable ${problem} model`);
    const [encoder, step, cityBytes] = await Promise.all([
      fetchBytes(`${BASE}models/${model.files.encoder}`),
      fetchBytes(`${BASE}models/${model.files.step}`),
      fetchBytes(`${BASE}cities/${city}.rlc`),
    ]);
    const request: LatencyRequest = { backend, model, encoder, step, city: { name: city, bytes: cityBytes }, n, seed, repeats, modes, threads };
    return worker.call('latency', request, threads, [encoder.buffer, step.buffer, cityBytes.buffer]);
  },
  async pvrpParity({ problem, backend, fixtures, threads }) {
    const files = await fixtureFiles(fixtures, problem);
    const request: PvrpParityRequest = { problem, backend, ...files, threads };
    return worker.call('pvrpParity', request, threads, fixtureBuffers(files));
  },
  async pvrpLatency({ problem, backend, n = 50, vehicles = 5, seed = 1, repeats = 5, modes, city = 'Monaco', threads }) {
    const model = (await worker.call('campModels', { manifest: await fetchText(`${BASE}models/manifest.json`) })).find((m) => m.problem === problem);
    if (!model) throw new Error(`models/manifest.json has no usable ${problem} model`);
    const [encoder, step, cityBytes] = await Promise.all([
      fetchBytes(`${BASE}models/${model.files.encoder}`),
      fetchBytes(`${BASE}models/${model.files.step}`),
      fetchBytes(`${BASE}cities/${city}.rlc`),
    ]);
    const request: PvrpLatencyRequest = { backend, model, encoder, step, city: { name: city, bytes: cityBytes }, n, vehicles, seed, repeats, modes, threads };
    return worker.call('pvrpLatency', request, threads, [encoder.buffer, step.buffer, cityBytes.buffer]);
  },
  close: () => worker.close(),
};

declare module '../store/probe' {
  interface RoutelabProbe {
    /** Neural runtime checks (ONNX parity, latency, WebGPU) in their own worker. */
    neural?: () => Promise<NeuralProbe>;
  }
}

probe.neural = async () => neuralProbe;
