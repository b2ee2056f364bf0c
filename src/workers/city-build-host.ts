/**
 * The city-build worker's logic, free of the worker global so that it runs under Node in unit
 * tests: run one build (or one extent read) and answer with values. A build error is an
 * answer naming the file and the problem, never a throw.
 */
import type { CityData } from '../core/cities/city';
import { describeFormatError, FormatError, type FormatErrorInfo } from '../core/errors';
import type { CityBuildOptions, CityBuildReply, CityBuildRequest } from './city-build-protocol';
import type { CityStreets } from './city-library';

export interface BuiltCity {
  city: CityData;
  /** The city's street files for the map (basemap, road network), when the builder made them. */
  streets?: CityStreets;
  /** The builder's account (extract, box, seed, counts, timings, attribution), kept with the city. */
  build: Record<string, unknown>;
  warnings: string[];
}

export interface BuildControl {
  onProgress: (stage: string, fraction: number) => void;
  signal: AbortSignal;
}

/** The builder as the worker sees it; the real one is wired in osm-city-builder.ts. */
export interface CityBuilder {
  build(file: string, source: Blob, options: CityBuildOptions, control: BuildControl): Promise<BuiltCity>;
  extent(file: string, source: Blob): Promise<[number, number, number, number] | null>;
}

export type PostBuild = (reply: CityBuildReply, transfer?: Transferable[]) => void;

/** Progress is sent at most this often: the page redraws a bar, not a log. */
const PROGRESS_EVERY_MS = 100;

function located(file: string, err: unknown): FormatErrorInfo & { message: string } {
  if (err instanceof FormatError) return { ...err.info, message: err.message };
  const info: FormatErrorInfo = {
    file,
    field: '(file)',
    expected: 'an OpenStreetMap extract the builder can finish',
    found: err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err),
  };
  return { ...info, message: describeFormatError(info) };
}

export async function handleBuildRequest(req: CityBuildRequest, post: PostBuild, builder: CityBuilder, signal: AbortSignal): Promise<void> {
  if (req.kind === 'extent') {
    let bounds: [number, number, number, number] | null = null;
    try {
      bounds = await builder.extent(req.file, req.source);
    } catch {
      bounds = null; // the build itself reports what is wrong with the file
    }
    post({ kind: 'extent', bounds });
    return;
  }
  let last = 0;
  let lastStage = '';
  // Throttled within a stage; a new stage is always shown, however fast the one before it was.
  const onProgress = (stage: string, fraction: number) => {
    const now = Date.now();
    if (stage === lastStage && now - last < PROGRESS_EVERY_MS && fraction < 1) return;
    last = now;
    lastStage = stage;
    post({ kind: 'progress', stage, fraction: Math.max(0, Math.min(1, fraction)) });
  };
  try {
    const built = await builder.build(req.file, req.source, req.options, { onProgress, signal });
    const { city } = built;
    const streets = built.streets ?? {};
    const transfer = [...new Set([city.lonlat.buffer, city.distance.buffer, city.duration.buffer, ...Object.values(streets).map((b) => b.buffer)])] as Transferable[];
    post({ kind: 'built', city, streets, build: built.build, warnings: built.warnings }, transfer);
  } catch (err) {
    post({ kind: 'failed', error: located(req.file, err) });
  }
}
