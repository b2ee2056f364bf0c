/**
 * A built city as files: the RRNCO city .npz (points (lat, lon), distance km, duration minutes,
 * float64, exactly the layout of data/cities/*_data.npz), the bundled .rlc encoding, the meta
 * JSON; and the points a build may be asked to reuse (`--points-from`).
 */
import type { CityData } from '../cities/city';
import { decodeCity, encodeCity } from '../cities/encoding';
import { FormatError } from '../errors';
import { readNpz, writeNpz } from '../formats/npy';
import { cityFromNpz, isRrncoCity } from '../formats/rrnco-city';

export function cityToNpz(city: CityData): Uint8Array {
  const n = city.n;
  const points = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    points[2 * i] = city.lonlat[2 * i + 1];
    points[2 * i + 1] = city.lonlat[2 * i];
  }
  const km = city.distance.map((m) => m / 1000);
  const minutes = city.duration.map((s) => s / 60);
  return writeNpz({
    points: { data: points, shape: [n, 2] },
    distance: { data: km, shape: [n, n] },
    duration: { data: minutes, shape: [n, n] },
  });
}

export function cityToRlc(city: CityData): Uint8Array {
  return encodeCity(city);
}

export function metaToJson(meta: Record<string, unknown>): string {
  return `${JSON.stringify(meta, null, 1)}\n`;
}

/**
 * [lon, lat] pairs from a points file: a city (.npz RRNCO city, .rlc), or JSON — an array of
 * [lon, lat] pairs, of {lon, lat} / {lat, lng} objects, `{ "points": … }` of those, or a GeoJSON
 * FeatureCollection of Points.
 */
export function readPointsFile(file: string, bytes: Uint8Array): Float64Array {
  if (/\.rlc$/i.test(file)) return decodeCity(file, bytes).lonlat;
  if (/\.npz$/i.test(file) || (bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    const arrays = readNpz(file, bytes);
    if (!isRrncoCity(arrays)) throw new FormatError({ file, field: '(keys)', expected: 'an RRNCO city .npz (points, distance, duration)', found: [...arrays.keys()].join(', ') });
    return cityFromNpz(file, arrays).lonlat;
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new FormatError({ file, field: '(json)', expected: 'a JSON points file, an .npz or an .rlc city', found: err instanceof Error ? err.message : String(err) });
  }
  let list: unknown = value;
  if (list && typeof list === 'object' && !Array.isArray(list)) {
    const o = list as Record<string, unknown>;
    if (o.type === 'FeatureCollection' && Array.isArray(o.features)) {
      list = (o.features as { geometry?: { type?: string; coordinates?: unknown } }[]).map((f, i) => {
        if (f.geometry?.type !== 'Point') throw new FormatError({ file, field: `features[${i}].geometry`, expected: 'a Point', found: String(f.geometry?.type) });
        return f.geometry.coordinates;
      });
    } else if (Array.isArray(o.points)) list = o.points;
  }
  if (!Array.isArray(list) || list.length === 0) throw new FormatError({ file, field: '(points)', expected: 'a non-empty list of points' });
  const out = new Float64Array(2 * list.length);
  list.forEach((p, i) => {
    let lon: unknown;
    let lat: unknown;
    if (Array.isArray(p)) [lon, lat] = p;
    else if (p && typeof p === 'object') {
      const o = p as Record<string, unknown>;
      lon = o.lon ?? o.lng ?? o.longitude;
      lat = o.lat ?? o.latitude;
    }
    if (typeof lon !== 'number' || typeof lat !== 'number' || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      throw new FormatError({ file, field: `points[${i}]`, expected: '[lon, lat] or {lon, lat} in degrees', found: JSON.stringify(p) });
    }
    out[2 * i] = lon;
    out[2 * i + 1] = lat;
  });
  return out;
}
