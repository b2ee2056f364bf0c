/**
 * One entry point for every file RouteLab reads: sniffs the format from the name and the bytes,
 * dispatches to the format's parser, and returns a located error value instead of throwing.
 */
import { catchFormat, type ParseResult } from '../errors';
import { decodeText, fail, isRecord, parseJsonText } from './text';
import type { LoadedFile, LoadedSolution, ParseOptions } from './types';
import { parseTsplib } from './tsplib';
import { parseCvrplibSol } from './cvrplib-sol';
import { parseSolomon } from './solomon';
import { parseNpz } from './npz-files';
import { osrmTableFromJson } from './osrm';
import { vroomInputFromJson, vroomOutputFromJson } from './vroom';
import { parseStopsCsv } from './stops-csv';
import { routelabFromJson, ROUTELAB_FORMAT_TAG } from './routelab-json';
import { solveOutputFromJson } from './solve-output';

export type { LoadedFile, LoadedSolution, ParseOptions } from './types';

function extension(file: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(file);
  return m ? m[1].toLowerCase() : '';
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
}

/** Parses a problem file of any supported format. Never throws. */
export function parseProblemFile(file: string, bytes: Uint8Array, opts: ParseOptions = {}): ParseResult<LoadedFile> {
  return catchFormat(file, (warn) => {
    const loaded = parseProblemOrThrow(file, bytes, opts);
    // Parsers record warnings on the instance (they travel with it to the UI); surface them here too.
    if (loaded.count > 0) for (const w of loaded.instance(0).meta.warnings ?? []) warn(w);
    return loaded;
  });
}

function parseProblemOrThrow(file: string, bytes: Uint8Array, opts: ParseOptions): LoadedFile {
  if (bytes.length === 0) fail(file, 'a non-empty file', { line: 1, found: 'an empty file' });
  const ext = extension(file);
  if (ext === 'npz' || isZip(bytes)) return parseNpz(file, bytes, opts);
  const text = decodeText(bytes);
  if (text.trim() === '') fail(file, 'a non-empty file', { line: 1, found: 'only whitespace' });
  if (ext === 'json' || /^\s*[{[]/.test(text)) {
    const json = parseJsonText(file, text);
    if (!isRecord(json)) fail(file, 'a JSON object at the top level', { line: 1, field: '(root)', found: Array.isArray(json) ? 'an array' : typeof json });
    if (json.format === ROUTELAB_FORMAT_TAG) return routelabFromJson(file, json);
    if ('jobs' in json || 'shipments' in json || 'vehicles' in json) return vroomInputFromJson(file, json, opts);
    if ('durations' in json || 'distances' in json || ('code' in json && !('routes' in json))) return osrmTableFromJson(file, json, opts);
    fail(file, 'a RouteLab instance, an OSRM /table response or a VROOM problem (keys format, durations/distances, or jobs/vehicles)', {
      field: '(root)',
      found: `keys ${Object.keys(json).slice(0, 6).join(', ') || '(none)'}`,
    });
  }
  if (ext === 'csv' || ext === 'tsv') return parseStopsCsv(file, text, opts);
  if (ext === 'vrp' || ext === 'atsp' || ext === 'tsp' || /^\s*NAME\s*:/m.test(text.slice(0, 2000))) return parseTsplib(file, text, opts);
  if (ext === 'txt' && /^\s*VEHICLE\s*$/m.test(text.slice(0, 2000))) return parseSolomon(file, text, opts);
  if (ext === 'txt') return parseSolomon(file, text, opts);
  fail(file, 'a known file type (.json, .npz, .vrp, .atsp, .txt Solomon, .csv)', { line: 1, found: `extension .${ext || '(none)'}` });
}

/** Parses a solution file against the instance it belongs to. Never throws. */
export function parseSolutionFile(file: string, bytes: Uint8Array, instance: import('../instance').Instance): ParseResult<LoadedSolution> {
  return catchFormat(file, () => {
    if (bytes.length === 0) fail(file, 'a non-empty file', { line: 1, found: 'an empty file' });
    const text = decodeText(bytes);
    if (/^\s*[{[]/.test(text)) {
      const json = parseJsonText(file, text);
      if (isRecord(json) && 'routes' in json && 'summary' in json) return vroomOutputFromJson(file, json, instance);
      if (isRecord(json) && isRecord(json.solution)) return vroomOutputFromJson(file, json.solution, instance);
      return solveOutputFromJson(file, json, instance);
    }
    return parseCvrplibSol(file, text, instance);
  });
}
