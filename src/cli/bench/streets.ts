/**
 * bench streets [--repeats 5]: the bundled cities' street files in Node, as the roads worker
 * uses them: sizes, reading the basemap into GeoJSON, loading the road network (decode + snap
 * index), snapping the city's 1000 road points, and the legs of a 100-stop tour (each stop to the
 * nearest unvisited one, as a nearest-neighbour route would go). Medians of `repeats`.
 * The browser side (basemap on the map, first routes along the roads) is in `bench ui`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBasemap } from '../../core/basemap/encoding';
import { basemapGeoJSONBytes } from '../../core/basemap/geojson';
import { BUNDLED_CITIES } from '../../core/cities/city';
import { decodeCity } from '../../core/cities/encoding';
import { legRouter } from '../../core/roads/leg-router';
import { decodeRoadFile } from '../../core/roads/road-file';
import { numberFlag, type Args } from '../args';
import { REPO_ROOT } from '../io';
import { formatTable, median } from '../table';

function timed<T>(run: () => T): [T, number] {
  const t0 = performance.now();
  const value = run();
  return [value, performance.now() - t0];
}

/** A tour over the first `n` points: from each, the nearest point not visited yet (straight-line). */
function nearestTour(lonlat: Float64Array, n: number): number[] {
  const tour = [0];
  const left = new Set(Array.from({ length: n - 1 }, (_, i) => i + 1));
  while (left.size) {
    const a = tour[tour.length - 1];
    let best = -1;
    let bestD = Infinity;
    for (const b of left) {
      const d = (lonlat[2 * a] - lonlat[2 * b]) ** 2 + (lonlat[2 * a + 1] - lonlat[2 * b + 1]) ** 2;
      if (d < bestD) [best, bestD] = [b, d];
    }
    tour.push(best);
    left.delete(best);
  }
  return tour;
}

export async function benchStreets(args: Args): Promise<string> {
  const repeats = numberFlag(args, 'repeats', 5, (x) => Number.isInteger(x) && x > 0);
  const rows: string[][] = [];
  for (const name of BUNDLED_CITIES) {
    const file = (ext: string) => new Uint8Array(readFileSync(join(REPO_ROOT, 'public/cities', `${name}.${ext}`)));
    const basemapBytes = file('basemap');
    const roadBytes = file('roads');
    const city = decodeCity(`${name}.rlc`, file('rlc'));
    const tour = nearestTour(city.lonlat, 101);
    const times = { basemap: [] as number[], load: [] as number[], snap: [] as number[], legs: [] as number[] };
    let geojsonBytes = 0;
    let features = 0;
    let edges = 0;
    let vertices = 0;
    let legPoints = 0;
    for (let r = 0; r < repeats; r++) {
      const [gj, tb] = timed(() => {
        const basemap = decodeBasemap(`${name}.basemap`, basemapBytes);
        features = basemap.features.length;
        return basemapGeoJSONBytes(basemap);
      });
      geojsonBytes = gj.length;
      times.basemap.push(tb);
      const [router, tl] = timed(() => {
        const graph = decodeRoadFile(`${name}.roads`, roadBytes);
        edges = graph.edgeCount;
        vertices = graph.vertexLon.length;
        return legRouter(graph);
      });
      times.load.push(tl);
      const [snaps, ts] = timed(() => Array.from({ length: city.n }, (_, i) => router.snap(city.lonlat[2 * i], city.lonlat[2 * i + 1])));
      times.snap.push(ts);
      const [points, tt] = timed(() => {
        let total = 0;
        for (let k = 0; k < tour.length; k++) total += (router.path(snaps[tour[k]]!, snaps[tour[(k + 1) % tour.length]]!)?.length ?? 0) / 2;
        return total;
      });
      legPoints = points;
      times.legs.push(tt);
    }
    rows.push([
      name,
      `${(basemapBytes.length / 1024).toFixed(0)}`,
      `${features}`,
      `${(geojsonBytes / 1024).toFixed(0)}`,
      median(times.basemap).toFixed(0),
      `${(roadBytes.length / 1024).toFixed(0)}`,
      `${edges} / ${vertices}`,
      median(times.load).toFixed(0),
      median(times.snap).toFixed(0),
      median(times.legs).toFixed(0),
      `${legPoints}`,
    ]);
  }
  const header = ['city', 'basemap KiB', 'features', 'GeoJSON KiB', 'basemap→GeoJSON ms', 'roads KiB', 'edges / vertices', 'network load ms', 'snap 1000 ms', '101 legs ms', 'leg vertices'];
  return [`streets, Node ${process.version}, median of ${repeats}`, formatTable(header, rows)].join('\n');
}
