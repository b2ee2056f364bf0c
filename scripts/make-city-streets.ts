/**
 * Builds the street data of the bundled cities from their OSM extracts (in ../shared/data/osm,
 * named in data/cities/<City>.meta.json): `public/cities/<City>.basemap` (what the map draws)
 * and `public/cities/<City>.roads` (the road network routes are drawn along). Both cover the
 * city's box plus a margin. The outputs are committed; run again after the extracts change:
 *   npm run cities:streets [-- --osm-dir <dir>] [--margin-m 1500]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { basemapFromFeatures, selectBasemapFeature } from '../src/core/basemap/collect';
import { expandBox, type Box } from '../src/core/basemap/clip';
import { encodeBasemap } from '../src/core/basemap/encoding';
import { BUNDLED_CITIES, OSM_ATTRIBUTION } from '../src/core/cities/city';
import { readRoads } from '../src/core/osm/read-roads';
import { buildRoadGraph } from '../src/core/osm/road-graph';
import { decodeRoadFile, encodeRoadFile } from '../src/core/roads/road-file';

function flag(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] ? process.argv[k + 1] : fallback;
}

const osmDir = flag('osm-dir', '../shared/data/osm');
const marginM = Number(flag('margin-m', '1500'));
const named = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));

for (const city of named.length ? named : BUNDLED_CITIES) {
  const meta = JSON.parse(readFileSync(`data/cities/${city}.meta.json`, 'utf8')) as {
    box: { west: number; south: number; east: number; north: number };
    extract: { file: string };
  };
  const file = join(osmDir, basename(meta.extract.file));
  const box: Box = expandBox([meta.box.west, meta.box.south, meta.box.east, meta.box.north], marginM);
  const t0 = performance.now();
  const extract = readRoads(file, readFileSync(file), { selectFeature: selectBasemapFeature });
  const t1 = performance.now();
  const graph = buildRoadGraph(extract);
  const t2 = performance.now();
  const roads = encodeRoadFile(graph, box);
  const basemap = basemapFromFeatures(extract.features, box);
  const basemapBytes = encodeBasemap(basemap, OSM_ATTRIBUTION);
  const t3 = performance.now();
  const back = decodeRoadFile(`${city}.roads`, roads);
  const t4 = performance.now();
  writeFileSync(`public/cities/${city}.roads`, roads);
  writeFileSync(`public/cities/${city}.basemap`, basemapBytes);
  console.log(
    `${city}: read ${(t1 - t0).toFixed(0)} ms, graph ${(t2 - t1).toFixed(0)} ms (${graph.edgeCount} edges), encode ${(t3 - t2).toFixed(0)} ms; ` +
      `roads ${(roads.length / 1024).toFixed(0)} KiB (${back.nodeCount} junctions, ${back.edgeCount} edges, ${back.vertexLon.length} vertices, decode ${(t4 - t3).toFixed(0)} ms); ` +
      `basemap ${(basemapBytes.length / 1024).toFixed(0)} KiB (${basemap.features.length} features)`,
  );
}
