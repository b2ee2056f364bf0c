import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors } from './support';

test.describe('a planner changes the scenario', () => {
  test('she is told what is loading, then switches to Andorra and solves a small ATSP', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/cities/Monaco.rlc', async (route) => {
      await held;
      await route.continue();
    });

    await page.goto('/');
    await expect(page.getByTestId('status')).toHaveText('Loading Monaco…');
    release();
    await expect(page.getByTestId('stop-count')).toHaveText('100');

    await page.getByTestId('city-select').selectOption('Andorra');
    await expect(page.getByTestId('city-name')).toHaveText('Andorra');
    await expect(page.getByTestId('instance-summary')).toContainText('in Andorra');

    await page.getByTestId('problem-select').selectOption('atsp');
    await page.getByTestId('n-input').fill('20');
    await page.getByTestId('n-input').press('Enter');
    await expect(page.getByTestId('stop-count')).toHaveText('20');
    await expect(page.getByTestId('map')).toHaveAttribute('data-stops', '20');

    await page.getByTestId('solve-button').click();
    const row = page.getByTestId('run-row');
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('run-feasible')).toHaveText('feasible');
    await expect(page.getByTestId('map')).toHaveAttribute('data-routes', '1');
    expect(pageErrors).toEqual([]);
  });

  test('a city that fails to load is reported in the status line, and the page keeps working', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await page.route('**/cities/Campo_Grande.rlc', (route) => route.fulfill({ status: 404, body: 'not here' }));
    await page.goto('/');
    await expect(page.getByTestId('stop-count')).toHaveText('100');

    await page.getByTestId('city-select').selectOption('Campo_Grande');
    await expect(page.getByTestId('status')).toHaveAttribute('data-tone', 'error');
    await expect(page.getByTestId('status')).toContainText('Could not load Campo Grande');

    await page.getByTestId('city-select').selectOption('Monaco');
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    await expect(page.getByTestId('status')).toHaveAttribute('data-tone', 'ready');
    expect(pageErrors).toEqual([]);
  });
});
