/**
 * A researcher asks "is neural + local search better than the classical solver at 1 s on these
 * instances?": she drops an RRNCO batch, runs classical and neural-ls at 1 s over all its
 * instances with 2 solver seeds, reloads the page mid-way (the experiment resumes, no run lost
 * or done twice), reads the aggregate (mean gap, interval, wins), downloads the CSV — whose costs
 * `npm run eval` confirms on the same routes — and the definition, which `npm run experiment`
 * runs again to the same results. A row opens its instance with its runs on the map.
 *
 * README_SCREENSHOT=1 also runs a small sampled experiment and writes docs/experiment.png (its aggregate view).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { parseCsv } from '../src/core/experiment/csv';
import { collectPageErrors, openMonaco } from './support';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BATCH = join(ROOT, 'e2e/fixtures/rrnco-rcvrp-batch.npz');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function cli(command: string, args: string[]): string {
  return execFileSync(TSX, [join(ROOT, 'src/cli', `${command}.ts`), ...args], { cwd: ROOT, encoding: 'utf8' });
}

async function downloadText(page: Page, testId: string, dir: string): Promise<{ path: string; text: string; name: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  return { path, text: readFileSync(path, 'utf8'), name: download.suggestedFilename() };
}

async function openBatch(page: Page): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(BATCH);
  await expect(page.getByTestId('stop-count')).toHaveText('12');
  await expect(page.getByTestId('file-index')).toHaveValue('0');
}

async function setUp(page: Page, solvers: string[], seeds: string, budgets: string): Promise<void> {
  await page.getByTestId('experiments-button').click();
  await expect(page.getByTestId('experiment-setup')).toBeVisible();
  await expect(page.getByTestId('experiment-source-file')).toBeChecked();
  for (const s of solvers) await page.getByTestId(`experiment-solver-${s}`).check();
  await page.getByTestId('experiment-seeds').fill(seeds);
  await page.getByTestId('experiment-budgets').fill(budgets);
}

const progress = (page: Page) => page.getByTestId('experiment-progress');
const strip = (text: string, drop: string[]) => parseCsv(text).map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !drop.includes(k))));

test.describe('a researcher runs an experiment', () => {
  test('classical vs neural + LS over an RRNCO batch: resume after a reload, aggregate, CSV = npm run eval, npm run experiment reproduces it', async ({ page }) => {
    test.setTimeout(300_000);
    const pageErrors = collectPageErrors(page);
    const dir = mkdtempSync(join(tmpdir(), 'routelab-experiment-e2e-'));
    await openMonaco(page);
    await openBatch(page);

    await test.step('switching the batch index keeps each instance’s runs', async () => {
      await page.getByTestId('solver-select').selectOption('nearest');
      await page.getByTestId('solve-button').click();
      await expect(page.getByTestId('run-row')).toHaveCount(1);
      await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done');
      await page.getByTestId('file-index').fill('1');
      await expect(page.getByTestId('run-row')).toHaveCount(0);
      await page.getByTestId('file-index').fill('0');
      await expect(page.getByTestId('run-row')).toHaveCount(1);
    });

    await test.step('she sets up classical and neural-ls at 1 s, 2 solver seeds, all 3 instances', async () => {
      await setUp(page, ['classical', 'neural-ls'], '1, 2', '1');
      await expect(page.getByTestId('experiment-start')).toHaveText('Start 12 runs');
      await page.getByTestId('experiment-start').click();
      await expect(progress(page)).toHaveAttribute('data-total', '12');
      await expect(progress(page)).toHaveAttribute('data-state', 'running');
    });

    await test.step('she reloads mid-way: the experiment resumes where it was', async () => {
      await expect.poll(async () => Number(await progress(page).getAttribute('data-done')), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
      const before = Number(await progress(page).getAttribute('data-done'));
      expect(before).toBeLessThan(12);
      await page.reload();
      await expect(page.getByTestId('experiment-summary')).toContainText('/ 12 runs');
      await page.getByTestId('experiments-button').click();
      await expect(progress(page)).toHaveAttribute('data-total', '12');
      expect(Number(await progress(page).getAttribute('data-done'))).toBeGreaterThanOrEqual(before);
      await expect(progress(page)).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
      await expect(progress(page)).toHaveAttribute('data-done', '12');
    });

    await test.step('the results: 12 runs, each once, every one feasible', async () => {
      await page.getByTestId('experiment-tab-results').click();
      const rows = page.getByTestId('experiment-row');
      await expect(rows).toHaveCount(12);
      const keys = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')));
      expect(new Set(keys).size).toBe(12);
      await expect(page.getByTestId('experiment-results')).not.toContainText('failed');
    });

    await test.step('she reads the aggregate: mean gap, interval, wins against the baseline', async () => {
      await page.getByTestId('experiment-tab-aggregate').click();
      const neural = page.locator('[data-testid="aggregate-row"][data-solver="neural-ls"]');
      const classical = page.locator('[data-testid="aggregate-row"][data-solver="classical"]');
      await expect(classical.getByTestId('aggregate-wtl')).toHaveText('baseline');
      await expect(neural.getByTestId('aggregate-instances')).toHaveText('3');
      await expect(neural.getByTestId('aggregate-mean-gap')).toHaveText(/^-?\d+\.\d{3}$/);
      await expect(neural.getByTestId('aggregate-interval')).toHaveText(/^\[-?\d+\.\d{3}, -?\d+\.\d{3}\]$/);
      await expect(neural.getByTestId('aggregate-wtl')).toHaveText(/^\d+ \/ \d+ \/ \d+$/);
      const [w, t, l] = (await neural.getByTestId('aggregate-wtl').textContent())!.split('/').map((x) => Number(x.trim()));
      expect(w + t + l).toBe(3);
      await expect(page.getByTestId('experiment-reference-note')).toContainText('best run of the experiment for 3 instances');
      await expect(page.getByTestId('gap-plot')).toHaveAttribute('data-series', '2');
      await expect(page.getByTestId('profile-line')).toHaveCount(2);
    });

    const csv = await test.step('she downloads the results: the costs are what npm run eval gives for the same routes', async () => {
      const file = await downloadText(page, 'experiment-export-results-csv', dir);
      const rows = parseCsv(file.text);
      expect(rows).toHaveLength(12);
      expect(new Set(rows.map((r) => `${r.instance_index}|${r.solver}|${r.seed}|${r.budget_s}`)).size).toBe(12);
      for (const [k, row] of rows.entries()) {
        expect(row).toMatchObject({ status: 'done', budget_s: '1', feasible: 'true' });
        const solution = join(dir, `run-${k}.json`);
        writeFileSync(solution, JSON.stringify({ routes: JSON.parse(row.routes), routeVehicles: JSON.parse(row.route_vehicles) }));
        const ev = JSON.parse(cli('eval', [BATCH, solution, '--index', row.instance_index]));
        expect(ev.cost).toBe(Number(row.cost));
      }
      return file.text;
    });

    await test.step('npm run experiment runs the exported definition to the same results', async () => {
      const def = await downloadText(page, 'experiment-export-definition', dir);
      expect(JSON.parse(def.text)).toMatchObject({ format: 'routelab-experiment@1', solvers: ['classical', 'neural-ls'], seeds: [1, 2], budgets: [1], instances: { kind: 'file', file: 'rrnco-rcvrp-batch.npz' } });
      const out = join(dir, 'cli.csv');
      cli('experiment', [def.path, '--file', BATCH, '--out', out, '--quiet']);
      const app = parseCsv(csv);
      const node = parseCsv(readFileSync(out, 'utf8'));
      const same = ['instance_index', 'instance', 'solver', 'solver_id', 'seed', 'budget_s', 'status', 'feasible'];
      expect(node.map((r) => same.map((k) => r[k]))).toEqual(app.map((r) => same.map((k) => r[k])));
      // Anytime solvers at 1 s: the same seeds and budgets, costs within run-to-run noise.
      for (const [i, r] of node.entries()) expect(Math.abs(Number(r.cost) - Number(app[i].cost)) / Number(app[i].cost)).toBeLessThan(0.02);
      const markdown = await downloadText(page, 'experiment-export-aggregate-md', dir);
      expect(markdown.text).toContain('| neural-ls | 1 | 3 |');
    });

    await test.step('a row opens its instance with its runs on the map', async () => {
      await page.getByTestId('experiment-tab-results').click();
      await page.getByTestId('experiment-row').first().click();
      await expect(page.getByTestId('experiment-view')).toHaveCount(0);
      await expect(page.getByTestId('stop-count')).toHaveText('12');
      await expect(page.getByTestId('run-row')).toHaveCount(4);
      await expect(page.getByTestId('run-seed')).toHaveText(['1', '1', '2', '2']);
    });

    expect(pageErrors).toEqual([]);
  });

  test('pause keeps what is done and starts nothing new; resume goes on; cancel ends it with its results', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await openBatch(page);
    // 18 runs of 2 s on the pool: long enough that Cancel always lands while runs remain (at
    // 0.5 s a loaded machine could finish all of them between the resume check and the click).
    await setUp(page, ['classical'], '1-6', '2');
    await page.getByTestId('experiment-start').click();
    await expect.poll(async () => Number(await progress(page).getAttribute('data-done'))).toBeGreaterThanOrEqual(1);
    await page.getByTestId('experiment-pause').click();
    await expect(progress(page)).toHaveAttribute('data-state', 'paused');
    // Runs already on the pool finish (within one 2 s budget); after that nothing new starts.
    await page.waitForTimeout(4000);
    const paused = await progress(page).getAttribute('data-done');
    await page.waitForTimeout(4000);
    await expect(progress(page)).toHaveAttribute('data-done', paused!);
    await page.getByTestId('experiment-resume').click();
    await expect.poll(async () => Number(await progress(page).getAttribute('data-done'))).toBeGreaterThan(Number(paused));
    await page.getByTestId('experiment-cancel').click();
    await expect(progress(page)).toHaveAttribute('data-state', 'cancelled');
    const done = Number(await progress(page).getAttribute('data-done'));
    expect(done).toBeLessThan(18);
    await page.getByTestId('experiment-tab-results').click();
    await expect(page.getByTestId('experiment-row')).toHaveCount(done);
    // Cancelled stays cancelled across a reload: nothing resumes by itself.
    await page.reload();
    await page.getByTestId('experiments-button').click();
    await expect(progress(page)).toHaveAttribute('data-state', 'cancelled');
    await expect(progress(page)).toHaveAttribute('data-done', String(done));
    expect(pageErrors).toEqual([]);
  });

  test('the deterministic constructions: the app’s CSV is npm run experiment’s, cost for cost', async ({ page }) => {
    test.setTimeout(180_000);
    const pageErrors = collectPageErrors(page);
    const dir = mkdtempSync(join(tmpdir(), 'routelab-experiment-e2e-'));
    await openMonaco(page);
    await openBatch(page);
    await setUp(page, ['nearest', 'savings', 'regret'], '1-2', '0.1');
    await page.getByTestId('experiment-start').click();
    await expect(progress(page)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(progress(page)).toHaveAttribute('data-done', '18');
    const results = await downloadText(page, 'experiment-export-results-csv', dir);
    const def = await downloadText(page, 'experiment-export-definition', dir);
    const out = join(dir, 'cli.csv');
    cli('experiment', [def.path, '--file', BATCH, '--out', out, '--quiet']);
    const timing = ['backend', 'time_ms', 'time_to_best_ms'];
    expect(strip(readFileSync(out, 'utf8'), timing)).toEqual(strip(results.text, timing));
    expect(pageErrors).toEqual([]);
  });

  test('the aggregate view, for the README', async ({ page }) => {
    test.skip(!process.env.README_SCREENSHOT, 'set README_SCREENSHOT=1 to write docs/experiment.png');
    test.setTimeout(300_000);
    await openMonaco(page);
    await page.getByTestId('experiments-button').click();
    await page.getByTestId('experiment-source-sample').check();
    await page.getByTestId('experiment-n').fill('50');
    await page.getByTestId('experiment-sample-from').fill('1');
    await page.getByTestId('experiment-sample-to').fill('16');
    for (const s of ['nearest', 'savings', 'classical', 'neural-ls']) await page.getByTestId(`experiment-solver-${s}`).check();
    await page.getByTestId('experiment-seeds').fill('1, 2');
    await page.getByTestId('experiment-budgets').fill('1');
    await page.getByTestId('experiment-baseline-setup').selectOption('classical');
    await page.getByTestId('experiment-name').fill('Monaco ACVRP50, 16 samples');
    await page.getByTestId('experiment-start').click();
    await expect(progress(page)).toHaveAttribute('data-state', 'done', { timeout: 280_000 });
    await page.getByTestId('experiment-tab-aggregate').click();
    await expect(page.getByTestId('profile-line')).toHaveCount(4);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(ROOT, 'docs/experiment.png') });
  });
});
