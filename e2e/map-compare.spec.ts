/**
 * A planner compares runs on the map: the map shows the selected run alone (more runs at once are
 * unreadable) unless she puts another beside it; a second map shows another run side by side and
 * moves with the first; the PNG export carries a legend of the runs drawn and the map's credits;
 * and she drags a stop onto another route on the map itself, as in the route list.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { collectPageErrors, openMonaco, solveToEnd } from './support';

async function runIdOf(row: Locator): Promise<string> {
  return (await row.getAttribute('data-run-id'))!;
}

/** A row's swatch colour as [r, g, b]. */
async function swatchRgb(row: Locator): Promise<number[]> {
  const css = await row.locator('.run-swatch').evaluate((el) => getComputedStyle(el).backgroundColor);
  return css.match(/\d+/g)!.slice(0, 3).map(Number);
}

/** [r, g, b, a] of pixels of a PNG file, decoded by the browser. */
async function pngPixels(page: Page, file: string, points: { x: number; y: number }[]): Promise<number[][]> {
  const base64 = readFileSync(file).toString('base64');
  return page.evaluate(
    async ({ base64, points }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      return points.map((p) => Array.from(ctx.getImageData(Math.round(p.x), Math.round(p.y), 1, 1).data));
    },
    { base64, points },
  );
}

/**
 * Two stops of the run in different routes, each drawn well inside the map with no other node
 * within `gap` pixels (so that a press and a release can only mean them), and their pixels.
 */
async function twoStopsApart(page: Page, runId: string, gap: number) {
  const pick = await page.evaluate(
    ({ runId, gap }) => {
      const ed = window.__routelab.editor!;
      const inst = ed.instance()!;
      const run = ed.runs().find((r) => r.id === runId)!;
      const box = ed.mapBox()!;
      const px = ed.toScreen(inst.coords!)!;
      const margin = 60;
      const clear = (j: number) => {
        const [x, y] = [px[2 * j], px[2 * j + 1]];
        if (x < box.x + margin || x > box.x + box.width - margin || y < box.y + margin || y > box.y + box.height - margin) return false;
        for (let i = 0; i < inst.n; i++) if (i !== j && Math.hypot(px[2 * i] - x, px[2 * i + 1] - y) < gap) return false;
        return true;
      };
      const clearOf = run.routes.map((r) => r.stops.filter(clear));
      const a = clearOf.findIndex((s) => s.length > 0);
      const b = clearOf.findIndex((s, k) => k !== a && s.length > 0);
      if (a < 0 || b < 0) return null;
      const [from, onto] = [clearOf[a][0], clearOf[b][0]];
      return { from, onto, fromAt: { x: px[2 * from], y: px[2 * from + 1] }, ontoAt: { x: px[2 * onto], y: px[2 * onto + 1] } };
    },
    { runId, gap },
  );
  expect(pick, 'no two stops of different routes stand apart on the map').not.toBeNull();
  return pick!;
}

/** Monaco with a nearest-neighbour run and a savings run (selected: the latest). */
async function twoRuns(page: Page) {
  await openMonaco(page);
  const map = page.getByTestId('map');
  const first = await solveToEnd(page, 'nearest');
  const second = await solveToEnd(page, 'savings');
  return { map, first, second, a: await runIdOf(first), b: await runIdOf(second) };
}

test.describe('a planner compares runs on the map', () => {
  test('the map draws the selected run alone; another can be put beside it and taken off again', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    const { map, first, second, a, b } = await twoRuns(page);
    await expect(map).toHaveAttribute('data-selected-run', b);
    await expect(map).toHaveAttribute('data-visible-runs', b);
    await expect(second.getByTestId('run-visible')).toBeChecked();
    await expect(second.getByTestId('run-visible')).toBeDisabled();
    await expect(first.getByTestId('run-visible')).not.toBeChecked();
    await first.getByTestId('run-visible').check();
    await expect(map).toHaveAttribute('data-visible-runs', `${a} ${b}`);
    await first.getByTestId('run-visible').uncheck();
    await expect(map).toHaveAttribute('data-visible-runs', b);
    // Selecting the other run draws it instead.
    await first.getByTestId('run-solver').click();
    await expect(map).toHaveAttribute('data-visible-runs', a);
    await second.getByTestId('run-solver').click();
    await expect(map).toHaveAttribute('data-visible-runs', b);
    expect(pageErrors).toEqual([]);
  });

  test('side by side: another run on a second map that pans and zooms with the first', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    const { map, a, b } = await twoRuns(page);
    const side = page.getByTestId('map-side');
    await expect(side).toHaveCount(0);
    await page.getByTestId('map-side-select').selectOption(a);
    await expect(side).toHaveAttribute('data-ready', 'true');
    await expect(side).toHaveAttribute('data-visible-runs', a);
    await expect(side).toHaveAttribute('data-selected-run', a);
    await expect(map).toHaveAttribute('data-visible-runs', b);
    const [mapBox, sideBox] = [(await map.boundingBox())!, (await side.boundingBox())!];
    expect(sideBox.x).toBeGreaterThanOrEqual(mapBox.x + mapBox.width - 1);

    const views = async () => [await map.getAttribute('data-view'), await side.getAttribute('data-view')];
    await expect.poll(async () => new Set(await views()).size).toBe(1);
    const before = (await views())[0];
    // Zoom on the page's map: the side map follows.
    await page.mouse.move(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await views())[0]).not.toBe(before);
    await expect.poll(async () => new Set(await views()).size).toBe(1);
    // Pan the side map: the page's map follows.
    const zoomed = (await views())[0];
    const from = { x: sideBox.x + sideBox.width / 2, y: sideBox.y + 30 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x - 80, from.y + 40, { steps: 8 });
    await page.mouse.up();
    await expect.poll(async () => (await views())[1]).not.toBe(zoomed);
    await expect.poll(async () => new Set(await views()).size).toBe(1);
    await page.screenshot({ path: 'e2e-artifacts/map-side-by-side.png' });

    await page.getByTestId('map-side-select').selectOption('');
    await expect(side).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });

  test('the exported PNG has a legend of the runs drawn, in their colours, and the OpenStreetMap credit', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    const { map, first, second, a, b } = await twoRuns(page);
    await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText('OpenStreetMap');
    await first.getByTestId('run-visible').check();
    await expect(map).toHaveAttribute('data-visible-runs', `${a} ${b}`);
    const download = page.waitForEvent('download');
    await page.getByTestId('export-png').click();
    const file = await (await download).path();
    const overlay = await page.evaluate(() => window.__routelab.map!.exportOverlay());
    expect(overlay).not.toBeNull();
    // Selected first, then the other run drawn.
    expect(overlay!.swatches).toHaveLength(2);
    const centre = (s: { x: number; y: number; width: number; height: number }) => ({ x: s.x + s.width / 2, y: s.y + s.height / 2 });
    const credit = overlay!.attribution!;
    const [swatchB, swatchA, panel] = await pngPixels(page, file, [centre(overlay!.swatches[0]), centre(overlay!.swatches[1]), { x: credit.x + 2, y: credit.y + 2 }]);
    const near = (got: number[], want: number[]) => want.every((v, i) => Math.abs(got[i] - v) <= 3);
    expect(near(swatchB, await swatchRgb(second)), `swatch ${swatchB} is the selected run's colour`).toBe(true);
    expect(near(swatchA, await swatchRgb(first)), `swatch ${swatchA} is the other run's colour`).toBe(true);
    // The credit sits on a light panel in the bottom-right corner of the picture.
    expect(Math.min(...panel.slice(0, 3))).toBeGreaterThan(200);
    const canvas = (await map.locator('canvas').first().boundingBox())!;
    expect(credit.x + credit.width).toBeCloseTo(canvas.width, 0);
    expect(pageErrors).toEqual([]);
  });

  test('she drags a stop onto a stop of another route on the map, and an edited copy of the run is made', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    const row = await solveToEnd(page, 'nearest');
    const runId = await runIdOf(row);
    await expect(page.getByTestId('map')).toHaveAttribute('data-selected-run', runId);
    await expect(page.getByTestId('map')).toHaveAttribute('data-ready', 'true');
    const pick = await twoStopsApart(page, runId, 16);

    await page.mouse.move(pick.fromAt.x, pick.fromAt.y);
    await page.mouse.down();
    await page.mouse.move(pick.ontoAt.x, pick.ontoAt.y, { steps: 10 });
    await page.mouse.up();

    const edited = page.locator('[data-testid="run-row"][data-status="edited"]');
    await expect(edited).toHaveCount(1);
    const editedId = await runIdOf(edited);
    await expect(page.getByTestId('map')).toHaveAttribute('data-selected-run', editedId);
    const runs = await page.evaluate(() => window.__routelab.editor!.runs());
    const before = runs.find((r) => r.id === runId)!;
    const after = runs.find((r) => r.id === editedId)!;
    // The dragged stop now follows the stop it was dropped on; the original run is unchanged.
    const route = after.routes.find((r) => r.stops.includes(pick.onto))!;
    expect(route.stops[route.stops.indexOf(pick.onto) + 1]).toBe(pick.from);
    expect(before.routes.find((r) => r.stops.includes(pick.onto))!.stops).not.toContain(pick.from);
    expect(after.routes.flatMap((r) => r.stops).sort((x, y) => x - y)).toEqual(before.routes.flatMap((r) => r.stops).sort((x, y) => x - y));
    // The map itself did not pan under the drag: the stop it was dropped on is where it was.
    const [x, y] = await page.evaluate((j) => {
      const ed = window.__routelab.editor!;
      const inst = ed.instance()!;
      return ed.toScreen([inst.coords![2 * j], inst.coords![2 * j + 1]])!;
    }, pick.onto);
    expect(Math.hypot(x - pick.ontoAt.x, y - pick.ontoAt.y)).toBeLessThan(2);
    expect(pageErrors).toEqual([]);
  });
});
