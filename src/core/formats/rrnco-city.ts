/**
 * RRNCO city files (`{City}_data.npz`): points (lat, lon) degrees, distance km, duration minutes.
 * Converted once here to [lon, lat], metres and seconds. Huge values (> 1e5, RRNCO's marker for
 * unreachable pairs) become Infinity so that no solver mistakes them for a road.
 */
import { FormatError } from '../errors';
import { OSM_ATTRIBUTION, type CityData } from '../cities/city';
import { toFloat64, type NpyArray } from './npy';

export const RRNCO_UNREACHABLE = 1e5;

export function isRrncoCity(arrays: Map<string, NpyArray>): boolean {
  return arrays.has('points') && arrays.has('distance') && arrays.has('duration');
}

export function cityNameFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.npz$/i, '').replace(/_data$/i, '');
}

export function cityFromNpz(file: string, arrays: Map<string, NpyArray>): CityData {
  const points = arrays.get('points')!;
  const dist = arrays.get('distance')!;
  const dur = arrays.get('duration')!;
  if (points.shape.length !== 2 || points.shape[1] !== 2) {
    throw new FormatError({ file, field: 'npz:points', expected: 'shape (N, 2) of (lat, lon)', found: `(${points.shape.join(', ')})` });
  }
  const n = points.shape[0];
  for (const [key, a] of [['distance', dist], ['duration', dur]] as const) {
    if (a.shape.length !== 2 || a.shape[0] !== n || a.shape[1] !== n) {
      throw new FormatError({ file, field: `npz:${key}`, expected: `a square (${n}, ${n}) matrix matching points`, found: `(${a.shape.join(', ')})` });
    }
  }
  const p = toFloat64(points);
  const lonlat = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const lat = p[2 * i];
    const lon = p[2 * i + 1];
    if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
      throw new FormatError({ file, field: `npz:points[${i}]`, expected: '(latitude, longitude) in degrees', found: `(${lat}, ${lon})` });
    }
    lonlat[2 * i] = lon;
    lonlat[2 * i + 1] = lat;
  }
  const convert = (key: string, a: NpyArray, scale: number): Float64Array => {
    const src = toFloat64(a);
    const out = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) {
      const x = src[i];
      if (Number.isNaN(x) || x < 0) {
        throw new FormatError({ file, field: `npz:${key}[${Math.floor(i / n)}][${i % n}]`, expected: 'a non-negative number', found: String(x) });
      }
      out[i] = x > RRNCO_UNREACHABLE || !Number.isFinite(x) ? Infinity : x * scale;
    }
    return out;
  };
  return {
    name: cityNameFromFile(file),
    n,
    lonlat,
    distance: convert('distance', dist, 1000),
    duration: convert('duration', dur, 60),
    attribution: OSM_ATTRIBUTION,
  };
}
