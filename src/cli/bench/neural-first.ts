/**
 * bench neural-first [--pages 3] [--runs 2] [--n 999] [--solver neural-greedy] [--pause 2]
 *                    [--no-build] [--dist dist-probes] [--port 4189]
 *
 * A planner's first neural run on a fresh page, in Debian's headless Chromium (issue 13: within
 * 5 s at n = 999 on WASM). On each of `pages` fresh pages: the default scenario is resampled with
 * `n` stops (Monaco ACVRP), nearest's routes are drawn, the solver is picked, and after `pause`
 * seconds (the planner reading the picker) Solve is pressed; `runs` runs in a row on that page.
 * The time of a run is the run table's running → done (window.__routelab.statuses, in the page's
 * clock), so it holds the worker's model loading: the first run of a page pays for whatever of
 * onnxruntime-web's start (fetching and compiling its WASM, creating the sessions) was not done
 * ahead of it. Needs a `--mode probes` build (made in dist-probes/ unless --no-build).
 * Prints one row per page and `first neural run: <ms> ms (median)`, `later runs: <ms> ms (median)`.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { UsageError, numberFlag, stringFlag, type Args } from '../args';
import { formatTable, median } from '../table';
import { CHROMIUM, CHROMIUM_ARGS, PROBES_DIST, buildApp, spawnPreview, stopPreview, waitForServer } from './browser';

const DEFAULT_PORT = 4189;

interface StatusMark {
  runId: string;
  status: string;
  t: number;
}

async function ready(page: Page): Promise<void> {
  await page.waitForFunction('!!window.__routelab');
  await page.waitForFunction(() => {
    const map = document.querySelector('[data-testid="map"]');
    const button = document.querySelector('[data-testid="solve-button"]') as HTMLButtonElement | null;
    const stops = map?.getAttribute('data-stops');
    return stops !== null && stops !== undefined && stops !== '0' && !!button && !button.disabled;
  }, null, { timeout: 120_000 });
}

async function routesDrawn(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const routes = document.querySelector('[data-testid="map"]')?.getAttribute('data-routes');
    return routes !== null && routes !== undefined && routes !== '0';
  }, null, { timeout: 120_000 });
}

/** Running → done of the run row at `index` (0: the first run of the page), from the page's marks. */
async function runMs(page: Page, index: number): Promise<number> {
  // The page's nearest run and this page's neural runs up to this one, all settled.
  await page.waitForFunction(
    (count) => {
      const rows = [...document.querySelectorAll('[data-testid="run-row"]')];
      return rows.length >= count && rows.every((r) => !['running', 'queued'].includes(r.getAttribute('data-status') ?? ''));
    },
    index + 2,
    { timeout: 300_000 },
  );
  const statuses = (await page.evaluate('window.__routelab.statuses')) as StatusMark[];
  const byRun = new Map<string, StatusMark[]>();
  for (const m of statuses) byRun.set(m.runId, [...(byRun.get(m.runId) ?? []), m]);
  // Runs in start order, nearest's first run left out.
  const runs = [...byRun.values()].slice(1);
  const marks = runs[index];
  const running = marks?.find((m) => m.status === 'running');
  const done = marks?.find((m) => m.status === 'done');
  if (!running || !done) throw new Error(`run ${index + 1} of the page did not finish (${JSON.stringify(marks)})`);
  return done.t - running.t;
}

async function onePage(browser: Browser, url: string, n: number, solver: string, runs: number, pauseMs: number): Promise<number[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(url);
    await ready(page);
    await page.getByTestId('solver-select').selectOption('nearest');
    await page.getByTestId('n-input').fill(String(n));
    await page.getByTestId('n-input').press('Tab');
    await page.waitForFunction((n) => document.querySelector('[data-testid="map"]')?.getAttribute('data-stops') === String(n), n, { timeout: 120_000 });
    await page.getByTestId('solve-button').click();
    await routesDrawn(page);
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="run-row"]')].every((r) => r.getAttribute('data-status') === 'done'));
    await page.getByTestId('solver-select').selectOption(solver);
    await page.getByTestId('time-limit-input').fill('60');
    await page.waitForTimeout(pauseMs);
    const out: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.getByTestId('solve-button').click();
      out.push(await runMs(page, i));
    }
    return out;
  } finally {
    await context.close();
  }
}

export async function benchNeuralFirst(args: Args): Promise<string> {
  const pages = numberFlag(args, 'pages', 3, (x) => Number.isInteger(x) && x > 0);
  const runs = numberFlag(args, 'runs', 2, (x) => Number.isInteger(x) && x > 0);
  const n = numberFlag(args, 'n', 999, (x) => Number.isInteger(x) && x >= 2 && x <= 999);
  const pauseS = numberFlag(args, 'pause', 2, (x) => x >= 0);
  const solver = stringFlag(args, 'solver') ?? 'neural-greedy';
  if (!solver.startsWith('neural')) throw new UsageError('--solver: one of the neural solvers (neural, neural-greedy, neural-ls)');
  const port = numberFlag(args, 'port', DEFAULT_PORT, (x) => Number.isInteger(x) && x > 0);
  const dist = stringFlag(args, 'dist') ?? PROBES_DIST;
  if (!args.flags.has('no-build')) buildApp(dist, { probes: true });
  const url = `http://localhost:${port}/`;
  const server = spawnPreview(port, dist);
  let browser: Browser | undefined;
  try {
    await waitForServer(server, url);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const rows: number[][] = [];
    for (let p = 0; p < pages; p++) rows.push(await onePage(browser, url, n, solver, runs, pauseS * 1000));
    const header = ['page', ...Array.from({ length: runs }, (_, i) => `run ${i + 1} ms`)];
    const table = formatTable(header, rows.map((r, p) => [String(p + 1), ...r.map((ms) => ms.toFixed(0))]));
    const later = rows.flatMap((r) => r.slice(1));
    return [
      `${solver} on a ${n}-stop Monaco ACVRP, running → done in the run table, ${pause(pauseS)}:`,
      table,
      `first neural run: ${median(rows.map((r) => r[0])).toFixed(0)} ms (median of ${pages} pages)`,
      later.length > 0 ? `later runs: ${median(later).toFixed(0)} ms (median of ${later.length})` : '',
    ]
      .filter(Boolean)
      .join('\n');
  } finally {
    await browser?.close();
    stopPreview(server);
  }
}

function pause(s: number): string {
  return `Solve pressed ${s} s after the solver was picked`;
}
