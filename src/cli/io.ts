/** File access and error reporting for the Node CLI: the only place the CLI touches the disk. */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeCity } from '../core/cities/encoding';
import { BUNDLED_CITIES, type CityData } from '../core/cities/city';
import { cityFromNpz } from '../core/formats/rrnco-city';
import { readNpz } from '../core/formats/npy';
import { FormatError } from '../core/errors';
import { isProblemKind, type Instance, type ProblemKind } from '../core/instance';
import { parseProblemFile, parseSolutionFile, type LoadedFile, type LoadedSolution } from '../core/formats/index';
import type { FormatErrorInfo } from '../core/errors';
import { UsageError, stringFlag, type Args } from './args';
import { configureModelSource } from '../solvers/neural/model-source';
import { fileSource } from '../solvers/neural/node-source';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// The CLI's neural solvers read the repository's models/ folder (onnxruntime-node).
configureModelSource(fileSource());

/** A located input error: printed as JSON on stderr, exit code 2. */
export class InputError extends Error {
  constructor(readonly info: FormatErrorInfo & { message: string }) {
    super(info.message);
  }
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new InputError({ file: path, field: '(file)', expected: 'a readable file', message: `${path}: cannot read (${(err as Error).message})` });
  }
}

export function problemFlag(args: Args): ProblemKind | undefined {
  const p = stringFlag(args, 'problem');
  if (p !== undefined && !isProblemKind(p)) throw new UsageError(`--problem must be one of atsp, acvrp, acvrptw, pvrp-p, pvrp-zc; got "${p}"`);
  return p;
}

export function loadProblem(path: string, args: Args): LoadedFile {
  const capacity = stringFlag(args, 'capacity');
  const result = parseProblemFile(basename(path), readBytes(path), {
    problem: problemFlag(args),
    capacity: capacity === undefined ? undefined : Number(capacity),
  });
  if (!result.ok) throw new InputError({ ...result.error, file: path, message: result.error.message.replace(basename(path), path) });
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  return result.value;
}

export function loadSolution(path: string, inst: Instance): LoadedSolution {
  const result = parseSolutionFile(basename(path), readBytes(path), inst);
  if (!result.ok) throw new InputError({ ...result.error, file: path, message: result.error.message.replace(basename(path), path) });
  return result.value;
}

export function loadBundledCity(name: string): CityData {
  const file = join(REPO_ROOT, 'public', 'cities', `${name}.rlc`);
  return decodeCity(file, readBytes(file));
}

/**
 * A city by name: a bundled one (public/cities/<name>.rlc), or one of the dataset cities in
 * data/cities/<name>_data.npz (training and held-out evaluation cities). npz values are rounded to
 * whole decimetres / deciseconds and points to 1e-6°, exactly as the .rlc decoder and the Python
 * trainer (models/training/data.py) see them, so an instance sampled here equals the Python one.
 */
export function loadDatasetCity(name: string): CityData {
  if ((BUNDLED_CITIES as readonly string[]).includes(name)) return loadBundledCity(name);
  const file = join(REPO_ROOT, 'data', 'cities', `${name}_data.npz`);
  let city: CityData;
  try {
    city = cityFromNpz(file, readNpz(file, readBytes(file)));
  } catch (err) {
    if (err instanceof FormatError) throw new InputError({ ...err.info, message: err.message });
    throw err;
  }
  const round = (m: Float64Array, scale: number) => m.map((v) => (Number.isFinite(v) ? Math.round(v * scale) / scale : v));
  return { ...city, name, lonlat: round(city.lonlat, 1e6), distance: round(city.distance, 10), duration: round(city.duration, 10) };
}

export function writeText(path: string, text: string): void {
  writeFileSync(path, text);
}

/** Runs a CLI main, mapping usage and input errors to exit codes 1 and 2. */
export async function runCli(main: () => Promise<void> | void): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof InputError) {
      process.stderr.write(`${JSON.stringify({ error: err.info.message, file: err.info.file, line: err.info.line, field: err.info.field })}\n`);
      process.exitCode = 2;
    } else if (err instanceof UsageError) {
      process.stderr.write(`usage error: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      throw err;
    }
  }
}

export function instanceIndices(loaded: LoadedFile, index: number | undefined): number[] {
  if (index === undefined) return Array.from({ length: loaded.count }, (_, i) => i);
  if (index >= loaded.count) throw new UsageError(`--index ${index} is out of range: the file holds ${loaded.count} instance(s)`);
  return [index];
}
