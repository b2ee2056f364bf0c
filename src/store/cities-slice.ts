/**
 * The planner's own cities (the data worker keeps their matrices; the store keeps their
 * entries for the picker) and the dialog that builds a new one from an OpenStreetMap extract.
 */
import type { StateCreator } from 'zustand';
import type { CityEntry } from '../workers/city-library';
import type { AppState } from './index';

/** Where the builder centres its box: the densest part of the extract, or a point [lon, lat]. */
export type BuildCentre = { kind: 'densest' } | { kind: 'point'; lonlat: [number, number] };

/** The point picked on the map as the build's centre; null when the builder finds the densest part. */
export function pickedCentre(centre: BuildCentre): [number, number] | null {
  switch (centre.kind) {
    case 'point':
      return centre.lonlat;
    case 'densest':
      return null;
  }
}

export interface BuildSettings {
  centre: BuildCentre;
  boxKm: number;
  points: number;
  seed: number;
}

export const DEFAULT_BUILD: BuildSettings = { centre: { kind: 'densest' }, boxKm: 3, points: 1000, seed: 1 };

export interface BuildProgress {
  /** What the builder is doing, in its words ("reading", "routing"…). */
  stage: string;
  /** 0..1 over the whole build. */
  fraction: number;
}

/** The build dialog: open while `cityBuild` is set. The File itself is kept in city-build-actions. */
export interface CityBuildState {
  file: string;
  bytes: number;
  settings: BuildSettings;
  /** The next click on the map sets the centre. */
  picking: boolean;
  /** Set while the builder runs. */
  progress: BuildProgress | null;
  /** The last failed build's message (the file report holds the details). */
  error: string | null;
  /** The extract's extent when known (its header, or the builder's scan), for picking the centre. */
  extent: [number, number, number, number] | null;
}

export interface CitiesSlice {
  userCities: CityEntry[];
  /** Whether the library outlives the page (false where the browser refuses storage), and why not. */
  cityStorage: { persistent: boolean; warning?: string };
  cityBuild: CityBuildState | null;
  setUserCities: (entries: CityEntry[], storage?: { persistent: boolean; warning?: string }) => void;
  setCityBuild: (state: CityBuildState | null) => void;
  patchCityBuild: (patch: Partial<CityBuildState>) => void;
}

export const createCitiesSlice: StateCreator<AppState, [], [], CitiesSlice> = (set) => ({
  userCities: [],
  cityStorage: { persistent: true },
  cityBuild: null,
  setUserCities: (entries, storage) => set((s) => ({ userCities: entries, cityStorage: storage ?? s.cityStorage })),
  setCityBuild: (state) => set({ cityBuild: state }),
  patchCityBuild: (patch) => set((s) => (s.cityBuild ? { cityBuild: { ...s.cityBuild, ...patch } } : {})),
});
