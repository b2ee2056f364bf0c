/**
 * Telling an OpenStreetMap extract from the other files a planner drops, by its name or its
 * first bytes, without reading it: an extract is not a scenario but the source of a new city.
 */

const OSM_NAME = /\.(osm\.pbf|pbf|osm|osm\.gz|osm\.xml)$/i;

export function isOsmExtractName(file: string): boolean {
  return OSM_NAME.test(file);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < Math.min(to, bytes.length); i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/**
 * A PBF file starts with a 4-byte length and a BlobHeader whose type is "OSMHeader"; an OSM XML
 * file has an <osm> root near its start; a gzip stream (1f 8b) named like an extract is one.
 */
export function looksLikeOsmExtract(file: string, bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return /\.osm(\.xml)?\.gz$/i.test(file);
  if (bytes.length >= 16 && ascii(bytes, 4, 24).includes('OSMHeader')) return true;
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<osm[\s>]/.test(ascii(bytes, 0, 1024));
}
