/** Shared helpers for text formats: located numbers, line splitting, JSON with line numbers. */
import { FormatError } from '../errors';

export interface Line {
  /** 1-based line number in the file. */
  no: number;
  text: string;
}

/** Splits on LF / CRLF / CR, keeping 1-based line numbers. */
export function splitLines(text: string): Line[] {
  return text.split(/\r\n|\r|\n/).map((t, i) => ({ no: i + 1, text: t }));
}

export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

export function fail(file: string, expected: string, where: { line?: number; field?: string; found?: string } = {}): never {
  throw new FormatError({ file, expected, ...where });
}

/** A finite number from a token, or a located error. */
export function num(file: string, token: string | undefined, where: { line?: number; field?: string }, what = 'a number'): number {
  if (token === undefined || token.trim() === '') fail(file, what, { ...where, found: 'nothing' });
  const x = Number(token);
  if (!Number.isFinite(x)) fail(file, what, { ...where, found: token });
  return x;
}

export function int(file: string, token: string | undefined, where: { line?: number; field?: string }, what = 'an integer'): number {
  const x = num(file, token, where, what);
  if (!Number.isInteger(x)) fail(file, what, { ...where, found: token });
  return x;
}

/** Upper bound on nodes any parser accepts: 20 000² cells in Float64 is already 3.2 GB. */
export const MAX_NODES = 20_000;

export function checkDimension(file: string, n: number, where: { line?: number; field?: string }): number {
  if (!Number.isInteger(n) || n < 1) fail(file, 'a positive integer node count', { ...where, found: String(n) });
  if (n > MAX_NODES) fail(file, `at most ${MAX_NODES} nodes (an n×n matrix must fit in memory)`, { ...where, found: String(n) });
  return n;
}

/** JSON.parse with the error position turned into a line number. */
export function parseJsonText(file: string, text: string): unknown {
  if (text.trim() === '') fail(file, 'a JSON document', { line: 1, found: 'an empty file' });
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(msg);
    const lineCol = /line (\d+) column (\d+)/.exec(msg);
    let line = 1;
    if (lineCol) line = Number(lineCol[1]);
    else if (pos) line = text.slice(0, Number(pos[1])).split('\n').length;
    else line = text.split('\n').length;
    fail(file, 'valid JSON', { line, found: msg });
  }
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
