/**
 * A planner brings her own city: she drops an OpenStreetMap extract, builds a city from it with
 * progress, samples and solves on it, and finds it again after a reload; a broken extract is
 * explained against the file while her scenario and runs stay; Cancel leaves everything as it
 * was; and a city file (.npz) joins her cities and can be removed again.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import type {} from '../src/ui/editor/editor-probe';
import { collectPageErrors, freeRoadPoint, openMonaco } from './support';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const path = (...parts: string[]) => join(ROOT, ...parts);
const EXTRACT = 'hoyerswerda.osm.pbf';
const extractBytes = () => readFileSync(path('e2e', 'fixtures', EXTRACT));

/** Drops a file on the page, as a planner dragging it from her desktop. */
async function drop(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, data }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], name));
      return dt;
    },
    { name, data: Array.from(bytes) },
  );
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
}

function report(page: Page, file: string) {
  return page.locator(`[data-testid="file-errors"] li[data-file="${file}"]`).first();
}

async function solveNearest(page: Page): Promise<void> {
  const rows = page.getByTestId('run-row');
  const before = await rows.count();
  await page.getByTestId('solver-select').selectOption('nearest');
  await page.getByTestId('solve-button').click();
  await expect(rows).toHaveCount(before + 1);
  await expect(rows.nth(before)).toHaveAttribute('data-status', 'done');
  await expect(rows.nth(before).getByTestId('run-feasible')).toHaveText('feasible');
}

/** Whether the shown scenario's depot is drawn inside the map (the view is on the scenario). */
function scenarioInView(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const ed = window.__routelab.editor!;
    const inst = ed.instance()!;
    const [x, y] = ed.toScreen([inst.coords![2 * inst.depot], inst.coords![2 * inst.depot + 1]])!;
    const box = ed.mapBox()!;
    return x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
  });
}

async function saved(page: Page): Promise<void> {
  await expect(page.getByTestId('persist-status')).toHaveAttribute('data-state', 'saved');
}

test.describe('a planner builds her own city', () => {
  test('a planner drops an OSM extract, builds a city with progress, samples a 100-stop ACVRP on it, solves it, reloads, and the city is still there', async ({ page }) => {
    test.setTimeout(180_000);
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    const dialog = page.getByTestId('city-build-dialog');
    const map = page.getByTestId('map');

    await test.step('she drops the extract and the build dialog asks how', async () => {
      await drop(page, EXTRACT, extractBytes());
      await expect(dialog).toBeVisible();
      await expect(dialog).toHaveAttribute('data-state', 'setup');
      await expect(page.getByTestId('build-file')).toHaveText(EXTRACT);
      await expect(page.getByTestId('build-centre-densest')).toBeChecked();
      await expect(page.getByTestId('build-box-km')).toHaveValue('3');
      await expect(page.getByTestId('build-points')).toHaveValue('1000');
      // Nothing changed yet.
      await expect(page.getByTestId('stop-count')).toHaveText('100');
      await expect(page.getByTestId('user-city')).toHaveCount(0);
    });

    await test.step('she picks the centre on the map and asks for 300 points', async () => {
      await page.getByTestId('build-pick').click();
      await expect(page.getByTestId('build-pick')).toHaveAttribute('aria-pressed', 'true');
      const canvas = page.locator('[data-testid="map"] canvas.maplibregl-canvas');
      const box = (await canvas.boundingBox())!;
      // Right of the dialog, which floats over the map's left side.
      await canvas.click({ position: { x: box.width - 100, y: box.height / 2 } });
      await expect(page.getByTestId('build-centre-point')).toBeChecked();
      await expect(page.getByTestId('build-centre')).toHaveText(/^\d+\.\d+, \d+\.\d+$/);
      // Back to the densest part: the test must not depend on where the map was centred.
      await page.getByTestId('build-centre-densest').check();
      await page.getByTestId('build-points').fill('300');
    });

    await test.step('she builds the city and watches its progress', async () => {
      // Every fraction the progress bar shows, recorded in the page as it changes.
      await page.evaluate(() => {
        const seen: number[] = [];
        (window as unknown as { buildFractions: number[] }).buildFractions = seen;
        new MutationObserver(() => {
          const el = document.querySelector('[data-testid="build-progress"]');
          if (el) seen.push(Number(el.getAttribute('data-fraction')));
        }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-fraction'] });
      });
      await page.getByTestId('build-start').click();
      await expect(dialog).toHaveAttribute('data-state', 'building');
      await expect(page.getByTestId('build-progress')).toBeVisible();
      await expect(dialog).toBeHidden({ timeout: 120_000 });
      const fractions = await page.evaluate(() => (window as unknown as { buildFractions: number[] }).buildFractions);
      expect(fractions.some((f) => f > 0 && f < 1)).toBe(true);
    });

    let cityId = '';
    await test.step('the city is hers, selected and sampled at once, with its OSM credit', async () => {
      await expect(page.getByTestId('user-city')).toHaveCount(1);
      cityId = (await page.getByTestId('user-city').getAttribute('data-city-id'))!;
      expect(cityId).toMatch(/^Hoyerswerda-[0-9a-f]{10}$/);
      await expect(page.getByTestId('city-select')).toHaveValue(cityId);
      await expect(page.getByTestId('city-name')).toHaveText('Hoyerswerda');
      await expect(page.getByTestId('problem-select')).toHaveValue('acvrp');
      await expect(page.getByTestId('stop-count')).toHaveText('100');
      await expect(map).toHaveAttribute('data-city-points', '300');
      await expect(map).toHaveAttribute('data-stops', '100');
      await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('© OpenStreetMap contributors');
      await expect(report(page, EXTRACT)).toContainText('300 road points');
    });

    await test.step('she solves it', async () => {
      await solveNearest(page);
      await expect(map).not.toHaveAttribute('data-routes', '0');
      await page.screenshot({ path: 'e2e-artifacts/city-built.png' });
    });

    await test.step('after a reload the city, the scenario and the run are still there', async () => {
      await saved(page);
      await page.reload();
      await expect(page.getByTestId('user-city')).toHaveCount(1);
      await expect(page.getByTestId('user-city')).toHaveAttribute('data-city-id', cityId);
      await expect(page.getByTestId('city-select')).toHaveValue(cityId);
      await expect(page.getByTestId('stop-count')).toHaveText('100');
      await expect(page.getByTestId('run-row')).toHaveCount(1);
      await expect(page.getByTestId('run-row')).toHaveAttribute('data-status', 'done');
      await expect(map).toHaveAttribute('data-city-points', '300');
      await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('© OpenStreetMap contributors');
    });

    await test.step('and it samples again from the matrices the browser kept', async () => {
      await page.getByTestId('seed-input').fill('2');
      await page.getByTestId('seed-input').press('Enter');
      await expect(page.getByTestId('status')).toContainText('Hoyerswerda · ACVRP · 100 stops · seed 2');
      await solveNearest(page);
    });
    expect(pageErrors).toEqual([]);
  });

  test('Cancel ends a build and leaves the app as it was', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await drop(page, EXTRACT, extractBytes());
    const dialog = page.getByTestId('city-build-dialog');
    // The map goes to the extract, where a centre would be picked.
    await expect.poll(() => scenarioInView(page)).toBe(false);
    // A size the extract holds: with the default 1000 the build fails on its own (room for 596),
    // sometimes before Cancel is pressed.
    await page.getByTestId('build-points').fill('300');
    await page.getByTestId('build-start').click();
    await expect(dialog).toHaveAttribute('data-state', 'building');
    await page.getByTestId('build-cancel').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('status')).toContainText('cancelled');
    // And back to her scenario.
    await expect.poll(() => scenarioInView(page)).toBe(true);
    await expect(page.getByTestId('user-city')).toHaveCount(0);
    await expect(page.getByTestId('city-select')).toHaveValue('Monaco');
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    // A build that was cancelled lands nowhere, even later.
    await page.waitForTimeout(1500);
    await expect(page.getByTestId('user-city')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });

  test('a bad extract is explained against the file; the scenario and runs stay', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await solveNearest(page);
    const dialog = page.getByTestId('city-build-dialog');

    // The builder's bad-input corpus, dropped file by file (the node-limit and centre cases need
    // settings the dialog does not offer; tests/workers/city-build.test.ts covers them).
    const corpus = path('tests', 'fixtures', 'bad', 'osm');
    const manifest = JSON.parse(readFileSync(join(corpus, 'expect-build.json'), 'utf8')) as Record<string, { file?: string; maxNodes?: number; centre?: unknown; contains: string }>;
    const files = Object.entries(manifest).filter(([name, c]) => !c.file && !c.maxNodes && !c.centre && name.includes('.osm'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const [file, c] of files) {
      await test.step(file, async () => {
        await drop(page, file, readFileSync(join(corpus, file)));
        await expect(dialog).toHaveAttribute('data-state', 'setup');
        await page.getByTestId('build-start').click();
        const error = report(page, file);
        await expect(error).toHaveAttribute('data-testid', 'file-error');
        await expect(error).toContainText(c.contains);
        await expect(page.getByTestId('build-error')).toContainText(file);
        await expect(page.getByTestId('status')).toHaveAttribute('data-tone', 'error');
        await page.getByTestId('build-cancel').click();
        await expect(dialog).toBeHidden();
      });
    }

    // Her scenario and her run are untouched, and in view again.
    await expect.poll(() => scenarioInView(page)).toBe(true);
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    await expect(page.getByTestId('city-select')).toHaveValue('Monaco');
    await expect(page.getByTestId('run-row')).toHaveCount(1);
    await expect(page.getByTestId('run-row')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('user-city')).toHaveCount(0);
    await page.screenshot({ path: 'e2e-artifacts/city-build-errors.png' });
    expect(pageErrors).toEqual([]);
  });
});

test.describe('a planner brings a city file', () => {
  test('an RRNCO city .npz joins her cities, survives a reload and can be removed', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await page.getByTestId('file-input').setInputFiles(path('data/cities/Andorra_data.npz'));
    await expect(page.getByTestId('user-city')).toHaveCount(1);
    const id = (await page.getByTestId('user-city').getAttribute('data-city-id'))!;
    // Named apart from the bundled Andorra, which the picker still offers.
    expect(id).toMatch(/^Andorra_2-[0-9a-f]{10}$/);
    await expect(page.getByTestId('city-name')).toHaveText('Andorra 2');
    await expect(page.getByTestId('city-select')).toHaveValue(id);
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    await expect(page.getByTestId('map')).toHaveAttribute('data-city-points', '1000');
    await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('© OpenStreetMap contributors');
    await solveNearest(page);
    await page.locator('.side').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: 'e2e-artifacts/user-cities.png' });

    // The editor adds a stop at a road point of her city, as on a bundled one.
    await page.getByTestId('edit-mode-toggle').click();
    const spot = await freeRoadPoint(page);
    await page.mouse.click(spot.x, spot.y);
    await expect(page.getByTestId('stop-count')).toHaveText('101');
    await page.getByTestId('edit-mode-toggle').click();

    await saved(page);
    await page.reload();
    await expect(page.getByTestId('user-city')).toHaveCount(1);
    await expect(page.getByTestId('city-select')).toHaveValue(id);
    await expect(page.getByTestId('stop-count')).toHaveText('101');
    await expect(page.getByTestId('map')).toHaveAttribute('data-city-points', '1000');

    // The same file again is not a second city (it is selected and sampled again, like a pick).
    await page.getByTestId('file-input').setInputFiles(path('data/cities/Andorra_data.npz'));
    await expect(report(page, 'Andorra_data.npz')).toContainText('already among your cities');
    await expect(page.getByTestId('user-city')).toHaveCount(1);
    await expect(page.getByTestId('stop-count')).toHaveText('100');

    // Removing it keeps the scenario on screen and its run; the picker goes back to Monaco.
    await page.getByTestId('remove-city').click();
    await page.getByTestId('confirm-remove-city').click();
    await expect(page.getByTestId('user-city')).toHaveCount(0);
    await expect(page.getByTestId('city-select')).toHaveValue('Monaco');
    await expect(page.getByTestId('instance-summary')).toContainText('Andorra');
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    await expect(page.getByTestId('run-row')).toHaveCount(1);
    await page.reload();
    await expect(page.getByTestId('user-city')).toHaveCount(0);
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    await expect(page.getByTestId('run-row')).toHaveCount(1);
    expect(pageErrors).toEqual([]);
  });
});
