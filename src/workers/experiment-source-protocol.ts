/**
 * Messages between the page and the experiment source worker, which holds the parsed problem
 * file of a running experiment (up to 1280 instances) and builds one instance at a time, so the
 * page never holds more than the few instances being solved. Failures are answers, never throws.
 */
import type { FileSource, InlineSource } from '../core/experiment/definition';
import type { Instance } from '../core/instance';
import type { LocatedError } from './files-protocol';

/** The `expected` of the error a source that is not (or no longer) open answers with. */
export const SOURCE_NOT_OPEN = 'an open experiment source';

export interface OpenedSource {
  count: number;
  /** The source index of the first instance (then one up per instance). */
  first: number;
}

/** A source's answers: a located error (file, field, expected, found) is an answer, not a failure of the call. */
export type SourceAnswer<T> = { ok: true; value: T } | { ok: false; error: LocatedError };

/** The worker's methods (rpc.ts carries them). */
export interface SourceCalls {
  /** `bytes` (transferred) for a file source; inline sources carry their instances. */
  open: { params: { key: string; source: FileSource | InlineSource; definitionFile: string; bytes?: Uint8Array }; result: SourceAnswer<OpenedSource> };
  instance: { params: { key: string; position: number }; result: SourceAnswer<Instance> };
  close: { params: { key: string }; result: null };
}
