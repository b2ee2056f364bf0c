/**
 * bench ui [--repeats 5] [--no-build]: the planner's experience in headless Chromium (Debian's).
 * 1. Page load → first solved routes on the bundled city (median of fresh page loads): navigation
 *    start until the nearest-neighbour routes are drawn on the map; also until the city's streets
 *    are on the map and until the routes drawn follow the roads (usually the same draw).
 * 2. Main-thread frame time while three solver runs stream progress (requestAnimationFrame gaps).
 * Prints `first routes: <ms> ms` as one of its lines. Chromium here renders WebGL in software
 * (SwiftShader), so map frames cost far more than on a machine with a GPU.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { numberFlag, type Args } from '../args';
import { median } from '../table';
import { CHROMIUM, CHROMIUM_ARGS, buildApp, spawnPreview, stopPreview, waitForServer } from './browser';

const PORT = 4179;
const URL = `http://localhost:${PORT}/`;

async function ready(page: Page): Promise<void> {
  await page.getByTestId('solve-button').waitFor({ state: 'visible' });
  await page.waitForFunction(() => {
    const map = document.querySelector('[data-testid="map"]');
    const button = document.querySelector('[data-testid="solve-button"]') as HTMLButtonElement | null;
    return map?.getAttribute('data-stops') !== '0' && map?.getAttribute('data-stops') !== null && button && !button.disabled;
  });
}

interface Load {
  /** Navigation start until the nearest-neighbour routes are on the map. */
  routes: number;
  /** … until the city's streets are on the map. */
  streets: number;
  /** … until the routes on the map follow the roads. */
  roadRoutes: number;
}

async function firstRoutes(browser: Browser): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // When the map first says its streets are on (a string: tsx's helpers do not exist in the page).
  await page.addInitScript(`new MutationObserver(() => {
    const map = document.querySelector('[data-testid="map"]');
    if (window.__streetsAt === undefined && map && map.getAttribute('data-basemap') === 'ready') window.__streetsAt = performance.now();
  }).observe(document, { subtree: true, attributes: true, childList: true });`);
  await page.goto(URL);
  await ready(page);
  await page.getByTestId('solver-select').selectOption('nearest');
  await page.getByTestId('solve-button').click();
  await page.waitForFunction(() => {
    const routes = document.querySelector('[data-testid="map"]')?.getAttribute('data-routes');
    return routes !== null && routes !== undefined && routes !== '0';
  });
  // performance.now() counts from the navigation start of this page.
  const routes = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => {
    const roads = document.querySelector('[data-testid="map"]')?.getAttribute('data-road-routes');
    return roads !== null && roads !== undefined && roads !== '0';
  });
  const roadRoutes = await page.evaluate(() => performance.now());
  await page.waitForFunction('window.__streetsAt !== undefined');
  const streets = (await page.evaluate('window.__streetsAt')) as number;
  await context.close();
  return { routes, streets, roadRoutes };
}

async function framesWhileStreaming(browser: Browser, runs: number, seconds: number) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(URL);
  await ready(page);
  await page.getByTestId('solver-select').selectOption('sisr');
  await page.getByTestId('time-limit-input').fill(String(seconds));
  // A string, not a function: tsx's transform would inject a helper the page does not have.
  await page.evaluate(`(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  for (let i = 0; i < runs; i++) await page.getByTestId('solve-button').click();
  await page.waitForFunction(
    (n) => {
      const rows = [...document.querySelectorAll('[data-testid="run-row"]')];
      return rows.length >= n && rows.every((r) => !['running', 'queued'].includes(r.getAttribute('data-status') ?? ''));
    },
    runs,
    { timeout: (seconds + 60) * 1000 },
  );
  const frames = (await page.evaluate('window.__frames.slice(1)')) as number[];
  await context.close();
  const sorted = [...frames].sort((a, b) => a - b);
  return {
    count: frames.length,
    max: sorted[sorted.length - 1] ?? 0,
    p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
    over100: frames.filter((f) => f > 100).length,
  };
}

export async function benchUi(args: Args): Promise<string> {
  const repeats = numberFlag(args, 'repeats', 5, (x) => Number.isInteger(x) && x > 0);
  if (!args.flags.has('no-build')) buildApp();
  const server = spawnPreview(PORT);
  let browser: Browser | undefined;
  try {
    await waitForServer(server, URL);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const loads: Load[] = [];
    for (let i = 0; i < repeats; i++) loads.push(await firstRoutes(browser));
    const frames = await framesWhileStreaming(browser, 3, 5);
    const list = (f: (l: Load) => number) => loads.map((l) => f(l).toFixed(0)).join(', ');
    return [
      `page load → first routes (Monaco ACVRP100, nearest), ${repeats} fresh loads: ${list((l) => l.routes)} ms`,
      `page load → streets on the map: ${list((l) => l.streets)} ms; → routes along the roads: ${list((l) => l.roadRoutes)} ms`,
      `first routes: ${median(loads.map((l) => l.routes)).toFixed(0)} ms`,
      `frame time while 3 runs stream (sisr, 5 s each): ${frames.count} frames, max ${frames.max.toFixed(0)} ms, p95 ${frames.p95.toFixed(0)} ms, frames over 100 ms: ${frames.over100}`,
    ].join('\n');
  } finally {
    await browser?.close();
    stopPreview(server);
  }
}
