/**
 * The compact basemap file (`public/cities/<City>.basemap`, and the basemap of a built city):
 * gzip of "RLB1", a u32 header length, a UTF-8 JSON header (box, class and name tables,
 * attribution), then one varint stream: per feature its class, name and flags, its parts and
 * their point counts, and every point as zigzag deltas of 1e-6° integers from the one before.
 * Deltas between neighbouring vertices are small, so most take one or two bytes before gzip.
 */
import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';
import { PbfReader, PbfWriter } from 'pbf';
import { FormatError } from '../errors';
import type { Basemap, BasemapFeature } from './collect';
import { MAP_CLASSES, type MapClass } from './map-classes';

const MAGIC = 'RLB1';
const COORD_SCALE = 1e6;
const POLYGON = 1;
const TUNNEL = 2;

interface Header {
  box: [number, number, number, number];
  coordScale: number;
  classes: string[];
  names: string[];
  features: number;
  attribution: string;
}

export interface BasemapFile extends Basemap {
  attribution: string;
}

export function encodeBasemap(basemap: Basemap, attribution: string): Uint8Array {
  const names: string[] = [];
  const nameIds = new Map<string, number>();
  for (const f of basemap.features) {
    if (f.name !== null && !nameIds.has(f.name)) {
      nameIds.set(f.name, names.length);
      names.push(f.name);
    }
  }
  const body = new PbfWriter();
  let px = 0;
  let py = 0;
  for (const f of basemap.features) {
    body.writeVarint(MAP_CLASSES.indexOf(f.cls));
    body.writeVarint(f.name === null ? 0 : nameIds.get(f.name)! + 1);
    body.writeVarint((f.geometry === 'polygon' ? POLYGON : 0) | (f.tunnel ? TUNNEL : 0));
    body.writeVarint(f.parts.length);
    for (const part of f.parts) {
      body.writeVarint(part.length / 2);
      for (let i = 0; i < part.length; i += 2) {
        const x = Math.round(part[i] * COORD_SCALE);
        const y = Math.round(part[i + 1] * COORD_SCALE);
        body.writeSVarint(x - px);
        body.writeSVarint(y - py);
        px = x;
        py = y;
      }
    }
  }
  const header: Header = { box: basemap.box, coordScale: COORD_SCALE, classes: [...MAP_CLASSES], names, features: basemap.features.length, attribution };
  const head = strToU8(JSON.stringify(header));
  const payload = body.finish();
  const out = new Uint8Array(8 + head.length + payload.length);
  out.set(strToU8(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, head.length, true);
  out.set(head, 8);
  out.set(payload, 8 + head.length);
  // No timestamp in the gzip header: the same basemap makes the same file.
  return gzipSync(out, { level: 9, mtime: 0 });
}

export function decodeBasemap(file: string, bytes: Uint8Array): BasemapFile {
  let raw: Uint8Array;
  try {
    raw = gunzipSync(bytes);
  } catch (err) {
    throw new FormatError({ file, field: '(gzip)', expected: 'a gzip-compressed RouteLab basemap', found: err instanceof Error ? err.message : String(err) });
  }
  if (raw.length < 8 || strFromU8(raw.subarray(0, 4)) !== MAGIC) throw new FormatError({ file, field: '(magic)', expected: `a RouteLab basemap (${MAGIC})` });
  const headLength = new DataView(raw.buffer, raw.byteOffset).getUint32(4, true);
  if (8 + headLength > raw.length) throw new FormatError({ file, field: '(header)', expected: 'a complete header', found: `${raw.length} bytes` });
  const header = JSON.parse(strFromU8(raw.subarray(8, 8 + headLength))) as Header;
  const pbf = new PbfReader(raw.subarray(8 + headLength));
  const scale = header.coordScale;
  const features: BasemapFeature[] = [];
  let px = 0;
  let py = 0;
  for (let k = 0; k < header.features; k++) {
    const cls = header.classes[pbf.readVarint()] as MapClass | undefined;
    const nameId = pbf.readVarint();
    const flags = pbf.readVarint();
    const count = pbf.readVarint();
    const parts: number[][] = [];
    for (let p = 0; p < count; p++) {
      const n = pbf.readVarint();
      const part = new Array<number>(2 * n);
      for (let i = 0; i < n; i++) {
        px += pbf.readSVarint();
        py += pbf.readSVarint();
        part[2 * i] = px / scale;
        part[2 * i + 1] = py / scale;
      }
      parts.push(part);
    }
    if (pbf.pos > pbf.length) throw new FormatError({ file, field: `features[${k}]`, expected: 'a complete feature', found: 'the end of the file' });
    // A class this version does not know (a newer file) is skipped, not drawn wrongly.
    if (!cls || !MAP_CLASSES.includes(cls)) continue;
    features.push({ cls, name: nameId > 0 ? (header.names[nameId - 1] ?? null) : null, tunnel: (flags & TUNNEL) !== 0, geometry: flags & POLYGON ? 'polygon' : 'line', parts });
  }
  return { box: header.box, features, attribution: header.attribution };
}
