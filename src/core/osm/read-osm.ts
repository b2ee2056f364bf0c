/**
 * One entry for every extract format: `.osm.pbf`, `.osm` (XML) and `.osm.gz` (gzipped XML, or a
 * gzipped PBF), told apart by their first bytes rather than by the file name. Bytes may be pushed
 * in any chunking (a File's stream in a worker, fs chunks in Node); gzip is inflated on the fly.
 */
import { Gunzip } from 'fflate';
import { FormatError } from '../errors';
import { checkLimits, newCounts } from './limits';
import { DEFAULT_OSM_LIMITS, type OsmCounts, type OsmHandler, type OsmHeader, type OsmLimits } from './osm-types';
import { PbfStreamReader } from './pbf-reader';
import { XmlStreamReader } from './xml-reader';

export type OsmFormat = 'pbf' | 'xml' | 'pbf.gz' | 'xml.gz';

export interface OsmReadOptions {
  limits?: Partial<OsmLimits>;
}

export interface OsmReadSummary {
  format: OsmFormat;
  header: OsmHeader;
  counts: OsmCounts;
  inputBytes: number;
}

export interface OsmStream {
  push(chunk: Uint8Array): void;
  /** Flushes and checks the file is complete; throws FormatError when it is not. */
  end(): OsmReadSummary;
}

interface Inner {
  push(chunk: Uint8Array): void;
  end(): void;
}

const DETECT_BYTES = 64;

function looksLikeXml(head: Uint8Array): boolean {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 byte-order mark
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  return head[i] === 0x3c; // '<'
}

function looksLikePbf(head: Uint8Array): boolean {
  if (head.length < 8) return false;
  const size = ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0;
  // BlobHeader field 1 (type, a string) comes first: tag byte 0x0a.
  return size > 0 && size < 64 * 1024 && head[4] === 0x0a;
}

/** Collects the first bytes, picks a reader, then forwards everything to it. */
class Sniffer implements Inner {
  private buffered: Uint8Array[] = [];
  private size = 0;
  private inner: Inner | null = null;

  constructor(
    private readonly file: string,
    private readonly pick: (head: Uint8Array) => Inner,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.inner) return this.inner.push(chunk);
    this.buffered.push(chunk);
    this.size += chunk.length;
    if (this.size >= DETECT_BYTES) this.flush();
  }

  end(): void {
    if (!this.inner) {
      if (this.size === 0) throw new FormatError({ file: this.file, field: '(file)', expected: 'an OSM extract (.osm.pbf, .osm or .osm.gz)', found: 'an empty file' });
      this.flush();
    }
    this.inner!.end();
  }

  private flush(): void {
    const all = new Uint8Array(this.size);
    let o = 0;
    for (const c of this.buffered) {
      all.set(c, o);
      o += c.length;
    }
    this.buffered = [];
    this.inner = this.pick(all.subarray(0, DETECT_BYTES));
    this.inner.push(all);
  }
}

export function createOsmStream(file: string, handler: OsmHandler, opts: OsmReadOptions = {}): OsmStream {
  const limits: OsmLimits = { ...DEFAULT_OSM_LIMITS, ...opts.limits };
  const counts = newCounts();
  let format: OsmFormat = 'pbf';
  const header: OsmHeader = { format: 'pbf' };
  // Bound explicitly: the handler may be a class instance whose methods live on its prototype.
  const merging: OsmHandler = {
    node: handler.node?.bind(handler),
    way: handler.way?.bind(handler),
    relation: handler.relation?.bind(handler),
    header(h) {
      Object.assign(header, Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)));
      handler.header?.(h);
    },
  };
  const plain = (head: Uint8Array, gz: boolean): Inner => {
    if (looksLikeXml(head)) {
      format = gz ? 'xml.gz' : 'xml';
      return new XmlStreamReader(file, merging, limits, counts);
    }
    if (looksLikePbf(head)) {
      format = gz ? 'pbf.gz' : 'pbf';
      return new PbfStreamReader(file, merging, limits, counts);
    }
    const text = Array.from(head.subarray(0, 16), (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    throw new FormatError({ file, field: '(file)', expected: 'an OSM extract (.osm.pbf, .osm XML or .osm.gz)', found: `bytes ${JSON.stringify(text)}` });
  };
  const sniffer = new Sniffer(file, (head) => {
    if (head[0] !== 0x1f || head[1] !== 0x8b) return plain(head, false);
    const inner = new Sniffer(file, (h) => plain(h, true));
    const gunzip = new Gunzip((data) => inner.push(data));
    return {
      push(chunk) {
        try {
          gunzip.push(chunk);
        } catch (err) {
          if (err instanceof FormatError) throw err;
          throw new FormatError({ file, field: '(gzip)', expected: 'valid gzip data', found: err instanceof Error ? err.message : String(err) });
        }
      },
      end() {
        try {
          gunzip.push(new Uint8Array(0), true);
        } catch (err) {
          if (err instanceof FormatError) throw err;
          throw new FormatError({ file, field: '(gzip)', expected: 'complete gzip data (the file is cut off or corrupt)', found: err instanceof Error ? err.message : String(err) });
        }
        inner.end();
      },
    };
  });
  let inputBytes = 0;
  return {
    push(chunk) {
      inputBytes += chunk.length;
      if (inputBytes > limits.maxInputBytes) {
        throw new FormatError({
          file,
          field: '(size)',
          expected: `a file of at most ${limits.maxInputBytes.toLocaleString('en')} bytes (the builder's limit for a browser tab; crop the extract to the town)`,
          found: `more than ${limits.maxInputBytes.toLocaleString('en')} bytes`,
        });
      }
      sniffer.push(chunk);
    },
    end() {
      sniffer.end();
      checkLimits(file, counts, limits);
      header.format = format === 'pbf' || format === 'pbf.gz' ? 'pbf' : 'xml';
      return { format, header, counts, inputBytes };
    },
  };
}

const SLICE = 1 << 20;

/** Reads a whole file held in memory, in slices, so a gzip or XML file is still streamed. */
export function readOsm(file: string, bytes: Uint8Array, handler: OsmHandler, opts: OsmReadOptions = {}): OsmReadSummary {
  const stream = createOsmStream(file, handler, opts);
  for (let o = 0; o < bytes.length; o += SLICE) stream.push(bytes.subarray(o, Math.min(bytes.length, o + SLICE)));
  return stream.end();
}

/** Reads chunks as they come (a `File.stream()` in a worker, a Node read stream). */
export async function readOsmChunks(
  file: string,
  chunks: AsyncIterable<Uint8Array>,
  handler: OsmHandler,
  opts: OsmReadOptions & { onBytes?: (bytes: number) => void } = {},
): Promise<OsmReadSummary> {
  const stream = createOsmStream(file, handler, opts);
  let n = 0;
  for await (const chunk of chunks) {
    stream.push(chunk);
    n += chunk.length;
    opts.onBytes?.(n);
  }
  return stream.end();
}
