/**
 * Run ids, unique in the page's lifetime and across reloads: ids restored from a saved session
 * are reserved, so a new run never takes the id of a saved one.
 */
let counter = 0;

export function nextRunId(): string {
  return `run-${++counter}`;
}

export function reserveRunIds(ids: Iterable<string>): void {
  for (const id of ids) {
    const m = /^run-(\d+)$/.exec(id);
    if (m) counter = Math.max(counter, Number(m[1]));
  }
}
