/**
 * The instances a worker keeps for the solves that follow, bounded by count and by bytes: a
 * 1000-node instance holds 16 MB of matrices, so two dozen of them would take a worker's memory.
 * The worker's cache and the page's record of what the worker holds are both this class, fed
 * the same instances in the same order, so they forget the same ones.
 */
import type { Instance } from '../core/instance';
import { ENGINE_INSTANCE_BYTES, ENGINE_INSTANCE_CACHE } from './protocol';

/** What an instance costs a worker to keep: its matrices and per-node arrays. */
export function instanceBytes(inst: Instance): number {
  const arrays = new Set<ArrayBufferView>([inst.distance, inst.duration, inst.demand, inst.service, inst.ready, inst.due]);
  if (inst.estimated) arrays.add(inst.estimated);
  for (const v of inst.vehicles) {
    if (v.preference) arrays.add(v.preference);
    if (v.allowed) arrays.add(v.allowed);
  }
  let bytes = 0;
  for (const a of arrays) bytes += a.byteLength;
  return bytes;
}

/**
 * The instance with its own distance and duration matrices (one copy when they are the same
 * array), to transfer rather than clone across a worker boundary while the sender keeps its own:
 * at 1000 stops a structured clone of the 16 MB took the page's main thread 100–400 ms.
 */
export function matricesCopied(instance: Instance): Instance {
  const distance = instance.distance.slice();
  const duration = instance.duration === instance.distance ? distance : instance.duration.slice();
  return { ...instance, distance, duration };
}

/** The buffers to transfer with matricesCopied's instance: once each (a transfer list with the
 * same buffer twice is a DataCloneError, and files without durations share one matrix). */
export function matrixBuffers(instance: Instance): ArrayBuffer[] {
  return [...new Set([instance.distance.buffer, instance.duration.buffer] as ArrayBuffer[])];
}

export class InstanceCache<T> {
  private readonly entries = new Map<string, { value: T; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly maxCount = ENGINE_INSTANCE_CACHE,
    private readonly maxBytes = ENGINE_INSTANCE_BYTES,
  ) {}

  get(id: string): T | undefined {
    return this.entries.get(id)?.value;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Keeps `value` as the newest; the oldest go while over either bound (the newest always stays). */
  set(id: string, value: T, bytes: number): void {
    this.delete(id);
    this.entries.set(id, { value, bytes });
    this.bytes += bytes;
    while (this.entries.size > 1 && (this.entries.size > this.maxCount || this.bytes > this.maxBytes)) {
      this.delete(this.entries.keys().next().value as string);
    }
  }

  delete(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.bytes -= entry.bytes;
  }
}
