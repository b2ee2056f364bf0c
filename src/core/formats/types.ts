import type { Instance, ProblemKind, Rounding } from '../instance';
import type { Solution } from '../solution';
import type { CityData } from '../cities/city';

export type FormatId =
  | 'routelab-json'
  | 'osrm-table'
  | 'rrnco-city'
  | 'rrnco-batch'
  | 'camp-pvrp'
  | 'vroom-input'
  | 'vroom-output'
  | 'tsplib'
  | 'cvrplib-sol'
  | 'solomon'
  | 'stops-csv';

export interface ParseOptions {
  /** Problem kind for files that cannot tell (a bare OSRM table, a city file, a CAMP batch). */
  problem?: ProblemKind;
  /** Vehicle capacity for formats that carry none (OSRM table, CSV of stops). */
  capacity?: number;
  /** Per-arc rounding for planar benchmarks; each format has its own default (CVRPLIB nint, Solomon trunc1). */
  rounding?: Rounding;
}

/** What one file holds. Batches are lazy: instance(i) builds instance i on demand. */
export interface LoadedFile {
  format: FormatId;
  file: string;
  count: number;
  instance(i: number): Instance;
  /** A solution stored with the problem (VROOM `solution` key, RouteLab JSON). */
  solution?: Solution;
  /** A whole city (RRNCO city .npz): the sampler draws instances from it. */
  city?: CityData;
}

/** A solution file that only makes sense against an instance (CVRPLIB .sol, VROOM output). */
export interface LoadedSolution {
  format: FormatId;
  file: string;
  solution: Solution;
  /** The cost the file states, if any (`Cost 27591`). */
  statedCost?: number;
}

export function singleInstance(format: FormatId, file: string, inst: Instance, solution?: Solution): LoadedFile {
  return { format, file, count: 1, instance: () => inst, solution };
}
