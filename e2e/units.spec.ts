/**
 * Numbers carry the units the file has: kilometres and driving minutes only for road data, the
 * file's own unit for planar benchmarks, nothing for durations a file does not have; a scale bar
 * only on a real map; clock times once the scenario says when its day starts.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { writeNpz } from '../src/core/formats/npy';
import { collectPageErrors, openMonaco, solveToEnd } from './support';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const path = (...parts: string[]) => join(ROOT, ...parts);

async function upload(page: Page, ...files: (string | { name: string; mimeType: string; buffer: Buffer })[]): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(files as never);
}

const scaleBar = (page: Page) => page.locator('[data-testid="map"] .maplibregl-ctrl-scale');

/** An RRNCO ACVRPTW batch of one 5-stop instance: durations and windows normalised, not minutes. */
function rrncoTimeWindowBatch(): Buffer {
  const n = 6;
  const locs = Float32Array.from({ length: 2 * n }, (_, k) => ((k * 37) % 11) / 11);
  const dist = new Float32Array(n * n);
  const dur = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      dist[i * n + j] = 0.5 + 0.125 * ((i + 2 * j) % 5);
      dur[i * n + j] = 0.0625 * (1 + ((2 * i + j) % 4));
    }
  }
  const windows = new Float32Array(2 * n);
  windows[1] = 4.5;
  for (let i = 1; i < n; i++) [windows[2 * i], windows[2 * i + 1]] = [0.25 * i, 0.25 * i + 2];
  const bytes = writeNpz({
    locs: { data: locs, shape: [1, n, 2] },
    demand_linehaul: { data: Float32Array.from([1, 2, 1, 2, 1]), shape: [1, n - 1] },
    vehicle_capacity: { data: Float32Array.from([10]), shape: [1] },
    time_windows: { data: windows, shape: [1, n, 2] },
    service_time: { data: Float32Array.from([0, 0.125, 0.125, 0.125, 0.125, 0.125]), shape: [1, n] },
    distance_matrix: { data: dist, shape: [1, n, n] },
    duration_matrix: { data: dur, shape: [1, n, n] },
  });
  return Buffer.from(bytes);
}

test.describe('a planner reads numbers in the right units', () => {
  test('a CVRPLIB benchmark: no km, no driving minutes (it has no durations), no scale bar', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await expect(scaleBar(page)).toBeVisible();
    await upload(page, path('data/benchmarks/cvrplib-x/X-n101-k25.vrp'));
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    await upload(page, path('data/benchmarks/cvrplib-x/X-n101-k25.sol'));
    const row = page.getByTestId('run-row');
    await expect(row).toHaveCount(1);
    await expect(page.getByTestId('sort-distance')).not.toContainText('km');
    await expect(page.getByTestId('sort-duration')).not.toContainText('min');
    await expect(row.getByTestId('run-duration')).toHaveText('–');
    await expect(page.getByTestId('route-list-kpis')).not.toContainText('km');
    await expect(page.getByTestId('route-list-kpis')).not.toContainText('min');
    await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
    await expect(scaleBar(page)).toBeHidden();
    expect(pageErrors).toEqual([]);
  });

  test('a TSPLIB matrix without coordinates: no scale bar, and nothing to edit on a map', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await upload(page, path('data/benchmarks/tsplib-atsp/br17.atsp'));
    await expect(page.getByTestId('stop-count')).toHaveText('17');
    await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
    await expect(scaleBar(page)).toBeHidden();
    await expect(page.getByTestId('edit-mode-toggle')).toBeDisabled();
    expect(pageErrors).toEqual([]);
  });

  test('an RRNCO time-window batch: its normalised times are not called minutes', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await upload(page, { name: 'rrnco-tw.npz', mimeType: 'application/octet-stream', buffer: rrncoTimeWindowBatch() });
    await expect(page.getByTestId('stop-count')).toHaveText('5');
    await expect(page.getByTestId('instance-summary')).toContainText('ACVRPTW');
    await solveToEnd(page);
    await expect(page.getByTestId('sort-distance')).toContainText('km');
    await expect(page.getByTestId('sort-duration')).not.toContainText('min');
    await expect(page.getByTestId('route-list-kpis')).not.toContainText('min');
    await expect(page.getByTestId('fleet-panel')).not.toContainText('(min)');
    await expect(scaleBar(page)).toBeHidden();
    expect(pageErrors).toEqual([]);
  });

  test('clock times once the day has a start: from a CSV’s times of day, or set on the fleet', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    const csv = [
      'id,type,lat,lon,demand,service_min,tw start,tw end',
      'Depot,depot,43.7384,7.4246,0,,08:00,18:00',
      'S1,stop,43.7312,7.4189,1,5,09:00,11:00',
      'S2,stop,43.7402,7.4281,2,5,08:30,12:00',
      'S3,stop,43.7351,7.4163,3,5,10:00,14:00',
    ].join('\n');
    await upload(page, { name: 'day.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.getByTestId('stop-count')).toHaveText('3');
    await solveToEnd(page);
    const times = await page.locator('[data-testid="route-stop"] .stop-time').allTextContents();
    expect(times.length).toBe(3);
    for (const t of times) expect(t).toMatch(/^(0[89]|1\d):\d\d$/);
    await page.getByTestId('stops-details').locator('summary').click();
    await expect(page.getByTestId('stop-ready').nth(1)).toHaveValue('09:00');

    await test.step('a sampled ACVRPTW counts from 0 until she says when the day starts', async () => {
      await page.getByTestId('city-select').selectOption('Monaco');
      await page.getByTestId('problem-select').selectOption('acvrptw');
      await expect(page.getByTestId('instance-summary')).toContainText('ACVRPTW');
      await solveToEnd(page);
      const first = page.locator('[data-testid="route-stop"] .stop-time').first();
      await expect(first).toHaveText(/^\d:\d\d$/);
      await page.getByTestId('fleet-day-start').fill('07:30');
      await page.getByTestId('fleet-day-start').press('Enter');
      await solveToEnd(page);
      await expect(page.locator('[data-testid="route-stop"] .stop-time').first()).toHaveText(/^(0[789]|1\d):\d\d$/);
    });
    expect(pageErrors).toEqual([]);
  });

  test('a lon/lat upload whose matrices came from OpenStreetMap (OSRM) credits it', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await upload(page, path('data/cities/Monaco_table_100.json'));
    await expect(page.getByTestId('stop-count')).toHaveText('99');
    await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
    await expect(page.getByTestId('map')).toHaveAttribute('data-city-points', '0');
    const credit = page.locator('[data-testid="map"] .maplibregl-ctrl-attrib');
    await expect(credit).not.toHaveClass(/maplibregl-attrib-empty/);
    await expect(credit).toBeVisible();
    await expect(credit).toContainText('OpenStreetMap');
    expect(pageErrors).toEqual([]);
  });
});
