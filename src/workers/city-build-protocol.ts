/**
 * Messages between the page and a city-build worker, which turns an OpenStreetMap extract into
 * a city (road points, distance and duration matrices). One worker per build: Cancel
 * terminates it, which frees whatever the build held at once. The extract travels as a File
 * (the worker streams it; the page never reads it); the city comes back transferred.
 */
import type { CityData } from '../core/cities/city';
import type { CityStreets } from './city-library';
import type { LocatedError } from './files-protocol';

export interface CityBuildOptions {
  /** [lon, lat]; absent: the densest part of the extract. */
  centre?: [number, number];
  boxKm: number;
  points: number;
  seed: number;
}

export type CityBuildRequest =
  | { kind: 'build'; file: string; source: Blob; options: CityBuildOptions }
  /** Reads only the start of the extract for its declared extent (to pick a centre on the map). */
  | { kind: 'extent'; file: string; source: Blob };

export type CityBuildReply =
  | { kind: 'progress'; stage: string; fraction: number }
  | { kind: 'built'; city: CityData; streets: CityStreets; build: Record<string, unknown>; warnings: string[] }
  | { kind: 'extent'; bounds: [number, number, number, number] | null }
  | { kind: 'failed'; error: LocatedError };
