/**
 * Ids of the planner's own cities. An id names the city's content (points and matrices), not its
 * file: solve workers cache instances by an id built from the city's, so two different cities
 * must never share one, and the same city read twice is recognised as one.
 */
import type { CityData } from './city';

function words(a: Float64Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
}

/** Two FNV-1a style 32-bit hashes with different seeds and primes, as 16 hex digits. */
export function cityHash(city: Pick<CityData, 'n' | 'lonlat' | 'distance' | 'duration'>): string {
  let a = 0x811c9dc5 ^ city.n;
  let b = 0x9e3779b9 ^ city.n;
  for (const arr of [city.lonlat, city.distance, city.duration]) {
    const w = words(arr);
    for (let i = 0; i < w.length; i++) {
      a = Math.imul(a ^ w[i], 0x01000193);
      b = Math.imul(b ^ w[i], 0x85ebca6b) ^ (b >>> 15);
    }
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** A readable stem for an id: letters, digits and underscores from the city's name. */
export function citySlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return slug || 'city';
}

/** `<slug>-<10 hex digits>`: the hyphen keeps it apart from every bundled city's name. */
export function userCityId(name: string, city: Pick<CityData, 'n' | 'lonlat' | 'distance' | 'duration'>): string {
  return `${citySlug(name)}-${cityHash(city).slice(0, 10)}`;
}

/** Whether two ids name the same content (their hash parts agree, whatever the names). */
export function sameCityContent(a: string, b: string): boolean {
  const hash = (id: string) => /-([0-9a-f]{10})$/.exec(id)?.[1];
  const ha = hash(a);
  return ha !== undefined && ha === hash(b);
}
