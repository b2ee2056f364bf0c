/** What every user story starts with: collecting page errors, and the app opened on Monaco; and the steps many of them take. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import type { ProbedInstance } from '../src/ui/editor/editor-probe';
import type { RoutelabProbe } from '../src/store/probe';

declare global {
  interface Window {
    __routelab: RoutelabProbe;
  }
}

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

/** Resamples the scenario with `n` stops (the stops box, then Tab) and waits until the map shows them. */
export async function resampleStops(page: Page, n: number): Promise<void> {
  await page.getByTestId('n-input').fill(String(n));
  await page.getByTestId('n-input').press('Tab');
  await expect(page.getByTestId('map')).toHaveAttribute('data-stops', String(n), { timeout: 60_000 });
}

/**
 * Presses Solve with `solverId` and returns the new run's id. It is found by its id, not its
 * place: rows of earlier versions of the scenario (stale) sit below the current ones.
 */
export async function startRun(page: Page, solverId: string): Promise<string> {
  const rows = page.getByTestId('run-row');
  const ids = async () => Promise.all((await rows.all()).map((r) => r.getAttribute('data-run-id')));
  const before = await ids();
  await page.getByTestId('solver-select').selectOption(solverId);
  await page.getByTestId('solve-button').click();
  await expect(rows).toHaveCount(before.length + 1);
  return (await ids()).find((id) => !before.includes(id))!;
}

/** Solves the shown scenario and waits for the run to end; returns its row. */
export async function solveToEnd(page: Page, solverId = 'nearest'): Promise<Locator> {
  const row = page.locator(`[data-testid="run-row"][data-run-id="${await startRun(page, solverId)}"]`);
  await expect(row).toHaveAttribute('data-status', 'done');
  return row;
}

/**
 * A road point of the shown scenario's city that is not a stop, drawn well inside the map and
 * at least 30 px from every node (the one farthest from them), so that a click in the editor's
 * add tool adds it and nothing else. `point` is its index among the city's road points.
 */
export async function freeRoadPoint(page: Page): Promise<{ x: number; y: number; point: number }> {
  const spot = await page.evaluate(() => {
    const ed = window.__routelab.editor!;
    const inst = ed.instance()!;
    const city = ed.cityLonLat(inst.city!)!;
    const box = ed.mapBox()!;
    const nodes = ed.toScreen(inst.coords!)!;
    const points = ed.toScreen(city)!;
    const used = new Set(inst.cityPoints);
    const margin = 90;
    let best: { x: number; y: number; point: number; gap: number } | null = null;
    for (let q = 0; q < city.length / 2; q++) {
      if (used.has(q)) continue;
      const [x, y] = [points[2 * q], points[2 * q + 1]];
      if (x < box.x + margin || x > box.x + box.width - margin || y < box.y + margin || y > box.y + box.height - margin) continue;
      let gap = Infinity;
      for (let i = 0; i < nodes.length / 2; i++) gap = Math.min(gap, Math.hypot(nodes[2 * i] - x, nodes[2 * i + 1] - y));
      if (gap > 30 && (!best || gap > best.gap)) best = { x, y, point: q, gap };
    }
    return best;
  });
  expect(spot, 'no free road point away from the stops').not.toBeNull();
  return spot!;
}

/** The instance the editor shows, as its probe reads it. */
export function shownInstance(page: Page): Promise<ProbedInstance> {
  return page.evaluate(() => window.__routelab.editor!.instance()!);
}

/**
 * In edit mode on a PVRP-ZC instance: paints a ban for vehicle v1 over every stop west of the
 * depot (an area tool polygon from the westmost stop to the depot's x, kept inside the map).
 */
export async function banV1WestOfDepot(page: Page): Promise<void> {
  await page.getByTestId('vehicle-select-v1').check();
  await page.getByTestId('paint-action').selectOption('ban');
  await page.getByTestId('tool-area').click();
  const corners = await page.evaluate(() => {
    const ed = window.__routelab.editor!;
    const inst = ed.instance()!;
    const box = ed.mapBox()!;
    const px = ed.toScreen(inst.coords!)!;
    const xs = px.filter((_, i) => i % 2 === 0);
    const ys = px.filter((_, i) => i % 2 === 1);
    const clampX = (x: number) => Math.min(box.x + box.width - 60, Math.max(box.x + 10, x));
    const clampY = (y: number) => Math.min(box.y + box.height - 30, Math.max(box.y + 10, y));
    const [west, north, south] = [Math.min(...xs) - 15, Math.min(...ys) - 15, Math.max(...ys) + 15];
    const depotX = px[2 * inst.depot];
    return [
      [clampX(west), clampY(north)],
      [clampX(depotX), clampY(north)],
      [clampX(depotX), clampY(south)],
      [clampX(west), clampY(south)],
    ];
  });
  for (const [x, y] of corners) await page.mouse.click(x, y);
  await page.getByTestId('finish-area').click();
  await expect(page.getByTestId('edit-message')).toContainText('Vehicle v1 banned from');
}

/** The parity fixtures (tests/fixtures/neural/), and where serveFixtures serves them to a page. */
export const FIXTURE_DIR = join(process.cwd(), 'tests', 'fixtures', 'neural');
export const FIXTURE_URL = '/__fixtures/neural/';

/** Serves tests/fixtures/neural/<file> at /__fixtures/neural/<file> for this page. */
export async function serveFixtures(page: Page): Promise<void> {
  await page.route(`**${FIXTURE_URL}*`, async (route) => {
    const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop() ?? '');
    const file = join(FIXTURE_DIR, name);
    if (!/^[\w.-]+$/.test(name) || !existsSync(file)) return route.fulfill({ status: 404, body: `no fixture ${name}` });
    return route.fulfill({ status: 200, body: readFileSync(file), contentType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
  });
}

/** The app opened with the fixtures served, once its neural probe (window.__routelab.neural) is there. */
export async function openProbe(page: Page): Promise<void> {
  await serveFixtures(page);
  await page.goto('/');
  await page.waitForFunction(() => typeof (window as unknown as { __routelab?: { neural?: unknown } }).__routelab?.neural === 'function');
}
