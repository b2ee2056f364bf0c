/**
 * A planner reads her routes on real streets: Monaco opens with its streets drawn from the OSM
 * extract (no tile server, no network), and a solved run's routes follow the roads: more
 * vertices than stops, every vertex on a road edge of the city's network. A planar benchmark
 * keeps straight lines and no basemap.
 *
 * README_SCREENSHOT=1 also writes docs/screenshot.png (streets, a nearest-neighbour run and a
 * SISR run, the SISR run selected).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import type { RoadGraph } from '../src/core/osm/road-graph';
import { decodeRoadFile } from '../src/core/roads/road-file';
import type { RoutelabProbe } from '../src/store/probe';
import type {} from '../src/ui/map/map-probe';
import { collectPageErrors, openMonaco, solveToEnd, startRun } from './support';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

type Line = { roads: boolean; coordinates: [number, number][] };

async function routeLines(page: Page, runId: string): Promise<Line[]> {
  return page.evaluate((id) => (window as unknown as { __routelab: RoutelabProbe }).__routelab.map!.routeLines(id), runId);
}

async function routesOf(page: Page, runId: string): Promise<{ vehicle: number; stops: number[] }[]> {
  return page.evaluate((id) => (window as unknown as { __routelab: RoutelabProbe }).__routelab.editor!.runs().find((r) => r.id === id)!.routes, runId);
}

/** Metres from a point to the nearest segment of the network's edge geometry (local flat metres). */
function distanceToRoads(g: RoadGraph): (lon: number, lat: number) => number {
  const lat0 = g.vertexLat[0];
  const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const ky = 110_540;
  const cell = 50;
  const grid = new Map<string, number[]>();
  const x = (lon: number) => lon * kx;
  const y = (lat: number) => lat * ky;
  for (let e = 0; e < g.edgeCount; e++) {
    for (let v = g.edgeGeom[e]; v + 1 < g.edgeGeom[e + 1]; v++) {
      const [x0, x1] = [x(g.vertexLon[v]), x(g.vertexLon[v + 1])].sort((a, b) => a - b);
      const [y0, y1] = [y(g.vertexLat[v]), y(g.vertexLat[v + 1])].sort((a, b) => a - b);
      for (let cx = Math.floor(x0 / cell); cx <= Math.floor(x1 / cell); cx++) {
        for (let cy = Math.floor(y0 / cell); cy <= Math.floor(y1 / cell); cy++) {
          const key = `${cx},${cy}`;
          (grid.get(key) ?? grid.set(key, []).get(key)!).push(v);
        }
      }
    }
  }
  return (lon, lat) => {
    const px = x(lon);
    const py = y(lat);
    let best = Infinity;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const v of grid.get(`${Math.floor(px / cell) + dx},${Math.floor(py / cell) + dy}`) ?? []) {
          const ax = x(g.vertexLon[v]);
          const ay = y(g.vertexLat[v]);
          const bx = x(g.vertexLon[v + 1]) - ax;
          const by = y(g.vertexLat[v + 1]) - ay;
          const len2 = bx * bx + by * by;
          const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * bx + (py - ay) * by) / len2)) : 0;
          best = Math.min(best, Math.hypot(ax + t * bx - px, ay + t * by - py));
        }
      }
    }
    return best;
  };
}

async function solve(page: Page, solver: string, seconds?: number): Promise<string> {
  const rows = page.getByTestId('run-row');
  const before = await rows.count();
  await page.getByTestId('solver-select').selectOption(solver);
  if (seconds !== undefined) await page.getByTestId('time-limit-input').fill(String(seconds));
  await page.getByTestId('solve-button').click();
  await expect(rows).toHaveCount(before + 1);
  await expect(rows.nth(before)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  return (await rows.nth(before).getAttribute('data-run-id'))!;
}

test.describe('a planner reads her routes on real streets', () => {
  test('Monaco opens with streets, and a run follows the roads', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    const map = page.getByTestId('map');

    await test.step('she opens the app: Monaco is drawn with its streets, water and land use, offline', async () => {
      await openMonaco(page);
      await expect(map).toHaveAttribute('data-basemap', 'ready');
      expect(Number(await map.getAttribute('data-basemap-features'))).toBeGreaterThan(1000);
      await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('OpenStreetMap');
    });

    let runId = '';
    await test.step('she solves with nearest neighbour: the selected run is drawn along the roads', async () => {
      runId = await solve(page, 'nearest');
      await expect(map).toHaveAttribute('data-selected-run', runId);
      await expect(map).not.toHaveAttribute('data-routes', '0');
      const routes = await map.getAttribute('data-routes');
      await expect(map).toHaveAttribute('data-road-routes', routes!);
    });

    await test.step('every route has more vertices than stops, and every vertex lies on a road of the network', async () => {
      const lines = await routeLines(page, runId);
      const routes = await routesOf(page, runId);
      expect(lines.length).toBe(routes.length);
      const onRoads = distanceToRoads(decodeRoadFile('Monaco.roads', readFileSync(join(ROOT, 'public/cities/Monaco.roads'))));
      let worst = 0;
      lines.forEach((line, r) => {
        expect(line.roads).toBe(true);
        // Depot, stops, depot: a straight line would have stops + 2 vertices.
        expect(line.coordinates.length).toBeGreaterThan(routes[r].stops.length + 2);
        for (const [lon, lat] of line.coordinates) worst = Math.max(worst, onRoads(lon, lat));
      });
      expect(worst).toBeLessThan(1);
    });

    await test.step('the PNG export shows the streets under the routes', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
      const png = readFileSync(await download.path()).toString('base64');
      // Share of the picture in the sea's colour (Monaco's harbour and coast are in view).
      const sea = await page.evaluate(async (b64) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
        const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - 0xc6) < 6 && Math.abs(data[i + 1] - 0xdc) < 6 && Math.abs(data[i + 2] - 0xe8) < 6) n++;
        return n / (data.length / 4);
      }, png);
      expect(sea).toBeGreaterThan(0.05);
    });

    await page.screenshot({ path: 'e2e-artifacts/streets.png' });

    if (process.env.README_SCREENSHOT) {
      await test.step('README screenshot: a SISR run next to the nearest-neighbour run', async () => {
        await solve(page, 'sisr', 3);
        await expect(map).toHaveAttribute('data-ready', 'true');
        const routes = await map.getAttribute('data-routes');
        await expect(map).toHaveAttribute('data-road-routes', routes!);
        // The panels scrolled to the controls used; the picture shows them from the top.
        await page.evaluate(() => document.querySelectorAll('*').forEach((e) => e.scrollTop && (e.scrollTop = 0)));
        await page.screenshot({ path: 'docs/screenshot.png' });
      });
    }
    expect(pageErrors).toEqual([]);
  });

  test('a run that ends while another goes: along the roads at once on a small scenario, straight until the other ends on a large one', async ({ page }) => {
    test.setTimeout(120_000);
    const pageErrors = collectPageErrors(page);
    const map = page.getByTestId('map');
    await openMonaco(page);
    // A first run along the roads: the city's road network is loaded in the roads worker.
    await solveToEnd(page, 'nearest');
    await expect(map).not.toHaveAttribute('data-routes', '0');
    await expect(map).toHaveAttribute('data-road-routes', (await map.getAttribute('data-routes'))!);
    // 100 stops: the road paths are cheap. Past 300 nodes they wait for the runs to end (MapView).
    for (const stops of [100, 400]) {
      if (stops !== 100) {
        await page.getByTestId('n-input').fill(String(stops));
        await page.getByTestId('n-input').press('Tab');
        await expect(map).toHaveAttribute('data-stops', String(stops), { timeout: 60_000 });
      }
      await page.getByTestId('solver-select').selectOption('sisr');
      await page.getByTestId('time-limit-input').fill('8');
      const going = page.locator(`[data-testid="run-row"][data-run-id="${await startRun(page, 'sisr')}"]`);
      await expect(going).toHaveAttribute('data-status', 'running');
      const ended = await solveToEnd(page, 'nearest');
      await ended.click();
      await expect(map).toHaveAttribute('data-selected-run', (await ended.getAttribute('data-run-id'))!);
      await expect(map).not.toHaveAttribute('data-routes', '0');
      await expect(map).toHaveAttribute('data-ready', 'true');
      const routes = (await map.getAttribute('data-routes'))!;
      if (stops === 100) await expect(map).toHaveAttribute('data-road-routes', routes);
      else expect(await map.getAttribute('data-road-routes')).toBe('0');
      // The other run was still going all along.
      await expect(going).toHaveAttribute('data-status', 'running');
      await expect(going).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
      await expect(map).toHaveAttribute('data-road-routes', routes, { timeout: 30_000 });
    }
    expect(pageErrors).toEqual([]);
  });

  test('a planar benchmark keeps straight lines and no basemap', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    const map = page.getByTestId('map');
    await openMonaco(page);
    await page.getByTestId('file-input').setInputFiles(join(ROOT, 'e2e/fixtures/rrnco-rcvrp-batch.npz'));
    await expect(page.getByTestId('stop-count')).toHaveText('12');
    await expect(map).toHaveAttribute('data-basemap', 'none');
    await solve(page, 'nearest');
    await expect(map).not.toHaveAttribute('data-routes', '0');
    await expect(map).toHaveAttribute('data-road-routes', '0');
    expect(pageErrors).toEqual([]);
  });
});
