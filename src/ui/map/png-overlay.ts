/**
 * What a PNG of the map carries besides the picture: a legend of the runs drawn (number, solver,
 * colour; the selected run's routes are in a colour per vehicle) and the map's credits, the text
 * of its attribution control (OpenStreetMap's wherever a city, its streets or OSM matrices are
 * shown). The page shows both as HTML over the canvas, which a canvas export leaves out, so they
 * are painted onto the exported canvas here. Pure drawing on a small 2D interface, so that a
 * test can record what is drawn where.
 */

export interface LegendEntry {
  label: string;
  /** The run's colour (the table's swatch). */
  color: string;
  selected: boolean;
}

export interface PngOverlay {
  legend: readonly LegendEntry[];
  /** The credits as the map shows them; '' for none. */
  attribution: string;
}

/** What the overlay needs of a 2D context (CanvasRenderingContext2D has it). */
export interface Overlay2D {
  font: string;
  fillStyle: unknown;
  textBaseline: CanvasTextBaseline;
  measureText(text: string): { width: number };
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the overlay went (canvas pixels): for tests that look at the exported image. */
export interface OverlayBoxes {
  legend: Box | null;
  /** The swatch of each legend entry, in legend order. */
  swatches: Box[];
  attribution: Box | null;
}

/** Sizes in CSS pixels; the canvas has `scale` pixels to one (the device pixel ratio). */
export const OVERLAY_LAYOUT = {
  margin: 8,
  padding: 6,
  row: 18,
  font: 12,
  swatch: { width: 18, height: 6 },
  gap: 6,
} as const;

const PANEL = 'rgba(255, 255, 255, 0.88)';
const TEXT = '#222';

/** The legend of the runs on the map: the selected run first, then the others in run order. */
export function legendEntries(runs: readonly { id: string; label: string; color: string; visible: boolean }[], selectedId: string | null): LegendEntry[] {
  const shown = runs.filter((r) => r.visible);
  const ordered = [...shown.filter((r) => r.id === selectedId), ...shown.filter((r) => r.id !== selectedId)];
  return ordered.map((r) => ({
    label: r.id === selectedId && shown.length > 1 ? `${r.label} (selected: a colour per vehicle)` : r.label,
    color: r.color,
    selected: r.id === selectedId,
  }));
}

/** Paints the legend (top left) and the credits (bottom right) over a map of width × height canvas pixels. */
export function drawPngOverlay(ctx: Overlay2D, width: number, height: number, overlay: PngOverlay, scale = 1): OverlayBoxes {
  const L = OVERLAY_LAYOUT;
  const px = (v: number) => Math.round(v * scale);
  ctx.font = `${px(L.font)}px sans-serif`;
  ctx.textBaseline = 'middle';
  const boxes: OverlayBoxes = { legend: null, swatches: [], attribution: null };

  if (overlay.legend.length > 0) {
    const textWidth = Math.max(...overlay.legend.map((e) => ctx.measureText(e.label).width));
    const legend = {
      x: px(L.margin),
      y: px(L.margin),
      width: Math.ceil(px(2 * L.padding + L.swatch.width + L.gap) + textWidth),
      height: px(2 * L.padding + L.row * overlay.legend.length),
    };
    ctx.fillStyle = PANEL;
    ctx.fillRect(legend.x, legend.y, legend.width, legend.height);
    overlay.legend.forEach((entry, i) => {
      const middle = legend.y + px(L.padding + L.row * i + L.row / 2);
      const swatch = { x: legend.x + px(L.padding), y: middle - px(L.swatch.height / 2), width: px(L.swatch.width), height: px(L.swatch.height) };
      ctx.fillStyle = entry.color;
      ctx.fillRect(swatch.x, swatch.y, swatch.width, swatch.height);
      boxes.swatches.push(swatch);
      ctx.fillStyle = TEXT;
      ctx.fillText(entry.label, swatch.x + swatch.width + px(L.gap), middle);
    });
    boxes.legend = legend;
  }

  const credit = overlay.attribution.trim();
  if (credit) {
    const w = Math.ceil(ctx.measureText(credit).width + px(2 * L.padding));
    const h = px(L.row);
    const box = { x: width - w, y: height - h, width: w, height: h };
    ctx.fillStyle = PANEL;
    ctx.fillRect(box.x, box.y, box.width, box.height);
    ctx.fillStyle = TEXT;
    ctx.fillText(credit, box.x + px(L.padding), box.y + h / 2);
    boxes.attribution = box;
  }
  return boxes;
}
