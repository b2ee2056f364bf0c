/**
 * A city named on the command line: a bundled city (public/cities/<Name>.rlc), a dataset city
 * (data/cities/<Name>_data.npz), or a path to a city file (.rlc, RRNCO city .npz) such as one
 * `npm run city -- build` wrote.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BUNDLED_CITIES, type CityData } from '../core/cities/city';
import { readCityFile } from '../core/cities/city-file';
import type { LoadedFile } from '../core/formats/types';
import { instanceFromMatrices } from '../core/formats/matrix-instance';
import { UsageError, stringFlag, type Args } from './args';
import { readInput } from './city-io';
import { InputError, REPO_ROOT, loadBundledCity, loadDatasetCity, problemFlag } from './io';

const CITY_FILE = /\.(rlc|npz)$/i;

/** The city for `arg`, or null when `arg` is neither a city file nor a known city name. */
export function resolveCity(arg: string): CityData | null {
  if (CITY_FILE.test(arg) && existsSync(arg)) {
    const result = readCityFile(basename(arg), readInput(arg));
    if (!result) return null;
    if (!result.ok) throw new InputError({ ...result.error, file: arg, message: result.error.message.replace(basename(arg), arg) });
    return result.value.city;
  }
  if (existsSync(arg)) return null;
  const key = arg.toLowerCase().replace(/ /g, '_');
  const bundled = BUNDLED_CITIES.find((c) => c.toLowerCase() === key);
  if (bundled) return loadBundledCity(bundled);
  const dataset = ['Copenhagen', 'Lauf', 'Liechtenstein', 'Moscow', 'Hoyerswerda', 'Amager'].find((c) => c.toLowerCase() === key) ?? arg;
  if (existsSync(join(REPO_ROOT, 'data', 'cities', `${dataset}_data.npz`))) return loadDatasetCity(dataset);
  return null;
}

export function requireCity(arg: string): CityData {
  const city = resolveCity(arg);
  if (!city) {
    if (CITY_FILE.test(arg) && !existsSync(arg)) throw new InputError({ file: arg, field: '(file)', expected: 'a readable city file', message: `${arg}: no such file` });
    throw new UsageError(`--city must be a bundled city (${BUNDLED_CITIES.join(', ')}), a city in data/cities, or a .rlc / .npz city file; got "${arg}"`);
  }
  return city;
}

/** A whole city as one instance (every point a node), as the npz parser does for RRNCO cities. */
export function cityAsLoadedFile(city: CityData, file: string, args: Args): LoadedFile {
  const capacity = stringFlag(args, 'capacity');
  const inst = instanceFromMatrices({
    file,
    name: city.name,
    kind: problemFlag(args) ?? 'atsp',
    n: city.n,
    distance: city.distance,
    duration: city.duration,
    coords: city.lonlat,
    coordSystem: 'lonlat',
    units: { distance: 'm', time: 's' },
    capacity: capacity === undefined ? undefined : Number(capacity),
    format: 'rrnco-city',
    warn: (w) => process.stderr.write(`warning: ${w}\n`),
  });
  inst.meta.city = city.name;
  inst.meta.attribution = city.attribution;
  return { format: 'rrnco-city', file, count: 1, city, instance: () => inst };
}
