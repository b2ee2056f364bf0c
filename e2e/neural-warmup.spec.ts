/**
 * The neural runtime is warmed up before the planner's first neural run (issue 13: a page's
 * first neural run paid for onnxruntime-web's start). Read through window.__routelab: the pool's
 * warm-ups (probe.warmups) and each run's worker and timings.
 *
 * 1. With a neural solver picked, one solve worker is warm for the scenario's problem before any
 *    solve is asked for (picking it, or the idle app before, started the warm-up); the run then
 *    goes to that worker and waits for no start-up.
 * 2. With a non-neural solver picked, the idle app warms the scenario's problem's model on its
 *    own; only that problem's model files are fetched.
 */
import { expect, test, type Page } from '@playwright/test';
import type { RoutelabProbe } from '../src/store/probe';
import { collectPageErrors, openMonaco } from './support';

type ProbeWindow = { __routelab: RoutelabProbe };
const KEY = 'neural|acvrp|auto';

/** The model files the page fetched (their names), in order. */
function modelRequests(page: Page): string[] {
  const files: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (/\/models\/[^/]+\.onnx$/.test(path)) files.push(path.split('/').pop()!);
  });
  return files;
}

async function warmups(page: Page) {
  return page.evaluate(() => (window as unknown as ProbeWindow).__routelab.warmups);
}

test('a worker is warm before the first neural solve; the run goes there and starts at once', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  const models = modelRequests(page);
  await openMonaco(page);
  await page.getByTestId('solver-select').selectOption('neural-greedy');
  // The worker says its runtime and sessions are ready before any solve was asked for.
  await expect.poll(async () => (await warmups(page)).filter((w) => w.key === KEY && w.ms !== undefined).length, { timeout: 60_000 }).toBe(1);
  const [warm] = await warmups(page);
  expect(warm.error).toBeUndefined();
  expect(await page.getByTestId('run-row').count()).toBe(0);

  await page.getByTestId('solve-button').click();
  const row = page.getByTestId('run-row').first();
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const [run] = await page.evaluate(() => (window as unknown as ProbeWindow).__routelab.runTimings());
  expect(run.solverId).toBe('neural-greedy');
  expect(run.workerId).toBe(warm.workerId);
  // It awaited sessions already created (the warm-up took warm.ms, seconds in a cold worker).
  expect(run.timings.startupMs).toBeDefined();
  expect(run.timings.startupMs!).toBeLessThan(50);
  // One warm-up, one load: the run did not fetch the model again.
  expect(models.sort()).toEqual(['rrnco-s-acvrp.encoder.onnx', 'rrnco-s-acvrp.step.onnx']);
  expect(pageErrors).toEqual([]);
});

test("the idle app warms the scenario's problem only, with nothing neural picked", async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  const models = modelRequests(page);
  await openMonaco(page);
  await expect(page.getByTestId('solver-select')).not.toHaveValue(/^neural/);
  await expect.poll(async () => (await warmups(page)).filter((w) => w.key === KEY && w.ms !== undefined).length, { timeout: 60_000 }).toBe(1);
  expect(models.sort()).toEqual(['rrnco-s-acvrp.encoder.onnx', 'rrnco-s-acvrp.step.onnx']);
  expect(await page.getByTestId('run-row').count()).toBe(0);
  expect(pageErrors).toEqual([]);
});
