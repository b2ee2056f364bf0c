/**
 * The README's first command is `npm start` (Vite's dev server), which serves modules and the
 * models differently from the production build: this story runs against the dev server only
 * (Playwright project "dev"), so a dev-only breakage such as the engine worker's module graph
 * failing to load cannot come back unnoticed.
 */
import { expect, test } from '@playwright/test';
import { collectPageErrors, openMonaco } from '../support';

test.describe('npm start: a planner opens the dev server', () => {
  test('Monaco opens, and every solver in the picker runs to a feasible result', async ({ page }) => {
    test.setTimeout(240_000);
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await expect(page.getByTestId('city-name')).toHaveText('Monaco');

    const solverIds = await page.getByTestId('solver-select').locator('option').evaluateAll((opts) => opts.map((o) => (o as HTMLOptionElement).value));
    // The neural models are part of the picker: the dev server must serve them to the workers.
    expect(solverIds).toEqual(expect.arrayContaining(['nearest', 'neural', 'neural-greedy']));
    const modelResponse = await page.request.get('/models/manifest.json');
    expect(modelResponse.ok()).toBe(true);

    await page.getByTestId('time-limit-input').fill('1');
    const rows = page.getByTestId('run-row');
    const seen = new Set<string>();
    for (const [i, id] of solverIds.entries()) {
      await test.step(`solver ${id}`, async () => {
        await page.getByTestId('solver-select').selectOption(id);
        await page.getByTestId('solve-button').click();
        await expect(rows).toHaveCount(i + 1);
        // The table sorts its rows: find the new run by its id.
        const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id') ?? ''));
        const runId = ids.find((r) => !seen.has(r))!;
        seen.add(runId);
        const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
        await expect(row).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
        await expect(row.getByTestId('run-feasible')).toHaveText('feasible');
        expect(Number(await row.getAttribute('data-cost'))).toBeGreaterThan(0);
      });
    }
    expect(pageErrors).toEqual([]);
  });
});
