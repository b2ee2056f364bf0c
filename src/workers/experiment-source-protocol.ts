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

export type SourceRequest =
  /** `bytes` (transferred) for a file source; inline sources carry their instances. */
  | { requestId: number; kind: 'open'; key: string; source: FileSource | InlineSource; definitionFile: string; bytes?: Uint8Array }
  | { requestId: number; kind: 'instance'; key: string; position: number }
  | { requestId: number; kind: 'close'; key: string };

export type SourceReply =
  | { requestId: number; ok: true; value: OpenedSource | Instance | null }
  | { requestId: number; ok: false; error: LocatedError };
