/**
 * The OSM element stream shared by the PBF and XML readers: plain callbacks, so a caller keeps
 * only what it needs and a large extract never becomes a large array of objects.
 */

/** Tag key → value. Only built for elements that carry tags. */
export type OsmTags = Record<string, string>;

export type OsmMemberType = 'node' | 'way' | 'relation';

export interface OsmMember {
  type: OsmMemberType;
  ref: number;
  role: string;
}

export interface OsmBounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface OsmHeader {
  format: 'pbf' | 'xml';
  bounds?: OsmBounds;
  /** ISO 8601, from the PBF header's replication timestamp or the XML `<osm timestamp>`. */
  timestamp?: string;
  generator?: string;
  /** PBF required features (e.g. OsmSchema-V0.6, DenseNodes); an unknown one is an error. */
  requiredFeatures?: string[];
}

/**
 * Element callbacks. `tags` is null for an untagged node (most nodes), so the hot path allocates
 * nothing. `refs` may be a reused buffer: copy it if you keep it. Coordinates are degrees.
 * `timestamp` is milliseconds since the epoch where the file records it, else NaN.
 */
export interface OsmHandler {
  header?(header: OsmHeader): void;
  node?(id: number, lon: number, lat: number, tags: OsmTags | null, timestamp: number): void;
  way?(id: number, refs: ArrayLike<number>, tags: OsmTags, timestamp: number): void;
  relation?(id: number, members: OsmMember[], tags: OsmTags, timestamp: number): void;
}

/**
 * What the builder accepts before it refuses an extract as too big for a browser tab: every
 * node's id and coordinates stay in memory (about 20 bytes a node), so nodes set the bound.
 */
export interface OsmLimits {
  /** Compressed input bytes (the file as given). */
  maxInputBytes: number;
  /** Decompressed bytes (XML text, or the sum of inflated PBF blocks). */
  maxDecodedBytes: number;
  maxNodes: number;
  maxWays: number;
}

export const DEFAULT_OSM_LIMITS: OsmLimits = {
  maxInputBytes: 256 * 1024 * 1024,
  maxDecodedBytes: 2 * 1024 * 1024 * 1024,
  maxNodes: 10_000_000,
  maxWays: 1_500_000,
};

export interface OsmCounts {
  nodes: number;
  ways: number;
  relations: number;
  /** Bytes of decompressed data seen (XML text or inflated PBF blocks). */
  decodedBytes: number;
  /** Newest element timestamp (ms since epoch), NaN when the file has none. */
  newestTimestamp: number;
  oldestTimestamp: number;
}
