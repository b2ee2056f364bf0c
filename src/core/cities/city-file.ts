/**
 * Files that hold a whole city rather than one problem: the bundled `.rlc` encoding and the RRNCO
 * city `.npz` (points, distance, duration). The app turns them into cities of the picker; the
 * problem parsers still read an RRNCO city as one instance for the CLI.
 */
import { unzipSync } from 'fflate';
import { catchFormat, type ParseResult } from '../errors';
import { readNpz } from '../formats/npy';
import { cityFromNpz, isRrncoCity } from '../formats/rrnco-city';
import type { CityData } from './city';
import { decodeCity } from './encoding';

export type CityFileFormat = 'routelab-city' | 'rrnco-city';

export interface CityFile {
  format: CityFileFormat;
  city: CityData;
}

const RLC_NAME = /\.rlc$/i;

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
}

/** Whether the name says city file; an .npz is one only if its arrays say so (see readCityFile). */
export function namedLikeCityFile(file: string): boolean {
  return RLC_NAME.test(file);
}

/**
 * Reads a city file, or returns null when the file is not one (any other .npz, any other
 * format), so that the caller tries the problem parsers. A city file that is broken is an error.
 */
export function readCityFile(file: string, bytes: Uint8Array): ParseResult<CityFile> | null {
  if (RLC_NAME.test(file)) return catchFormat(file, () => ({ format: 'routelab-city' as const, city: decodeCity(file, bytes) }));
  if (!/\.npz$/i.test(file) && !isZip(bytes)) return null;
  const keys = npzKeys(bytes);
  if (!keys || !CITY_KEYS.every((k) => keys.has(k))) return null;
  return catchFormat(file, () => {
    const arrays = readNpz(file, bytes);
    if (!isRrncoCity(arrays)) throw new Error('the archive lost its city arrays while being read');
    return { format: 'rrnco-city' as const, city: cityFromNpz(file, arrays) };
  });
}

const CITY_KEYS = ['points', 'distance', 'duration'];

/** The array names of an .npz, read from the zip directory without inflating anything. */
function npzKeys(bytes: Uint8Array): Set<string> | null {
  const keys = new Set<string>();
  try {
    unzipSync(bytes, {
      filter: (entry) => {
        if (entry.name.endsWith('.npy')) keys.add(entry.name.slice(0, -4));
        return false;
      },
    });
  } catch {
    return null; // not a readable archive: the problem parsers report it with its location
  }
  return keys;
}
