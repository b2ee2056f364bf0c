/**
 * Nothing is lost on reload: the scenario, its settings and the runs come back from IndexedDB;
 * a run that was going comes back interrupted with its best; "New scenario" starts afresh; and
 * a browser that refuses storage still gets a working (unsaved) app.
 */
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors } from './support';

async function saved(page: Page): Promise<void> {
  await expect(page.getByTestId('persist-status')).toHaveAttribute('data-state', 'saved');
}

test.describe('a planner reloads the page', () => {
  test('reload keeps the scenario and the runs', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await page.goto('/');
    await expect(page.getByTestId('stop-count')).toHaveText('100');

    await page.getByTestId('n-input').fill('40');
    await page.getByTestId('seed-input').fill('5');
    await page.getByTestId('seed-input').press('Enter');
    await expect(page.getByTestId('stop-count')).toHaveText('40');
    await page.getByTestId('solver-select').selectOption('nearest');
    await page.getByTestId('solve-button').click();
    const row = page.getByTestId('run-row');
    await expect(row).toHaveAttribute('data-status', 'done');
    const cost = (await row.getByTestId('run-cost').textContent())!;
    await saved(page);

    await page.reload();
    await expect(page.getByTestId('stop-count')).toHaveText('40');
    await expect(page.getByTestId('seed-input')).toHaveValue('5');
    await expect(page.getByTestId('n-input')).toHaveValue('40');
    await expect(page.getByTestId('solver-select')).toHaveValue('nearest');
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-status', 'done');
    await expect(row.getByTestId('run-cost')).toHaveText(cost);
    await expect(page.getByTestId('map')).toHaveAttribute('data-stops', '40');
    await expect(page.getByTestId('map')).toHaveAttribute('data-city-points', '1000');
    await expect(page.getByTestId('map')).not.toHaveAttribute('data-routes', '0');

    // A new run after the reload gets a row of its own.
    await page.getByTestId('solve-button').click();
    await expect(row).toHaveCount(2);
    await expect(row.nth(1)).toHaveAttribute('data-status', 'done');
    expect(pageErrors).toEqual([]);
  });

  test('a run going at reload comes back interrupted with its best; New scenario clears all', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await page.goto('/');
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    await page.getByTestId('solver-select').selectOption('sisr');
    await page.getByTestId('time-limit-input').fill('60');
    await page.getByTestId('solve-button').click();
    const row = page.getByTestId('run-row');
    await expect(row).toHaveAttribute('data-status', 'running');
    await expect(row.getByTestId('run-cost')).toHaveText(/\d/);
    // Saved while running: about once a second, so a save lands after the cost appeared.
    const costShownAt = await page.evaluate(() => Date.now());
    await expect.poll(async () => Number(await page.getByTestId('persist-status').getAttribute('data-saved-at'))).toBeGreaterThan(costShownAt);
    await expect(row).toHaveAttribute('data-status', 'running');

    await page.reload();
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-status', 'interrupted');
    await expect(row.getByTestId('run-cost')).toHaveText(/\d/);

    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('new-scenario').click();
    await expect(page.getByTestId('runs-empty')).toBeVisible();
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    await saved(page);
    await page.reload();
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    await expect(page.getByTestId('runs-empty')).toBeVisible();
    expect(pageErrors).toEqual([]);
  });

  test('a browser that refuses storage still opens and solves, unsaved', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await page.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', {
        get() {
          throw new DOMException('The user denied permission to access the database.', 'SecurityError');
        },
      });
    });
    await page.goto('/');
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    await expect(page.getByTestId('persist-status')).toHaveAttribute('data-state', 'unavailable');
    await page.getByTestId('solver-select').selectOption('nearest');
    await page.getByTestId('solve-button').click();
    await expect(page.getByTestId('run-row')).toHaveAttribute('data-status', 'done');
    expect(pageErrors).toEqual([]);
  });
});
