/**
 * Where the neural solvers run: a browser without a WebGPU adapter (this headless Chromium) is
 * told so in plain words when she picks WebGPU, and is offered WebAssembly instead.
 */
import { expect, test } from '@playwright/test';
import { collectPageErrors, openMonaco } from './support';

test('WebGPU without an adapter: a plain message, and WebAssembly offered', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openMonaco(page);
  await page.getByTestId('solver-select').selectOption('neural');
  await page.getByTestId('time-limit-input').fill('2');
  await page.getByTestId('backend-select').selectOption('webgpu');
  await expect(page.getByTestId('backend-note')).toContainText('no WebGPU');

  // Solving anyway fails with the reason in words, not the runtime's text.
  const rows = page.getByTestId('run-row');
  await page.getByTestId('solve-button').click();
  await expect(rows.first()).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  const failed = page.locator(`[data-testid="run-error-row"][data-run-id="${await rows.first().getAttribute('data-run-id')}"]`);
  const error = failed.getByTestId('run-error');
  await expect(error).toContainText('WebGPU');
  await expect(error).not.toContainText(/onnxruntime|ort-|session/i);

  await failed.getByTestId('retry-wasm').click();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(rows.nth(1)).toContainText('wasm');
  await expect(page.getByTestId('backend-select')).toHaveValue('wasm');

  await page.getByTestId('backend-select').selectOption('webgpu');
  await page.getByTestId('use-wasm').click();
  await expect(page.getByTestId('backend-select')).toHaveValue('wasm');
  expect(pageErrors).toEqual([]);
});
