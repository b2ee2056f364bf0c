/**
 * The PNG export's legend and credits: what is painted where on the exported canvas, read from
 * a context that records the calls (the same calls a browser's canvas gets).
 */
import { describe, expect, it } from 'vitest';
import { OVERLAY_LAYOUT, drawPngOverlay, legendEntries, type Overlay2D } from '../../src/ui/map/png-overlay';

interface Call {
  op: 'rect' | 'text';
  fill: unknown;
  x: number;
  y: number;
  w?: number;
  h?: number;
  text?: string;
}

/** A 2D context that records each fill with the colour it was made in; text is 7 px a character. */
function recorder(): Overlay2D & { calls: Call[] } {
  const calls: Call[] = [];
  const ctx = {
    calls,
    font: '',
    fillStyle: '' as unknown,
    textBaseline: 'alphabetic' as CanvasTextBaseline,
    measureText: (text: string) => ({ width: text.length * 7 }),
    fillRect(x: number, y: number, w: number, h: number) {
      calls.push({ op: 'rect', fill: ctx.fillStyle, x, y, w, h });
    },
    fillText(text: string, x: number, y: number) {
      calls.push({ op: 'text', fill: ctx.fillStyle, x, y, text });
    },
  };
  return ctx;
}

const OSM = '© OpenStreetMap contributors';

describe('the legend of the runs on the map', () => {
  it('lists the drawn runs, the selected one first and marked when others are drawn with it', () => {
    const runs = [
      { id: 'a', label: '#1 Nearest neighbour', color: '#111111', visible: true },
      { id: 'b', label: '#2 SISR', color: '#222222', visible: true },
      { id: 'c', label: '#3 Savings', color: '#333333', visible: false },
    ];
    expect(legendEntries(runs, 'b')).toEqual([
      { label: '#2 SISR (selected: a colour per vehicle)', color: '#222222', selected: true },
      { label: '#1 Nearest neighbour', color: '#111111', selected: false },
    ]);
    expect(legendEntries(runs.slice(1), 'b')).toEqual([{ label: '#2 SISR', color: '#222222', selected: true }]);
    expect(legendEntries(runs, null).map((e) => e.label)).toEqual(['#1 Nearest neighbour', '#2 SISR']);
  });
});

describe('the overlay painted on the exported PNG', () => {
  it('paints a swatch in each run colour beside its name, top left, and the credits bottom right', () => {
    const ctx = recorder();
    const legend = legendEntries(
      [
        { id: 'a', label: '#1 Nearest neighbour', color: '#e11d48', visible: true },
        { id: 'b', label: '#2 SISR', color: '#2563eb', visible: true },
      ],
      'a',
    );
    const boxes = drawPngOverlay(ctx, 800, 600, { legend, attribution: `MapLibre | ${OSM}` });

    // One swatch per run, in its colour, each followed by its name on the same line.
    expect(boxes.swatches).toHaveLength(2);
    legend.forEach((entry, i) => {
      const swatch = ctx.calls.find((c) => c.op === 'rect' && c.fill === entry.color)!;
      expect(swatch).toMatchObject({ x: boxes.swatches[i].x, y: boxes.swatches[i].y, w: OVERLAY_LAYOUT.swatch.width, h: OVERLAY_LAYOUT.swatch.height });
      const name = ctx.calls.find((c) => c.op === 'text' && c.text === entry.label)!;
      expect(name.x).toBeGreaterThan(swatch.x + swatch.w!);
      expect(Math.abs(name.y - (swatch.y + swatch.h! / 2))).toBeLessThanOrEqual(0.5);
    });
    // The legend's panel holds them all, in the top-left corner.
    const panel = boxes.legend!;
    expect(panel.x).toBe(OVERLAY_LAYOUT.margin);
    expect(panel.y).toBe(OVERLAY_LAYOUT.margin);
    for (const s of boxes.swatches) expect(s.y + s.height).toBeLessThanOrEqual(panel.y + panel.height);
    const longest = 7 * legend[0].label.length;
    expect(panel.width).toBeGreaterThanOrEqual(longest + OVERLAY_LAYOUT.swatch.width);

    // The credits, as the map shows them, end at the picture's bottom-right corner.
    const credit = ctx.calls.find((c) => c.op === 'text' && c.text?.includes('OpenStreetMap'))!;
    expect(credit.text).toBe(`MapLibre | ${OSM}`);
    const box = boxes.attribution!;
    expect(box.x + box.width).toBe(800);
    expect(box.y + box.height).toBe(600);
    expect(credit.x).toBeGreaterThanOrEqual(box.x);
    expect(credit.x + 7 * credit.text!.length).toBeLessThanOrEqual(800);
    // A light panel goes under the text.
    const under = ctx.calls.findIndex((c) => c.op === 'rect' && c.x === box.x && c.y === box.y);
    expect(under).toBeGreaterThanOrEqual(0);
    expect(under).toBeLessThan(ctx.calls.indexOf(credit));
  });

  it('scales with the device pixel ratio', () => {
    const ctx = recorder();
    const boxes = drawPngOverlay(ctx, 1600, 1200, { legend: [{ label: '#1 SISR', color: '#2563eb', selected: true }], attribution: OSM }, 2);
    expect(ctx.font).toBe(`${2 * OVERLAY_LAYOUT.font}px sans-serif`);
    expect(boxes.swatches[0]).toMatchObject({ x: 2 * (OVERLAY_LAYOUT.margin + OVERLAY_LAYOUT.padding), width: 2 * OVERLAY_LAYOUT.swatch.width });
    expect(boxes.attribution!.height).toBe(2 * OVERLAY_LAYOUT.row);
  });

  it('paints nothing where there is no run and no credit (a planar benchmark before a run)', () => {
    const ctx = recorder();
    expect(drawPngOverlay(ctx, 800, 600, { legend: [], attribution: '  ' })).toEqual({ legend: null, swatches: [], attribution: null });
    expect(ctx.calls).toEqual([]);
  });
});
