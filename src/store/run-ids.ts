/**
 * Run ids, unique in the page's lifetime and across reloads: ids restored from a saved session
 * are reserved, so a new run never takes the id of a saved one.
 */
import { Sequence } from '../core/cells';

const numbers = new Sequence();

export function nextRunId(): string {
  return `run-${numbers.next()}`;
}

export function reserveRunIds(ids: Iterable<string>): void {
  for (const id of ids) {
    const m = /^run-(\d+)$/.exec(id);
    if (m) numbers.reserve(Number(m[1]));
  }
}
