/**
 * The experiment source worker's logic, free of the worker global so that it runs under Node in
 * unit tests: open a source with the core's instance sets, then build instances by position.
 */
import { describeFormatError, FormatError, type FormatErrorInfo } from '../core/errors';
import { fileInstances, inlineInstances, type InstanceSet } from '../core/experiment/instances';
import type { Instance } from '../core/instance';
import { SOURCE_NOT_OPEN, type OpenedSource, type SourceAnswer, type SourceCalls } from './experiment-source-protocol';
import type { RpcHandlers } from './rpc';

function located(file: string, err: unknown): FormatErrorInfo & { message: string } {
  if (err instanceof FormatError) return { ...err.info, message: err.message };
  const info: FormatErrorInfo = { file, field: '(file)', expected: 'instances that can be built', found: err instanceof Error ? err.message : String(err) };
  return { ...info, message: describeFormatError(info) };
}

/** The worker's methods (see rpcHost): each answers a value, never throws. */
export class SourceHost implements RpcHandlers<SourceCalls> {
  private readonly sets = new Map<string, { set: InstanceSet; file: string }>();

  open(req: SourceCalls['open']['params']): SourceAnswer<OpenedSource> {
    const file = req.source.kind === 'file' ? req.source.file : req.definitionFile;
    try {
      const set = req.source.kind === 'file' ? fileInstances(req.source, req.bytes ?? new Uint8Array(0), req.definitionFile) : inlineInstances(req.source, req.definitionFile);
      this.sets.set(req.key, { set, file });
      return { ok: true, value: { count: set.count, first: set.sourceIndex(0) } };
    } catch (err) {
      return { ok: false, error: located(file, err) };
    }
  }

  instance(req: SourceCalls['instance']['params']): SourceAnswer<Instance> {
    const open = this.sets.get(req.key);
    if (!open) {
      const info: FormatErrorInfo = { file: req.key, field: '(source)', expected: SOURCE_NOT_OPEN, found: 'none' };
      return { ok: false, error: { ...info, message: describeFormatError(info) } };
    }
    try {
      return { ok: true, value: open.set.instance(req.position) };
    } catch (err) {
      return { ok: false, error: located(open.file, err) };
    }
  }

  close(req: SourceCalls['close']['params']): null {
    this.sets.delete(req.key);
    return null;
  }
}
