/**
 * What the page knows of a city by its key without loading it: its name, whether it can be
 * loaded, how many road points it has. Bundled cities by name; the planner's own from the
 * library entries in the store.
 */
import { BUNDLED_CITIES, cityLabel, isBundledCity } from '../core/cities/city';
import type { CityEntry } from '../workers/city-library';
import { useAppStore } from './index';

/** Road points of every bundled city. */
export const BUNDLED_POINTS = 1000;

export function userCity(key: string, cities: readonly CityEntry[] = useAppStore.getState().userCities): CityEntry | undefined {
  return cities.find((c) => c.id === key);
}

/** The name a city is shown by: a bundled city's, or the name the planner's city came with. */
export function cityTitle(key: string, cities: readonly CityEntry[] = useAppStore.getState().userCities): string {
  return userCity(key, cities)?.name ?? cityLabel(key);
}

/** Whether the city can be loaded: bundled, or in the planner's library. */
export function isKnownCity(key: string, cities: readonly CityEntry[] = useAppStore.getState().userCities): boolean {
  return isBundledCity(key) || userCity(key, cities) !== undefined;
}

/** How many road points the city has (the sampler's limit). */
export function cityPointCount(key: string, cities: readonly CityEntry[] = useAppStore.getState().userCities): number {
  return userCity(key, cities)?.n ?? BUNDLED_POINTS;
}


/** A name no city of the picker has yet (bundled or the planner's): the name, else numbered. */
export function uniqueCityName(name: string, cities: readonly CityEntry[] = useAppStore.getState().userCities): string {
  const taken = new Set([...BUNDLED_CITIES.map(cityLabel), ...cities.map((c) => c.name)]);
  const base = name.trim() || 'City';
  if (!taken.has(base)) return base;
  let k = 2;
  while (taken.has(`${base} ${k}`)) k++;
  return `${base} ${k}`;
}
