/**
 * Map icons drawn at runtime: the offline style has no sprite sheet to load them from.
 */

export interface IconImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/**
 * One scratch canvas for every icon: a route's numbered stops are drawn a hundred at a time,
 * and a new canvas and context for each cost more than the drawing itself.
 */
let scratch: CanvasRenderingContext2D | null = null;

function draw(size: number, paint: (ctx: CanvasRenderingContext2D) => void): IconImage {
  if (!scratch) {
    scratch = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    if (!scratch) throw new Error('Canvas 2D is not available');
  }
  const ctx = scratch;
  // Resizing clears the canvas and resets its state (transform, styles).
  ctx.canvas.width = size;
  ctx.canvas.height = size;
  paint(ctx);
  return { width: size, height: size, data: ctx.getImageData(0, 0, size, size).data };
}

/** A dark square with a white rim and a white dot: unlike any client circle. */
export function depotIcon(): IconImage {
  return draw(22, (ctx) => {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, 22, 22);
    ctx.fillStyle = '#111827';
    ctx.fillRect(2, 2, 18, 18);
    ctx.fillStyle = '#ffffff';
    ctx.beginPath();
    ctx.arc(11, 11, 3.5, 0, 2 * Math.PI);
    ctx.fill();
  });
}

/** A chevron pointing along +x (the line's direction); drawn as an SDF mask so the layer tints it. */
export function arrowIcon(): IconImage {
  return draw(16, (ctx) => {
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(5, 3);
    ctx.lineTo(11, 8);
    ctx.lineTo(5, 13);
    ctx.stroke();
  });
}

/**
 * A numbered stop marker: a disc in the route colour with a white rim and a white number, drawn
 * at `scale`× for sharp text (add it with pixelRatio = scale). Canvas text uses the page's own
 * fonts, so no glyphs need to be fetched.
 */
export function numberIcon(color: string, seq: number, scale = 2): IconImage {
  const text = String(seq);
  const css = text.length >= 3 ? 22 : 18;
  const size = css * scale;
  return draw(size, (ctx) => {
    ctx.scale(scale, scale);
    const r = css / 2;
    ctx.fillStyle = '#ffffff';
    ctx.beginPath();
    ctx.arc(r, r, r - 0.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(r, r, r - 2, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.font = `bold ${text.length >= 2 ? 9 : 10}px system-ui, 'DejaVu Sans', Arial, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, r, r + 0.5);
  });
}
