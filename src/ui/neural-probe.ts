/**
 * window.__routelab.neural(): the neural runtime checks the end-to-end tests and `npm run bench
 * -- neural-latency` drive: ONNX parity against the PyTorch fixtures, decode latency and the
 * WebGPU adapter, each computed in a dedicated worker (src/workers/neural-probe.worker.ts) by
 * the app's own neural code on onnxruntime-web. Loaded by a dynamic import from
 * src/store/probe.ts, so the app never fetches it (nor the worker) unless a test asks.
 *
 * The page fetches every file and hands the worker bytes, so a test can serve files that are
 * not part of the build (the fixtures) with page.route.
 */
import type { NeuralProblem } from '../solvers/neural/env';
import type { FixtureMeta } from '../workers/neural-probe-fixture';
import type { ParityReport } from '../workers/neural-probe-parity';
import type { LatencyMode, LatencyReport, ModelInfo, ProbeBackend, ProbeEnv, ProbeReply, ProbeRequest, ProbeValue } from '../workers/neural-probe-protocol';

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
  /** Ends the worker (the next call starts a fresh one). */
  close(): void;
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

let worker: Worker | null = null;
let workerThreads: number | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (v: ProbeValue) => void; reject: (e: Error) => void }>();

function failAll(message: string): void {
  for (const p of pending.values()) p.reject(new Error(message));
  pending.clear();
}

function spawn(threads: number | undefined): Worker {
  if (worker && workerThreads !== threads) close();
  if (!worker) {
    // The `new Worker(new URL(…))` form must stay literal for Vite to bundle it.
    const w = new Worker(new URL('../workers/neural-probe.worker.ts', import.meta.url), { type: 'module', name: 'routelab-neural-probe' });
    w.onmessage = (event: MessageEvent<ProbeReply>) => {
      const reply = event.data;
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new Error(reply.error));
    };
    w.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      failAll(`neural probe worker failed: ${event.message || 'unknown error'}`);
    };
    worker = w;
    workerThreads = threads;
  }
  return worker;
}

function close(): void {
  worker?.terminate();
  worker = null;
  failAll('neural probe worker closed');
}

function call<T extends ProbeValue>(request: ProbeRequest, threads?: number, transfer: Transferable[] = []): Promise<T> {
  const w = spawn(threads ?? workerThreads);
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: ProbeValue) => void, reject });
    w.postMessage({ id, request }, transfer);
  });
}

async function models(): Promise<ModelInfo[]> {
  return call<ModelInfo[]>({ kind: 'models', manifest: await fetchText(`${BASE}models/manifest.json`) });
}

export const neuralProbe: NeuralProbe = {
  env: () => call<ProbeEnv>({ kind: 'env' }),
  models,
  async parity({ problem, backend, fixtures, threads }) {
    const meta = await fetchText(`${fixtures}${problem}.json`);
    const doc = JSON.parse(meta) as FixtureMeta;
    const cityName = doc.instances[0].city;
    const [npz, encoder, step, city] = await Promise.all([
      fetchBytes(`${fixtures}${problem}.npz`),
      fetchBytes(`${fixtures}${doc.files.encoder}`),
      fetchBytes(`${fixtures}${doc.files.step}`),
      fetchBytes(`${BASE}cities/${cityName}.rlc`),
    ]);
    const request: ProbeRequest = { kind: 'parity', problem, backend, meta, npz, encoder, step, city: { name: cityName, bytes: city }, threads };
    return call<ParityReport>(request, threads, [npz.buffer, encoder.buffer, step.buffer, city.buffer]);
  },
  async latency({ problem, backend, n = 100, seed = 1, repeats = 10, modes, city = 'Monaco', threads }) {
    const model = (await models()).find((m) => m.problem === problem);
    if (!model) throw new Error(`models/manifest.json has no usable ${problem} model`);
    const [encoder, step, cityBytes] = await Promise.all([
      fetchBytes(`${BASE}models/${model.files.encoder}`),
      fetchBytes(`${BASE}models/${model.files.step}`),
      fetchBytes(`${BASE}cities/${city}.rlc`),
    ]);
    const request: ProbeRequest = { kind: 'latency', backend, model, encoder, step, city: { name: city, bytes: cityBytes }, n, seed, repeats, modes, threads };
    return call<LatencyReport>(request, threads, [encoder.buffer, step.buffer, cityBytes.buffer]);
  },
  close,
};
