/**
 * Runs outlive the scenario they were made on: editing keeps them in the table, marked stale;
 * a reload brings them and the undo history back; runs going on another scenario can still be
 * stopped; and cancelled or failed runs can be cleared one by one.
 */
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, openMonaco, startRun } from './support';

async function solve(page: Page, solverId: string, seconds: number): Promise<string> {
  await page.getByTestId('time-limit-input').fill(String(seconds));
  return startRun(page, solverId);
}

const rowOf = (page: Page, runId: string) => page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);

/** Changes the demand of the first stop in the stops table: a new version of the scenario. */
async function editFirstDemand(page: Page, demand: string): Promise<void> {
  const details = page.getByTestId('stops-details');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  const cell = page.getByTestId('stop-demand').first();
  await cell.fill(demand);
  await cell.press('Enter');
  await expect(page.getByTestId('edit-message')).toContainText('Changed demand');
}

test.describe('a planner keeps her runs through edits and reloads', () => {
  test('editing keeps the old runs, marked stale; a reload brings them and the undo history back', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    const runId = await solve(page, 'nearest', 1);
    await expect(rowOf(page, runId)).toHaveAttribute('data-status', 'done');
    const cost = await rowOf(page, runId).getAttribute('data-cost');

    await editFirstDemand(page, '9');
    await expect(rowOf(page, runId)).toBeVisible();
    await expect(rowOf(page, runId)).toHaveAttribute('data-stale', 'true');
    await expect(rowOf(page, runId).getByTestId('run-stale')).toBeVisible();
    await expect(rowOf(page, runId)).toHaveAttribute('data-cost', cost!);
    await expect(page.getByTestId('undo-edit')).toHaveText('Undo (1)');
    await expect(page.getByTestId('persist-status')).toHaveAttribute('data-state', 'saved');

    await page.reload();
    await expect(page.getByTestId('status')).toContainText(/Restored .* and 1 run/);
    await expect(page.getByTestId('run-row')).toHaveCount(1);
    await expect(rowOf(page, runId)).toHaveAttribute('data-stale', 'true');
    await expect(page.getByTestId('undo-edit')).toHaveText('Undo (1)');

    // Undo after the reload: the run's own version is back, and the run is current again.
    await page.getByTestId('undo-edit').click();
    await expect(page.getByTestId('undo-edit')).toHaveText('Undo');
    await expect(rowOf(page, runId)).toHaveAttribute('data-stale', 'false');
    await expect(page.getByTestId('map')).toHaveAttribute('data-visible-runs', runId);
    expect(pageErrors).toEqual([]);
  });

  test('a run going on an older scenario can still be stopped', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    const edited = await solve(page, 'sisr', 60);
    await expect(rowOf(page, edited)).toHaveAttribute('data-status', 'running');
    await editFirstDemand(page, '8');
    // On the previous version of this scenario: a stale row, with its Stop.
    await rowOf(page, edited).getByTestId('stop-button').click();
    await expect(rowOf(page, edited)).toHaveAttribute('data-status', 'stopped');

    const other = await solve(page, 'sisr', 60);
    await expect(rowOf(page, other)).toHaveAttribute('data-status', 'running');
    await page.getByTestId('seed-input').fill('2');
    await page.getByTestId('seed-input').press('Enter');
    await expect(page.getByTestId('status')).toContainText('seed 2');
    // On another scenario altogether: listed under the table, with Stop.
    const elsewhere = page.locator(`[data-testid="other-run"][data-run-id="${other}"]`);
    await expect(elsewhere).toBeVisible();
    await elsewhere.getByTestId('stop-button').click();
    await expect(elsewhere).toHaveCount(0);
    await page.getByTestId('seed-input').fill('1');
    await page.getByTestId('seed-input').press('Enter');
    await expect(rowOf(page, other)).toHaveAttribute('data-status', 'stopped');
    expect(pageErrors).toEqual([]);
  });

  test('cancelled and failed runs are removed one by one', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    const kept = await solve(page, 'nearest', 1);
    await expect(rowOf(page, kept)).toHaveAttribute('data-status', 'done');
    const cancelled = await solve(page, 'sisr', 60);
    await expect(rowOf(page, cancelled)).toHaveAttribute('data-status', 'running');
    await rowOf(page, cancelled).getByTestId('cancel-button').click();
    await expect(rowOf(page, cancelled)).toHaveAttribute('data-status', 'cancelled');
    await expect(rowOf(page, kept).getByTestId('run-remove')).toHaveCount(0);
    await rowOf(page, cancelled).getByTestId('run-remove').click();
    await expect(rowOf(page, cancelled)).toHaveCount(0);
    await expect(page.getByTestId('run-row')).toHaveCount(1);
    expect(pageErrors).toEqual([]);
  });
});
