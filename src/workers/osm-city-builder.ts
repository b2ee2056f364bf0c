/**
 * The OSM city builder (src/core/osm) as the build worker calls it: its options and results
 * mapped onto the worker's (CityData in metres, seconds and [lon, lat]).
 */
import { FormatError } from '../core/errors';
import { createOsmStream } from '../core/osm/read-osm';
import type { CityBuilder } from './city-build-host';

type Bounds = [number, number, number, number];

/** Bytes read per slice of the extract. */
const SLICE = 1 << 20;

/** Beyond this size the extent is the header's alone: reading every node would take too long. */
const SCAN_LIMIT_BYTES = 32 << 20;

/**
 * Where the extract's data lies: the extent of its nodes, read through once (headers are not to
 * be trusted: JOSM writes the box that was downloaded, while whole ways reach beyond it); the
 * declared extent (PBF bbox, XML <bounds>) for a big file or one without nodes.
 */
async function extractExtent(file: string, source: Blob): Promise<Bounds | null> {
  let declared: Bounds | null = null;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const stream = createOsmStream(file, {
    header(h) {
      if (h.bounds) declared = [h.bounds.west, h.bounds.south, h.bounds.east, h.bounds.north];
    },
    node(_id, lon, lat) {
      if (lon < w) w = lon;
      if (lon > e) e = lon;
      if (lat < s) s = lat;
      if (lat > n) n = lat;
    },
  });
  const big = source.size > SCAN_LIMIT_BYTES;
  for (let o = 0; o < source.size; o += SLICE) {
    stream.push(new Uint8Array(await source.slice(o, o + SLICE).arrayBuffer()));
    if (big && declared) return declared;
  }
  stream.end();
  return w <= e && s <= n ? [w, s, e, n] : declared;
}

export const osmCityBuilder: CityBuilder = {
  async build(file) {
    throw new FormatError({ file, field: '(file)', expected: 'the OSM city builder, which this build does not include yet' });
  },
  extent: extractExtent,
};
