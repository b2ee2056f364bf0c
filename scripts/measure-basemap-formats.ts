/**
 * How the basemap format was chosen (BENCHMARKS.md, "Streets"): sizes of the candidate formats
 * for each bundled city, and, for Monaco in headless Chromium, how long maplibre takes from
 * adding the basemap to its first idle frame, and what a repaint costs with it. Candidates:
 * - `geojson`: the app's way: the compact .basemap file made GeoJSON (in the app by the roads
 *   worker), drawn with the app's vector layers (ui/map/basemap-style.ts), loaded by maplibre's
 *   worker from a URL;
 * - `raster`: tiles painted with Canvas 2D from the same file in the same look
 *   (scripts/basemap-formats/raster-tiles.ts; here on the page, a worker's job in an app);
 * - `tiles`: vector tiles (z10–14) made by tilemaker (Debian's `tilemaker`; skipped without it)
 *   from the same extract with the same classes (scripts/basemap-formats/), same layers;
 * - `none`: no basemap (the app before streets).
 *   npx tsx scripts/measure-basemap-formats.ts [--repeats 5]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { chromium } from '@playwright/test';
import { buildSync } from 'esbuild';
import { gzipSync } from 'fflate';
import type { LayerSpecification } from 'maplibre-gl';
import { decodeBasemap } from '../src/core/basemap/encoding';
import { basemapGeoJSONBytes, splitDetail } from '../src/core/basemap/geojson';
import { BUNDLED_CITIES } from '../src/core/cities/city';
import { CHROMIUM, CHROMIUM_ARGS } from '../src/cli/bench/browser';
import { BASEMAP_LAYERS, BASEMAP_MAXZOOM } from '../src/ui/map/basemap-style';

const repeats = Number(process.argv[process.argv.indexOf('--repeats') + 1]) || 5;
const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

console.log('sizes (file as shipped; GeoJSON as the worker makes it, raw and gzip -6):');
for (const city of BUNDLED_CITIES) {
  const file = readFileSync(`public/cities/${city}.basemap`);
  const gj = basemapGeoJSONBytes(decodeBasemap(city, file));
  console.log(`  ${city}: .basemap ${kib(file.length)}; GeoJSON ${kib(gj.length)} (${kib(gzipSync(gj, { level: 6 }).length)} gzip)`);
}

// Monaco: the same box as its basemap, cut by tilemaker.
const monaco = decodeBasemap('Monaco', readFileSync('public/cities/Monaco.basemap'));
const tilesDir = mkdtempSync(join(tmpdir(), 'routelab-tiles-'));
const config = JSON.parse(readFileSync('scripts/basemap-formats/tilemaker-config.json', 'utf8'));
config.settings.bounding_box = monaco.box;
const configFile = join(tilesDir, 'config.json');
spawnSync('sh', ['-c', `cat > ${configFile}`], { input: JSON.stringify(config) });
const made = spawnSync('tilemaker', ['--input', '../shared/data/osm/monaco.osm.pbf', '--output', join(tilesDir, 'tiles'), '--config', configFile, '--process', 'scripts/basemap-formats/tilemaker-process.lua'], { stdio: 'ignore' });
const haveTiles = made.status === 0;
if (haveTiles) {
  const tiles = filesUnder(join(tilesDir, 'tiles')).filter((f) => f.endsWith('.pbf'));
  const bytes = tiles.map((f) => readFileSync(f));
  const total = bytes.reduce((s, b) => s + b.length, 0);
  const gz = bytes.reduce((s, b) => s + gzipSync(b, { level: 6 }).length, 0);
  console.log(`  Monaco vector tiles (tilemaker, z10–14, same box, no sea): ${tiles.length} tiles, ${kib(total)} (${kib(gz)} gzip)`);
} else console.log('  (tilemaker not found: vector tiles skipped)');

// As the app loads it at first: without the footways and tunnels it adds from zoom 14 on.
const geojson = basemapGeoJSONBytes(splitDetail(monaco).main);
const basemapFile = readFileSync('public/cities/Monaco.basemap');
// The painter and the decoder, bundled for the page.
const painter = buildSync({
  stdin: { contents: "export { StreetTiles } from './scripts/basemap-formats/raster-tiles'; export { decodeBasemap } from './src/core/basemap/encoding';", resolveDir: '.', loader: 'ts' },
  bundle: true,
  format: 'esm',
  write: false,
}).outputFiles[0].contents;
const TYPES: Record<string, string> = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.css': 'text/css', '.pbf': 'application/x-protobuf', '.json': 'application/json', '.html': 'text/html' };
const page = `<!doctype html><html><body style="margin:0"><div id="map" style="width:1000px;height:700px"></div>
<script type="module">
import * as maplibregl from '/ml/maplibre-gl.mjs';
import { StreetTiles, decodeBasemap } from '/painter.js';
maplibregl.setWorkerUrl('/ml/maplibre-gl-worker.mjs');
let tiles = null;
maplibregl.addProtocol('streets', async (params) => {
  tiles ??= new StreetTiles(decodeBasemap('Monaco', new Uint8Array(await (await fetch('/Monaco.basemap')).arrayBuffer())));
  const [z, x, y] = params.url.split('://')[1].split('/').map(Number);
  const canvas = new OffscreenCanvas(512, 512);
  tiles.paint(canvas.getContext('2d'), z, x, y, 512);
  return { data: canvas.transferToImageBitmap() };
});
const frame = () => new Promise((r) => requestAnimationFrame(r));
window.measure = async (sources, layers) => {
  const t0 = performance.now();
  const map = new maplibregl.Map({ container: 'map', center: [7.424, 43.738], zoom: 13.6, fadeDuration: 0, attributionControl: false,
    style: { version: 8, sources, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#f3f1ec' } }, ...layers] } });
  await new Promise((r) => map.once('idle', r));
  const loadMs = performance.now() - t0;
  const gaps = [];
  let last = await frame();
  for (let i = 0; i < 40; i++) { map.triggerRepaint(); const t = await frame(); gaps.push(t - last); last = t; }
  map.remove();
  gaps.sort((a, b) => a - b);
  return { loadMs, repaintMedian: gaps[20], repaintMax: gaps[gaps.length - 1] };
};
</script></body></html>`;
const server = createServer((req, res) => {
  const url = req.url ?? '/';
  let body: Uint8Array | string | null = null;
  if (url === '/') body = page;
  else if (url === '/basemap.geojson') body = geojson;
  else if (url === '/painter.js') body = painter;
  else if (url === '/Monaco.basemap') body = basemapFile;
  else if (url.startsWith('/ml/')) body = readFileSync(join('node_modules/maplibre-gl/dist', url.slice(4)));
  else if (url.startsWith('/tiles/')) {
    try {
      body = readFileSync(join(tilesDir, url));
    } catch {
      res.writeHead(204).end();
      return;
    }
  }
  if (body === null) return void res.writeHead(404).end();
  res.writeHead(200, { 'Content-Type': url === '/' ? 'text/html' : (TYPES[extname(url)] ?? 'application/octet-stream') }).end(body);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as { port: number }).port;
const origin = `http://127.0.0.1:${port}`;

/** The app's basemap layers, reading tilemaker's layers (one per group) instead of the GeoJSON's `group`. */
function tileLayers(): LayerSpecification[] {
  const sourceLayer: Record<string, string> = { landuse: 'landuse', water: 'water', road: 'roads' };
  const clause = /\["==",\["get","group"\],"(\w+)"\]/g;
  const out: LayerSpecification[] = [];
  for (const layer of BASEMAP_LAYERS) {
    const text = JSON.stringify(layer);
    for (const group of new Set([...text.matchAll(clause)].map((m) => m[1]))) {
      if (!sourceLayer[group]) continue;
      const spec = JSON.parse(text.replace(clause, 'true'));
      out.push({ ...spec, id: `${spec.id}-${group}`, 'source-layer': sourceLayer[group] });
    }
  }
  return out;
}

const variants: Record<string, { sources: object; layers: LayerSpecification[] }> = {
  none: { sources: {}, layers: [] },
  raster: { sources: { basemap: { type: 'raster', tiles: ['streets://{z}/{x}/{y}'], tileSize: 512, bounds: monaco.box } }, layers: [{ id: 'streets', type: 'raster', source: 'basemap', paint: { 'raster-fade-duration': 0 } }] },
  geojson: { sources: { basemap: { type: 'geojson', data: `${origin}/basemap.geojson`, maxzoom: BASEMAP_MAXZOOM } }, layers: BASEMAP_LAYERS },
};
if (haveTiles) variants.tiles = { sources: { basemap: { type: 'vector', tiles: [`${origin}/tiles/{z}/{x}/{y}.pbf`], minzoom: 10, maxzoom: 14 } }, layers: tileLayers() };

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  console.log(`Monaco in headless Chromium (software WebGL), 1000×700 at zoom 13.6, median of ${repeats} fresh pages:`);
  for (const [name, v] of Object.entries(variants)) {
    const runs: { loadMs: number; repaintMedian: number; repaintMax: number }[] = [];
    for (let i = 0; i < repeats; i++) {
      const p = await browser.newPage();
      await p.goto(origin);
      await p.waitForFunction('typeof window.measure === "function"');
      runs.push((await p.evaluate(`window.measure(${JSON.stringify(v.sources)}, ${JSON.stringify(v.layers)})`)) as (typeof runs)[number]);
      await p.close();
    }
    const med = (f: (r: (typeof runs)[number]) => number) => runs.map(f).sort((a, b) => a - b)[Math.floor(runs.length / 2)].toFixed(0);
    console.log(`  ${name.padEnd(8)} load → idle ${med((r) => r.loadMs)} ms; repaint median ${med((r) => r.repaintMedian)} ms, max ${med((r) => r.repaintMax)} ms`);
  }
} finally {
  await browser.close();
  server.close();
}
