/**
 * Where a planner's city keeps its street data (the basemap and the road network files made
 * when it was built): next to its matrices, in the city library's IndexedDB database, under
 * these keys. The data worker writes them with the city (same transaction) and deletes them
 * with it; the roads worker only reads them.
 */
import { Lazy } from '../core/cells';
import { CITY_DB_NAME } from './city-library';
import { KvStore } from './kv-store';

export type StreetData = 'basemap' | 'roads';

export function streetsKey(cityId: string, what: StreetData): string {
  return `${what}:${cityId}`;
}

/** Opened on the first read; null where IndexedDB is refused. */
const db = new Lazy(() => KvStore.open(CITY_DB_NAME).then((r) => ('store' in r ? r.store : null)));

/** The stored bytes, or undefined (no such city, no street data, or no IndexedDB here). */
export async function readStoredStreets(cityId: string, what: StreetData): Promise<Uint8Array | undefined> {
  const store = await db.get();
  const value = await store?.get<Uint8Array>(streetsKey(cityId, what));
  return value instanceof Uint8Array ? value : undefined;
}
