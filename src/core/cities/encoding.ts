/**
 * The compact, lossless encoding of a bundled city (`public/cities/<City>.rlc`).
 *
 * OSRM reports distances in 0.1 m and durations in 0.1 s, and the city points are rounded to
 * 1e-6°, so every value is an integer in those units: the file stores integers and decodes to
 * exactly the numbers OSRM returned (the npz's km / minutes are those numbers / 1000 and / 60).
 * Layout, then gzip: "RLC1", u32 header length, UTF-8 JSON header, zero padding to 4 bytes, then
 * byte-shuffled little-endian arrays: i32 lon·1e6, lat·1e6 (2n); u32 distance dm (n²); u32
 * duration ds (n²). Byte shuffling (all low bytes, then the next plane...) halves the gzip size.
 */
import { gunzipSync, gzipSync } from 'fflate';
import { FormatError } from '../errors';
import type { CityData } from './city';

const MAGIC = 'RLC1';
const COORD_SCALE = 1e6;
const DISTANCE_SCALE = 10; // decimetres per metre
const DURATION_SCALE = 10; // deciseconds per second

interface Header {
  name: string;
  n: number;
  attribution: string;
  coordScale: number;
  distanceScale: number;
  durationScale: number;
}

function toIntegers(file: string, field: string, values: Float64Array, scale: number, signed: boolean): Uint32Array {
  const out = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const scaled = values[i] * scale;
    const r = Math.round(scaled);
    if (!Number.isFinite(scaled) || Math.abs(scaled - r) > 1e-6 * Math.max(1, Math.abs(scaled)) || (!signed && r < 0)) {
      throw new FormatError({ file, field: `${field}[${i}]`, expected: `a value that is a whole number of 1/${scale} units`, found: String(values[i]) });
    }
    out[i] = r >>> 0;
  }
  return out;
}

function shuffle(words: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  const n = words.length;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) for (let b = 0; b < 4; b++) out[b * n + i] = bytes[i * 4 + b];
  return out;
}

function unshuffle(bytes: Uint8Array, offset: number, n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] =
      (bytes[offset + i] |
        (bytes[offset + n + i] << 8) |
        (bytes[offset + 2 * n + i] << 16) |
        (bytes[offset + 3 * n + i] << 24)) >>>
      0;
  }
  return out;
}

export function encodeCity(city: CityData): Uint8Array {
  const file = `${city.name}.rlc`;
  const coords = toIntegers(file, 'lonlat', city.lonlat, COORD_SCALE, true);
  const dist = toIntegers(file, 'distance', city.distance, DISTANCE_SCALE, false);
  const dur = toIntegers(file, 'duration', city.duration, DURATION_SCALE, false);
  const header: Header = {
    name: city.name,
    n: city.n,
    attribution: city.attribution,
    coordScale: COORD_SCALE,
    distanceScale: DISTANCE_SCALE,
    durationScale: DURATION_SCALE,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const headerLen = Math.ceil(headerBytes.length / 4) * 4;
  const parts = [shuffle(coords), shuffle(dist), shuffle(dur)];
  const total = 8 + headerLen + parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(total);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, headerLen, true);
  out.set(headerBytes, 8);
  let offset = 8 + headerLen;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return gzipSync(out, { level: 9 });
}

export function decodeCity(file: string, gz: Uint8Array): CityData {
  let bytes: Uint8Array;
  try {
    bytes = gunzipSync(gz);
  } catch (err) {
    throw new FormatError({ file, field: '(gzip)', expected: 'a gzip-compressed RouteLab city file', found: String(err) });
  }
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic !== MAGIC) throw new FormatError({ file, field: '(magic)', expected: `the ${MAGIC} signature`, found: magic });
  const headerLen = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen)).replace(/\0+$/, '').trim());
  } catch {
    throw new FormatError({ file, field: '(header)', expected: 'a JSON header' });
  }
  const n = header.n;
  const need = 8 + headerLen + 4 * (2 * n + 2 * n * n);
  if (!Number.isInteger(n) || n < 1 || bytes.length !== need) {
    throw new FormatError({ file, field: '(size)', expected: `${need} bytes for ${n} points`, found: `${bytes.length} bytes` });
  }
  let offset = 8 + headerLen;
  const coordsI = new Int32Array(unshuffle(bytes, offset, 2 * n).buffer);
  offset += 8 * n;
  const distI = unshuffle(bytes, offset, n * n);
  offset += 4 * n * n;
  const durI = unshuffle(bytes, offset, n * n);
  const lonlat = new Float64Array(2 * n);
  for (let i = 0; i < 2 * n; i++) lonlat[i] = coordsI[i] / header.coordScale;
  const distance = new Float64Array(n * n);
  const duration = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    distance[i] = distI[i] / header.distanceScale;
    duration[i] = durI[i] / header.durationScale;
  }
  return { name: header.name, n, lonlat, distance, duration, attribution: header.attribution };
}
