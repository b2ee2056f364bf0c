/**
 * The planner's own cities (uploaded city files and cities built from OSM extracts), kept in
 * the data worker: their matrices never visit the page. In the browser they live in their own
 * IndexedDB database, apart from the session, so that "New scenario" keeps them; where storage
 * is refused they live in memory for the page's lifetime.
 */
import type { CityData } from '../core/cities/city';
import { streetsKey, type StreetData } from './city-streets';
import { KvStore } from './kv-store';

/** A built city's street files (basemap, road network), read by the roads worker (city-streets.ts). */
export type CityStreets = Partial<Record<StreetData, Uint8Array>>;
const STREET_DATA: StreetData[] = ['basemap', 'roads'];

export type CitySource = 'built' | 'rrnco-city' | 'routelab-city';

/** What the page knows of a stored city: enough for the picker, the map and the sampler's limits. */
export interface CityEntry {
  /** The city's key everywhere (scenario, instance meta.city, sample ids): see core/cities/city-id.ts. */
  id: string;
  /** The name the picker shows. */
  name: string;
  n: number;
  source: CitySource;
  /** The file it came from: the city file, or the OSM extract it was built from. */
  file: string;
  addedAt: number;
  attribution: string;
  /** [west, south, east, north] of its road points. */
  bounds: [number, number, number, number];
  /** The builder's account of a built city (box, seed, counts, what was dropped), as it gave it. */
  build?: Record<string, unknown>;
}

export interface CityLibrary {
  /** False where the browser refused storage: cities last until the page goes. */
  readonly persistent: boolean;
  list(): Promise<CityEntry[]>;
  get(id: string): Promise<CityData | undefined>;
  /** The entry, the matrices and the street files land together or not at all. */
  put(entry: CityEntry, city: CityData, streets?: CityStreets): Promise<void>;
  /** Removes the city with its street files. */
  remove(id: string): Promise<void>;
}

export class MemoryCityLibrary implements CityLibrary {
  readonly persistent = false;
  private readonly entries = new Map<string, { entry: CityEntry; city: CityData; streets: CityStreets }>();

  async list(): Promise<CityEntry[]> {
    return [...this.entries.values()].map((e) => e.entry).sort(byAdded);
  }

  async get(id: string): Promise<CityData | undefined> {
    return this.entries.get(id)?.city;
  }

  async put(entry: CityEntry, city: CityData, streets: CityStreets = {}): Promise<void> {
    this.entries.set(entry.id, { entry, city, streets });
  }

  async streets(id: string, what: StreetData): Promise<Uint8Array | undefined> {
    return this.entries.get(id)?.streets[what];
  }

  async remove(id: string): Promise<void> {
    this.entries.delete(id);
  }
}

export const CITY_DB_NAME = 'routelab-cities';
const entryKey = (id: string) => `entry:${id}`;
const cityKey = (id: string) => `city:${id}`;

function byAdded(a: CityEntry, b: CityEntry): number {
  return a.addedAt - b.addedAt || a.id.localeCompare(b.id);
}

export class IdbCityLibrary implements CityLibrary {
  readonly persistent = true;
  constructor(private readonly kv: KvStore) {}

  async list(): Promise<CityEntry[]> {
    const keys = (await this.kv.keys()).filter((k) => k.startsWith('entry:'));
    const entries = await Promise.all(keys.map((k) => this.kv.get<CityEntry>(k)));
    return entries.filter((e): e is CityEntry => !!e && typeof e.id === 'string').sort(byAdded);
  }

  get(id: string): Promise<CityData | undefined> {
    return this.kv.get<CityData>(cityKey(id));
  }

  put(entry: CityEntry, city: CityData, streets: CityStreets = {}): Promise<void> {
    const puts: [string, unknown][] = [[cityKey(entry.id), city]];
    for (const what of STREET_DATA) if (streets[what]) puts.push([streetsKey(entry.id, what), streets[what]]);
    // The entry last: a city is listed only once everything it needs is there.
    puts.push([entryKey(entry.id), entry]);
    return this.kv.write(puts);
  }

  remove(id: string): Promise<void> {
    return this.kv.write([], [entryKey(id), cityKey(id), ...STREET_DATA.map((what) => streetsKey(id, what))]);
  }
}

/** The browser's library, or one in memory (with the reason) where IndexedDB is refused. */
export async function openCityLibrary(): Promise<{ library: CityLibrary; warning?: string }> {
  const opened = await KvStore.open(CITY_DB_NAME);
  if ('error' in opened) return { library: new MemoryCityLibrary(), warning: opened.error };
  return { library: new IdbCityLibrary(opened.store) };
}

export function boundsOfPoints(lonlat: Float64Array): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (let i = 0; i < lonlat.length; i += 2) {
    w = Math.min(w, lonlat[i]);
    e = Math.max(e, lonlat[i]);
    s = Math.min(s, lonlat[i + 1]);
    n = Math.max(n, lonlat[i + 1]);
  }
  return [w, s, e, n];
}
