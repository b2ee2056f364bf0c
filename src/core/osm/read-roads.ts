/**
 * One pass over an extract that keeps what car routing needs (drivable ways, every node's
 * coordinates, barriers and traffic signals, turn restrictions) and, when asked, the ways a
 * basemap draws (water, land use, ...): see `selectFeature`.
 */
import type { CarProfile } from './car-profile';
import { stockCarProfile } from './car-profile';
import { NodeStore } from './node-store';
import type { OsmCounts, OsmHandler, OsmHeader, OsmMember, OsmTags } from './osm-types';
import { createOsmStream, type OsmFormat, type OsmReadOptions } from './read-osm';
import { compileProfile, nodeRule, wayRule, type CompiledProfile, type NodeRule, type WayRule } from './way-rules';

export interface RoadWay {
  id: number;
  /** Node ids in way order. */
  refs: Float64Array;
  rule: WayRule;
}

export interface TurnRestriction {
  relationId: number;
  /** no_*: the turn from → to at via is forbidden; only_*: from `from` at via, only `to` is allowed. */
  kind: 'no' | 'only';
  value: string;
  from: number;
  via: number;
  to: number;
}

/** Restrictions read but not applied, by reason (documented in README.md). */
export interface SkippedRestrictions {
  viaWay: number;
  conditional: number;
  exemptForCars: number;
  notForCars: number;
  malformed: number;
}

export interface MapFeaturePart {
  /** lon, lat pairs. */
  coords: Float64Array;
  /** '' for a way; 'outer' / 'inner' for multipolygon members. */
  role: string;
}

/** A non-road element kept for the basemap. */
export interface MapFeature {
  osmType: 'way' | 'relation';
  id: number;
  /** The layer name `selectFeature` returned. */
  layer: string;
  tags: OsmTags;
  parts: MapFeaturePart[];
  /** A closed way, or a multipolygon: draw as an area. */
  area: boolean;
}

export interface RoadExtract {
  file: string;
  format: OsmFormat;
  header: OsmHeader;
  counts: OsmCounts;
  inputBytes: number;
  profile: CarProfile;
  nodes: NodeStore;
  ways: RoadWay[];
  /** Only nodes that are barriers or traffic signals for a car. */
  nodeRules: Map<number, NodeRule>;
  restrictions: TurnRestriction[];
  skippedRestrictions: SkippedRestrictions;
  features: MapFeature[];
  /** Ways the profile rejected, by highway value (what was left out and why, for the meta). */
  rejectedHighways: Record<string, number>;
}

export interface ReadRoadsOptions extends OsmReadOptions {
  profile?: CarProfile;
  /**
   * Keep a non-road way or multipolygon relation for the basemap: return a layer name, or null to
   * drop it. Called with every way's and multipolygon's tags (roads included, so a basemap may
   * also keep footways). See `defaultMapLayer`.
   */
  selectFeature?: (tags: OsmTags, osmType: 'way' | 'relation') => string | null;
}

/** A sensible basemap selection: water, rivers, land use, parks, and every highway line. */
export function defaultMapLayer(tags: OsmTags): string | null {
  if (tags.natural === 'water' || tags.waterway === 'riverbank' || tags.landuse === 'reservoir' || tags.landuse === 'basin') return 'water';
  if (tags.waterway === 'river' || tags.waterway === 'canal' || tags.waterway === 'stream') return 'waterway';
  if (tags.leisure === 'park' || tags.landuse === 'grass' || tags.landuse === 'meadow' || tags.landuse === 'recreation_ground' || tags.leisure === 'garden') return 'park';
  if (tags.landuse === 'forest' || tags.natural === 'wood') return 'wood';
  if (tags.landuse === 'residential' || tags.landuse === 'commercial' || tags.landuse === 'retail' || tags.landuse === 'industrial') return 'landuse';
  if (tags.highway !== undefined) return 'highway';
  if (tags.railway === 'rail' || tags.railway === 'light_rail' || tags.railway === 'tram') return 'railway';
  return null;
}

const CAR_MODES = ['motorcar', 'motor_vehicle', 'vehicle'];

interface PendingFeature {
  osmType: 'way' | 'relation';
  id: number;
  layer: string;
  tags: OsmTags;
  refs?: Float64Array;
  members?: OsmMember[];
}

class RoadCollector implements OsmHandler {
  nodes = new NodeStore();
  ways: RoadWay[] = [];
  nodeRules = new Map<number, NodeRule>();
  restrictions: TurnRestriction[] = [];
  skipped: SkippedRestrictions = { viaWay: 0, conditional: 0, exemptForCars: 0, notForCars: 0, malformed: 0 };
  rejected: Record<string, number> = {};
  pending: PendingFeature[] = [];
  /** Ways without a layer of their own that a kept multipolygon uses (filled by a second pass). */
  memberRefs = new Map<number, Float64Array>();

  constructor(
    private readonly c: CompiledProfile,
    private readonly select?: ReadRoadsOptions['selectFeature'],
  ) {}

  node(id: number, lon: number, lat: number, tags: OsmTags | null): void {
    this.nodes.add(id, lon, lat);
    if (tags && (tags.highway === 'traffic_signals' || tags.barrier !== undefined || tags.access !== undefined || tags.motor_vehicle !== undefined || tags.motorcar !== undefined || tags.vehicle !== undefined)) {
      const r = nodeRule(this.c, tags);
      if (r.barrier || r.trafficSignal) this.nodeRules.set(id, r);
    }
  }

  way(id: number, refs: ArrayLike<number>, tags: OsmTags): void {
    if (this.select) {
      const layer = this.select(tags, 'way');
      if (layer) this.pending.push({ osmType: 'way', id, layer, tags, refs: Float64Array.from(refs) });
    }
    if (tags.highway === undefined && tags.route === undefined) return;
    const rule = wayRule(this.c, tags);
    if (!rule) {
      const key = tags.highway ?? `route=${tags.route}`;
      this.rejected[key] = (this.rejected[key] ?? 0) + 1;
      return;
    }
    if (refs.length < 2) return;
    this.ways.push({ id, refs: Float64Array.from(refs), rule });
  }

  relation(id: number, members: OsmMember[], tags: OsmTags): void {
    if (this.select && tags.type === 'multipolygon') {
      const layer = this.select(tags, 'relation');
      if (layer) this.pending.push({ osmType: 'relation', id, layer, tags, members });
    }
    const type = tags.type;
    if (type !== 'restriction' && !(type?.startsWith('restriction:') && CAR_MODES.includes(type.slice(12)))) return;
    // The most specific mode wins (motorcar over motor_vehicle over vehicle over all).
    let value: string | undefined;
    for (const mode of CAR_MODES) value ??= tags[`restriction:${mode}`];
    value ??= tags.restriction;
    if (value === undefined) {
      if (Object.keys(tags).some((k) => k.startsWith('restriction:conditional') || k.endsWith(':conditional'))) this.skipped.conditional++;
      else if (Object.keys(tags).some((k) => k.startsWith('restriction:'))) this.skipped.notForCars++;
      else this.skipped.malformed++;
      return;
    }
    const except = tags.except?.split(';').map((s) => s.trim()) ?? [];
    if (except.some((e) => this.c.profile.turns.restrictionExceptions.includes(e))) {
      this.skipped.exemptForCars++;
      return;
    }
    const kind = value.startsWith('no_') ? 'no' : value.startsWith('only_') ? 'only' : null;
    const from = members.filter((m) => m.role === 'from' && m.type === 'way');
    const to = members.filter((m) => m.role === 'to' && m.type === 'way');
    const via = members.filter((m) => m.role === 'via');
    if (via.some((m) => m.type === 'way')) {
      this.skipped.viaWay++;
      return;
    }
    if (!kind || from.length !== 1 || to.length !== 1 || via.length !== 1) {
      this.skipped.malformed++;
      return;
    }
    this.restrictions.push({ relationId: id, kind, value, from: from[0].ref, via: via[0].ref, to: to[0].ref });
  }

  /** Ways a kept multipolygon needs that were not kept themselves. */
  missingMemberWays(): Set<number> {
    const have = new Set<number>();
    for (const p of this.pending) if (p.osmType === 'way') have.add(p.id);
    const need = new Set<number>();
    for (const p of this.pending) {
      if (p.osmType !== 'relation') continue;
      for (const m of p.members!) if (m.type === 'way' && !have.has(m.ref)) need.add(m.ref);
    }
    return need;
  }

  features(): MapFeature[] {
    const refsOf = new Map<number, Float64Array>(this.memberRefs);
    for (const p of this.pending) if (p.osmType === 'way') refsOf.set(p.id, p.refs!);
    const line = (refs: Float64Array): Float64Array | null => {
      const out: number[] = [];
      for (const id of refs) {
        const i = this.nodes.indexOf(id);
        if (i >= 0) out.push(this.nodes.lon(i), this.nodes.lat(i));
      }
      return out.length >= 4 ? Float64Array.from(out) : null;
    };
    const out: MapFeature[] = [];
    for (const p of this.pending) {
      if (p.osmType === 'way') {
        const coords = line(p.refs!);
        if (!coords) continue;
        const closed = p.refs!.length > 3 && p.refs![0] === p.refs![p.refs!.length - 1];
        const area = closed && p.tags.area !== 'no' && p.tags.highway === undefined && p.tags.waterway !== 'river' && p.tags.waterway !== 'stream' && p.tags.waterway !== 'canal';
        out.push({ osmType: 'way', id: p.id, layer: p.layer, tags: p.tags, parts: [{ coords, role: '' }], area });
      } else {
        const parts: MapFeaturePart[] = [];
        for (const m of p.members!) {
          if (m.type !== 'way') continue;
          const refs = refsOf.get(m.ref);
          const coords = refs ? line(refs) : null;
          if (coords) parts.push({ coords, role: m.role || 'outer' });
        }
        if (parts.length > 0) out.push({ osmType: 'relation', id: p.id, layer: p.layer, tags: p.tags, parts, area: true });
      }
    }
    return out;
  }
}

function finish(collector: RoadCollector, file: string, profile: CarProfile, summary: ReturnType<ReturnType<typeof createOsmStream>['end']>): RoadExtract {
  collector.nodes.finish();
  return {
    file,
    format: summary.format,
    header: summary.header,
    counts: summary.counts,
    inputBytes: summary.inputBytes,
    profile,
    nodes: collector.nodes,
    ways: collector.ways,
    nodeRules: collector.nodeRules,
    restrictions: collector.restrictions,
    skippedRestrictions: collector.skipped,
    features: collector.features(),
    rejectedHighways: collector.rejected,
  };
}

const SLICE = 1 << 20;

/**
 * Reads an extract held in memory. With `selectFeature`, multipolygon members that have no layer
 * of their own are fetched by a second, way-only pass.
 */
export function readRoads(file: string, bytes: Uint8Array, opts: ReadRoadsOptions = {}, onBytes?: (done: number, total: number) => void): RoadExtract {
  const profile = opts.profile ?? stockCarProfile();
  const collector = new RoadCollector(compileProfile(profile), opts.selectFeature);
  const stream = createOsmStream(file, collector, opts);
  for (let o = 0; o < bytes.length; o += SLICE) {
    stream.push(bytes.subarray(o, Math.min(bytes.length, o + SLICE)));
    onBytes?.(Math.min(bytes.length, o + SLICE), bytes.length);
  }
  const summary = stream.end();
  const missing = collector.missingMemberWays();
  if (missing.size > 0) {
    const second = createOsmStream(file, {
      way(id, refs) {
        if (missing.has(id)) collector.memberRefs.set(id, Float64Array.from(refs));
      },
    }, opts);
    for (let o = 0; o < bytes.length; o += SLICE) second.push(bytes.subarray(o, Math.min(bytes.length, o + SLICE)));
    second.end();
  }
  return finish(collector, file, profile, summary);
}

/** Reads an extract as a stream of chunks (one pass: multipolygon members need their own layer). */
export async function readRoadsFromChunks(
  file: string,
  chunks: AsyncIterable<Uint8Array>,
  opts: ReadRoadsOptions = {},
  onBytes?: (done: number) => void,
): Promise<RoadExtract> {
  const profile = opts.profile ?? stockCarProfile();
  const collector = new RoadCollector(compileProfile(profile), opts.selectFeature);
  const stream = createOsmStream(file, collector, opts);
  let n = 0;
  for await (const chunk of chunks) {
    stream.push(chunk);
    n += chunk.length;
    onBytes?.(n);
  }
  return finish(collector, file, profile, stream.end());
}
