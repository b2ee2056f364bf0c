/**
 * Errors are values at the boundaries: a parser throws FormatError internally for convenience,
 * and the public entry points turn it (and anything unexpected) into a ParseResult.
 */

export interface FormatErrorInfo {
  file: string;
  /** 1-based line number in a text file. */
  line?: number;
  /** Field path in a structured file: `jobs[3].time_windows`, `distance[2][7]`, `npz:demand`. */
  field?: string;
  /** What the parser expected there, in words a user understands. */
  expected: string;
  /** What it found instead (shortened). */
  found?: string;
}

export class FormatError extends Error {
  readonly info: FormatErrorInfo;
  constructor(info: FormatErrorInfo) {
    super(describeFormatError(info));
    this.name = 'FormatError';
    this.info = info;
  }
}

export function describeFormatError(info: FormatErrorInfo): string {
  const where = [info.file, info.line !== undefined ? `line ${info.line}` : '', info.field ? `field ${info.field}` : '']
    .filter(Boolean)
    .join(', ');
  const found = info.found !== undefined ? `, found ${shorten(info.found)}` : '';
  return `${where}: expected ${info.expected}${found}`;
}

export function shorten(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine);
}

export type ParseResult<T> =
  | { ok: true; value: T; warnings: string[] }
  | { ok: false; error: FormatErrorInfo & { message: string } };

/** Runs a parser and turns every failure into a located error value; never throws. */
export function catchFormat<T>(file: string, run: (warn: (w: string) => void) => T): ParseResult<T> {
  const warnings: string[] = [];
  try {
    const value = run((w) => warnings.push(w));
    return { ok: true, value, warnings };
  } catch (err) {
    if (err instanceof FormatError) return { ok: false, error: { ...err.info, message: err.message } };
    // An unexpected exception is still reported against the file, never thrown into the UI.
    const info: FormatErrorInfo = {
      file,
      field: '(file)',
      expected: 'a readable file of this format',
      found: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    };
    return { ok: false, error: { ...info, message: describeFormatError(info) } };
  }
}
