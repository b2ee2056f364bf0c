/**
 * The compare table at the size a planner works at (1440 × 900): the columns she compares runs by
 * stay in view without scrolling sideways, also when a run failed with a long message.
 */
import { expect, test } from '@playwright/test';
import { collectPageErrors, openMonaco } from './support';

const KEY_COLUMNS = ['solver', 'status', 'cost', 'gap', 'distance', 'duration', 'vehicles', 'violations', 'unassigned', 'timeToBest', 'total'];

test.use({ viewport: { width: 1440, height: 900 } });

test('at 1440 px the key columns are in view, beside a failed run too', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openMonaco(page);
  const rows = page.getByTestId('run-row');
  await page.getByTestId('solver-select').selectOption('nearest');
  await page.getByTestId('solve-button').click();
  await expect(rows.first()).toHaveAttribute('data-status', 'done');

  // A run that fails: the neural solver forced onto WebGPU, which this headless Chromium lacks.
  await page.getByTestId('solver-select').selectOption('neural');
  await page.getByTestId('backend-select').selectOption('webgpu');
  await page.getByTestId('solve-button').click();
  await expect(rows.nth(1)).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  const failedId = (await rows.nth(1).getAttribute('data-run-id'))!;
  await expect(page.locator(`[data-testid="run-error-row"][data-run-id="${failedId}"]`).getByTestId('run-error')).not.toBeEmpty();

  const body = page.locator('.compare-body');
  expect(await body.evaluate((e) => e.scrollLeft)).toBe(0);
  const area = (await body.boundingBox())!;
  for (const key of KEY_COLUMNS) {
    const box = (await page.getByTestId(`sort-${key}`).boundingBox())!;
    expect(box.x + box.width, `the ${key} column ends inside the panel`).toBeLessThanOrEqual(area.x + area.width + 0.5);
  }
  // The failed row's message stays one line: the row is as high as the done one.
  const [done, failed] = [(await rows.nth(0).boundingBox())!, (await rows.nth(1).boundingBox())!];
  expect(failed.height).toBeLessThanOrEqual(done.height + 2);
  await page.screenshot({ path: 'e2e-artifacts/compare-1440.png' });
  expect(pageErrors).toEqual([]);
});
