/** Progress patches reach the store together, at most every so often (src/store/patch-batch.ts). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PatchBatch } from '../../src/store/patch-batch';

describe('a batch of row patches', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('applies every row\'s merged patch in one call after the interval, or at once on flush', () => {
    const applied: Map<string, { a?: number; b?: number }>[] = [];
    const batch = new PatchBatch<{ a?: number; b?: number }>(250, (p) => applied.push(p));
    batch.add('r1', { a: 1 });
    batch.add('r1', { b: 2 });
    batch.add('r2', { a: 3 });
    batch.add('r1', { a: 4 });
    vi.advanceTimersByTime(249);
    expect(applied).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(applied).toEqual([new Map([['r1', { a: 4, b: 2 }], ['r2', { a: 3 }]])]);

    batch.add('r3', { a: 5 });
    batch.flush();
    expect(applied[1]).toEqual(new Map([['r3', { a: 5 }]]));
    batch.flush();
    vi.advanceTimersByTime(1000);
    expect(applied).toHaveLength(2);
  });

  it('reset drops what is pending', () => {
    const applied: unknown[] = [];
    const batch = new PatchBatch<{ a: number }>(250, (p) => applied.push(p));
    batch.add('r1', { a: 1 });
    batch.reset();
    vi.advanceTimersByTime(1000);
    expect(applied).toEqual([]);
  });
});
