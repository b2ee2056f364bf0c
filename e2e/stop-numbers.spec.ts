/**
 * Stop numbers at scale (issue 13): a run's numbers show at every zoom up to 300 stops; with 999
 * stops they wait for a closer zoom (a thousand number icons placed at once took 150–200 ms frames
 * with software WebGL, and overlapped into a blot), and appear when the planner zooms in.
 */
import { expect, test, type Page } from '@playwright/test';
import type { MapProbe } from '../src/ui/map/map-probe';
import { openMonaco, resampleStops } from './support';

function numbers(page: Page) {
  return page.evaluate(() => (window as unknown as { __routelab: { map: MapProbe } }).__routelab.map.numbers());
}

test('stop numbers: at every zoom for 100 stops; for 999 from a closer zoom, and there when zoomed in', async ({ page }) => {
  test.setTimeout(120_000);
  const map = page.getByTestId('map');
  await openMonaco(page);
  await page.getByTestId('solver-select').selectOption('nearest');
  await page.getByTestId('solve-button').click();
  await expect(map).not.toHaveAttribute('data-routes', '0', { timeout: 30_000 });
  await expect.poll(async () => (await numbers(page))?.rendered ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
  expect((await numbers(page))?.minZoom).toBe(0);

  await resampleStops(page, 999);
  await page.getByTestId('solve-button').click();
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(map).not.toHaveAttribute('data-routes', '0', { timeout: 30_000 });
  const far = (await numbers(page))!;
  expect(far.minZoom).toBeGreaterThan(far.zoom);
  expect(far.rendered).toBe(0);

  await page.evaluate((z) => (window as unknown as { __routelab: { map: MapProbe } }).__routelab.map.zoomTo(z), far.minZoom + 0.5);
  await expect.poll(async () => (await numbers(page))?.rendered ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
  // Zoomed in, only the stops in view are numbered, not all 999.
  expect((await numbers(page))!.rendered).toBeLessThan(999);
});
