/**
 * Inference sessions for the exported graphs. In Node (CLI, tests) onnxruntime-node; in the
 * browser onnxruntime-web with executionProviders ['webgpu', 'wasm'] (WebGPU when an adapter
 * exists, WASM otherwise). Both runtimes are loaded with dynamic import() so that neither ends
 * up in a bundle that does not run it: onnxruntime-web must only be reached from worker code
 * (multi-threaded WASM hangs when ORT sits in the page's entry chunk), and onnxruntime-node's
 * specifier is hidden from the bundler. docs/neural-runtime.md has the why, and what is left
 * for WebGPU speed.
 */
import type * as OrtCommon from 'onnxruntime-common';

export type Backend = 'auto' | 'webgpu' | 'wasm' | 'node';

export interface TensorInput {
  type: 'float32' | 'bool' | 'int32';
  data: Float32Array | Uint8Array | Int32Array;
  dims: readonly number[];
}

export interface TensorOutput {
  data: Float32Array;
  dims: readonly number[];
}

export interface InferenceRunner {
  /** The runtime that runs the graph: 'node', 'webgpu' or 'wasm'. */
  readonly backend: string;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, TensorInput>): Promise<Record<string, TensorOutput>>;
  release(): Promise<void>;
}

export interface SessionOptions {
  backend?: Backend;
  /** WASM threads (read once per page / worker, at the first session). */
  threads?: number;
}

type Ort = typeof OrtCommon & { env: OrtCommon.Env };

export function isNode(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; window?: unknown; importScripts?: unknown };
  return !!g.process?.versions?.node && g.window === undefined && g.importScripts === undefined;
}

// Hidden from bundlers: only Node ever resolves it.
const NODE_RUNTIME = 'onnxruntime-node';

async function loadOrt(backend: Backend): Promise<{ ort: Ort; runtime: 'node' | 'web' }> {
  if (backend === 'node' || (backend === 'auto' && isNode())) {
    const ort = (await import(/* @vite-ignore */ NODE_RUNTIME)) as Ort;
    return { ort, runtime: 'node' };
  }
  const ort = (await import('onnxruntime-web')) as unknown as Ort;
  return { ort, runtime: 'web' };
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean };
}

async function webGpuAdapter(): Promise<AdapterLike | null> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<AdapterLike | null> } } }).navigator?.gpu;
  if (!gpu) return null;
  try {
    return (await gpu.requestAdapter()) ?? null;
  } catch {
    return null;
  }
}

/**
 * True when a hardware WebGPU adapter exists. A fallback adapter (SwiftShader: WebGPU emulated on
 * the CPU) is refused for 'auto': measured ~200× slower than WASM on the same model.
 */
async function hasWebGpuAdapter(): Promise<boolean> {
  const adapter = await webGpuAdapter();
  return adapter != null && !(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false);
}

/** What a run forced onto WebGPU says where there is none (instead of the runtime's own text). */
export const NO_WEBGPU = 'WebGPU is not available in this browser (it offers no WebGPU adapter): run the neural solver on WebAssembly instead';

let threadsSet = false;

/**
 * WASM threads need SharedArrayBuffer, which only a cross-origin-isolated page has (the dev
 * server, `vite preview` and the documented production config send COOP/COEP); elsewhere one
 * thread, which always works. Four at most: POMO's matrices are small and more threads only
 * add synchronisation, and the solver pool runs other workers beside this one.
 */
export function defaultWasmThreads(scope: { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } } = globalThis): number {
  if (!scope.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, scope.navigator?.hardwareConcurrency ?? 1));
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * One runtime call at a time per thread: a warm-up decoding beside a run (two searches
 * interleaving their awaits) made onnxruntime-web fail inside its WASM runtime ("Cannot read
 * properties of null", e2e/backends.spec.ts and neural.spec.ts, session 4).
 */
function oneAtATime<T>(call: () => Promise<T>): Promise<T> {
  const turn = queue.then(call);
  queue = turn.catch(() => undefined);
  return turn;
}

export function createSession(model: Uint8Array, options: SessionOptions = {}): Promise<InferenceRunner> {
  return oneAtATime(() => createSessionNow(model, options));
}

async function createSessionNow(model: Uint8Array, options: SessionOptions): Promise<InferenceRunner> {
  const backend = options.backend ?? 'auto';
  const { ort, runtime } = await loadOrt(backend);
  let providers: string[];
  let ran: string;
  if (runtime === 'node') {
    providers = ['cpu'];
    ran = 'node';
  } else {
    if (!threadsSet) {
      ort.env.wasm.numThreads = options.threads ?? defaultWasmThreads();
      threadsSet = true;
    }
    if (backend === 'wasm') {
      providers = ['wasm'];
      ran = 'wasm';
    } else if (backend === 'webgpu') {
      // Asked first: without an adapter onnxruntime fails deep inside with text no planner can use.
      if (!(await webGpuAdapter())) throw new Error(NO_WEBGPU);
      providers = ['webgpu'];
      ran = 'webgpu';
    } else {
      const gpu = await hasWebGpuAdapter();
      providers = gpu ? ['webgpu', 'wasm'] : ['wasm'];
      ran = gpu ? 'webgpu' : 'wasm';
    }
  }
  const session = await ort.InferenceSession.create(model, {
    executionProviders: providers,
    graphOptimizationLevel: 'all',
    ...(runtime === 'node' ? { intraOpNumThreads: options.threads ?? 1, interOpNumThreads: 1 } : {}),
  });
  const runNow = async (feeds: Record<string, TensorInput>): Promise<Record<string, TensorOutput>> => {
    const tensors: Record<string, OrtCommon.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) tensors[name] = new ort.Tensor(t.type, t.data, t.dims);
    const out = await session.run(tensors);
    const res: Record<string, TensorOutput> = {};
    for (const [name, t] of Object.entries(out)) {
      res[name] = { data: t.data as Float32Array, dims: t.dims };
      if (typeof t.dispose === 'function' && t.location !== 'cpu') t.dispose();
    }
    return res;
  };
  return {
    backend: ran,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    run: (feeds) => oneAtATime(() => runNow(feeds)),
    release: () => session.release(),
  };
}

/** The session options a run (or a warm-up) with these solver options loads its model with. */
export function sessionOptions(options: { backend?: string; params?: Record<string, unknown> }): SessionOptions {
  return { backend: (options.backend as Backend | undefined) ?? 'auto', threads: Number(options.params?.threads ?? 0) || undefined };
}

/**
 * Awaits `load` and says how long that took: the time a run waited for the runtime and its
 * sessions (≈ 0 once they are there: loadModel caches the promise per model and backend).
 */
export async function timedLoad<T extends { encoder: { backend: string } }>(load: () => Promise<T>): Promise<{ model: T; ms: number }> {
  const t0 = performance.now();
  const model = await load();
  return { model, ms: performance.now() - t0 };
}
