/**
 * A planner runs solvers in the pool: she watches progress, stops or cancels runs, and starts
 * several side by side. Timings come from the page's own clock (window.__routelab, see
 * src/store/probe.ts), so Playwright's round trips do not blur them.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { ProgressMark, StatusMark, StopMark } from '../src/store/probe';
import { collectPageErrors, openMonaco } from './support';

async function chooseSolver(page: Page, solverId: string, seconds: number): Promise<void> {
  await page.getByTestId('solver-select').selectOption(solverId);
  await page.getByTestId('time-limit-input').fill(String(seconds));
}

/** Presses Solve and returns the new run's row and id. */
async function solve(page: Page): Promise<{ row: Locator; runId: string }> {
  const rows = page.getByTestId('run-row');
  const before = await rows.count();
  await page.getByTestId('solve-button').click();
  await expect(rows).toHaveCount(before + 1);
  const row = rows.nth(before);
  return { row, runId: (await row.getAttribute('data-run-id'))! };
}

function progressOf(page: Page, runId: string): Promise<number[]> {
  return page.evaluate((id) => window.__routelab.progress.filter((p: ProgressMark) => p.runId === id).map((p) => p.t), runId);
}

/** When the run turned running and when it left that status, from the page's status log. */
async function runningSpan(page: Page, runId: string): Promise<{ from: number; to: number }> {
  const marks = await page.evaluate((id) => window.__routelab.statuses.filter((m: StatusMark) => m.runId === id), runId);
  const start = marks.findIndex((m) => m.status === 'running');
  expect(start, `${runId} never ran`).toBeGreaterThanOrEqual(0);
  return { from: marks[start].t, to: marks[start + 1]?.t ?? Infinity };
}

/** The fewest events in any one-second window between the first and the last event. */
function fewestPerSecond(ts: number[]): number {
  let fewest = Infinity;
  for (let i = 0; i < ts.length && ts[i] + 1000 <= ts[ts.length - 1]; i++) {
    let j = i;
    while (j + 1 < ts.length && ts[j + 1] < ts[i] + 1000) j++;
    fewest = Math.min(fewest, j - i + 1);
  }
  return fewest;
}

test.describe('a planner runs solvers side by side', () => {
  test('a run shows progress at least twice a second', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await chooseSolver(page, 'sisr', 4);
    const { row, runId } = await solve(page);

    await expect(row).toHaveAttribute('data-status', 'running');
    await expect(row.getByTestId('run-progress')).toBeVisible();
    // The row's own counter moves while the run goes, sampled a second apart.
    await expect(row).not.toHaveAttribute('data-progress-count', '0');
    const first = Number(await row.getAttribute('data-progress-count'));
    await page.waitForTimeout(1000);
    const second = Number(await row.getAttribute('data-progress-count'));
    expect(second - first).toBeGreaterThanOrEqual(2);

    await expect(row).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
    const ts = await progressOf(page, runId);
    const spanS = (ts[ts.length - 1] - ts[0]) / 1000;
    const rate = (ts.length - 1) / spanS;
    test.info().annotations.push({ type: 'progress', description: `${ts.length} events over ${spanS.toFixed(2)} s: ${rate.toFixed(1)}/s, fewest in any 1 s: ${fewestPerSecond(ts)}` });
    expect(spanS).toBeGreaterThan(3);
    expect(rate).toBeGreaterThanOrEqual(2);
    expect(fewestPerSecond(ts)).toBeGreaterThanOrEqual(2);
    await expect(row).toHaveAttribute('data-progress-count', String(ts.length));
    await expect(row.getByTestId('run-progress')).toHaveAttribute('aria-valuenow', '100');
    await expect(row.getByTestId('run-feasible')).toHaveText('feasible');
    expect(pageErrors).toEqual([]);
  });

  test('Stop returns the best solution within 200 ms', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await chooseSolver(page, 'sisr', 30);
    const { row, runId } = await solve(page);
    await expect(row).toHaveAttribute('data-status', 'running');
    await expect(row).not.toHaveAttribute('data-progress-count', '0');
    await page.waitForTimeout(1500);

    await row.getByTestId('stop-button').click();
    await expect(row).toHaveAttribute('data-status', 'stopped', { timeout: 5000 });
    const mark = await page.evaluate((id) => window.__routelab.stops[id] as StopMark | undefined, runId);
    expect(mark?.resultAt).toBeDefined();
    const latency = mark!.resultAt! - mark!.clickAt;
    test.info().annotations.push({ type: 'stop latency', description: `${latency.toFixed(1)} ms` });
    expect(latency).toBeLessThanOrEqual(200);

    await expect(row.getByTestId('run-feasible')).toHaveText('feasible');
    await expect(row.getByTestId('run-cost')).not.toHaveText('–');
    await expect(row.getByTestId('stop-button')).toHaveCount(0);
    const map = page.getByTestId('map');
    await expect(map).toHaveAttribute('data-ready', 'true');
    await expect(map).not.toHaveAttribute('data-routes', '0');
    await page.screenshot({ path: 'e2e-artifacts/runs-stopped.png' });
    expect(pageErrors).toEqual([]);
  });

  test('Cancel leaves the worker usable', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await chooseSolver(page, 'sisr', 30);
    const cancelled = await solve(page);
    await expect(cancelled.row).toHaveAttribute('data-status', 'running');
    await expect(cancelled.row).not.toHaveAttribute('data-progress-count', '0');
    const worker = (await cancelled.row.getAttribute('data-worker'))!;

    await cancelled.row.getByTestId('cancel-button').click();
    await expect(cancelled.row).toHaveAttribute('data-status', 'cancelled', { timeout: 1000 });
    await expect(cancelled.row.getByTestId('run-status')).toHaveText('cancelled');
    // The worker acknowledges and is free again (not replaced).
    await expect
      .poll(() => page.evaluate((id) => window.__routelab.workers().find((w) => w.id === id)?.busy, worker), { timeout: 3000 })
      .toBe(false);

    await chooseSolver(page, 'sisr', 1);
    const next = await solve(page);
    await expect(next.row).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
    await expect(next.row).toHaveAttribute('data-worker', worker);
    await expect(next.row.getByTestId('run-feasible')).toHaveText('feasible');
    await expect(cancelled.row).toHaveAttribute('data-status', 'cancelled');
    await expect(cancelled.row.getByTestId('run-feasible')).toHaveText('–');
    expect(pageErrors).toEqual([]);
  });

  test('two runs go at the same time', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await chooseSolver(page, 'sisr', 3);
    const clickAt = await page.evaluate(() => performance.now());
    const solveButton = page.getByTestId('solve-button');
    await solveButton.click();
    await solveButton.click();
    const rows = page.getByTestId('run-row');
    await expect(rows).toHaveCount(2);
    const [a, b] = [rows.nth(0), rows.nth(1)];
    const [aId, bId] = [(await a.getAttribute('data-run-id'))!, (await b.getAttribute('data-run-id'))!];

    await expect(a).toHaveAttribute('data-status', 'running');
    await expect(b).toHaveAttribute('data-status', 'running');
    // Taken at once: with software WebGL a screenshot itself takes a second or so.
    await page.screenshot({ path: 'e2e-artifacts/runs.png' });
    const workers = [await a.getAttribute('data-worker'), await b.getAttribute('data-worker')];
    expect(workers[0]).not.toEqual(workers[1]);

    await expect(a).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
    await expect(b).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
    const [ta, tb] = [await progressOf(page, aId), await progressOf(page, bId)];
    // Both were running at once: each started before the other ended (the page's own clock).
    const [sa, sb] = [await runningSpan(page, aId), await runningSpan(page, bId)];
    expect(Math.max(sa.from, sb.from)).toBeLessThan(Math.min(sa.to, sb.to));
    const from = Math.max(ta[0], tb[0]);
    const to = Math.min(ta[ta.length - 1], tb[tb.length - 1]);
    const overlapS = (to - from) / 1000;
    const inOverlap = (ts: number[]) => ts.filter((t) => t >= from && t <= to).length;
    test.info().annotations.push({
      type: 'overlap',
      description:
        `first progress ${(ta[0] - clickAt).toFixed(0)} / ${(tb[0] - clickAt).toFixed(0)} ms after the first click, ` +
        `overlap ${overlapS.toFixed(2)} s, events in it: ${inOverlap(ta)} and ${inOverlap(tb)}`,
    });
    expect(overlapS).toBeGreaterThan(1);
    expect(inOverlap(ta)).toBeGreaterThanOrEqual(Math.floor(2 * overlapS));
    expect(inOverlap(tb)).toBeGreaterThanOrEqual(Math.floor(2 * overlapS));
    await expect(a.getByTestId('run-feasible')).toHaveText('feasible');
    await expect(b.getByTestId('run-feasible')).toHaveText('feasible');
    expect(pageErrors).toEqual([]);
  });
});
