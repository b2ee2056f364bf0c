import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, openMonaco } from './support';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

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

  test('after an upload the Scenario panel shows the file’s scenario, not the old one', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await page.getByTestId('seed-input').fill('5');
    await page.getByTestId('seed-input').press('Enter');
    await expect(page.getByTestId('status')).toContainText('seed 5');

    await page.getByTestId('file-input').setInputFiles(join(ROOT, 'data/benchmarks/tsplib-atsp/br17.atsp'));
    await expect(page.getByTestId('stop-count')).toHaveText('17');
    await expect(page.getByTestId('problem-select')).toHaveValue('atsp');
    await expect(page.getByTestId('n-input')).toHaveValue('17');
    await expect(page.getByTestId('seed-input')).toHaveValue('');
    await expect(page.getByTestId('city-select').locator('option:checked')).toHaveText(/br17/);

    // A RouteLab JSON sampled from Monaco brings its city, size and seed.
    await page.getByTestId('file-input').setInputFiles(join(ROOT, 'e2e/fixtures/monaco-acvrp-20.routelab.json'));
    await expect(page.getByTestId('stop-count')).toHaveText('20');
    await expect(page.getByTestId('city-select')).toHaveValue('Monaco');
    await expect(page.getByTestId('problem-select')).toHaveValue('acvrp');
    await expect(page.getByTestId('n-input')).toHaveValue('20');
    await expect(page.getByTestId('seed-input')).toHaveValue('7');
    expect(pageErrors).toEqual([]);
  });

  test('a stop count typed and left without Enter is applied', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await page.getByTestId('n-input').fill('40');
    await page.getByTestId('n-input').blur();
    await expect(page.getByTestId('stop-count')).toHaveText('40');
    await expect(page.getByTestId('map')).toHaveAttribute('data-stops', '40');
    expect(pageErrors).toEqual([]);
  });

  test('too many stops for the city: she is told the limit, and what she typed stays', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await page.getByTestId('n-input').fill('5000');
    await page.getByTestId('n-input').press('Enter');
    await expect(page.getByTestId('n-input-error')).toContainText('999');
    await expect(page.getByTestId('n-input')).toHaveValue('5000');
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    await page.getByTestId('n-input').fill('999');
    await page.getByTestId('n-input').press('Enter');
    await expect(page.getByTestId('n-input-error')).toHaveCount(0);
    await expect(page.getByTestId('stop-count')).toHaveText('999', { timeout: 60_000 });
    expect(pageErrors).toEqual([]);
  });
});
