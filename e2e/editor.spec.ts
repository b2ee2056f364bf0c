/**
 * A planner edits the scenario on the map: she adds and removes stops by clicking, moves the
 * depot, edits a demand, and bans a vehicle from an area; the solvers work on what she edited.
 * What the page holds is read through window.__routelab.editor (src/ui/editor/editor-probe.ts),
 * so the checks are on the data, not on pixels.
 */
import { expect, test, type Page } from '@playwright/test';
import { banV1WestOfDepot, collectPageErrors, freeRoadPoint, openMonaco, shownInstance } from './support';

async function enterEditMode(page: Page): Promise<void> {
  await page.getByTestId('edit-mode-toggle').click();
  await expect(page.getByTestId('edit-mode-toggle')).toHaveAttribute('aria-pressed', 'true');
}

/** Where a node is drawn, in page pixels. */
async function nodePixel(page: Page, node: number): Promise<{ x: number; y: number }> {
  const [x, y] = await page.evaluate((j) => {
    const ed = window.__routelab.editor!;
    const inst = ed.instance()!;
    return ed.toScreen([inst.coords![2 * j], inst.coords![2 * j + 1]])!;
  }, node);
  return { x, y };
}

/**
 * A client drawn well inside the map and at least `gap` pixels from every other node, so that a
 * click on it can only mean it. `skip` excludes nodes.
 */
async function isolatedClient(page: Page, gap: number, skip: number[] = []): Promise<number> {
  const node = await page.evaluate(
    ({ gap, skip }) => {
      const ed = window.__routelab.editor!;
      const inst = ed.instance()!;
      const box = ed.mapBox()!;
      const px = ed.toScreen(inst.coords!)!;
      const margin = 90;
      let best = -1;
      let bestGap = gap;
      for (let j = 0; j < inst.n; j++) {
        if (j === inst.depot || skip.includes(j)) continue;
        const [x, y] = [px[2 * j], px[2 * j + 1]];
        if (x < box.x + margin || x > box.x + box.width - margin || y < box.y + margin || y > box.y + box.height - margin) continue;
        let nearest = Infinity;
        for (let i = 0; i < inst.n; i++) if (i !== j) nearest = Math.min(nearest, Math.hypot(px[2 * i] - x, px[2 * i + 1] - y));
        if (nearest >= bestGap) [best, bestGap] = [j, nearest];
      }
      return best;
    },
    { gap, skip },
  );
  expect(node, 'no client stands apart on the map').toBeGreaterThanOrEqual(0);
  return node;
}

test.describe('a planner edits the scenario on the map', () => {
  test('she adds a stop by clicking the map and removes it again', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    const before = await shownInstance(page);
    await enterEditMode(page);
    await expect(page.getByTestId('tool-add')).toHaveAttribute('aria-checked', 'true');

    // A free road point drawn inside the map, far from every stop.
    const spot = await freeRoadPoint(page);

    await page.mouse.click(spot.x, spot.y);
    await expect(page.getByTestId('stop-count')).toHaveText('101');
    await expect(page.getByTestId('map')).toHaveAttribute('data-stops', '101');
    await expect(page.getByTestId('edit-message')).toContainText(`Added stop p${spot.point}`);
    const added = await shownInstance(page);
    expect(added.id).not.toBe(before.id);
    expect(added.id.startsWith(`${before.id}~e`)).toBe(true);
    const node = added.n - 1;
    const point = added.cityPoints![node];
    expect(point).toBe(spot.point);
    // The new stop sits exactly on a road point of the city.
    const city = await page.evaluate((c) => window.__routelab.editor!.cityLonLat(c)!, added.city!);
    expect([added.coords![2 * node], added.coords![2 * node + 1]]).toEqual([city[2 * point], city[2 * point + 1]]);
    // It takes the median demand of the other stops (RRNCO demands are 1..9).
    expect(added.demand[node]).toBeGreaterThanOrEqual(1);
    expect(added.demand[node]).toBeLessThanOrEqual(9);

    // She clicks it: its popup opens, and she removes it.
    const at = await nodePixel(page, node);
    await page.mouse.click(at.x, at.y);
    const popup = page.getByTestId('stop-popup');
    await expect(popup).toBeVisible();
    await expect(popup).toHaveAttribute('data-label', `p${point}`);
    await popup.getByTestId('remove-stop').click();
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    await expect(page.getByTestId('map')).toHaveAttribute('data-stops', '100');
    await expect(popup).toHaveCount(0);
    const removed = await shownInstance(page);
    expect(removed.cityPoints).toEqual(before.cityPoints);
    expect(removed.demand).toEqual(before.demand);

    // Undo brings the stop back, and undo again the scenario she started from.
    await page.getByTestId('undo-edit').click();
    await expect(page.getByTestId('stop-count')).toHaveText('101');
    await page.getByTestId('undo-edit').click();
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    expect((await shownInstance(page)).id).toBe(added.id.replace(/~e\d+$/, ''));
    expect(pageErrors).toEqual([]);
  });

  test('she moves the depot and edits a demand, then solves the edited scenario', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    const before = await shownInstance(page);
    await enterEditMode(page);

    // Make an isolated stop the depot.
    const target = await isolatedClient(page, 22);
    const targetPoint = before.cityPoints![target];
    let at = await nodePixel(page, target);
    await page.mouse.click(at.x, at.y);
    const popup = page.getByTestId('stop-popup');
    await expect(popup).toHaveAttribute('data-node', String(target));
    await popup.getByTestId('make-depot').click();
    await expect(page.getByTestId('edit-message')).toContainText('is now the depot');
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    const moved = await shownInstance(page);
    expect(moved.depot).toBe(0);
    expect(moved.cityPoints![0]).toBe(targetPoint);
    expect(moved.cityPoints).toContain(before.cityPoints![0]);

    // Edit the demand of another stop: a negative one is refused inline, 7 is taken.
    const stop = await isolatedClient(page, 22, [0]);
    at = await nodePixel(page, stop);
    await page.mouse.click(at.x, at.y);
    await expect(popup).toHaveAttribute('data-node', String(stop));
    const demand = popup.getByTestId('demand-input');
    await demand.fill('-3');
    await demand.press('Enter');
    await expect(popup.getByTestId('demand-input-error')).toContainText('≥ 0');
    expect((await shownInstance(page)).demand[stop]).toBe(moved.demand[stop]);
    const newDemand = moved.demand[stop] === 7 ? 8 : 7;
    await demand.fill(String(newDemand));
    await demand.press('Enter');
    await expect(popup.getByTestId('demand-input-error')).toHaveCount(0);
    await expect.poll(async () => (await shownInstance(page)).demand[stop]).toBe(newDemand);
    await expect(popup.getByTestId('demand-input')).toHaveValue(String(newDemand));
    await page.screenshot({ path: 'e2e-artifacts/editor-popup.png' });
    const edited = await shownInstance(page);
    expect(edited.cityPoints![0]).toBe(targetPoint);

    // Solve: the run is on the edited version and feasible.
    await page.getByTestId('edit-mode-toggle').click();
    await page.getByTestId('solver-select').selectOption('nearest');
    await page.getByTestId('solve-button').click();
    const row = page.getByTestId('run-row').first();
    await expect(row).toHaveAttribute('data-status', 'done');
    await expect(row.getByTestId('run-feasible')).toHaveText('feasible');
    const [run] = await page.evaluate(() => window.__routelab.editor!.runs());
    expect(run.instanceId).toBe(edited.id);
    expect(run.feasible).toBe(true);
    const served = run.routes.flatMap((r) => r.stops);
    expect(served).toContain(stop);
    expect(served).not.toContain(0);
    expect(served.length).toBe(100);
    expect(pageErrors).toEqual([]);
  });

  test('in PVRP-ZC she bans a vehicle from an area and the solver respects it', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await page.getByTestId('problem-select').selectOption('pvrp-zc');
    await expect(page.getByTestId('instance-summary')).toContainText('PVRP-ZC');
    await expect(page.getByTestId('stop-count')).toHaveText('100');
    await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
    const before = await shownInstance(page);
    expect(before.kind).toBe('pvrp-zc');

    await enterEditMode(page);
    await banV1WestOfDepot(page);

    const banned = await shownInstance(page);
    expect(banned.id).not.toBe(before.id);
    const west = banned.coords![2 * banned.depot];
    const mask = banned.allowed[0]!;
    const bannedStops = [...mask.keys()].filter((j) => j !== banned.depot && mask[j] === 0);
    // Every stop west of the depot is banned for v1 unless no other vehicle may serve it.
    for (let j = 0; j < banned.n; j++) {
      if (j === banned.depot || banned.coords![2 * j] >= west) continue;
      const others = banned.allowed.some((a, k) => k !== 0 && (!a || a[j] === 1));
      if (others) expect(mask[j], `stop ${j} west of the depot`).toBe(0);
    }
    expect(bannedStops.length).toBeGreaterThan(10);
    await expect(page.getByTestId('banned-count-v1')).toHaveText(String(bannedStops.length));
    // Every stop still has a vehicle that may serve it.
    for (let j = 0; j < banned.n; j++) if (j !== banned.depot) expect(banned.allowed.some((a) => !a || a[j] === 1)).toBe(true);

    await page.getByTestId('solver-select').selectOption('classical');
    await page.getByTestId('time-limit-input').fill('2');
    await page.getByTestId('solve-button').click();
    const row = page.getByTestId('run-row').first();
    await expect(row).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    await expect(row.getByTestId('run-feasible')).toHaveText('feasible');
    const [run] = await page.evaluate(() => window.__routelab.editor!.runs());
    expect(run.instanceId).toBe(banned.id);
    expect(run.feasible).toBe(true);
    const onV1 = run.routes.filter((r) => r.vehicle === 0).flatMap((r) => r.stops);
    expect(onV1.filter((j) => bannedStops.includes(j))).toEqual([]);
    expect(run.routes.flatMap((r) => r.stops).sort((a, b) => a - b)).toEqual([...Array(banned.n).keys()].filter((j) => j !== banned.depot));

    // The banned stops stay ringed while she looks at the result.
    await page.getByTestId('tool-sector').click();
    await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
    await page.screenshot({ path: 'e2e-artifacts/editor.png' });
    expect(pageErrors).toEqual([]);
  });
});
