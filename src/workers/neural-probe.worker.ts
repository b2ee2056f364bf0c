/**
 * The neural probe's worker: runs the app's own neural code (features.ts, decode.ts, session.ts
 * on onnxruntime-web) for the end-to-end parity checks and the latency benchmark. Started only
 * when a test or benchmark calls window.__routelab.neural() (src/ui/neural-probe.ts); the app
 * itself never loads it.
 */
import type { CityData } from '../core/cities/city';
import { decodeCity } from '../core/cities/encoding';
import { sampleInstance } from '../core/cities/sampler';
import { Rng } from '../core/random';
import { decode, defaultStarts, variantDecode, type DecodeModel } from '../solvers/neural/decode';
import { depotFirst } from '../solvers/neural/env';
import { normalise } from '../solvers/neural/features';
import { campModels, checkManifest, usableModels } from '../solvers/neural/manifest';
import type { PvrpModel } from '../solvers/neural/pvrp-decode';
import type { PvrpProblem } from '../solvers/neural/pvrp-env';
import { pvrpFixtureInstance, pvrpLatency, pvrpParityReport, type PvrpParityReport } from './neural-probe-pvrp';
import { createSession, type InferenceRunner } from '../solvers/neural/session';
import { parseFixture } from './neural-probe-fixture';
import { parityReport } from './neural-probe-parity';
import type { CityBytes, LatencyMode, LatencyReport, LatencyRequest, LatencyRunInfo, ModelInfo, ParityRequest, ProbeCalls, ProbeEnv, PvrpLatencyReport, PvrpLatencyRequest, PvrpModelInfo, PvrpParityRequest, WebGpuReport } from './neural-probe-protocol';
import { rpcHost, type RpcReply, type RpcRequest } from './rpc';

const scope = self as unknown as {
  postMessage(message: RpcReply, options?: { transfer?: Transferable[] }): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
};

/** What this worker has loaded so far (a fresh worker starts empty: the page's close() is the reset). */
const loaded = {
  cities: new Map<string, CityData>(),
  /** onnxruntime-web's WASM threads once a session exists. */
  wasmThreads: null as number | null,
};

function city(c: CityBytes): CityData {
  let data = loaded.cities.get(c.name);
  if (!data) {
    data = decodeCity(c.name, c.bytes);
    loaded.cities.set(c.name, data);
  }
  return data;
}

async function readThreads(): Promise<void> {
  const ort = await import('onnxruntime-web');
  const t = ort.env.wasm.numThreads;
  loaded.wasmThreads = typeof t === 'number' ? t : null;
}

async function loadModel(problem: DecodeModel['problem'], d: number, k: number, encoder: Uint8Array, step: Uint8Array, backend: 'wasm' | 'webgpu', threads?: number): Promise<DecodeModel> {
  const enc: InferenceRunner = await createSession(encoder, { backend, threads });
  const st: InferenceRunner = await createSession(step, { backend, threads });
  await readThreads();
  return { problem, d, k, encoder: enc, step: st };
}

async function release(model: DecodeModel): Promise<void> {
  await model.encoder.release();
  await model.step.release();
}

async function webgpu(): Promise<WebGpuReport> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info?: Record<string, unknown>; isFallbackAdapter?: boolean } | null> } }).gpu;
  if (!gpu) return { api: false, adapter: null, reason: 'navigator.gpu is undefined in the worker' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { api: true, adapter: null, reason: 'navigator.gpu.requestAdapter() returned null' };
    const info = adapter.info ?? {};
    const fallback = typeof info.isFallbackAdapter === 'boolean' ? info.isFallbackAdapter : typeof adapter.isFallbackAdapter === 'boolean' ? adapter.isFallbackAdapter : null;
    return {
      api: true,
      adapter: { vendor: String(info.vendor ?? ''), architecture: String(info.architecture ?? ''), description: String(info.description ?? ''), isFallbackAdapter: fallback },
      reason: null,
    };
  } catch (e) {
    return { api: true, adapter: null, reason: `requestAdapter() threw: ${e instanceof Error ? e.message : String(e)}` };
  }
}

async function env(): Promise<ProbeEnv> {
  return { crossOriginIsolated: self.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, wasmThreads: loaded.wasmThreads, webgpu: await webgpu() };
}

async function parity(req: ParityRequest) {
  const fx = parseFixture(req.problem, req.meta, req.npz);
  const m = fx.meta.instances[0];
  if (m.city !== req.city.name) throw new Error(`fixture instance 0 is on ${m.city}, got the city ${req.city.name}`);
  const inst = sampleInstance(city(req.city), { problem: req.problem, n: m.n, seed: m.seed, distribution: m.distribution });
  const model = await loadModel(req.problem, fx.meta.config.d, fx.meta.config.k, req.encoder, req.step, req.backend, req.threads);
  try {
    return await parityReport(model, fx, inst);
  } finally {
    await release(model);
  }
}

function models(manifest: string): ModelInfo[] {
  return usableModels(checkManifest(JSON.parse(manifest))).map((e) => ({ id: e.id, problem: e.problem, files: e.files, d: e.config.d, k: e.config.k }));
}

async function latency(req: LatencyRequest): Promise<LatencyReport> {
  const { problem } = req.model;
  const { inst } = depotFirst(sampleInstance(city(req.city), { problem, n: req.n, seed: req.seed, distribution: 'uniform' }));
  const norm = normalise(inst);
  const t0 = performance.now();
  const model = await loadModel(problem, req.model.d, req.model.k, req.encoder, req.step, req.backend, req.threads);
  const loadMs = performance.now() - t0;
  try {
    const all = defaultStarts(inst);
    const configs: { name: LatencyMode['name']; label: string; augs: number[]; starts: number[] }[] = [
      { name: 'greedy' as const, label: 'greedy, 1 rollout (1 start, aug 0)', ...variantDecode(inst, 'greedy') },
      { name: 'pomo' as const, label: `greedy POMO (${all.length} starts, aug 0)`, ...variantDecode(inst, 'pomo') },
      { name: 'pomo8' as const, label: `greedy POMO ×8 (${all.length} starts × 8 augs)`, ...variantDecode(inst, 'pomo8') },
    ].filter((c) => !req.modes || req.modes.includes(c.name));
    const modes: LatencyMode[] = configs.map((c) => ({
      name: c.name,
      label: c.label,
      augs: c.augs.length,
      starts: c.starts.length,
      rollouts: c.augs.length * c.starts.length,
      steps: 0,
      totalMs: [],
      encoderMs: [],
      decodeMs: [],
      graphMs: [],
      cost: NaN,
      unassigned: 0,
    }));
    const run = async (i: number, seed: number) => {
      const c = configs[i];
      const t = performance.now();
      const res = await decode(model, inst, norm, { augs: c.augs, starts: c.starts, mode: 'greedy', rng: new Rng(seed) });
      return { ms: performance.now() - t, res };
    };
    // Warm-up: one of each (WASM / shader compilation, allocator growth).
    const w0 = performance.now();
    for (let i = 0; i < configs.length; i++) await run(i, req.seed);
    const warmupMs = performance.now() - w0;
    for (let r = 0; r < req.repeats; r++) {
      for (let i = 0; i < configs.length; i++) {
        const { ms, res } = await run(i, req.seed + 1 + r);
        const m = modes[i];
        m.totalMs.push(ms);
        m.encoderMs.push(res.encoderMs);
        m.decodeMs.push(res.decodeMs);
        m.graphMs.push(res.graphMs);
        m.steps = res.steps;
        if (!res.best) throw new Error(`${problem} ${m.name}: decode returned no solution`);
        m.cost = res.best.cost;
        m.unassigned = res.best.unassigned;
      }
    }
    return {
      problem,
      ...runInfo(req.model.id, model.encoder.backend, req.city.name, inst.n),
      seed: req.seed,
      loadMs,
      warmupMs,
      modes,
    };
  } finally {
    await release(model);
  }
}

/** The fields of a latency report that say where it ran (in a report's key order). */
function runInfo(modelId: string, backend: string, cityName: string, nodes: number): LatencyRunInfo {
  return {
    model: modelId,
    backend,
    wasmThreads: loaded.wasmThreads,
    crossOriginIsolated: self.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    city: cityName,
    nodes,
  };
}

function campModelInfos(manifest: string): PvrpModelInfo[] {
  return campModels(checkManifest(JSON.parse(manifest))).map((e) => ({ id: e.id, problem: e.problem, files: e.files, d: e.config.d, k: e.config.k }));
}

async function loadPvrp(problem: PvrpProblem, d: number, k: number, encoder: Uint8Array, step: Uint8Array, backend: 'wasm' | 'webgpu', threads?: number): Promise<PvrpModel> {
  const enc = await createSession(encoder, { backend, threads });
  const st = await createSession(step, { backend, threads });
  await readThreads();
  return { problem, d, k, encoder: enc, step: st };
}

async function pvrpParity(req: PvrpParityRequest): Promise<PvrpParityReport> {
  const fx = parseFixture(req.problem as unknown as DecodeModel['problem'], req.meta, req.npz);
  const inst = pvrpFixtureInstance(req.problem, fx, city(req.city));
  const model = await loadPvrp(req.problem, fx.meta.config.d, fx.meta.config.k, req.encoder, req.step, req.backend, req.threads);
  try {
    return await pvrpParityReport(model, fx, inst);
  } finally {
    await model.encoder.release();
    await model.step.release();
  }
}

async function pvrpLatencyCall(req: PvrpLatencyRequest): Promise<PvrpLatencyReport> {
  const { problem } = req.model;
  const inst = sampleInstance(city(req.city), { problem, n: req.n, seed: req.seed, vehicles: req.vehicles, profile: 'random' });
  const t0 = performance.now();
  const model = await loadPvrp(problem, req.model.d, req.model.k, req.encoder, req.step, req.backend, req.threads);
  const loadMs = performance.now() - t0;
  try {
    const modes = await pvrpLatency(model, inst, req.seed, req.repeats, req.modes);
    return {
      problem,
      ...runInfo(req.model.id, model.encoder.backend, req.city.name, inst.n),
      vehicles: req.vehicles,
      seed: req.seed,
      loadMs,
      modes,
    };
  } finally {
    await model.encoder.release();
    await model.step.release();
  }
}

const handle = rpcHost<ProbeCalls>(
  { env, models: (req) => models(req.manifest), parity, latency, campModels: (req) => campModelInfos(req.manifest), pvrpParity, pvrpLatency: pvrpLatencyCall },
  (reply, transfer) => scope.postMessage(reply, { transfer }),
);

scope.addEventListener('message', (event) => void handle((event as MessageEvent<RpcRequest<ProbeCalls>>).data));
