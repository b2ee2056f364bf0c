/** The holders modules keep their state in (src/core/cells.ts). */
import { describe, expect, it } from 'vitest';
import { Latest, Lazy, Sequence } from '../../src/core/cells';

describe('state cells', () => {
  it('Lazy makes its value once, and reset disposes of it so the next get makes a fresh one', () => {
    let made = 0;
    const disposed: number[] = [];
    const lazy = new Lazy(
      () => ++made,
      (v) => disposed.push(v),
    );
    lazy.reset();
    expect(disposed).toEqual([]);
    expect([lazy.get(), lazy.get()]).toEqual([1, 1]);
    lazy.reset();
    expect(disposed).toEqual([1]);
    expect(lazy.get()).toBe(2);
  });

  it('Sequence never gives a number it gave or was told is taken', () => {
    const seq = new Sequence();
    expect([seq.next(), seq.next()]).toEqual([1, 2]);
    seq.reserve(7);
    seq.reserve(3);
    expect(seq.next()).toBe(8);
    seq.reset();
    expect(seq.next()).toBe(1);
  });

  it('Latest: only the last ticket is current, and supersede retires it too', () => {
    const latest = new Latest();
    const a = latest.begin();
    const b = latest.begin();
    expect([latest.isCurrent(a), latest.isCurrent(b)]).toEqual([false, true]);
    latest.supersede();
    expect(latest.isCurrent(b)).toBe(false);
  });
});
