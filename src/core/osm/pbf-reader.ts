/**
 * OSM PBF on a stream: each file block (4-byte big-endian BlobHeader size, BlobHeader, Blob) is
 * decoded as soon as its bytes have arrived and then dropped, so the heap holds one block
 * (≤ 32 MiB by the format's rules, ~1 MiB in practice) plus what the handler keeps.
 *
 * The protobuf wire format is decoded by the `pbf` package; this module only names the fields of
 * fileformat.proto and osmformat.proto (field numbers from those files) and applies the OSM
 * conventions: delta-coded ids and coordinates, string-table tags, granularity and offsets.
 */
import { PbfReader as Pbf } from 'pbf';
import { unzlibSync } from 'fflate';
import { FormatError } from '../errors';
import { ByteQueue } from './byte-queue';
import type { OsmCounts, OsmHandler, OsmLimits, OsmMember, OsmMemberType, OsmTags } from './osm-types';
import { checkLimits, recordTimestamp } from './limits';

const MAX_HEADER_BYTES = 64 * 1024;
const MAX_BLOB_BYTES = 32 * 1024 * 1024;
const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes', 'HistoricalInformation']);
const MEMBER_TYPES: OsmMemberType[] = ['node', 'way', 'relation'];

interface BlobHeader {
  type: string;
  datasize: number;
}

interface Blob {
  raw: Uint8Array | null;
  rawSize: number;
  zlib: Uint8Array | null;
  /** Name of an encoding this reader does not inflate (lzma, bzip2, lz4, zstd). */
  other: string | null;
}

function readBlobHeader(tag: number, h: BlobHeader, pbf: Pbf): void {
  if (tag === 1) h.type = pbf.readString();
  else if (tag === 3) h.datasize = pbf.readVarint();
}

const OTHER_ENCODINGS: Record<number, string> = { 4: 'lzma', 5: 'bzip2', 6: 'lz4', 7: 'zstd' };

function readBlob(tag: number, b: Blob, pbf: Pbf): void {
  if (tag === 1) b.raw = pbf.readBytes();
  else if (tag === 2) b.rawSize = pbf.readVarint();
  else if (tag === 3) b.zlib = pbf.readBytes();
  else if (OTHER_ENCODINGS[tag]) b.other = OTHER_ENCODINGS[tag];
}

/** PrimitiveBlock scalars; groups are kept as byte ranges until the scalars are known. */
interface Block {
  strings: string[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
  dateGranularity: number;
  groups: [number, number][];
}

function readBlock(tag: number, b: Block, pbf: Pbf): void {
  if (tag === 1) {
    const end = pbf.readVarint() + pbf.pos;
    while (pbf.pos < end) {
      const t = pbf.readVarint();
      if (t >> 3 === 1) b.strings.push(pbf.readString());
      else pbf.skip(t);
    }
  } else if (tag === 2) {
    const len = pbf.readVarint();
    b.groups.push([pbf.pos, pbf.pos + len]);
    pbf.pos += len;
  } else if (tag === 17) b.granularity = pbf.readVarint();
  else if (tag === 18) b.dateGranularity = pbf.readVarint();
  else if (tag === 19) b.latOffset = pbf.readVarint(true);
  else if (tag === 20) b.lonOffset = pbf.readVarint(true);
}

export class PbfStreamReader {
  private queue = new ByteQueue();
  private blocks = 0;
  private sawHeader = false;

  constructor(
    private readonly file: string,
    private readonly handler: OsmHandler,
    private readonly limits: OsmLimits,
    readonly counts: OsmCounts,
  ) {}

  push(chunk: Uint8Array): void {
    this.queue.push(chunk);
    for (;;) {
      if (this.queue.length < 4) return;
      const sizeBytes = this.queue.peek(4);
      const headerSize = ((sizeBytes[0] << 24) | (sizeBytes[1] << 16) | (sizeBytes[2] << 8) | sizeBytes[3]) >>> 0;
      if (headerSize === 0 || headerSize > MAX_HEADER_BYTES) {
        this.fail('(block header)', `a block header of at most ${MAX_HEADER_BYTES} bytes (is this an OSM PBF file?)`, `${headerSize} bytes`);
      }
      if (this.queue.length < 4 + headerSize) return;
      const header = this.decode('(block header)', () =>
        new Pbf(this.queue.peek(4 + headerSize).subarray(4)).readFields(readBlobHeader, { type: '', datasize: -1 }),
      );
      if (header.datasize < 0 || header.datasize > MAX_BLOB_BYTES) {
        this.fail('(block header)', `a block size of at most ${MAX_BLOB_BYTES} bytes`, String(header.datasize));
      }
      if (this.queue.length < 4 + headerSize + header.datasize) return;
      this.queue.skip(4 + headerSize);
      const blobBytes = this.queue.take(header.datasize);
      this.processBlob(header, blobBytes);
      this.blocks++;
    }
  }

  end(): void {
    if (this.queue.length > 0) {
      this.fail(`(block ${this.blocks})`, 'a complete PBF file (the last block is cut off: truncated download?)', `${this.queue.length} trailing bytes`);
    }
    if (!this.sawHeader) this.fail('(file)', 'an OSM PBF file starting with an OSMHeader block', this.blocks === 0 ? 'no blocks' : 'no OSMHeader block');
  }

  private fail(field: string, expected: string, found?: string): never {
    throw new FormatError({ file: this.file, field, expected, found });
  }

  private decode<T>(field: string, run: () => T): T {
    try {
      return run();
    } catch (err) {
      if (err instanceof FormatError) throw err;
      this.fail(field, 'well-formed protobuf data (the file is corrupt)', err instanceof Error ? err.message : String(err));
    }
  }

  private processBlob(header: BlobHeader, bytes: Uint8Array): void {
    const field = `(block ${this.blocks}: ${header.type || '?'})`;
    if (this.blocks === 0 && header.type !== 'OSMHeader') this.fail(field, 'an OSM PBF file starting with an OSMHeader block', JSON.stringify(header.type));
    if (header.type !== 'OSMHeader' && header.type !== 'OSMData') return; // the format says: skip unknown block types
    const blob = this.decode(field, () => new Pbf(bytes).readFields(readBlob, { raw: null, rawSize: -1, zlib: null, other: null } as Blob));
    let data: Uint8Array;
    if (blob.raw) data = blob.raw;
    else if (blob.zlib) {
      if (blob.rawSize < 0 || blob.rawSize > MAX_BLOB_BYTES) this.fail(field, `an inflated block size of at most ${MAX_BLOB_BYTES} bytes`, String(blob.rawSize));
      try {
        data = unzlibSync(blob.zlib, { out: new Uint8Array(blob.rawSize) });
      } catch (err) {
        this.fail(field, 'zlib-compressed block data (the file is corrupt)', err instanceof Error ? err.message : String(err));
      }
      if (data.length !== blob.rawSize) this.fail(field, `${blob.rawSize} inflated bytes`, `${data.length}`);
    } else if (blob.other) this.fail(field, 'a block compressed with zlib or stored raw', `${blob.other} compression`);
    else this.fail(field, 'a block with data', 'an empty blob');
    this.counts.decodedBytes += data.length;
    checkLimits(this.file, this.counts, this.limits);
    if (header.type === 'OSMHeader') this.decode(field, () => this.readHeader(data));
    else this.decode(field, () => this.readPrimitives(data));
  }

  private readHeader(data: Uint8Array): void {
    this.sawHeader = true;
    const h = { bbox: null as number[] | null, required: [] as string[], program: '', timestamp: 0 };
    new Pbf(data).readFields((tag, r, pbf) => {
      if (tag === 1) {
        const box = [0, 0, 0, 0];
        pbf.readMessage((t, b, p) => {
          if (t >= 1 && t <= 4) b[t - 1] = p.readSVarint() / 1e9;
        }, box);
        r.bbox = box; // left, right, top, bottom
      } else if (tag === 4) r.required.push(pbf.readString());
      else if (tag === 16) r.program = pbf.readString();
      else if (tag === 32) r.timestamp = pbf.readVarint(true);
    }, h);
    const unknown = h.required.filter((f) => !SUPPORTED_FEATURES.has(f));
    if (unknown.length > 0) this.fail('(OSMHeader)', `only the features ${[...SUPPORTED_FEATURES].join(', ')}`, unknown.join(', '));
    this.handler.header?.({
      format: 'pbf',
      bounds: h.bbox ? { west: h.bbox[0], east: h.bbox[1], north: h.bbox[2], south: h.bbox[3] } : undefined,
      timestamp: h.timestamp > 0 ? new Date(h.timestamp * 1000).toISOString().replace('.000Z', 'Z') : undefined,
      generator: h.program || undefined,
      requiredFeatures: h.required,
    });
  }

  private readPrimitives(data: Uint8Array): void {
    if (!this.sawHeader) this.fail('(block 0)', 'an OSMHeader block before the data blocks');
    const pbf = new Pbf(data);
    const block = pbf.readFields(readBlock, { strings: [], granularity: 100, latOffset: 0, lonOffset: 0, dateGranularity: 1000, groups: [] } as Block);
    for (const [start, end] of block.groups) {
      pbf.pos = start;
      while (pbf.pos < end) {
        const t = pbf.readVarint();
        const tag = t >> 3;
        if (tag === 1) this.readNode(pbf, block, pbf.readVarint() + pbf.pos);
        else if (tag === 2) this.readDense(pbf, block, pbf.readVarint() + pbf.pos);
        else if (tag === 3) this.readWay(pbf, block, pbf.readVarint() + pbf.pos);
        else if (tag === 4) this.readRelation(pbf, block, pbf.readVarint() + pbf.pos);
        else pbf.skip(t);
      }
    }
  }

  private stamp(ms: number): void {
    recordTimestamp(this.counts, ms);
  }

  private tags(strings: string[], keys: number[], vals: number[]): OsmTags {
    const tags: OsmTags = {};
    for (let i = 0; i < keys.length; i++) tags[strings[keys[i]]] = strings[vals[i]];
    return tags;
  }

  /** Info message: timestamp (field 2) in date_granularity units. */
  private readInfoTimestamp(pbf: Pbf, block: Block): number {
    let ts = NaN;
    const end = pbf.readVarint() + pbf.pos;
    while (pbf.pos < end) {
      const t = pbf.readVarint();
      if (t >> 3 === 2) ts = pbf.readVarint(true) * block.dateGranularity;
      else pbf.skip(t);
    }
    return ts;
  }

  private readNode(pbf: Pbf, block: Block, end: number): void {
    let id = 0;
    let lat = 0;
    let lon = 0;
    let ts = NaN;
    const keys: number[] = [];
    const vals: number[] = [];
    while (pbf.pos < end) {
      const t = pbf.readVarint();
      pbf.type = t & 7;
      switch (t >> 3) {
        case 1: id = pbf.readSVarint(); break;
        case 2: pbf.readPackedVarint(keys); break;
        case 3: pbf.readPackedVarint(vals); break;
        case 4: ts = this.readInfoTimestamp(pbf, block); break;
        case 8: lat = pbf.readSVarint(); break;
        case 9: lon = pbf.readSVarint(); break;
        default: pbf.skip(t);
      }
    }
    this.counts.nodes++;
    if (!Number.isNaN(ts)) this.stamp(ts);
    this.handler.node?.(
      id,
      1e-9 * (block.lonOffset + block.granularity * lon),
      1e-9 * (block.latOffset + block.granularity * lat),
      keys.length > 0 ? this.tags(block.strings, keys, vals) : null,
      ts,
    );
  }

  private readDense(pbf: Pbf, block: Block, end: number): void {
    const ids: number[] = [];
    const lats: number[] = [];
    const lons: number[] = [];
    const kv: number[] = [];
    const stamps: number[] = [];
    while (pbf.pos < end) {
      const t = pbf.readVarint();
      pbf.type = t & 7;
      switch (t >> 3) {
        case 1: pbf.readPackedSVarint(ids); break;
        case 5: {
          const infoEnd = pbf.readVarint() + pbf.pos;
          while (pbf.pos < infoEnd) {
            const it = pbf.readVarint();
            pbf.type = it & 7;
            if (it >> 3 === 2) pbf.readPackedSVarint(stamps);
            else pbf.skip(it);
          }
          break;
        }
        case 8: pbf.readPackedSVarint(lats); break;
        case 9: pbf.readPackedSVarint(lons); break;
        case 10: pbf.readPackedVarint(kv); break;
        default: pbf.skip(t);
      }
    }
    if (lats.length !== ids.length || lons.length !== ids.length) {
      this.fail('(DenseNodes)', 'as many latitudes and longitudes as node ids', `${ids.length} ids, ${lats.length} lat, ${lons.length} lon`);
    }
    const handler = this.handler;
    const scale = 1e-9 * block.granularity;
    let id = 0;
    let lat = 0;
    let lon = 0;
    let ts = 0;
    let k = 0;
    const haveStamps = stamps.length === ids.length;
    for (let i = 0; i < ids.length; i++) {
      id += ids[i];
      lat += lats[i];
      lon += lons[i];
      let tags: OsmTags | null = null;
      if (k < kv.length) {
        while (k < kv.length && kv[k] !== 0) {
          tags ??= {};
          tags[block.strings[kv[k]]] = block.strings[kv[k + 1]];
          k += 2;
        }
        k++; // the 0 that ends this node's pairs
      }
      let stamp = NaN;
      if (haveStamps) {
        ts += stamps[i];
        stamp = ts * block.dateGranularity;
        this.stamp(stamp);
      }
      handler.node?.(id, 1e-9 * block.lonOffset + scale * lon, 1e-9 * block.latOffset + scale * lat, tags, stamp);
    }
    this.counts.nodes += ids.length;
    checkLimits(this.file, this.counts, this.limits);
  }

  private readWay(pbf: Pbf, block: Block, end: number): void {
    let id = 0;
    let ts = NaN;
    const keys: number[] = [];
    const vals: number[] = [];
    const refs: number[] = [];
    while (pbf.pos < end) {
      const t = pbf.readVarint();
      pbf.type = t & 7;
      switch (t >> 3) {
        case 1: id = pbf.readVarint(); break;
        case 2: pbf.readPackedVarint(keys); break;
        case 3: pbf.readPackedVarint(vals); break;
        case 4: ts = this.readInfoTimestamp(pbf, block); break;
        case 8: pbf.readPackedSVarint(refs); break;
        default: pbf.skip(t);
      }
    }
    for (let i = 1; i < refs.length; i++) refs[i] += refs[i - 1];
    this.counts.ways++;
    if (!Number.isNaN(ts)) this.stamp(ts);
    if (this.counts.ways > this.limits.maxWays) checkLimits(this.file, this.counts, this.limits);
    this.handler.way?.(id, refs, this.tags(block.strings, keys, vals), ts);
  }

  private readRelation(pbf: Pbf, block: Block, end: number): void {
    let id = 0;
    let ts = NaN;
    const keys: number[] = [];
    const vals: number[] = [];
    const roles: number[] = [];
    const memids: number[] = [];
    const types: number[] = [];
    while (pbf.pos < end) {
      const t = pbf.readVarint();
      pbf.type = t & 7;
      switch (t >> 3) {
        case 1: id = pbf.readVarint(); break;
        case 2: pbf.readPackedVarint(keys); break;
        case 3: pbf.readPackedVarint(vals); break;
        case 4: ts = this.readInfoTimestamp(pbf, block); break;
        case 8: pbf.readPackedVarint(roles); break;
        case 9: pbf.readPackedSVarint(memids); break;
        case 10: pbf.readPackedVarint(types); break;
        default: pbf.skip(t);
      }
    }
    this.counts.relations++;
    if (!Number.isNaN(ts)) this.stamp(ts);
    if (!this.handler.relation) return;
    const members: OsmMember[] = [];
    let ref = 0;
    for (let i = 0; i < memids.length; i++) {
      ref += memids[i];
      members.push({ type: MEMBER_TYPES[types[i]] ?? 'node', ref, role: block.strings[roles[i]] ?? '' });
    }
    this.handler.relation(id, members, this.tags(block.strings, keys, vals), ts);
  }
}
