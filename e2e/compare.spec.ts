/**
 * A planner compares solver runs on one scenario and edits a solution by hand. Every cost the
 * page shows must be the evaluator's: the spec reads a run's solution and the instance from the
 * page (window.__routelab.compare), writes them to files and scores them with `npm run eval`'s
 * entry point; the numbers must be equal.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { CompareProbe, CompareRunInfo } from '../src/ui/compare/compare-probe';
import { collectPageErrors, openMonaco } from './support';

function probeRuns(page: Page): Promise<CompareRunInfo[]> {
  return page.evaluate(() => (window as unknown as { __routelab: { compare: CompareProbe } }).__routelab.compare.runs());
}

async function probeRun(page: Page, runId: string): Promise<CompareRunInfo> {
  const run = (await probeRuns(page)).find((r) => r.id === runId);
  expect(run, `run ${runId} in the page`).toBeDefined();
  return run!;
}

/** `npm run eval -- <instance> <solution>` on the page's instance and a run's solution: its cost. */
async function evalCost(page: Page, run: CompareRunInfo): Promise<number> {
  const instanceJson = await page.evaluate(() => (window as unknown as { __routelab: { compare: CompareProbe } }).__routelab.compare.instanceJson());
  expect(instanceJson).not.toBeNull();
  const dir = mkdtempSync(join(tmpdir(), 'routelab-compare-'));
  const instanceFile = join(dir, 'instance.json');
  const solutionFile = join(dir, 'solution.json');
  writeFileSync(instanceFile, instanceJson!);
  writeFileSync(solutionFile, JSON.stringify(run.solution));
  const out = execFileSync('npx', ['tsx', 'src/cli/eval.ts', instanceFile, solutionFile], { encoding: 'utf8', cwd: process.cwd() });
  return (JSON.parse(out.trim().split('\n').pop()!) as { cost: number }).cost;
}

/** Runs a solver to the end and returns its row and run id. */
async function solveWith(page: Page, solverId: string, seconds: number): Promise<{ row: Locator; runId: string }> {
  await page.getByTestId('solver-select').selectOption(solverId);
  await page.getByTestId('time-limit-input').fill(String(seconds));
  const rows = page.getByTestId('run-row');
  const before = await rows.count();
  await page.getByTestId('solve-button').click();
  await expect(rows).toHaveCount(before + 1);
  const runId = (await rows.nth(before).getAttribute('data-run-id'))!;
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  return { row, runId };
}

/**
 * Drags a stop in the route list. Both ends are brought into view first: a scroll between the
 * press and the first move would start the drag on whatever slid under the pointer.
 */
async function dragStop(source: Locator, target: Locator, targetPosition?: { x: number; y: number }): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  await source.scrollIntoViewIfNeeded();
  await expect(target).toBeInViewport({ ratio: 1 });
  await expect(source).toBeInViewport({ ratio: 1 });
  // The pointer itself, not dragTo(): dragTo may scroll again (a sticky target) after the press.
  const [from, to] = [(await source.boundingBox())!, (await target.boundingBox())!];
  const page = source.page();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  const at = targetPosition ?? { x: to.width / 2, y: to.height / 2 };
  await page.mouse.move(to.x + at.x, to.y + at.y, { steps: 5 });
  await page.mouse.up();
}

async function rowCost(row: Locator): Promise<number> {
  const text = await row.getAttribute('data-cost');
  expect(text).not.toBeNull();
  return Number(text);
}

test.describe('a planner compares runs', () => {
  test('a planner runs two solvers and compares them', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    const map = page.getByTestId('map');

    const nearest = await solveWith(page, 'nearest', 2);
    const sisr = await solveWith(page, 'sisr', 2);
    await expect(page.getByTestId('run-row')).toHaveCount(2);

    await test.step('each row’s cost is what npm run eval gives for that run’s solution', async () => {
      for (const { row, runId } of [nearest, sisr]) {
        const shown = await rowCost(row);
        const run = await probeRun(page, runId);
        expect(run.cost).toBe(shown);
        expect(await evalCost(page, run)).toBe(shown);
        await expect(row.getByTestId('run-feasible')).toHaveText('feasible');
      }
    });

    const [costA, costB] = [await rowCost(nearest.row), await rowCost(sisr.row)];
    const cheaper = costA <= costB ? nearest : sisr;
    const dearer = cheaper === nearest ? sisr : nearest;

    await test.step('sorting by cost puts the cheaper run first, and it is marked best', async () => {
      await page.getByTestId('sort-cost').click();
      const rows = page.getByTestId('run-row');
      await expect(rows.first()).toHaveAttribute('data-run-id', cheaper.runId);
      await expect(cheaper.row).toHaveAttribute('data-best', 'true');
      await expect(dearer.row.getByTestId('run-gap')).not.toHaveText('0.00');
      await page.getByTestId('sort-cost').click();
      await expect(rows.first()).toHaveAttribute('data-run-id', dearer.runId);
    });

    await test.step('the map draws the selected run (the latest); selecting a row draws, numbers and lists its routes', async () => {
      await expect(map).toHaveAttribute('data-run-layers', '2');
      await expect(map).toHaveAttribute('data-visible-runs', sisr.runId);
      await nearest.row.getByTestId('run-solver').click();
      await expect(nearest.row).toHaveAttribute('data-selected', 'true');
      await expect(map).toHaveAttribute('data-selected-run', nearest.runId);
      await expect(page.getByTestId('route-list')).toHaveAttribute('data-run-id', nearest.runId);
      const run = await probeRun(page, nearest.runId);
      await expect(page.getByTestId('route-item')).toHaveCount(run.routes.length);
      await expect(page.getByTestId('route-stop')).toHaveCount(100);
      await expect(map).toHaveAttribute('data-routes', String(run.routes.length));
      await expect(map).toHaveAttribute('data-visible-runs', nearest.runId);
      await expect(page.getByTestId('route-list-kpis')).toHaveAttribute('data-cost', String(run.cost));
    });

    await test.step('putting the other run on the map draws it beside the selected one; taking it off hides it', async () => {
      const toggle = sisr.row.getByTestId('run-visible');
      await toggle.check();
      await expect(map).toHaveAttribute('data-visible-runs', new RegExp(`\\b${sisr.runId}\\b`));
      await expect(map).toHaveAttribute('data-visible-runs', new RegExp(`\\b${nearest.runId}\\b`));
      await toggle.uncheck();
      await expect(map).toHaveAttribute('data-visible-runs', nearest.runId);
      await toggle.check();
      await expect(map).toHaveAttribute('data-visible-runs', new RegExp(`\\b${sisr.runId}\\b`));
      await expect(map).toHaveAttribute('data-ready', 'true');
    });
    await test.step('hovering a run raises it on the map; hovering a route makes it glow; leaving clears both', async () => {
      const hovered = () => page.evaluate(() => (window as unknown as { __routelab: { map: { hovered(): unknown } } }).__routelab.map.hovered());
      await sisr.row.hover();
      await expect(map).toHaveAttribute('data-hover-run', sisr.runId);
      await expect.poll(hovered).toEqual({ raised: [sisr.runId], glow: [] });
      // The selected run is on top already: hovering one of its routes only makes that route glow.
      await page.getByTestId('route-item').nth(1).hover();
      await expect.poll(hovered).toEqual({ raised: [], glow: [`${nearest.runId}#1`] });
      // The pointer off the table, so that no run is highlighted in the picture.
      await page.mouse.move(5, 5);
      await expect(map).toHaveAttribute('data-hover-run', '');
      await expect.poll(hovered).toEqual({ raised: [], glow: [] });
    });
    await page.screenshot({ path: 'e2e-artifacts/compare.png' });

    await test.step('the convergence plot has one line per run', async () => {
      await page.getByTestId('tab-convergence').click();
      await expect(page.getByTestId('convergence-line')).toHaveCount(2);
      await expect(page.getByTestId('convergence-legend').locator('li')).toHaveCount(2);
      await page.screenshot({ path: 'e2e-artifacts/convergence.png' });
    });

    await test.step('on an ACVRPTW the timeline shows a bar per route', async () => {
      await page.getByTestId('tab-runs').click();
      await page.getByTestId('problem-select').selectOption('acvrptw');
      await expect(page.getByTestId('status')).toContainText('ACVRPTW');
      await expect(page.getByTestId('runs-empty')).toBeVisible();
      const tw = await solveWith(page, 'nearest', 2);
      const run = await probeRun(page, tw.runId);
      await page.getByTestId('tab-timeline').click();
      await expect(page.getByTestId('timeline')).toHaveAttribute('data-run-id', tw.runId);
      await expect(page.getByTestId('timeline-bar')).toHaveCount(run.routes.length);
      expect(await page.locator('[data-testid="timeline-bar"] [data-kind="service"]').count()).toBeGreaterThan(0);
      await page.screenshot({ path: 'e2e-artifacts/timeline.png' });
    });
    expect(pageErrors).toEqual([]);
  });

  test('a planner drags a stop to another route and sees the KPIs change', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    const original = await solveWith(page, 'nearest', 2);
    const before = await probeRun(page, original.runId);
    const originalCost = await rowCost(original.row);
    await expect(page.getByTestId('route-list')).toHaveAttribute('data-run-id', original.runId);

    // A stop whose demand does not fit into another route: moving it there breaks capacity.
    const demand = await page.evaluate(() => (window as unknown as { __routelab: { compare: CompareProbe } }).__routelab.compare.demand());
    let move: { from: number; node: number; to: number } | null = null;
    for (const a of before.routes) {
      for (const b of before.routes) {
        if (a === b || !b.stops.length) continue;
        if (a.load + demand[b.stops[0]] > a.capacity) move ??= { from: b.index, node: b.stops[0], to: a.index };
      }
    }
    expect(move, 'a move that breaks capacity').not.toBeNull();
    const { from, node, to } = move!;

    let editedId = '';
    await test.step('she drags the first stop of one route onto a full route', async () => {
      const stop = page.locator(`[data-testid="route-stop"][data-route="${from}"][data-index="0"]`);
      await expect(stop).toHaveAttribute('data-node', String(node));
      // Her target route folded to its header, so both ends of the drag are in view.
      const target = page.locator(`[data-testid="route-item"][data-route="${to}"]`);
      await target.getByTestId('route-toggle').click();
      await expect(target.getByTestId('route-stop').first()).toBeHidden();
      await dragStop(stop, target.getByTestId('route-head'));
      const rows = page.getByTestId('run-row');
      await expect(rows).toHaveCount(2);
      const edited = rows.nth(1);
      await expect(edited).toHaveAttribute('data-status', 'edited');
      await expect(edited.getByTestId('run-edited-from')).toContainText('edited from #1');
      editedId = (await edited.getAttribute('data-run-id'))!;
      await expect(page.getByTestId('route-list')).toHaveAttribute('data-run-id', editedId);
      await expect(page.locator(`[data-testid="route-item"][data-route="${to}"] [data-testid="route-stop"][data-node="${node}"]`)).toHaveCount(1);
    });

    const edited = page.locator(`[data-testid="run-row"][data-run-id="${editedId}"]`);
    await test.step('the KPIs change, are the evaluator’s, and the broken capacity shows', async () => {
      const cost = await rowCost(edited);
      expect(cost).not.toBe(originalCost);
      expect(await evalCost(page, await probeRun(page, editedId))).toBe(cost);
      await expect(page.getByTestId('route-list-kpis')).toHaveAttribute('data-cost', String(cost));
      await expect(edited.getByTestId('run-feasible')).toHaveText('infeasible');
      await expect(edited.getByTestId('run-violations')).not.toHaveText('0');
      await expect(page.locator(`[data-testid="route-item"][data-route="${to}"] [data-testid="violation"][data-kind="capacity"]`)).toBeVisible();
      // The original stays as it was, to compare against.
      expect(await rowCost(original.row)).toBe(originalCost);
      await expect(original.row.getByTestId('run-feasible')).toHaveText('feasible');
    });
    await page.screenshot({ path: 'e2e-artifacts/edit.png' });

    await test.step('dragging it back edits the same row and restores the original cost', async () => {
      const stop = page.locator(`[data-testid="route-item"][data-route="${to}"] [data-testid="route-stop"][data-node="${node}"]`);
      const firstOfFrom = page.locator(`[data-testid="route-stop"][data-route="${from}"][data-index="0"]`);
      await dragStop(stop, firstOfFrom, { x: 10, y: 2 });
      await expect(page.getByTestId('run-row')).toHaveCount(2);
      await expect(page.locator(`[data-testid="route-stop"][data-route="${from}"][data-index="0"]`)).toHaveAttribute('data-node', String(node));
      await expect(edited).toHaveAttribute('data-cost', String(originalCost));
      await expect(edited.getByTestId('run-feasible')).toHaveText('feasible');
    });

    await test.step('a stop dropped on the unassigned list is listed with a reason', async () => {
      const stop = page.locator(`[data-testid="route-stop"][data-route="${from}"][data-index="0"]`);
      await dragStop(stop, page.getByTestId('unassigned-drop'));
      await expect(page.getByTestId('unassigned-stop')).toHaveCount(1);
      await expect(page.getByTestId('unassigned-stop')).toHaveAttribute('data-node', String(node));
      await expect(edited.getByTestId('run-unassigned')).toHaveText('1');
      await expect(edited.getByTestId('run-feasible')).toHaveText('infeasible');
      expect(await evalCost(page, await probeRun(page, editedId))).toBe(await rowCost(edited));
    });
    expect(pageErrors).toEqual([]);
  });
});
