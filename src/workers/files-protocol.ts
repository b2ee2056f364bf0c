/**
 * Messages between the page and the file worker, which parses every uploaded file (and the
 * answers of a live OSRM server) so that the page never blocks on a big JSON or .npz. The bytes
 * are transferred, not copied. Results are values: a parse error is an answer, never a throw.
 */
import type { CityData } from '../core/cities/city';
import type { CityFileFormat } from '../core/cities/city-file';
import type { FormatErrorInfo } from '../core/errors';
import type { FormatId } from '../core/formats/types';
import type { Instance, ProblemKind } from '../core/instance';
import type { Solution } from '../core/solution';

export interface FileRequest {
  /** The file's name as the planner sees it (the format is sniffed from it and the bytes). */
  file: string;
  bytes: Uint8Array;
  /** Problem kind for files that cannot tell (bare OSRM table, city .npz, CAMP batch). */
  problem?: ProblemKind;
  /** Which instance of a batch file to build (default 0). */
  index?: number;
  /** The current instance: solution files (.sol, VROOM output, solve output) are read against it. */
  instance?: Instance;
  /** Read the file as a problem even if it looks like a solution. */
  problemOnly?: boolean;
}

export type LocatedError = FormatErrorInfo & { message: string };

export type FileImport =
  | {
      kind: 'problem';
      file: string;
      format: FormatId;
      /** Instances the file holds; `index` is the one built. */
      count: number;
      index: number;
      instance: Instance;
      /** A solution stored with the problem (RouteLab JSON, VROOM `solution`). */
      solution?: Solution;
      /** True when the problem kind came from the planner's choice, not the file. */
      kindChosen: boolean;
      warnings: string[];
    }
  | { kind: 'solution'; file: string; format: FormatId; solution: Solution; statedCost?: number; warnings: string[] }
  /** A whole city (RRNCO city .npz, RouteLab .rlc): it joins the planner's cities, it is not a scenario. */
  | { kind: 'city'; file: string; format: CityFileFormat; city: CityData; warnings: string[] }
  /** An OpenStreetMap extract: nothing is read yet, the planner is asked how to build a city from it. */
  | { kind: 'osm'; file: string; warnings: string[] }
  | { kind: 'error'; file: string; error: LocatedError; warnings: string[] };

/** The worker's one method (rpc.ts carries it). */
export interface FileCalls {
  import: { params: FileRequest; result: FileImport };
}
