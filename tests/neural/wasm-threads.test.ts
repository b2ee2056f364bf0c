import { describe, expect, it } from 'vitest';
import { defaultWasmThreads } from '../../src/solvers/neural/session';

describe('WASM thread count for onnxruntime-web', () => {
  it('uses one thread without cross-origin isolation (no SharedArrayBuffer)', () => {
    expect(defaultWasmThreads({ crossOriginIsolated: false, navigator: { hardwareConcurrency: 8 } })).toBe(1);
    expect(defaultWasmThreads({ navigator: { hardwareConcurrency: 8 } })).toBe(1);
  });
  it('follows hardwareConcurrency when isolated, capped at 4', () => {
    expect(defaultWasmThreads({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 2 } })).toBe(2);
    expect(defaultWasmThreads({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 16 } })).toBe(4);
    expect(defaultWasmThreads({ crossOriginIsolated: true, navigator: {} })).toBe(1);
  });
});
