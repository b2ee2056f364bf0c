/**
 * OSM XML (API 0.6 / osmium / osmconvert output) on a stream, through the `saxes` SAX parser:
 * text is decoded chunk by chunk and each element is handed on when its closing tag arrives, so
 * nothing but the element being read is held.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { FormatError } from '../errors';
import type { OsmCounts, OsmHandler, OsmLimits, OsmMember, OsmMemberType, OsmTags } from './osm-types';
import { checkLimits, recordTimestamp } from './limits';

const MEMBER_TYPES = new Set<OsmMemberType>(['node', 'way', 'relation']);

type Current =
  | { kind: 'node'; id: number; lon: number; lat: number; ts: number; tags: OsmTags | null }
  | { kind: 'way'; id: number; ts: number; tags: OsmTags; refs: number[] }
  | { kind: 'relation'; id: number; ts: number; tags: OsmTags; members: OsmMember[] };

export class XmlStreamReader {
  private parser: SaxesParser<{ position: true }>;
  private decoder = new TextDecoder('utf-8');
  private current: Current | null = null;
  private sawRoot = false;
  private depth = 0;

  constructor(
    private readonly file: string,
    private readonly handler: OsmHandler,
    private readonly limits: OsmLimits,
    readonly counts: OsmCounts,
  ) {
    this.parser = new SaxesParser({ position: true });
    this.parser.on('error', (err) => {
      this.fail('a well-formed XML file', err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ''));
    });
    this.parser.on('opentag', (tag) => this.open(tag as SaxesTagPlain));
    this.parser.on('closetag', (tag) => this.close((tag as SaxesTagPlain).name));
  }

  push(chunk: Uint8Array): void {
    this.counts.decodedBytes += chunk.length;
    checkLimits(this.file, this.counts, this.limits);
    this.parser.write(this.decoder.decode(chunk, { stream: true }));
  }

  end(): void {
    this.parser.write(this.decoder.decode());
    this.parser.close();
    if (!this.sawRoot) this.fail('an OSM XML file (root element <osm>)', 'no elements');
  }

  private fail(expected: string, found?: string): never {
    throw new FormatError({ file: this.file, line: this.parser.line, expected, found });
  }

  private number(tag: SaxesTagPlain, name: string): number {
    const v = tag.attributes[name];
    const x = v === undefined ? NaN : Number(v);
    if (!Number.isFinite(x)) this.fail(`a numeric ${name} attribute on <${tag.name}>`, v === undefined ? 'none' : v);
    return x;
  }

  private timestamp(tag: SaxesTagPlain): number {
    const v = tag.attributes.timestamp;
    if (v === undefined) return NaN;
    const ms = Date.parse(v);
    if (!Number.isNaN(ms)) recordTimestamp(this.counts, ms);
    return ms;
  }

  private open(tag: SaxesTagPlain): void {
    this.depth++;
    if (!this.sawRoot) {
      if (tag.name !== 'osm') this.fail('an OSM XML file (root element <osm>)', `<${tag.name}>`);
      this.sawRoot = true;
      const ts = tag.attributes.timestamp;
      this.handler.header?.({ format: 'xml', generator: tag.attributes.generator, timestamp: ts });
      return;
    }
    const a = tag.attributes;
    switch (tag.name) {
      case 'bounds':
        if (this.depth === 2) {
          this.handler.header?.({
            format: 'xml',
            bounds: { south: this.number(tag, 'minlat'), west: this.number(tag, 'minlon'), north: this.number(tag, 'maxlat'), east: this.number(tag, 'maxlon') },
          });
        }
        return;
      case 'node': {
        // Deleted or invisible elements (visible="false") carry no coordinates.
        if (a.visible === 'false') return;
        this.current = { kind: 'node', id: this.number(tag, 'id'), lon: this.number(tag, 'lon'), lat: this.number(tag, 'lat'), ts: this.timestamp(tag), tags: null };
        return;
      }
      case 'way':
        if (a.visible === 'false') return;
        this.current = { kind: 'way', id: this.number(tag, 'id'), ts: this.timestamp(tag), tags: {}, refs: [] };
        return;
      case 'relation':
        if (a.visible === 'false') return;
        this.current = { kind: 'relation', id: this.number(tag, 'id'), ts: this.timestamp(tag), tags: {}, members: [] };
        return;
      case 'tag': {
        const c = this.current;
        if (!c) return;
        if (a.k === undefined || a.v === undefined) this.fail('<tag k="…" v="…">', 'a tag without k or v');
        // A node's tags are made on its first tag: most nodes have none.
        (c.tags ??= {})[a.k] = a.v;
        return;
      }
      case 'nd':
        this.inside('way')?.refs.push(this.number(tag, 'ref'));
        return;
      case 'member': {
        const relation = this.inside('relation');
        if (!relation) return;
        const type = a.type as OsmMemberType;
        if (!MEMBER_TYPES.has(type)) this.fail('a member type of node, way or relation', a.type ?? 'none');
        relation.members.push({ type, ref: this.number(tag, 'ref'), role: a.role ?? '' });
        return;
      }
      default:
        return;
    }
  }

  private close(name: string): void {
    this.depth--;
    const c = this.current;
    if (!c || name !== c.kind) return;
    this.current = null;
    const counts = this.counts;
    switch (c.kind) {
      case 'node':
        counts.nodes++;
        if ((counts.nodes & 0xffff) === 0) checkLimits(this.file, counts, this.limits);
        this.handler.node?.(c.id, c.lon, c.lat, c.tags, c.ts);
        break;
      case 'way':
        counts.ways++;
        if ((counts.ways & 0xfff) === 0) checkLimits(this.file, counts, this.limits);
        this.handler.way?.(c.id, c.refs, c.tags, c.ts);
        break;
      case 'relation':
        counts.relations++;
        this.handler.relation?.(c.id, c.members, c.tags, c.ts);
        break;
    }
  }

  /** The element being read when it is a `kind` (a <nd> counts in a way, a <member> in a relation), else null. */
  private inside<K extends Current['kind']>(kind: K): Extract<Current, { kind: K }> | null {
    const c = this.current;
    return c !== null && c.kind === kind ? (c as Extract<Current, { kind: K }>) : null;
  }
}
