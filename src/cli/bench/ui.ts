/**
 * bench ui [--repeats 5] [--n 999] [--no-build] [--port p] [--dist dir]: the planner's experience in headless Chromium (Debian's).
 * 1. Page load → first solved routes on the bundled city (median of fresh page loads): navigation
 *    start until the nearest-neighbour routes are drawn on the map; also until the city's streets
 *    are on the map and until the routes drawn follow the roads (usually the same draw).
 * 2. Main-thread frame time while three solver runs stream progress (requestAnimationFrame gaps),
 *    twice: started right after the scenario is on the map (before the streets, whose loading
 *    waits while runs go), and on a settled page with the city's streets on the map (the
 *    planner's usual state: each map frame then costs more in software WebGL).
 * Prints `first routes: <ms> ms` as one of its lines. Chromium here renders WebGL in software
 * (SwiftShader), so map frames cost far more than on a machine with a GPU.
 * 3. The workers' memory while the runs stream (performance.measureUserAgentSpecificMemory, which
 *    a cross-origin-isolated page has; JS heaps and array buffers per worker), sampled every
 *    second: `peak worker memory: <MB> MB`. A second pass of (2): each sample collects garbage
 *    on the page too, so (2)'s frames are measured without them.
 * --port / --dist: serve on another port / build into another folder than dist/.
 * --n <stops> (e.g. 999): the scenario is resampled with that many stops first; (1) then times
 * sampling → first routes (the stops count committed until the nearest-neighbour routes are
 * drawn, Solve pressed as soon as the stops are on the map), and (2)-(3) stream at that size.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { UsageError, numberFlag, stringFlag, type Args } from '../args';
import { median } from '../table';
import { CHROMIUM, CHROMIUM_ARGS, buildApp, spawnPreview, stopPreview, waitForServer } from './browser';

/** Where the build is served (--port moves it, to run beside another checkout's bench). */
let PORT = 4179;
let URL = `http://localhost:${PORT}/`;

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

/** Resamples the shown scenario with `n` stops; returns when they are on the map. */
async function resample(page: Page, n: number): Promise<void> {
  await page.getByTestId('n-input').fill(String(n));
  await page.getByTestId('n-input').press('Tab');
  await page.waitForFunction((n) => document.querySelector('[data-testid="map"]')?.getAttribute('data-stops') === String(n), n, { timeout: 120_000 });
}

/** JS memory per worker script (MB), summed over the workers running it; null where the page cannot measure. */
async function workerMemory(page: Page): Promise<Record<string, number> | null> {
  // A string: tsx's helpers do not exist in the page.
  return (await page.evaluate(`(async () => {
    if (!crossOriginIsolated || !performance.measureUserAgentSpecificMemory) return null;
    const m = await performance.measureUserAgentSpecificMemory();
    const out = {};
    for (const b of m.breakdown) for (const a of b.attribution) {
      if (a.scope !== 'DedicatedWorkerGlobalScope') continue;
      const name = a.url.split('/').pop().replace(/-[\\w-]{8}\\.m?js$/, '');
      out[name] = (out[name] || 0) + b.bytes / 1048576;
    }
    return out;
  })()`)) as Record<string, number> | null;
}

/** Sampling → first routes at `n` stops: the stops count committed until nearest's routes are drawn. */
async function sampleToRoutes(browser: Browser, n: number): Promise<{ stops: number; routes: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(URL);
  await ready(page);
  await page.getByTestId('solver-select').selectOption('nearest');
  await page.getByTestId('n-input').fill(String(n));
  const t0 = (await page.evaluate('performance.now()')) as number;
  await page.getByTestId('n-input').press('Tab');
  await page.waitForFunction((n) => document.querySelector('[data-testid="map"]')?.getAttribute('data-stops') === String(n), n, { timeout: 120_000 });
  const stops = ((await page.evaluate('performance.now()')) as number) - t0;
  await page.getByTestId('solve-button').click();
  await page.waitForFunction(() => {
    const routes = document.querySelector('[data-testid="map"]')?.getAttribute('data-routes');
    return routes !== null && routes !== undefined && routes !== '0';
  }, null, { timeout: 120_000 });
  const routes = ((await page.evaluate('performance.now()')) as number) - t0;
  await context.close();
  return { stops, routes };
}

/**
 * Frame gaps while `runs` sisr runs stream; with `probeMemory`, the workers' memory every second.
 * A probe is an eager measureUserAgentSpecificMemory, which collects garbage on the page and in
 * every worker: the page's frames pay for it, so frames and memory are measured in separate passes.
 */
async function framesWhileStreaming(browser: Browser, runs: number, seconds: number, n: number, probeMemory: boolean, streets = false) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(URL);
  await ready(page);
  if (n !== DEFAULT_N) await resample(page, n);
  if (streets) {
    await page.waitForFunction(() => document.querySelector('[data-testid="map"]')?.getAttribute('data-basemap') === 'ready', null, { timeout: 60_000 });
    // The idle-time work that follows (the neural warm-up after 2 s) settles first.
    await page.waitForTimeout(SETTLE_MS);
  }
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
  // Worker memory every second while the runs go: the peak of the sum, and each script's own peak.
  let peakMB: number | null = null;
  const peakBy: Record<string, number> = {};
  const deadline = Date.now() + (seconds + 60) * 1000;
  while (Date.now() < deadline) {
    const going = await page.evaluate(() => [...document.querySelectorAll('[data-testid="run-row"]')].some((r) => ['running', 'queued'].includes(r.getAttribute('data-status') ?? '')));
    const mem = probeMemory ? await workerMemory(page) : null;
    if (mem) {
      const total = Object.values(mem).reduce((a, b) => a + b, 0);
      peakMB = Math.max(peakMB ?? 0, total);
      for (const [k, v] of Object.entries(mem)) peakBy[k] = Math.max(peakBy[k] ?? 0, v);
    }
    if (!going) break;
    await page.waitForTimeout(1000);
  }
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
    peakMB,
    peakBy,
  };
}

/** The app's default scenario size. */
const DEFAULT_N = 100;

/** How long the page is left idle, streets on, before the runs of the settled pass. */
const SETTLE_MS = 6000;

export async function benchUi(args: Args): Promise<string> {
  const repeats = numberFlag(args, 'repeats', 5, (x) => Number.isInteger(x) && x > 0);
  const n = numberFlag(args, 'n', DEFAULT_N, (x) => Number.isInteger(x) && x >= 2);
  if (n > 999) throw new UsageError('--n: the bundled cities have 1000 road points, so at most 999 stops and the depot');
  PORT = numberFlag(args, 'port', PORT, (x) => Number.isInteger(x) && x > 0);
  URL = `http://localhost:${PORT}/`;
  // --dist: build into (or, with --no-build, serve) another folder than dist/.
  const dist = stringFlag(args, 'dist');
  if (!args.flags.has('no-build')) buildApp(dist);
  const server = spawnPreview(PORT, dist);
  let browser: Browser | undefined;
  try {
    await waitForServer(server, URL);
    // Eager memory measurement: without it measureUserAgentSpecificMemory waits for a garbage collection.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--enable-blink-features=ForceEagerMeasureMemory'] });
    const lines: string[] = [];
    if (n === DEFAULT_N) {
      const loads: Load[] = [];
      for (let i = 0; i < repeats; i++) loads.push(await firstRoutes(browser));
      const list = (f: (l: Load) => number) => loads.map((l) => f(l).toFixed(0)).join(', ');
      lines.push(
        `page load → first routes (Monaco ACVRP100, nearest), ${repeats} fresh loads: ${list((l) => l.routes)} ms`,
        `page load → streets on the map: ${list((l) => l.streets)} ms; → routes along the roads: ${list((l) => l.roadRoutes)} ms`,
        `first routes: ${median(loads.map((l) => l.routes)).toFixed(0)} ms`,
      );
    } else {
      const samples: { stops: number; routes: number }[] = [];
      for (let i = 0; i < repeats; i++) samples.push(await sampleToRoutes(browser, n));
      lines.push(
        `sampling ${n} stops (Monaco ACVRP) → stops on the map, ${repeats} fresh pages: ${samples.map((x) => x.stops.toFixed(0)).join(', ')} ms; → first routes (nearest): ${samples.map((x) => x.routes.toFixed(0)).join(', ')} ms`,
        `first routes: ${median(samples.map((x) => x.routes)).toFixed(0)} ms`,
      );
    }
    const frames = await framesWhileStreaming(browser, 3, 5, n, false);
    const settled = await framesWhileStreaming(browser, 3, 5, n, false, true);
    const memory = await framesWhileStreaming(browser, 3, 5, n, true);
    const by = Object.entries(memory.peakBy).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
    lines.push(
      `frame time while 3 runs stream (sisr, 5 s each, ${n} stops): ${frames.count} frames, max ${frames.max.toFixed(0)} ms, p95 ${frames.p95.toFixed(0)} ms, frames over 100 ms: ${frames.over100}`,
      `the same with the streets on the map, page settled: ${settled.count} frames, max ${settled.max.toFixed(0)} ms, p95 ${settled.p95.toFixed(0)} ms, frames over 100 ms: ${settled.over100}`,
      memory.peakMB === null
        ? 'peak worker memory: not measurable (page not cross-origin isolated)'
        : `peak worker memory: ${memory.peakMB.toFixed(1)} MB (JS heaps and array buffers of all workers; per script, MB: ${by}); ` +
          `in that pass (a forced memory measurement every second) ${memory.over100} frames over 100 ms, max ${memory.max.toFixed(0)} ms`,
    );
    return lines.join('\n');
  } finally {
    await browser?.close();
    stopPreview(server);
  }
}
