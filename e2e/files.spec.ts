/**
 * A planner brings her own files and takes results away: she opens one file of every format
 * RouteLab reads, sees a broken file explained (file, line or field, what was expected) while
 * the app keeps working, builds matrices with a live OSRM server, and exports a run in every
 * format — and the RouteLab JSON export opens again with the same run cost.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, openMonaco } from './support';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const path = (...parts: string[]) => join(ROOT, ...parts);

async function upload(page: Page, ...files: string[]): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(files);
}

/** The newest report is first; it names the file. */
function report(page: Page, file: string) {
  return page.locator(`[data-testid="file-errors"] li[data-file="${file}"]`).first();
}

async function solveNearest(page: Page): Promise<string> {
  const rows = page.getByTestId('run-row');
  const before = await rows.count();
  await page.getByTestId('solver-select').selectOption('nearest');
  await page.getByTestId('solve-button').click();
  await expect(rows).toHaveCount(before + 1);
  const row = rows.nth(before);
  await expect(row).toHaveAttribute('data-status', 'done');
  return (await row.getByTestId('run-cost').textContent())!.trim();
}

test.describe('a planner brings her own files', () => {
  test('a planner uploads one file of every supported format', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    const stops = page.getByTestId('stop-count');
    const map = page.getByTestId('map');

    await test.step('RouteLab JSON (the sampler’s output) brings its city back', async () => {
      await upload(page, path('e2e/fixtures/monaco-acvrp-20.routelab.json'));
      await expect(stops).toHaveText('20');
      await expect(map).toHaveAttribute('data-stops', '20');
      await expect(map).toHaveAttribute('data-city-points', '1000');
      await expect(report(page, 'monaco-acvrp-20.routelab.json')).toHaveAttribute('data-testid', 'file-report');
    });

    await test.step('an OSRM /table response, read as the current problem (ACVRP)', async () => {
      await expect(page.getByTestId('import-problem')).toHaveValue('');
      await upload(page, path('data/cities/Monaco_table_100.json'));
      await expect(stops).toHaveText('99');
      await expect(map).toHaveAttribute('data-stops', '99');
      await expect(report(page, 'Monaco_table_100.json')).toContainText('osrm-table');
    });

    await test.step('a VROOM problem', async () => {
      await upload(page, path('e2e/fixtures/small-vroom.json'));
      await expect(stops).toHaveText('6');
      await expect(map).toHaveAttribute('data-stops', '6');
    });

    await test.step('an RRNCO test batch: she picks the third instance', async () => {
      await upload(page, path('e2e/fixtures/rrnco-rcvrp-batch.npz'));
      await expect(stops).toHaveText('12');
      await expect(page.getByTestId('file-index')).toHaveValue('0');
      await page.getByTestId('file-index').fill('2');
      await expect(report(page, 'rrnco-rcvrp-batch.npz')).toContainText('instance 3 of 3');
      await expect(stops).toHaveText('12');
      // Planar unit-square coordinates are drawn in a small box on the background-only style.
      await expect(map).toHaveAttribute('data-stops', '12');
      await expect(map).toHaveAttribute('data-city-points', '0');
    });

    await test.step('a CAMP PVRP batch', async () => {
      await upload(page, path('e2e/fixtures/camp-pvrp.npz'));
      await expect(stops).toHaveText('9');
      await expect(page.getByTestId('instance-summary')).toContainText('PVRP-P');
    });

    await test.step('an RRNCO city .npz becomes one of her cities, sampled at once with the panel’s settings', async () => {
      // The panel shows the CAMP file's scenario (PVRP-P, 9 stops): the new city is sampled so.
      await expect(page.getByTestId('n-input')).toHaveValue('9');
      await upload(page, path('data/cities/Monaco_data.npz'));
      await expect(report(page, 'Monaco_data.npz')).toContainText('added to your cities');
      await expect(page.getByTestId('user-city')).toHaveCount(1);
      await expect(page.getByTestId('instance-summary')).toContainText('PVRP-P');
      await expect(stops).toHaveText('9');
      await expect(map).toHaveAttribute('data-city-points', '1000');
    });

    await test.step('a CVRPLIB .vrp, then its best known .sol as a run', async () => {
      await upload(page, path('data/benchmarks/cvrplib-x/X-n101-k25.vrp'));
      await expect(stops).toHaveText('100');
      await expect(map).toHaveAttribute('data-stops', '100');
      // No city data on the map: maplibre empties (and hides) the credit.
      await expect(page.locator('.maplibregl-ctrl-attrib')).toHaveClass(/maplibregl-attrib-empty/);
      await upload(page, path('data/benchmarks/cvrplib-x/X-n101-k25.sol'));
      const row = page.getByTestId('run-row');
      await expect(row).toHaveCount(1);
      await expect(row.getByTestId('run-cost')).toContainText(/27[, ]?591/);
      await expect(map).toHaveAttribute('data-routes', '26');
      await page.screenshot({ path: 'e2e-artifacts/files.png' });
    });

    await test.step('a TSPLIB .atsp', async () => {
      await upload(page, path('data/benchmarks/tsplib-atsp/br17.atsp'));
      await expect(stops).toHaveText('17');
    });

    await test.step('a Solomon .txt', async () => {
      await upload(page, path('data/benchmarks/solomon-vrptw-100/C101.txt'));
      await expect(stops).toHaveText('100');
      await expect(page.getByTestId('instance-summary')).toContainText('ACVRPTW');
    });

    await test.step('a CSV of stops, dropped on the page', async () => {
      const csv = readFileSync(path('e2e/fixtures/monaco-stops.csv'), 'utf8');
      const dataTransfer = await page.evaluateHandle((text) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], 'monaco-stops.csv', { type: 'text/csv' }));
        return dt;
      }, csv);
      await page.dispatchEvent('body', 'dragenter', { dataTransfer });
      await expect(page.getByTestId('drop-zone')).toHaveClass(/active/);
      await page.dispatchEvent('body', 'drop', { dataTransfer });
      await expect(page.getByTestId('drop-zone')).not.toHaveClass(/active/);
      await expect(stops).toHaveText('8');
      await expect(map).toHaveAttribute('data-stops', '8');
      await solveNearest(page);
    });

    await expect(page.getByTestId('file-error')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });

  test('a malformed file shows an error and the app stays usable', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);

    await upload(page, path('tests/fixtures/bad/benchmarks/garbage-line.vrp'));
    const vrpError = report(page, 'garbage-line.vrp');
    await expect(vrpError).toHaveAttribute('data-testid', 'file-error');
    await expect(vrpError.getByTestId('file-error-line')).toHaveText(/^\d+$/);
    await expect(vrpError.getByTestId('file-error-expected')).not.toBeEmpty();
    await expect(page.getByTestId('status')).toHaveAttribute('data-tone', 'error');

    await upload(page, path('tests/fixtures/bad/npz-osrm/osrm-string-cell.json'));
    const jsonError = report(page, 'osrm-string-cell.json');
    await expect(jsonError.getByTestId('file-error-field')).toHaveText('durations[1][2]');
    await expect(jsonError.getByTestId('file-error-found')).toContainText('abc');

    await upload(page, path('tests/fixtures/bad/npz-osrm/rcvrp-demand-shape.npz'));
    await expect(report(page, 'rcvrp-demand-shape.npz').getByTestId('file-error-field')).toHaveText('npz:demand');

    // The scenario she had is still there, and solving works.
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    await solveNearest(page);
    await expect(page.getByTestId('run-row').first().getByTestId('run-feasible')).toHaveText('feasible');
    await page.screenshot({ path: 'e2e-artifacts/files-errors.png' });
    expect(pageErrors).toEqual([]);
  });

  test('exports download and re-import', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    const dir = mkdtempSync(join(tmpdir(), 'routelab-exports-'));
    await openMonaco(page);
    const cost = await solveNearest(page);
    const vehicles = Number(await page.getByTestId('run-row').first().getByTestId('run-vehicles').textContent());

    const saved: Record<string, string> = {};
    for (const kind of ['routelab', 'vroom', 'geojson', 'csv', 'sol', 'solve', 'png']) {
      await test.step(`she exports ${kind}`, async () => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${kind}`).click()]);
        const name = download.suggestedFilename();
        expect(name).toMatch(/^Monaco/);
        saved[kind] = join(dir, name);
        await download.saveAs(saved[kind]);
      });
    }

    const text = (kind: string) => readFileSync(saved[kind], 'utf8');
    expect(saved.routelab).toMatch(/\.routelab\.json$/);
    expect(readFileSync(saved.png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const geo = JSON.parse(text('geojson')) as { features: { geometry: { type: string } }[] };
    const lines = geo.features.filter((f) => f.geometry.type === 'LineString');
    expect(lines.length).toBeGreaterThan(0);
    if (Number.isFinite(vehicles)) expect(lines).toHaveLength(vehicles);
    expect(text('csv').split('\n')[0]).toContain('run,solver,vehicle,seq,job');
    expect(text('csv').trim().split('\n')).toHaveLength(101);
    expect(text('sol')).toMatch(/^Route #1: /);
    expect(JSON.parse(text('vroom'))).toHaveProperty('solution.routes');
    const solve = JSON.parse(text('solve')) as { cost: number; solver: string };
    expect(solve.solver).toBe('nearest');

    await test.step('npm run eval scores the exported solution to the cost in the table', () => {
      const out = execFileSync('npx', ['tsx', 'src/cli/eval.ts', saved.routelab, saved.solve], { cwd: ROOT, encoding: 'utf8' });
      const evaluated = JSON.parse(out.trim().split('\n').pop()!) as { cost: number };
      expect(evaluated.cost).toBeCloseTo(solve.cost, 6);
    });

    await test.step('she opens the RouteLab JSON export again: same stops, same run cost', async () => {
      await upload(page, saved.routelab);
      await expect(page.getByTestId('stop-count')).toHaveText('100');
      const row = page.getByTestId('run-row');
      await expect(row).toHaveCount(1);
      await expect(row.getByTestId('run-cost')).toHaveText(cost);
    });
    expect(pageErrors).toEqual([]);
  });
});

test.describe('a planner builds matrices with a live OSRM server', () => {
  const SERVER = 'http://localhost:5999';
  const canned = JSON.parse(readFileSync(path('data/cities/Monaco_table_100.json'), 'utf8')) as {
    durations: number[][];
    distances: number[][];
    sources: { location: number[] }[];
  };

  test('the server answers: the scenario gets its matrices', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    const asked: string[] = [];
    await page.route(`${SERVER}/table/v1/driving/**`, async (route) => {
      const url = new URL(route.request().url());
      asked.push(url.href);
      const coords = decodeURIComponent(url.pathname.split('/').pop()!).split(';').map((p) => p.split(',').map(Number));
      const k = coords.length;
      const cut = (m: number[][]) => m.slice(0, k).map((row) => row.slice(0, k));
      const waypoints = coords.map((c) => ({ hint: '', distance: 1.5, name: '', location: c }));
      await route.fulfill({
        status: 200,
        headers: { 'access-control-allow-origin': '*' },
        contentType: 'application/json',
        body: JSON.stringify({ code: 'Ok', durations: cut(canned.durations), distances: cut(canned.distances), sources: waypoints, destinations: waypoints }),
      });
    });
    await openMonaco(page);
    // The canned table has 100 points: a 50-stop scenario (51 nodes) fits.
    await page.getByTestId('n-input').fill('50');
    await page.getByTestId('n-input').press('Enter');
    await expect(page.getByTestId('stop-count')).toHaveText('50');
    const before = await solveNearest(page);

    await page.getByTestId('osrm-url').fill(`${SERVER}/`);
    await page.getByTestId('osrm-build').click();
    await expect(page.getByTestId('osrm-status')).toHaveAttribute('data-tone', 'ok');
    await expect(page.getByTestId('osrm-status')).toContainText(SERVER);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('annotations=duration,distance');
    expect(asked[0].split(';')).toHaveLength(51);

    // Same stops, new matrices: a new scenario with no runs yet, and a different cost.
    await expect(page.getByTestId('stop-count')).toHaveText('50');
    await expect(page.getByTestId('map')).toHaveAttribute('data-city-points', '1000');
    const after = await solveNearest(page);
    expect(after).not.toBe(before);
    expect(pageErrors).toEqual([]);
  });

  test('the server is unreachable: a clear message, and the scenario stays', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await page.route(`${SERVER}/**`, (route) => route.abort('connectionrefused'));
    await openMonaco(page);
    await page.getByTestId('osrm-url').fill(SERVER);
    await page.getByTestId('osrm-build').click();
    const status = page.getByTestId('osrm-status');
    await expect(status).toHaveAttribute('data-tone', 'error');
    await expect(status).toContainText(`Could not reach OSRM at ${SERVER}`);
    await expect(page.getByTestId('stop-count')).toHaveText('100');

    // An answer of the wrong size is refused too, naming the server.
    await page.unroute(`${SERVER}/**`);
    await page.route(`${SERVER}/**`, (route) =>
      route.fulfill({ status: 400, headers: { 'access-control-allow-origin': '*' }, contentType: 'application/json', body: JSON.stringify({ code: 'TooBig', message: 'Too many table coordinates' }) }),
    );
    await page.getByTestId('osrm-build').click();
    await expect(status).toHaveAttribute('data-tone', 'error');
    await expect(status).toContainText('TooBig');
    await expect(status).toContainText(SERVER);
    await solveNearest(page);
    expect(pageErrors).toEqual([]);
  });
});
