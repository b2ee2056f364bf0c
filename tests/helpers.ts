/** Shared test helpers: repo paths and the bundled cities, decoded once per test file. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeCity } from '../src/core/cities/encoding';
import type { CityData } from '../src/core/cities/city';

export const ROOT = resolve(__dirname, '..');

export function repoPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}

const cities = new Map<string, CityData>();

export function bundledCity(name: string): CityData {
  let city = cities.get(name);
  if (!city) {
    city = decodeCity(name, readFileSync(repoPath('public', 'cities', `${name}.rlc`)));
    cities.set(name, city);
  }
  return city;
}
