/**
 * Where points may lie: a box of given size around a centre (in local metres, like the bundled
 * cities' ±1.5 km boxes) or a polygon (osmosis .poly file, e.g. an extract's own outline).
 */
import { FormatError } from '../errors';
import { EARTH_RADIUS_M } from './geo';

export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export type SampleArea =
  | { kind: 'box'; centre: [number, number]; widthKm: number; heightKm: number; bounds: Bounds }
  | { kind: 'polygon'; name: string; rings: Float64Array[]; bounds: Bounds };

const RAD = Math.PI / 180;

/** A box of widthKm × heightKm centred on [lon, lat]. */
export function boxAround(centre: [number, number], widthKm: number, heightKm = widthKm): SampleArea {
  const [lon, lat] = centre;
  const dLat = (heightKm * 500) / (EARTH_RADIUS_M * RAD);
  const dLon = (widthKm * 500) / (EARTH_RADIUS_M * RAD * Math.cos(lat * RAD));
  return {
    kind: 'box',
    centre,
    widthKm,
    heightKm,
    bounds: { west: lon - dLon, east: lon + dLon, south: lat - dLat, north: lat + dLat },
  };
}

/**
 * Osmosis polygon format: a name line, then sections (a name line, "lon lat" lines, END), then
 * END. Sections whose name starts with '!' are holes.
 */
export function parsePoly(file: string, text: string): SampleArea {
  const lines = text.split(/\r?\n/);
  const name = lines[0]?.trim() ?? '';
  const rings: Float64Array[] = [];
  const holes: Float64Array[] = [];
  let i = 1;
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (;;) {
    while (i < lines.length && lines[i].trim() === '') i++;
    if (i >= lines.length) throw new FormatError({ file, line: i, expected: 'END closing the polygon file' });
    const head = lines[i].trim();
    i++;
    if (head === 'END') break;
    const coords: number[] = [];
    for (;;) {
      if (i >= lines.length) throw new FormatError({ file, line: i, expected: `END closing section ${head}` });
      const l = lines[i].trim();
      i++;
      if (l === 'END') break;
      if (l === '') continue;
      const parts = l.split(/\s+/).map(Number);
      if (parts.length < 2 || !Number.isFinite(parts[0]) || !Number.isFinite(parts[1]) || Math.abs(parts[0]) > 180 || Math.abs(parts[1]) > 90) {
        throw new FormatError({ file, line: i, expected: '"longitude latitude" in degrees', found: l });
      }
      coords.push(parts[0], parts[1]);
    }
    if (coords.length < 6) throw new FormatError({ file, line: i, expected: `a ring of at least 3 points in section ${head}`, found: `${coords.length / 2} points` });
    const ring = Float64Array.from(coords);
    if (head.startsWith('!')) holes.push(ring);
    else {
      rings.push(ring);
      for (let k = 0; k < ring.length; k += 2) {
        west = Math.min(west, ring[k]);
        east = Math.max(east, ring[k]);
        south = Math.min(south, ring[k + 1]);
        north = Math.max(north, ring[k + 1]);
      }
    }
  }
  if (rings.length === 0) throw new FormatError({ file, expected: 'at least one polygon section' });
  // Holes are rings too: the even-odd rule of insideArea subtracts them.
  return { kind: 'polygon', name, rings: [...rings, ...holes], bounds: { west, south, east, north } };
}

function inRing(ring: Float64Array, lon: number, lat: number): boolean {
  let inside = false;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[2 * i];
    const yi = ring[2 * i + 1];
    const xj = ring[2 * j];
    const yj = ring[2 * j + 1];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function insideArea(area: SampleArea, lon: number, lat: number): boolean {
  const b = area.bounds;
  if (lon < b.west || lon > b.east || lat < b.south || lat > b.north) return false;
  switch (area.kind) {
    case 'box':
      return true;
    case 'polygon': {
      let inside = false;
      for (const ring of area.rings) if (inRing(ring, lon, lat)) inside = !inside;
      return inside;
    }
  }
}

/** What a city's meta says of the area its points were drawn in: a box's centre and size, a polygon's name. */
export function areaFacts(area: SampleArea | null): { centre: [number, number] | null; widthKm: number | null; heightKm: number | null; name: string | null } {
  switch (area?.kind) {
    case 'box':
      return { centre: area.centre, widthKm: area.widthKm, heightKm: area.heightKm, name: null };
    case 'polygon':
      return { centre: null, widthKm: null, heightKm: null, name: area.name };
    case undefined:
      return { centre: null, widthKm: null, heightKm: null, name: null };
  }
}
