import { FormatError } from '../errors';
import type { OsmCounts, OsmLimits } from './osm-types';

/** Refuses an extract as soon as it passes a limit, before it can exhaust a tab's memory. */
export function checkLimits(file: string, counts: OsmCounts, limits: OsmLimits): void {
  const over = (what: string, n: number, max: number): never => {
    throw new FormatError({
      file,
      field: '(size)',
      expected: `an extract of at most ${max.toLocaleString('en')} ${what} (the builder's limit for a browser tab; crop the extract to the town, e.g. with osmium extract)`,
      found: `more than ${n.toLocaleString('en')} ${what}`,
    });
  };
  if (counts.nodes > limits.maxNodes) over('nodes', limits.maxNodes, limits.maxNodes);
  if (counts.ways > limits.maxWays) over('ways', limits.maxWays, limits.maxWays);
  if (counts.decodedBytes > limits.maxDecodedBytes) over('decompressed bytes', limits.maxDecodedBytes, limits.maxDecodedBytes);
}

export function newCounts(): OsmCounts {
  return { nodes: 0, ways: 0, relations: 0, decodedBytes: 0, newestTimestamp: NaN, oldestTimestamp: NaN };
}

export function recordTimestamp(c: OsmCounts, ms: number): void {
  if (Number.isNaN(c.newestTimestamp) || ms > c.newestTimestamp) c.newestTimestamp = ms;
  if (Number.isNaN(c.oldestTimestamp) || ms < c.oldestTimestamp) c.oldestTimestamp = ms;
}
