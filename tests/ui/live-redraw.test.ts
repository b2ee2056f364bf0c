import { describe, expect, it } from 'vitest';
import { liveRedrawDelay } from '../../src/ui/map/live-redraw';

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
});
