/**
 * PVRP as a planner meets it: the default PVRP-ZC scenario has zone bans to see, a draw without
 * any says so, the fleet tells vehicles from their trips, and the cost says what it counts.
 */
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, openMonaco, solveToEnd } from './support';

async function bannedCounts(page: Page): Promise<number[]> {
  const cells = page.locator('[data-testid^="banned-count-"]');
  await expect(cells).toHaveCount(5);
  return (await cells.allTextContents()).map((t) => Number.parseInt(t, 10));
}

test.describe('a planner tries the profiled VRPs', () => {
  test('the default PVRP-ZC has bans; a draw without bans says so', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await page.getByTestId('problem-select').selectOption('pvrp-zc');
    await expect(page.getByTestId('instance-summary')).toContainText('PVRP-ZC');
    expect((await bannedCounts(page)).some((b) => b > 0)).toBe(true);
    await expect(page.getByTestId('scenario-warnings').filter({ hasText: 'banned' })).toHaveCount(0);

    // CAMP's random zones draw ⌊U(0, 2/3)·m⌋ bans per stop, which is none for this seed.
    await page.getByTestId('profile-select').selectOption('random');
    await expect(page.getByTestId('instance-summary')).toContainText('PVRP-ZC');
    expect(await bannedCounts(page)).toEqual([0, 0, 0, 0, 0]);
    await expect(page.getByTestId('scenario-warnings')).toContainText('No vehicle is banned');
    expect(pageErrors).toEqual([]);
  });

  test('trips per vehicle, and the PVRP cost explained', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await page.getByTestId('problem-select').selectOption('pvrp-zc');
    await expect(page.getByTestId('instance-summary')).toContainText('PVRP-ZC');
    await expect(page.getByTestId('fleet-panel')).toContainText(/trips/i);
    const row = await solveToEnd(page);
    await expect(row.getByTestId('run-vehicles')).toContainText(/trips?/);
    await expect(page.locator('[data-testid="route-head"]').first()).toContainText(/trip \d/);
    await expect(page.getByTestId('cost-explanation')).toContainText('travel time');

    await page.getByTestId('problem-select').selectOption('pvrp-p');
    await expect(page.getByTestId('instance-summary')).toContainText('PVRP-P');
    await solveToEnd(page);
    await expect(page.getByTestId('cost-explanation')).toContainText('preference');
    expect(pageErrors).toEqual([]);
  });
});
