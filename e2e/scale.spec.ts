/**
 * A planner's day at 1000 stops (issue 13): she samples a 999-stop ACVRP and gets the first routes
 * (nearest) within 3 s of sampling; three runs stream and end while the main thread is traced,
 * and no task takes the page more than 100 ms of CPU (its own work; the wall-clock frame gaps and
 * long animation frames, which a loaded machine and software WebGL stretch, are printed); the
 * compare table sorts and the route list opens collapsed, a route's stops on demand; a 1000 × 1000
 * OSRM /table response and an RRNCO city file load. Slow (a minute or two, 16 MB matrices): runs
 * only with SCALE_E2E=1. Figures go to the console and test-results/scale.json.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { bundledCity } from '../scripts/make-experiment-batch';
import { frameStats, traceTasks, watchFrames } from './frames';
import { collectPageErrors, openMonaco } from './support';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const N = 999;

/** An OSRM /table response over all of a bundled city's road points (metres, seconds, 0.1 precision). */
function osrmTable(name: string): string {
  const city = bundledCity(ROOT, name);
  const rows = (m: Float64Array) => Array.from({ length: city.n }, (_, i) => Array.from(m.subarray(i * city.n, (i + 1) * city.n), (v) => Math.round(v * 10) / 10));
  const points = Array.from({ length: city.n }, (_, i) => ({ location: [city.lonlat[2 * i], city.lonlat[2 * i + 1]], name: '', distance: 0 }));
  return JSON.stringify({ code: 'Ok', distances: rows(city.distance), durations: rows(city.duration), sources: points, destinations: points });
}

async function now(page: Page): Promise<number> {
  return (await page.evaluate('performance.now()')) as number;
}

test.describe('a thousand stops', () => {
  test.skip(!process.env.SCALE_E2E, 'set SCALE_E2E=1 to run (a minute or two)');

  test('sampling, first routes, three streaming runs, the table, the route list and big uploads stay responsive', async ({ page }) => {
    test.setTimeout(10 * 60_000);
    const pageErrors = collectPageErrors(page);
    const map = page.getByTestId('map');
    const report: Record<string, unknown> = { n: N };
    await openMonaco(page);

    await test.step(`first routes (nearest) within 3 s of sampling ${N} stops`, async () => {
      await page.getByTestId('solver-select').selectOption('nearest');
      await page.getByTestId('n-input').fill(String(N));
      const t0 = await now(page);
      await page.getByTestId('n-input').press('Tab');
      await expect(map).toHaveAttribute('data-stops', String(N), { timeout: 60_000 });
      report.stopsOnMapMs = Math.round((await now(page)) - t0);
      await page.getByTestId('solve-button').click();
      await expect(map).not.toHaveAttribute('data-routes', '0', { timeout: 60_000 });
      const ms = (await now(page)) - t0;
      report.firstRoutesMs = Math.round(ms);
      // Soft: a miss fails the story but the rest still runs and reports its figures.
      expect.soft(ms, 'sampling -> first routes, ms (wall clock)').toBeLessThan(3000);
      await expect(page.getByTestId('stop-count')).toHaveText(String(N));
    });

    await test.step('the route list opens collapsed; a route shows its stops when opened', async () => {
      const routes = page.getByTestId('route-item');
      await expect(routes.first()).toBeVisible();
      expect(await routes.count()).toBeGreaterThan(10);
      await expect(page.getByTestId('route-stop')).toHaveCount(0);
      const first = routes.first();
      const stops = Number((await first.getByTestId('route-head').textContent())?.match(/(\d+) stops/)?.[1]);
      await first.getByTestId('route-toggle').click();
      await expect(first.getByTestId('route-stop')).toHaveCount(stops);
    });

    await test.step('three runs stream: no main-thread task takes the page more than 100 ms of CPU', async () => {
      await watchFrames(page);
      await page.getByTestId('solver-select').selectOption('sisr');
      await page.getByTestId('time-limit-input').fill('5');
      for (let i = 0; i < 3; i++) await page.getByTestId('solve-button').click();
      const rows = page.getByTestId('run-row');
      await expect(rows).toHaveCount(4);
      // The main thread's tasks, CPU and wall, while the runs stream and end (their results drawn).
      const tasks = await traceTasks(page, 7000);
      await expect
        .poll(async () => (await rows.evaluateAll((els) => els.map((r) => r.getAttribute('data-status')))).every((s) => s === 'done'), { timeout: 120_000 })
        .toBe(true);
      const frames = await frameStats(page);
      report.streaming = { tasks, frames: { ...frames, longFrames: frames.longFrames.slice(0, 20) } };
      expect(frames.frames).toBeGreaterThan(20);
      // CPU time is the page's own work; the wall-clock gaps (printed) also hold what a loaded
      // machine and software WebGL's read-backs take from it.
      expect.soft(tasks.tasksOverCpu100, JSON.stringify(tasks)).toBe(0);
    });

    await test.step('the compare table sorts by cost at once', async () => {
      const t0 = await now(page);
      await page.getByTestId('sort-cost').click();
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      report.sortMs = Math.round((await now(page)) - t0);
      // the cheapest run first: the one marked best
      await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-best', 'true');
      const costs = await page.getByTestId('run-row').evaluateAll((els) => els.map((r) => Number(r.getAttribute('data-cost'))));
      expect(costs).toHaveLength(4);
      expect(costs).toEqual([...costs].sort((a, b) => a - b));
    });

    const dir = mkdtempSync(join(tmpdir(), 'routelab-scale-'));
    await test.step('a 1000 × 1000 OSRM /table response loads as a 999-stop ACVRP', async () => {
      const file = join(dir, 'Andorra_table_1000.json');
      writeFileSync(file, osrmTable('Andorra'));
      const t0 = await now(page);
      await page.getByTestId('file-input').setInputFiles(file);
      await expect(page.locator('[data-testid="file-errors"] li[data-file="Andorra_table_1000.json"]').first()).toContainText('osrm-table', { timeout: 120_000 });
      await expect(page.getByTestId('stop-count')).toHaveText(String(N), { timeout: 120_000 });
      await expect(map).toHaveAttribute('data-stops', String(N), { timeout: 60_000 });
      report.osrmTableMs = Math.round((await now(page)) - t0);
    });

    await test.step('an RRNCO city file becomes a city of the picker and samples 999 stops', async () => {
      const t0 = await now(page);
      await page.getByTestId('file-input').setInputFiles(join(ROOT, 'data', 'cities', 'Copenhagen_data.npz'));
      await expect(page.getByTestId('city-select')).toHaveValue(/^Copenhagen/, { timeout: 120_000 });
      await page.getByTestId('n-input').fill(String(N));
      await page.getByTestId('n-input').press('Tab');
      await expect(page.getByTestId('stop-count')).toHaveText(String(N), { timeout: 60_000 });
      await expect(map).toHaveAttribute('data-stops', String(N), { timeout: 60_000 });
      report.rrncoCityMs = Math.round((await now(page)) - t0);
    });

    console.log(JSON.stringify(report, null, 1));
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    writeFileSync(join(ROOT, 'test-results', 'scale.json'), JSON.stringify(report, null, 1));
    expect(pageErrors).toEqual([]);
  });
});
