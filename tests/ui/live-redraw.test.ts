import { describe, expect, it } from 'vitest';
import { coresSaturated, liveRedrawDelay } from '../../src/ui/map/live-redraw';

describe('live map redraws', () => {
  it('draws at once when nothing was drawn yet', () => {
    expect(liveRedrawDelay(5000, null)).toBe(0);
  });

  it('redraws about once a second when drawing is cheap', () => {
    expect(liveRedrawDelay(1500, { endedAt: 1000, costMs: 20 })).toBe(500);
    expect(liveRedrawDelay(2500, { endedAt: 1000, costMs: 20 })).toBe(0);
  });

  it('keeps live redraws to a tenth of the time when drawing is slow', () => {
    expect(liveRedrawDelay(2000, { endedAt: 1000, costMs: 800 })).toBe(7000);
  });

  it('holds live redraws while the solvers take every core', () => {
    expect(coresSaturated(2, 2)).toBe(true);
    expect(coresSaturated(1, 2)).toBe(false);
    // The pool keeps a core free from three cores up (one worker per core but one).
    expect(coresSaturated(2, 3)).toBe(false);
    expect(coresSaturated(4, 8)).toBe(false);
    // Unknown core count: assume a dual-core machine.
    expect(coresSaturated(2, undefined)).toBe(true);
    expect(coresSaturated(0, 0)).toBe(false);
  });
});
