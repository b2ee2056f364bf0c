/**
 * A candidate the app did not take (scripts/measure-basemap-formats.ts): the streets painted as
 * raster tiles with Canvas 2D, to be shown as textured squares. With software WebGL a repaint
 * cost more with them than with the vector layers (every pixel of the view is textured), so the
 * map draws vector layers (ui/map/basemap-style.ts). Kept to repeat the measurement.
 *
 * Tiles follow maplibre's grid of 512-pixel tiles (a raster source with tileSize 512): tile z
 * is shown from zoom z to z+1, so it is painted for zoom z + 0.5, in the look of look.ts.
 */
import type { Basemap } from '../../src/core/basemap/collect';
import type { Box } from '../../src/core/basemap/clip';
// The app's look, the same constants the vector layers use (ui/map/basemap-style.ts).
import * as look from '../../src/core/basemap/look';
import type { AreaClass, RoadClass } from '../../src/core/basemap/map-classes';

/** What painting needs of a 2D context (OffscreenCanvasRenderingContext2D has it). */
export interface Paint2D {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineJoin: CanvasLineJoin;
  lineCap: CanvasLineCap;
  globalAlpha: number;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
  fill(fillRule?: CanvasFillRule): void;
  stroke(): void;
}

const WORLD = 512;

export function worldX(lon: number): number {
  return ((lon + 180) / 360) * WORLD;
}

export function worldY(lat: number): number {
  const phi = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * WORLD;
}

interface Shape {
  /** Parts in world units (512 to the world at zoom 0), flat x, y. */
  parts: Float64Array[];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

type Pass =
  | { kind: 'fill'; color: string; shapes: Shape[] }
  | { kind: 'stroke'; color: string; width: [number, number]; minzoom: number; alpha: number; shapes: Shape[] };

const MINOR: readonly RoadClass[] = look.MINOR_CLASSES;
/** Least important first, so that the motorway is painted over what it crosses. */
const MAJOR: readonly RoadClass[] = [...look.MAJOR_CLASSES].reverse();

function shapeOf(parts: number[][]): Shape {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const out = parts.map((p) => {
    const a = new Float64Array(p.length);
    for (let i = 0; i < p.length; i += 2) {
      a[i] = worldX(p[i]);
      a[i + 1] = worldY(p[i + 1]);
      minX = Math.min(minX, a[i]);
      maxX = Math.max(maxX, a[i]);
      minY = Math.min(minY, a[i + 1]);
      maxY = Math.max(maxY, a[i + 1]);
    }
    return a;
  });
  return { parts: out, minX, minY, maxX, maxY };
}

export class StreetTiles {
  private readonly passes: Pass[] = [];
  /** World-unit bounds of everything painted, to skip tiles outside at once. */
  private readonly bounds: [number, number, number, number];
  readonly box: Box;

  constructor(basemap: Basemap) {
    this.box = basemap.box;
    const byClass = new Map<string, { polygons: Shape[]; lines: Shape[]; tunnels: Shape[] }>();
    for (const f of basemap.features) {
      let entry = byClass.get(f.cls);
      if (!entry) byClass.set(f.cls, (entry = { polygons: [], lines: [], tunnels: [] }));
      const shape = shapeOf(f.parts);
      if (f.geometry === 'polygon') entry.polygons.push(shape);
      else if (f.tunnel) entry.tunnels.push(shape);
      else entry.lines.push(shape);
    }
    const of = (cls: string) => byClass.get(cls) ?? { polygons: [], lines: [], tunnels: [] };
    // Areas in the basemap's own order within a class, land use under water.
    const land = (Object.keys(look.AREA_COLORS) as AreaClass[]).filter((c) => c !== 'water');
    for (const cls of [...land, 'water' as const]) this.passes.push({ kind: 'fill', color: look.AREA_COLORS[cls], shapes: of(cls).polygons });
    const stroke = (color: string, width: [number, number], shapes: Shape[], minzoom = 0, alpha = 1): Pass => ({ kind: 'stroke', color, width, minzoom, alpha, shapes });
    this.passes.push(stroke(look.WATERWAY_COLOR, look.WATERWAY_WIDTH, of('waterway').lines));
    const tunnels = [...MINOR, ...MAJOR].flatMap((c) => of(c).tunnels);
    this.passes.push(stroke(look.TUNNEL_COLOR, look.TUNNEL_WIDTH, tunnels, look.DETAIL_MINZOOM, look.TUNNEL_OPACITY));
    this.passes.push(stroke(look.ROAD_COLORS.path, look.PATH_WIDTH, of('path').lines, look.DETAIL_MINZOOM));
    for (const [group, w] of [
      [MINOR, look.MINOR_WIDTH],
      [MAJOR, look.MAJOR_WIDTH],
    ] as const) {
      for (const cls of group) this.passes.push(stroke(look.CASING_COLOR, [w[0] + look.CASING_EXTRA[0], w[1] + look.CASING_EXTRA[1]], of(cls).lines, look.CASING_MINZOOM));
      for (const cls of group) this.passes.push(stroke(look.ROAD_COLORS[cls], w, of(cls).lines));
    }
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const p of this.passes) {
      for (const s of p.shapes) {
        minX = Math.min(minX, s.minX);
        minY = Math.min(minY, s.minY);
        maxX = Math.max(maxX, s.maxX);
        maxY = Math.max(maxY, s.maxY);
      }
    }
    this.bounds = [minX, minY, maxX, maxY];
  }

  /** Whether tile (z, x, y) shows anything (tiles outside the basemap need no painting). */
  covers(z: number, x: number, y: number): boolean {
    const scale = WORLD / 2 ** z;
    const [minX, minY, maxX, maxY] = this.bounds;
    return x * scale <= maxX && (x + 1) * scale >= minX && y * scale <= maxY && (y + 1) * scale >= minY;
  }

  /** Paints tile (z, x, y) on a `size`-pixel square; returns the number of shapes painted. */
  paint(ctx: Paint2D, z: number, x: number, y: number, size: number): number {
    const k = (2 ** z * size) / WORLD;
    const ox = x * WORLD;
    const oy = y * WORLD;
    const zoom = z + 0.5;
    const px = size / WORLD;
    // Shapes within a line's width of the tile are painted too: their edge shows in it.
    const margin = (24 * WORLD) / size / 2 ** z;
    const [tx0, ty0] = [(ox - 0) / 2 ** z, (oy - 0) / 2 ** z];
    const [tx1, ty1] = [tx0 + WORLD / 2 ** z, ty0 + WORLD / 2 ** z];
    let painted = 0;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    for (const pass of this.passes) {
      if (pass.kind === 'stroke' && zoom < pass.minzoom) continue;
      const visible = pass.shapes.filter((s) => s.maxX >= tx0 - margin && s.minX <= tx1 + margin && s.maxY >= ty0 - margin && s.minY <= ty1 + margin);
      if (visible.length === 0) continue;
      if (pass.kind === 'fill') {
        ctx.fillStyle = pass.color;
        ctx.globalAlpha = 1;
        for (const s of visible) {
          ctx.beginPath();
          for (const ring of s.parts) {
            for (let i = 0; i < ring.length; i += 2) {
              const cx = ring[i] * k - ox * px;
              const cy = ring[i + 1] * k - oy * px;
              if (i === 0) ctx.moveTo(cx, cy);
              else ctx.lineTo(cx, cy);
            }
            ctx.closePath();
          }
          ctx.fill('evenodd');
        }
      } else {
        ctx.strokeStyle = pass.color;
        ctx.globalAlpha = pass.alpha;
        ctx.lineWidth = look.widthAt(pass.width, zoom) * px;
        // One path per pass: a junction of two streets of a class shows no seam of their ends.
        ctx.beginPath();
        for (const s of visible) {
          for (const line of s.parts) {
            for (let i = 0; i < line.length; i += 2) {
              const cx = line[i] * k - ox * px;
              const cy = line[i + 1] * k - oy * px;
              if (i === 0) ctx.moveTo(cx, cy);
              else ctx.lineTo(cx, cy);
            }
          }
        }
        ctx.stroke();
      }
      painted += visible.length;
    }
    ctx.globalAlpha = 1;
    return painted;
  }
}
