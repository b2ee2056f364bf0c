/**
 * The experiment source worker's logic, free of the worker global so that it runs under Node in
 * unit tests: open a source with the core's instance sets, then build instances by position.
 */
import { describeFormatError, FormatError, type FormatErrorInfo } from '../core/errors';
import { fileInstances, inlineInstances, type InstanceSet } from '../core/experiment/instances';
import { SOURCE_NOT_OPEN, type SourceReply, type SourceRequest } from './experiment-source-protocol';

function located(file: string, err: unknown): FormatErrorInfo & { message: string } {
  if (err instanceof FormatError) return { ...err.info, message: err.message };
  const info: FormatErrorInfo = { file, field: '(file)', expected: 'instances that can be built', found: err instanceof Error ? err.message : String(err) };
  return { ...info, message: describeFormatError(info) };
}

export class SourceHost {
  private readonly sets = new Map<string, { set: InstanceSet; file: string }>();

  handle(req: SourceRequest): SourceReply {
    const { requestId } = req;
    switch (req.kind) {
      case 'open': {
        const file = req.source.kind === 'file' ? req.source.file : req.definitionFile;
        try {
          const set =
            req.source.kind === 'file'
              ? fileInstances(req.source, req.bytes ?? new Uint8Array(0), req.definitionFile)
              : inlineInstances(req.source, req.definitionFile);
          this.sets.set(req.key, { set, file });
          return { requestId, ok: true, value: { count: set.count, first: set.sourceIndex(0) } };
        } catch (err) {
          return { requestId, ok: false, error: located(file, err) };
        }
      }
      case 'instance': {
        const open = this.sets.get(req.key);
        if (!open) {
          const info: FormatErrorInfo = { file: req.key, field: '(source)', expected: SOURCE_NOT_OPEN, found: 'none' };
          return { requestId, ok: false, error: { ...info, message: describeFormatError(info) } };
        }
        try {
          return { requestId, ok: true, value: open.set.instance(req.position) };
        } catch (err) {
          return { requestId, ok: false, error: located(open.file, err) };
        }
      }
      case 'close':
        this.sets.delete(req.key);
        return { requestId, ok: true, value: null };
    }
  }
}
