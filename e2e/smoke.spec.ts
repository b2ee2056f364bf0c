import { expect, test } from '@playwright/test';

test.describe('a planner opens RouteLab and sees Monaco', () => {
  test('the map shows a sampled Monaco scenario, and a nearest-neighbour run is feasible', async ({ page }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(`${err.name}: ${err.message}`));

    await test.step('she opens the app', async () => {
      await page.goto('/');
      await expect(page.getByTestId('city-name')).toHaveText('Monaco');
    });

    await test.step('she sees the map of Monaco with its road points and attribution', async () => {
      const canvas = page.locator('[data-testid="map"] canvas.maplibregl-canvas');
      await expect(canvas).toBeVisible();
      const box = await canvas.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(0);
      expect(box?.height ?? 0).toBeGreaterThan(0);
      await expect(page.getByTestId('map')).toHaveAttribute('data-city-points', '1000');
      await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('OpenStreetMap');
    });

    await test.step('the opening scenario is an ACVRP with 100 stops', async () => {
      await expect(page.getByTestId('stop-count')).toHaveText('100');
      await expect(page.getByTestId('map')).toHaveAttribute('data-stops', '100');
      await expect(page.getByTestId('status')).toContainText('100 stops');
      await expect(page.getByTestId('problem-select')).toHaveValue('acvrp');
    });

    await test.step('she solves with the nearest-neighbour solver and gets a feasible run', async () => {
      await page.getByTestId('solver-select').selectOption('nearest');
      await page.getByTestId('solve-button').click();
      const rows = page.getByTestId('run-row');
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toHaveAttribute('data-status', 'done');
      await expect(rows.first().getByTestId('run-feasible')).toHaveText('feasible');
      await expect(page.getByTestId('map')).not.toHaveAttribute('data-routes', '0');
      await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
    });

    await test.step('the test hooks the other stories read are there (dev server, and the build made with --mode probes)', async () => {
      const hooks = await page.evaluate(() => {
        const probe = (window as unknown as { __routelab?: Record<string, unknown> }).__routelab;
        return probe ? Object.keys(probe).sort() : null;
      });
      expect(hooks).toEqual(expect.arrayContaining(['compare', 'editor', 'map', 'neural', 'progress', 'statuses', 'stops', 'workers']));
    });

    await page.screenshot({ path: 'e2e-artifacts/main.png' });
    expect(pageErrors).toEqual([]);
  });
});
