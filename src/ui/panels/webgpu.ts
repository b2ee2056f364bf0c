/**
 * Whether this browser offers any WebGPU adapter, asked once. The solve workers ask again for
 * themselves (solvers/neural/session.ts); the page asks so that choosing WebGPU can say at once
 * that runs there would fail, before any model is loaded.
 */
interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

let asked: Promise<boolean> | null = null;

export function hasWebGpu(): Promise<boolean> {
  asked ??= (async () => {
    const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
    if (!gpu) return false;
    try {
      return (await gpu.requestAdapter()) != null;
    } catch {
      return false;
    }
  })();
  return asked;
}
