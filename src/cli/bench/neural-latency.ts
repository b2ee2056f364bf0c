/**
 * bench neural-latency [--repeats 10] [--n 100] [--backend wasm|webgpu|both] [--threads T]
 *                      [--seed 1] [--city Monaco] [--no-build] [--dist dist-probes] [--port 4187]
 *                      [--webgpu-modes greedy,pomo,pomo8] [--webgpu-repeats R]
 *                      [--pvrp-n 50] [--pvrp-vehicles 5]
 *
 * Neural decode latency in Debian's headless Chromium, inside a Web Worker, with the app's own
 * code on onnxruntime-web (window.__routelab.neural(), src/ui/neural-probe.ts: only in builds
 * made with `--mode probes`, which this makes in dist-probes/, leaving dist/ alone; a build given
 * with --no-build --dist must be one of those). For each problem
 * with a model in the build's models/manifest.json: a seeded n = 100 instance sampled from a
 * bundled city, the model loaded, one warm-up of each configuration, then `repeats` timed runs of
 *
 * - greedy: one rollout (one start, augmentation 0) — the target is ≤ 30 ms on WASM (2 threads),
 * - greedy POMO: every start, augmentation 0 (what the `neural-greedy` solver does),
 * - POMO ×8: every start × 8 augmentations, greedy — the target is ≤ 700 ms on WASM (2 threads).
 *
 * "encoder ms" is decode()'s first phase (features + neighbour draw + encoder), "decode ms" its
 * step loop, "graph ms" the part of the step loop inside the decoder graph (the rest is the rules'
 * masks and moves and the feeds, in JS); "total" is the whole decode() call. Prints a table, then one line per problem and
 * backend: `atsp wasm: greedy <ms> ms, pomo8 <ms> ms (median of 10, n = 100)`.
 *
 * WebGPU: Chromium only offers an adapter with --enable-unsafe-webgpu on Linux; without a GPU it
 * is SwiftShader's (a CPU Vulkan, isFallbackAdapter), about 70× slower than WASM here, so on a
 * fallback adapter only the greedy rollout is timed, 3 times, unless --webgpu-modes
 * greedy,pomo,pomo8 / --webgpu-repeats say otherwise (POMO ×8 takes minutes per run there).
 * When the worker has no adapter the reason is printed instead.
 *
 * CAMP-S (PVRP-P, PVRP-ZC; WASM only): the same three settings on a sampled instance with
 * --pvrp-n clients and --pvrp-vehicles vehicles (default 50 and 5: issue 15's ≤ 1 s bar).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { UsageError, numberFlag, stringFlag, type Args } from '../args';
import { formatTable, median } from '../table';
import type { LatencyMode, LatencyReport, ModelInfo, ProbeEnv, PvrpLatencyReport } from '../../workers/neural-probe-protocol';
import { CHROMIUM, CHROMIUM_ARGS, PROBES_DIST, buildApp, spawnPreview, stopPreview, waitForServer } from './browser';

const DEFAULT_PORT = 4187;

/** Flags that give headless Chromium on Linux a WebGPU adapter (SwiftShader, when no GPU). */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu'];

/** Issue 11's bars on 2 WASM threads at n = 100 (issue 5's were 100 ms and 3 s on one thread); issue 15's for CAMP-S. */
export const TARGETS = { greedyMs: 30, pomo8Ms: 700, pvrpMultiStartMs: 1000 };

type Backend = 'wasm' | 'webgpu';

async function openApp(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.waitForFunction('!!window.__routelab && typeof window.__routelab.neural === "function"');
  // Let the app settle (city decoded, first instance sampled, map drawn) so it does not compete.
  await page.waitForSelector('[data-testid="map"][data-ready="true"]', { timeout: 60_000 }).catch(() => undefined);
  return page;
}

// Strings, not functions: tsx's transform would inject a helper the page does not have.
function probeCall<T>(page: Page, method: string, arg?: unknown): Promise<T> {
  return page.evaluate(`window.__routelab.neural().then((p) => p.${method}(${arg === undefined ? '' : JSON.stringify(arg)}))`) as Promise<T>;
}

function stats(xs: number[]): { med: number; min: number; max: number } {
  return { med: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

export interface BackendResult {
  backend: Backend;
  chromium: string;
  env: ProbeEnv | null;
  /** Set when the backend could not be measured. */
  skipped?: string;
  reports: LatencyReport[];
  /** CAMP-S (PVRP-P, PVRP-ZC) on WASM: n = --pvrp-n clients, m = --pvrp-vehicles. */
  pvrp: PvrpLatencyReport[];
  errors: string[];
}

const MODES: LatencyMode['name'][] = ['greedy', 'pomo', 'pomo8'];

interface MeasureOptions {
  repeats: number;
  n: number;
  seed: number;
  city: string;
  threads?: number;
  /** WebGPU overrides (else: everything on a real adapter, greedy ×3 on a fallback one). */
  webgpuModes?: LatencyMode['name'][];
  webgpuRepeats?: number;
  pvrpN: number;
  pvrpVehicles: number;
}

async function measure(url: string, backend: Backend, opts: MeasureOptions, log: (s: string) => void): Promise<BackendResult> {
  const args = backend === 'webgpu' ? [...CHROMIUM_ARGS, ...WEBGPU_ARGS] : CHROMIUM_ARGS;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args });
  try {
    const page = await openApp(browser, url);
    const env = await probeCall<ProbeEnv>(page, 'env');
    if (backend === 'webgpu' && !env.webgpu.adapter) {
      return { backend, chromium: browser.version(), env, skipped: `no adapter (${env.webgpu.reason}; Chromium flags: ${args.slice(CHROMIUM_ARGS.length).join(' ') || 'none'})`, reports: [], pvrp: [], errors: [] };
    }
    const models = await probeCall<ModelInfo[]>(page, 'models');
    const reports: LatencyReport[] = [];
    const errors: string[] = [];
    const fallback = backend === 'webgpu' && env.webgpu.adapter?.isFallbackAdapter !== false;
    const modes = backend === 'webgpu' ? (opts.webgpuModes ?? (fallback ? ['greedy'] : MODES)) : MODES;
    const repeats = backend === 'webgpu' ? (opts.webgpuRepeats ?? (fallback ? Math.min(3, opts.repeats) : opts.repeats)) : opts.repeats;
    for (const m of models) {
      log(`${m.problem} ${backend}: ${m.id}, ${modes.join(' + ')}, ${repeats} repeats…`);
      try {
        reports.push(await probeCall<LatencyReport>(page, 'latency', { problem: m.problem, backend, n: opts.n, seed: opts.seed, repeats, modes, city: opts.city, threads: opts.threads }));
      } catch (e) {
        errors.push(`${m.problem} ${backend}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      }
    }
    const pvrp: PvrpLatencyReport[] = [];
    if (backend === 'wasm') {
      for (const problem of ['pvrp-p', 'pvrp-zc']) {
        log(`${problem} ${backend}: CAMP-S, n = ${opts.pvrpN}, m = ${opts.pvrpVehicles}, ${repeats} repeats…`);
        try {
          pvrp.push(await probeCall<PvrpLatencyReport>(page, 'pvrpLatency', { problem, backend, n: opts.pvrpN, vehicles: opts.pvrpVehicles, seed: opts.seed, repeats, city: opts.city, threads: opts.threads }));
        } catch (e) {
          errors.push(`${problem} ${backend}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        }
      }
    }
    const after = await probeCall<ProbeEnv>(page, 'env');
    return { backend, chromium: browser.version(), env: after, reports, pvrp, errors };
  } finally {
    await browser.close();
  }
}

function mode(r: LatencyReport, name: LatencyMode['name']): LatencyMode | undefined {
  return r.modes.find((x) => x.name === name);
}

function modesFlag(args: Args, name: string): LatencyMode['name'][] | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  const modes = v.split(',').map((x) => x.trim());
  for (const m of modes) if (!(MODES as string[]).includes(m)) throw new UsageError(`--${name} expects a list of ${MODES.join(', ')}, got "${v}"`);
  return modes as LatencyMode['name'][];
}

export function formatLatency(results: BackendResult[], n: number): string {
  const rows: (string | number)[][] = [];
  for (const res of results) {
    for (const r of res.reports) {
      for (const m of r.modes) {
        const t = stats(m.totalMs);
        rows.push([
          r.problem,
          r.backend,
          r.backend === 'wasm' ? String(r.wasmThreads ?? '?') : '–',
          r.nodes,
          m.name,
          `${m.augs}×${m.starts}`,
          m.steps,
          m.totalMs.length,
          ms(t.med),
          ms(t.min),
          ms(t.max),
          ms(median(m.encoderMs)),
          ms(median(m.decodeMs)),
          ms(median(m.graphMs)),
          ms(median(m.decodeMs) / Math.max(1, m.steps)),
          Number.isFinite(m.cost) ? m.cost.toFixed(0) : '–',
        ]);
      }
    }
  }
  const lines: string[] = [];
  lines.push(`Chromium ${results[0]?.chromium ?? '?'} (headless), onnxruntime-web in a Web Worker; median of the repeats after one warm-up, n = ${n}; ms = the whole decode() call.`);
  for (const res of results) {
    if (!res.env) continue;
    const e = res.env;
    const gpu = e.webgpu.adapter ? `adapter ${e.webgpu.adapter.vendor}/${e.webgpu.adapter.architecture}${e.webgpu.adapter.description ? ` (${e.webgpu.adapter.description})` : ''}` : `no adapter: ${e.webgpu.reason}`;
    lines.push(`${res.backend} page: crossOriginIsolated ${e.crossOriginIsolated}, hardwareConcurrency ${e.hardwareConcurrency}, WASM threads ${e.wasmThreads ?? '?'}, WebGPU ${gpu}`);
  }
  lines.push('');
  lines.push(
    formatTable(['problem', 'backend', 'threads', 'nodes', 'mode', 'augs×starts', 'steps', 'runs', 'median ms', 'min ms', 'max ms', 'encoder ms', 'decode ms', 'graph ms', 'ms/step', 'cost'], rows),
  );
  lines.push('');
  for (const res of results) {
    if (res.skipped) lines.push(`${res.backend}: ${res.skipped}`);
    for (const err of res.errors) lines.push(`error: ${err}`);
    for (const r of res.reports) {
      const g = mode(r, 'greedy');
      const p = mode(r, 'pomo8');
      const gms = g ? median(g.totalMs) : NaN;
      const pms = p ? median(p.totalMs) : NaN;
      const repeats = (g ?? p ?? r.modes[0])?.totalMs.length ?? 0;
      let line = `${r.problem} ${r.backend}: greedy ${g ? `${ms(gms)} ms` : 'not timed'}, pomo8 ${p ? `${ms(pms)} ms` : 'not timed'} (median of ${repeats}, n = ${n})`;
      if (r.backend === 'wasm') line += ` — targets greedy ≤ ${TARGETS.greedyMs} ms ${gms <= TARGETS.greedyMs ? 'met' : 'MISSED'}, pomo8 ≤ ${TARGETS.pomo8Ms} ms ${pms <= TARGETS.pomo8Ms ? 'met' : 'MISSED'}`;
      if (r.backend === 'webgpu' && res.env?.webgpu.adapter?.isFallbackAdapter !== false) line += ' — SwiftShader (CPU) adapter, not a GPU';
      lines.push(line);
    }
  }
  const pvrpRows = results.flatMap((res) =>
    res.pvrp.flatMap((r) => r.modes.map((m) => [r.problem, r.backend, String(r.wasmThreads ?? '?'), r.nodes - 1, r.vehicles, m.name, m.rollouts, m.steps, ms(median(m.totalMs)), ms(Math.min(...m.totalMs)), ms(median(m.encoderMs)), m.unassigned])),
  );
  if (pvrpRows.length > 0) {
    lines.push('');
    lines.push(`CAMP-S (PVRP): same page and repeats; target for the multi-start setting ≤ ${TARGETS.pvrpMultiStartMs} ms (n = 50, m = 5)`);
    lines.push(formatTable(['problem', 'backend', 'threads', 'clients', 'vehicles', 'mode', 'rollouts', 'steps', 'median ms', 'min ms', 'encoder ms', 'unassigned'], pvrpRows));
  }
  return lines.join('\n');
}

export async function benchNeuralLatency(args: Args): Promise<string> {
  const repeats = numberFlag(args, 'repeats', 10, (x) => Number.isInteger(x) && x > 0);
  const n = numberFlag(args, 'n', 100, (x) => Number.isInteger(x) && x >= 5);
  const seed = numberFlag(args, 'seed', 1, Number.isInteger);
  const threadsFlag = stringFlag(args, 'threads');
  const threads = threadsFlag === undefined ? undefined : numberFlag(args, 'threads', 1, (x) => Number.isInteger(x) && x > 0);
  const city = stringFlag(args, 'city') ?? 'Monaco';
  const which = stringFlag(args, 'backend') ?? 'both';
  if (!['wasm', 'webgpu', 'both'].includes(which)) throw new UsageError(`--backend expects wasm, webgpu or both, got "${which}"`);
  const backends: Backend[] = which === 'both' ? ['wasm', 'webgpu'] : [which as Backend];
  const webgpuModes = modesFlag(args, 'webgpu-modes');
  const webgpuRepeats = stringFlag(args, 'webgpu-repeats') === undefined ? undefined : numberFlag(args, 'webgpu-repeats', 1, (x) => Number.isInteger(x) && x > 0);
  const dist = stringFlag(args, 'dist') ?? PROBES_DIST;
  const port = numberFlag(args, 'port', DEFAULT_PORT, (x) => Number.isInteger(x) && x > 0 && x < 65536);
  const url = `http://localhost:${port}/`;
  if (!args.flags.has('no-build')) buildApp(dist, { probes: true });
  const server = spawnPreview(port, dist);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  try {
    await waitForServer(server, url);
    const results: BackendResult[] = [];
    const pvrpN = numberFlag(args, 'pvrp-n', 50, (x) => Number.isInteger(x) && x >= 5);
    const pvrpVehicles = numberFlag(args, 'pvrp-vehicles', 5, (x) => Number.isInteger(x) && x >= 1);
    for (const backend of backends) results.push(await measure(url, backend, { repeats, n, seed, city, threads, webgpuModes, webgpuRepeats, pvrpN, pvrpVehicles }, log));
    return formatLatency(results, n);
  } finally {
    stopPreview(server);
  }
}
