/** What every user story starts with: collecting page errors, and the app opened on Monaco. */
import { expect, type Locator, type Page } from '@playwright/test';

export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`${err.name}: ${err.message}`));
  return errors;
}

/** Opens the app on its default scenario: a sampled Monaco ACVRP with 100 stops, map ready. */
export async function openMonaco(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('stop-count')).toHaveText('100');
  await expect(page.getByTestId('problem-select')).toHaveValue('acvrp');
  await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
}

/**
 * Presses Solve with `solverId` and returns the new run's id. It is found by its id, not its
 * place: rows of earlier versions of the scenario (stale) sit below the current ones.
 */
export async function startRun(page: Page, solverId: string): Promise<string> {
  const rows = page.getByTestId('run-row');
  const ids = async () => Promise.all((await rows.all()).map((r) => r.getAttribute('data-run-id')));
  const before = await ids();
  await page.getByTestId('solver-select').selectOption(solverId);
  await page.getByTestId('solve-button').click();
  await expect(rows).toHaveCount(before.length + 1);
  return (await ids()).find((id) => !before.includes(id))!;
}

/** Solves the shown scenario and waits for the run to end; returns its row. */
export async function solveToEnd(page: Page, solverId = 'nearest'): Promise<Locator> {
  const row = page.locator(`[data-testid="run-row"][data-run-id="${await startRun(page, solverId)}"]`);
  await expect(row).toHaveAttribute('data-status', 'done');
  return row;
}
