/**
 * The experiment at scale: 1280 instances (an RRNCO-layout batch of 100-stop ACVRPs sampled from
 * Monaco, made on the fly) × 3 solvers at 0.2 s, in the browser, with the results table open
 * and updating. Every frame is timed (requestAnimationFrame gaps and long animation frames) and
 * the page's JavaScript heap is sampled; the main thread is traced now and then for each task's
 * CPU time (the page's own work, apart from what other jobs on the machine take). The figures
 * are printed and written to test-results/experiment-scale.json. Takes several minutes: it runs
 * only with EXPERIMENT_SCALE=1 (EXPERIMENT_SCALE_COUNT=<n> for a smaller batch).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { bundledCity, rrncoBatch } from '../scripts/make-experiment-batch';
import { frameStats, traceTasks, watchFrames, type TaskStats } from './frames';
import { collectPageErrors, openMonaco } from './support';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COUNT = Number(process.env.EXPERIMENT_SCALE_COUNT ?? 1280);
const SOLVERS = ['classical', 'savings', 'neural-ls'];

async function heapMb(page: Page): Promise<{ usedMb: number; totalMb: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  await cdp.detach();
  return { usedMb: get('JSHeapUsedSize') / 1e6, totalMb: get('JSHeapTotalSize') / 1e6 };
}

test.describe('an experiment at scale', () => {
  test.skip(!process.env.EXPERIMENT_SCALE, 'set EXPERIMENT_SCALE=1 to run (several minutes)');

  test(`${COUNT} instances × 3 solvers at 0.2 s: no long frames while the table updates, bounded memory`, async ({ page }) => {
    test.setTimeout(60 * 60_000);
    const pageErrors = collectPageErrors(page);
    const dir = mkdtempSync(join(tmpdir(), 'routelab-scale-'));
    const batch = join(dir, `batch${COUNT}.npz`);
    writeFileSync(batch, rrncoBatch(bundledCity(ROOT, 'Monaco'), COUNT, 100, 1));

    await openMonaco(page);
    await page.getByTestId('file-input').setInputFiles(batch);
    await expect(page.getByTestId('file-index')).toHaveValue('0', { timeout: 120_000 });
    await page.getByTestId('experiments-button').click();
    await expect(page.getByTestId('experiment-source-file')).toBeChecked();
    for (const s of SOLVERS) await page.getByTestId(`experiment-solver-${s}`).check();
    await page.getByTestId('experiment-seeds').fill('1');
    await page.getByTestId('experiment-budgets').fill('0.2');
    await expect(page.getByTestId('experiment-start')).toHaveText(`Start ${COUNT * 3} runs`);
    const heapBefore = await heapMb(page);
    await page.getByTestId('experiment-start').click();
    const progress = page.getByTestId('experiment-progress');
    await expect(progress).toHaveAttribute('data-state', 'running');
    await expect(page.getByTestId('experiment-row').first()).toBeVisible({ timeout: 120_000 });

    await watchFrames(page);
    const t0 = Date.now();
    const samples: { s: number; done: number; usedMb: number }[] = [];
    const traces: (TaskStats & { atDone: number })[] = [];
    let peakMb = 0;
    while ((await progress.getAttribute('data-state')) === 'running') {
      // A 20 s trace of the main thread now and then: early, then as the table grows.
      if (traces.length < 1 + Math.floor(samples.length / 8)) {
        const atDone = Number(await progress.getAttribute('data-done'));
        traces.push({ atDone, ...(await traceTasks(page, 20_000)) });
      }
      await page.waitForTimeout(15_000);
      const heap = await heapMb(page);
      peakMb = Math.max(peakMb, heap.usedMb);
      samples.push({ s: Math.round((Date.now() - t0) / 1000), done: Number(await progress.getAttribute('data-done')), usedMb: Math.round(heap.usedMb * 10) / 10 });
      // Scroll now and then, as a reader would: the virtualised table renders what comes into view.
      await page.getByTestId('experiment-results').evaluate((el) => el.scrollBy(0, 2000));
    }
    const frames = await frameStats(page);
    await expect(progress).toHaveAttribute('data-state', 'done');
    await expect(progress).toHaveAttribute('data-done', String(COUNT * 3));
    const heapAfter = await heapMb(page);
    const rowsInPage = await page.getByTestId('experiment-row').count();

    await page.getByTestId('experiment-tab-aggregate').click();
    await expect(page.locator('[data-testid="aggregate-row"][data-solver="neural-ls"] [data-testid="aggregate-instances"]')).toContainText(String(COUNT), { timeout: 30_000 });

    const report = { instances: COUNT, solvers: SOLVERS, budgetS: 0.2, runs: COUNT * 3, wallS: Math.round((Date.now() - t0) / 1000), frames, traces, heapBefore, heapAfter, peakUsedMb: peakMb, rowsInPage, samples };
    console.log(JSON.stringify(report, null, 1));
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    writeFileSync(join(ROOT, 'test-results', 'experiment-scale.json'), JSON.stringify(report, null, 1));

    expect(rowsInPage).toBeLessThan(200);
    // The page's own work: no main-thread task of 100 ms CPU while the table updates. Frame gaps
    // (wall time) are reported above; on a machine whose cores other jobs share they also
    // measure the machine, so they are asserted only where it is quiet (EXPERIMENT_SCALE_STRICT=1).
    for (const t of traces) expect(t.tasksOverCpu100).toBe(0);
    if (process.env.EXPERIMENT_SCALE_STRICT) expect(frames.gapsOver100).toBe(0);
    expect(heapAfter.usedMb).toBeLessThan(heapBefore.usedMb + 150);
    expect(pageErrors).toEqual([]);
  });
});
