/** What every user story starts with: collecting page errors, and the app opened on Monaco. */
import { expect, type Page } from '@playwright/test';

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
