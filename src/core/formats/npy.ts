/**
 * NumPy .npy arrays and .npz archives (a zip of .npy, stored or deflated), read and written with
 * fflate. Only little-endian numeric dtypes in C order are accepted, which is what numpy writes
 * on every platform RouteLab meets.
 */
import { unzipSync, zipSync } from 'fflate';
import { FormatError } from '../errors';

export type NpyData = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | Uint32Array | BigInt64Array;

export interface NpyArray {
  dtype: string;
  shape: number[];
  data: NpyData;
}

const DTYPES: Record<string, { size: number; make: (buf: ArrayBuffer, off: number, len: number) => NpyData }> = {
  '<f8': { size: 8, make: (b, o, l) => new Float64Array(b, o, l) },
  '<f4': { size: 4, make: (b, o, l) => new Float32Array(b, o, l) },
  '<i4': { size: 4, make: (b, o, l) => new Int32Array(b, o, l) },
  '<i8': { size: 8, make: (b, o, l) => new BigInt64Array(b, o, l) },
  '<i2': { size: 2, make: (b, o, l) => new Int16Array(b, o, l) },
  '|i1': { size: 1, make: (b, o, l) => new Int8Array(b, o, l) },
  '|u1': { size: 1, make: (b, o, l) => new Uint8Array(b, o, l) },
  '|b1': { size: 1, make: (b, o, l) => new Uint8Array(b, o, l) },
  '<u2': { size: 2, make: (b, o, l) => new Uint16Array(b, o, l) },
  '<u4': { size: 4, make: (b, o, l) => new Uint32Array(b, o, l) },
};

export function readNpy(file: string, field: string, bytes: Uint8Array): NpyArray {
  const bad = (expected: string, found?: string): never => {
    throw new FormatError({ file, field, expected, found });
  };
  if (bytes.length < 10 || bytes[0] !== 0x93 || String.fromCharCode(...bytes.subarray(1, 6)) !== 'NUMPY') {
    bad('a .npy array (magic \\x93NUMPY)');
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) bad('a complete .npy header');
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  } else {
    return bad('.npy format version 1, 2 or 3', String(major));
  }
  if (headerStart + headerLen > bytes.length) bad('a complete .npy header', `${bytes.length} bytes`);
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLen));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) bad("a header with 'descr', 'fortran_order' and 'shape'", header);
  const dtype = DTYPES[descr!];
  if (!dtype) bad(`a numeric dtype (${Object.keys(DTYPES).join(', ')})`, descr);
  if (fortran === 'True') bad('C-ordered data (fortran_order False)', 'fortran_order True');
  const shape = shapeText!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) bad('a shape of non-negative integers', shapeText);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLen;
  const need = count * dtype.size;
  if (bytes.length - dataStart < need) bad(`${need} bytes of data for shape (${shape.join(', ')})`, `${bytes.length - dataStart} bytes`);
  // Copy so the typed array is aligned and owns its buffer (transferable to workers).
  const copy = bytes.slice(dataStart, dataStart + need);
  return { dtype: descr!, shape, data: dtype.make(copy.buffer, 0, count) };
}

export function readNpz(file: string, bytes: Uint8Array): Map<string, NpyArray> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    throw new FormatError({ file, field: '(zip)', expected: 'a valid .npz (zip) archive', found: err instanceof Error ? err.message : String(err) });
  }
  const out = new Map<string, NpyArray>();
  for (const [name, data] of Object.entries(entries)) {
    if (!name.endsWith('.npy')) continue;
    const key = name.slice(0, -4);
    out.set(key, readNpy(file, `npz:${key}`, data));
  }
  return out;
}

function descrOf(data: NpyData): string {
  if (data instanceof Float64Array) return '<f8';
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Int32Array) return '<i4';
  if (data instanceof BigInt64Array) return '<i8';
  if (data instanceof Int16Array) return '<i2';
  if (data instanceof Int8Array) return '|i1';
  if (data instanceof Uint16Array) return '<u2';
  if (data instanceof Uint32Array) return '<u4';
  return '|u1';
}

export function writeNpy(data: NpyData, shape: number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descrOf(data)}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

export function writeNpz(arrays: Record<string, { data: NpyData; shape: number[] }>, compress = true): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(arrays)) files[`${k}.npy`] = writeNpy(v.data, v.shape);
  return zipSync(files, { level: compress ? 6 : 0 });
}

/** Reads any numeric npy array as float64 values. */
export function toFloat64(a: NpyArray): Float64Array {
  if (a.data instanceof Float64Array) return a.data;
  if (a.data instanceof BigInt64Array) return Float64Array.from(a.data, (x) => Number(x));
  return Float64Array.from(a.data as ArrayLike<number>);
}
