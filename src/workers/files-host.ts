/**
 * The file worker's logic, free of the worker global so that it runs under Node in unit tests:
 * sniff whether a file is a problem or a solution, parse it with the core parsers, and answer
 * with one value. Never throws.
 */
import { readCityFile } from '../core/cities/city-file';
import { looksLikeOsmExtract } from '../core/cities/osm-file';
import { describeFormatError, type FormatErrorInfo } from '../core/errors';
import { parseProblemFile, parseSolutionFile } from '../core/formats/index';
import { ROUTELAB_FORMAT_TAG } from '../core/formats/routelab-json';
import { decodeText, isRecord } from '../core/formats/text';
import type { FormatId, LoadedFile } from '../core/formats/types';
import type { ProblemKind } from '../core/instance';
import type { FileImport, FileRequest } from './files-protocol';

/** Formats whose files do not say which problem they pose: the planner's choice applies. */
export const KIND_FROM_PLANNER: ReadonlySet<FormatId> = new Set<FormatId>(['osrm-table', 'rrnco-city', 'camp-pvrp']);

function errorOf(info: FormatErrorInfo): FileImport {
  return { kind: 'error', file: info.file, error: { ...info, message: describeFormatError(info) }, warnings: [] };
}

/**
 * A solution file: `.sol`, text starting with `Route #`, or JSON with a `routes` array that is
 * not a problem (VROOM output, the `npm run solve` line). Problems win when in doubt.
 */
export function looksLikeSolution(file: string, bytes: Uint8Array): boolean {
  if (/\.sol$/i.test(file)) return true;
  if (/\.npz$/i.test(file) || (bytes[0] === 0x50 && bytes[1] === 0x4b)) return false;
  const head = decodeText(bytes.subarray(0, 4096));
  if (/^\s*Route\s*#\s*\d+\s*:/i.test(head)) return true;
  if (!/^\s*[{[]/.test(head)) return false;
  let json: unknown;
  try {
    json = JSON.parse(decodeText(bytes));
  } catch {
    return false; // the problem parser reports the JSON error with its line
  }
  if (!isRecord(json) || !Array.isArray(json.routes)) return false;
  if (json.format === ROUTELAB_FORMAT_TAG) return false;
  return !('jobs' in json || 'shipments' in json || 'vehicles' in json || 'durations' in json || 'distances' in json);
}

function build(loaded: LoadedFile, index: number, kindChosen: boolean, warnings: string[]): FileImport {
  const i = Math.min(Math.max(0, Math.trunc(index)), loaded.count - 1);
  try {
    const instance = loaded.instance(i);
    const all = [...new Set([...warnings, ...(instance.meta.warnings ?? [])])];
    return { kind: 'problem', file: loaded.file, format: loaded.format, count: loaded.count, index: i, instance, solution: loaded.solution, kindChosen, warnings: all };
  } catch (err) {
    return errorOf({ file: loaded.file, field: `instance ${i}`, expected: `an instance that can be built (0..${loaded.count - 1})`, found: err instanceof Error ? err.message : String(err) });
  }
}

export function importFile(req: FileRequest): FileImport {
  const { file, bytes } = req;
  try {
    if (!req.problemOnly && looksLikeSolution(file, bytes)) {
      if (!req.instance) {
        return errorOf({ file, field: '(file)', expected: 'a problem loaded first: this is a solution file, read against the current scenario', found: 'no scenario' });
      }
      const parsed = parseSolutionFile(file, bytes, req.instance);
      if (!parsed.ok) return { kind: 'error', file, error: parsed.error, warnings: [] };
      const { format, solution, statedCost } = parsed.value;
      return { kind: 'solution', file, format, solution, statedCost, warnings: parsed.warnings };
    }
    if (looksLikeOsmExtract(file, bytes)) return { kind: 'osm', file, warnings: [] };
    const city = readCityFile(file, bytes);
    if (city) {
      if (!city.ok) return { kind: 'error', file, error: city.error, warnings: [] };
      return { kind: 'city', file, format: city.value.format, city: city.value.city, warnings: city.warnings };
    }
    // Read first as the file says; only formats that cannot tell get the planner's kind.
    let parsed = parseProblemFile(file, bytes, {});
    let kindChosen = false;
    if (parsed.ok && req.problem && KIND_FROM_PLANNER.has(parsed.value.format)) {
      const problem: ProblemKind | undefined =
        parsed.value.format === 'camp-pvrp' ? (req.problem === 'pvrp-zc' || req.problem === 'pvrp-p' ? req.problem : undefined) : req.problem;
      if (problem) {
        parsed = parseProblemFile(file, bytes, { problem });
        kindChosen = true;
      }
    }
    if (!parsed.ok) return { kind: 'error', file, error: parsed.error, warnings: [] };
    return build(parsed.value, req.index ?? 0, kindChosen, parsed.warnings);
  } catch (err) {
    return errorOf({ file, field: '(file)', expected: 'a readable file', found: err instanceof Error ? err.message : String(err) });
  }
}
