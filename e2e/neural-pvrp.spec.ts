/**
 * The CAMP-S models (PVRP-P, PVRP-ZC) in the browser.
 *
 * 1. ONNX parity in Chromium: the checks of tests/neural/pvrp-parity.test.ts (neural-probe-pvrp.ts)
 *    run by the app's own code on onnxruntime-web's WASM backend in the probe worker, against the
 *    PyTorch outputs of the tiny fixture models (served with page.route). Tolerance 1e-4, as in Node.
 *    Decode latency is a benchmark, not a test: `npm run bench -- neural-latency` (CAMP-S rows).
 * 2. The story: a planner paints zone bans for vehicle v1 on Monaco's PVRP-ZC, runs `neural` and
 *    `sisr` side by side (two maps), and both results respect the bans: the runs table says feasible
 *    for both, the routes of v1 serve no banned stop, every stop is served once, and the maps draw them.
 */
import { expect, test, type Page } from '@playwright/test';
import type { NeuralProbe, PvrpParityOptions } from '../src/ui/neural-probe';
import type { PvrpParityReport } from '../src/workers/neural-probe-pvrp';
import { banV1WestOfDepot, collectPageErrors, FIXTURE_URL, openMonaco, openProbe, shownInstance, startRun } from './support';

const WASM_TOL = 1e-4;

type NeuralWindow = { __routelab: { neural: () => Promise<NeuralProbe> } };

function pvrpParity(page: Page, options: PvrpParityOptions): Promise<PvrpParityReport> {
  return page.evaluate(async (o) => (await (window as unknown as NeuralWindow).__routelab.neural()).pvrpParity(o), options);
}

test.describe('CAMP-S on onnxruntime-web (WASM) matches PyTorch', () => {
  for (const problem of ['pvrp-p', 'pvrp-zc'] as const) {
    test(`${problem}: encoder, a batched step and a whole trajectory within 1e-4`, async ({ page }) => {
      await openProbe(page);
      const r = await pvrpParity(page, { problem, backend: 'wasm', fixtures: FIXTURE_URL });
      test.info().annotations.push({ type: 'parity', description: `${problem} wasm worst ${r.worst.toExponential(2)} in ${r.ms.toFixed(0)} ms` });
      expect(r.backend).toBe('wasm');
      for (const o of r.encoder) {
        expect(o.dims, o.key).toEqual(o.expectedDims);
        expect(o.maxDiff, o.key).toBeLessThanOrEqual(WASM_TOL);
      }
      expect(r.randomStep).toBeLessThanOrEqual(WASM_TOL);
      expect(r.trajectory.steps).toBe(r.trajectory.expectedSteps);
      expect(r.trajectory.expectedSteps).toBeGreaterThan(5);
      expect(r.trajectory.maskMismatches).toBe(0);
      expect(r.trajectory.allDone).toBe(true);
      expect(r.worst).toBeLessThanOrEqual(WASM_TOL);
    });
  }
});

test.describe('a planner runs the neural solver next to sisr on painted zone bans', () => {
  test('Monaco PVRP-ZC: v1 banned west of the depot; neural and sisr side by side, both respect the bans', async ({ page }) => {
    test.setTimeout(120_000);
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await page.getByTestId('problem-select').selectOption('pvrp-zc');
    await expect(page.getByTestId('instance-summary')).toContainText('PVRP-ZC');
    await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
    const before = await shownInstance(page);

    await page.getByTestId('edit-mode-toggle').click();
    await banV1WestOfDepot(page);
    const banned = await shownInstance(page);
    expect(banned.id).not.toBe(before.id);
    const bannedStops = [...banned.allowed[0]!.keys()].filter((j) => j !== banned.depot && banned.allowed[0]![j] === 0);
    expect(bannedStops.length).toBeGreaterThan(10);
    await page.getByTestId('edit-mode-toggle').click();

    await page.getByTestId('time-limit-input').fill('3');
    const neuralId = await startRun(page, 'neural');
    const sisrId = await startRun(page, 'sisr');
    for (const id of [neuralId, sisrId]) {
      const row = page.locator(`[data-testid="run-row"][data-run-id="${id}"]`);
      await expect(row).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
      await expect(row.getByTestId('run-feasible')).toHaveText('feasible');
    }
    const runs = await page.evaluate(() => window.__routelab.editor!.runs());
    const clients = [...Array(banned.n).keys()].filter((j) => j !== banned.depot);
    for (const id of [neuralId, sisrId]) {
      const run = runs.find((r) => r.id === id)!;
      expect(run.instanceId).toBe(banned.id);
      expect(run.feasible).toBe(true);
      expect(run.violations).toEqual([]);
      expect(run.unassigned).toEqual([]);
      const onV1 = run.routes.filter((r) => r.vehicle === 0).flatMap((r) => r.stops);
      expect(onV1.filter((j) => bannedStops.includes(j)), `${id}: v1 serves a banned stop`).toEqual([]);
      // every other vehicle too keeps to its own allowed row
      for (const r of run.routes) for (const j of r.stops) expect(banned.allowed[r.vehicle]?.[j] ?? 1, `${id}: vehicle ${r.vehicle} at ${j}`).toBe(1);
      expect(run.routes.flatMap((r) => r.stops).sort((a, b) => a - b)).toEqual(clients);
    }
    // On the map side by side: sisr (the latest run) on the page's map, neural on the second map.
    const map = page.getByTestId('map');
    await expect(map).toHaveAttribute('data-visible-runs', sisrId);
    await expect.poll(() => page.evaluate((rid) => window.__routelab.map!.routeLines(rid).length, sisrId)).toBeGreaterThan(0);
    await page.getByTestId('map-side-select').selectOption(neuralId);
    const side = page.getByTestId('map-side');
    await expect(side).toHaveAttribute('data-ready', 'true');
    await expect(side).toHaveAttribute('data-visible-runs', neuralId);
    await expect(page.getByTestId('banned-count-v1')).toHaveText(String(bannedStops.length));
    await page.screenshot({ path: 'e2e-artifacts/neural-pvrp-bans.png' });
    expect(pageErrors).toEqual([]);
  });
});
