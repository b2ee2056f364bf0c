/**
 * The neural solvers in the browser.
 *
 * 1. ONNX parity in Chromium: the checks of tests/neural/onnx-parity.test.ts, run by the app's
 *    own code (features.ts, decode.ts, session.ts) on onnxruntime-web's WASM backend inside a Web
 *    Worker (window.__routelab.neural(), src/ui/neural-probe.ts), against the PyTorch outputs of
 *    the tiny fixture models in tests/fixtures/neural/ (served to the page with page.route; they
 *    are not part of the build). Tolerance 1e-4, as in Node.
 * 2. The same on WebGPU where Chromium gives the worker an adapter (headless Linux: only with
 *    --enable-unsafe-webgpu, and then it is SwiftShader's CPU Vulkan). Reported with its own,
 *    looser tolerance; skipped with the reason when there is no adapter.
 * 3. A planner runs the `neural` solver on the default Monaco scenario: the run finishes
 *    feasible and the table's cost is the evaluator's (`npm run eval` on the page's instance and
 *    the run's solution). At 300 stops (ACVRP) and on a 250-stop ATSP, the passes run in the
 *    worker and `neural` ends below `neural-greedy`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import config from '../playwright.config';
import type { NeuralProblem } from '../src/solvers/neural/env';
import type { CompareProbe, CompareRunInfo } from '../src/ui/compare/compare-probe';
import type { NeuralProbe, ParityOptions } from '../src/ui/neural-probe';
import type { ParityReport } from '../src/workers/neural-probe-parity';
import type { ProbeEnv } from '../src/workers/neural-probe-protocol';
import { collectPageErrors, FIXTURE_DIR, FIXTURE_URL, openMonaco, openProbe, resampleStops, startRun } from './support';

const PROBLEMS: NeuralProblem[] = ['atsp', 'acvrp', 'acvrptw'];
/** WASM must match PyTorch as closely as onnxruntime-node does (tests/neural/onnx-parity.test.ts). */
const WASM_TOL = 1e-4;
/** WebGPU (SwiftShader here) computes in a different order and precision; reported, with a looser bar. */
const WEBGPU_TOL = 1e-3;

type RoutelabWindow = { __routelab: { neural: () => Promise<NeuralProbe>; compare: CompareProbe } };

/** Runs `solver` for `seconds` on the shown scenario and waits for it to end feasible; the run as the compare table has it. */
async function feasibleRun(page: Page, solver: string, seconds: string): Promise<CompareRunInfo> {
  await page.getByTestId('solver-select').selectOption(solver);
  await page.getByTestId('time-limit-input').fill(seconds);
  const runId = await startRun(page, solver);
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(row.getByTestId('run-feasible')).toHaveText('feasible');
  const run = (await page.evaluate(() => (window as unknown as RoutelabWindow).__routelab.compare.runs())).find((r) => r.id === runId)!;
  expect(run.solverId).toBe(solver);
  return run;
}

function parity(page: Page, options: ParityOptions): Promise<ParityReport> {
  return page.evaluate(async (o) => (await (window as unknown as RoutelabWindow).__routelab.neural()).parity(o), options);
}

function probeEnv(page: Page): Promise<ProbeEnv> {
  return page.evaluate(async () => (await (window as unknown as RoutelabWindow).__routelab.neural()).env());
}

function summary(r: ParityReport): string {
  const enc = r.encoder.map((e) => `${e.key} ${e.maxDiff.toExponential(2)}`).join(', ');
  return `${r.problem} on ${r.backend}: encoder [${enc}], random step ${r.randomStep.maxDiff.toExponential(2)}, trajectory (${r.trajectory.steps} steps) log-probs ${r.trajectory.logpMaxDiff.toExponential(2)}, contexts ${r.trajectory.contextMaxDiff.toExponential(2)}; worst ${r.worst.toExponential(2)} (${r.ms.toFixed(0)} ms)`;
}

/** Every check of the Node parity test, on a report from the browser. */
function expectParity(r: ParityReport, backend: string, tol: number): void {
  expect(r.backend).toBe(backend);
  expect(r.encoder.map((e) => e.key)).toEqual(['row_emb', 'glimpse_key', 'glimpse_val', 'logit_key']);
  for (const e of r.encoder) {
    expect(e.dims, `encoder ${e.key} dims`).toEqual(e.expectedDims);
    expect(e.maxDiff, `encoder ${e.key}`).toBeLessThanOrEqual(tol);
  }
  expect(r.randomStep.dims, 'random step dims').toEqual(r.randomStep.expectedDims);
  expect(r.randomStep.maxDiff, 'random batched step log-probs').toBeLessThanOrEqual(tol);
  expect(r.trajectory.steps, 'trajectory steps').toBe(r.trajectory.expectedSteps);
  expect(r.trajectory.steps).toBeGreaterThan(r.nodes - 2);
  expect(r.trajectory.maskMismatches, 'TS masks vs PyTorch masks').toBe(0);
  expect(r.trajectory.contextMaxDiff, 'TS contexts vs PyTorch').toBeLessThanOrEqual(tol);
  expect(r.trajectory.logpMaxDiff, 'trajectory log-probs').toBeLessThanOrEqual(tol);
  expect(r.trajectory.allDone, 'every rollout ends with the fixture actions').toBe(true);
}

test.describe('onnxruntime-web (WASM, in a worker) reproduces PyTorch', () => {
  for (const problem of PROBLEMS) {
    test(`${problem}: encoder, a batched step and a whole trajectory within 1e-4`, async ({ page }) => {
      const pageErrors = collectPageErrors(page);
      await openProbe(page);
      const report = await parity(page, { problem, backend: 'wasm', fixtures: FIXTURE_URL });
      const env = await probeEnv(page);
      test.info().annotations.push({ type: 'parity', description: summary(report) });
      test.info().annotations.push({ type: 'runtime', description: `crossOriginIsolated ${env.crossOriginIsolated}, WASM threads ${env.wasmThreads}` });
      expectParity(report, 'wasm', WASM_TOL);
      expect(env.crossOriginIsolated).toBe(true);
      expect(pageErrors).toEqual([]);
    });
  }

  test('a fixture the models do not match is caught (the check can fail)', async ({ page }) => {
    await openProbe(page);
    // The ATSP fixture with its two augmentations listed in the other order: the worker then
    // feeds the encoder flipped coordinates where PyTorch had the plain ones, so the outputs
    // must differ by far more than the tolerance (a probe that compared nothing would pass).
    await page.route(`**${FIXTURE_URL}atsp.json`, async (route) => {
      const meta = JSON.parse(readFileSync(join(FIXTURE_DIR, 'atsp.json'), 'utf8')) as { augmentations: number[] };
      meta.augmentations = [...meta.augmentations].reverse();
      await route.fulfill({ status: 200, body: JSON.stringify(meta), contentType: 'application/json' });
    });
    const report = await parity(page, { problem: 'atsp', backend: 'wasm', fixtures: FIXTURE_URL });
    test.info().annotations.push({ type: 'doctored', description: summary(report) });
    expect(Math.max(...report.encoder.map((e) => e.maxDiff))).toBeGreaterThan(WASM_TOL);
  });
});

test.describe('onnxruntime-web on WebGPU, where Chromium has an adapter', () => {
  test('the worker sees an adapter, and the three checks pass on it', async ({ playwright, baseURL }) => {
    test.setTimeout(180_000);
    // Its own browser: headless Chromium on Linux offers WebGPU only with this flag.
    const launch = config.use?.launchOptions ?? {};
    const browser = await playwright.chromium.launch({ ...launch, args: [...(launch.args ?? []), '--enable-unsafe-webgpu'] });
    try {
      const page = await (await browser.newContext({ baseURL })).newPage();
      const pageErrors = collectPageErrors(page);
      await openProbe(page);
      const env = await probeEnv(page);
      const gpu = env.webgpu;
      test.info().annotations.push({ type: 'webgpu', description: gpu.adapter ? `adapter ${JSON.stringify(gpu.adapter)}` : `no adapter: ${gpu.reason}` });
      test.skip(!gpu.adapter, `no WebGPU adapter with --enable-unsafe-webgpu: ${gpu.reason}`);
      for (const problem of PROBLEMS) {
        await test.step(problem, async () => {
          const report = await parity(page, { problem, backend: 'webgpu', fixtures: FIXTURE_URL });
          test.info().annotations.push({ type: 'parity', description: summary(report) });
          expectParity(report, 'webgpu', WEBGPU_TOL);
        });
      }
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

/** `npm run eval -- <instance> <solution>` on the page's instance and a run's solution: its cost. */
async function evalCost(page: Page, run: CompareRunInfo): Promise<number> {
  const instanceJson = await page.evaluate(() => (window as unknown as RoutelabWindow).__routelab.compare.instanceJson());
  expect(instanceJson).not.toBeNull();
  const dir = mkdtempSync(join(tmpdir(), 'routelab-neural-'));
  writeFileSync(join(dir, 'instance.json'), instanceJson!);
  writeFileSync(join(dir, 'solution.json'), JSON.stringify(run.solution));
  const out = execFileSync('npx', ['tsx', 'src/cli/eval.ts', join(dir, 'instance.json'), join(dir, 'solution.json')], { encoding: 'utf8', cwd: process.cwd() });
  return (JSON.parse(out.trim().split('\n').pop()!) as { cost: number }).cost;
}

test.describe('a planner runs the neural solver', () => {
  test('Neural (POMO ×8) on the Monaco ACVRP: a feasible run whose cost is the evaluator’s', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await page.getByTestId('solver-select').selectOption('neural');
    await page.getByTestId('time-limit-input').fill('3');
    const rows = page.getByTestId('run-row');
    await page.getByTestId('solve-button').click();
    await expect(rows).toHaveCount(1);
    const runId = (await rows.first().getAttribute('data-run-id'))!;
    const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
    await expect(row).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    await expect(row.getByTestId('run-feasible')).toHaveText('feasible');
    // No WebGPU adapter in the default headless Chromium: the run says it ran on WASM.
    await expect(row).toContainText('wasm');

    const run = (await page.evaluate(() => (window as unknown as RoutelabWindow).__routelab.compare.runs())).find((r) => r.id === runId);
    expect(run?.solverId).toBe('neural');
    expect(run?.feasible).toBe(true);
    const stops = run!.routes.flatMap((r) => r.stops);
    expect(new Set(stops).size).toBe(100);
    const shown = Number(await row.getAttribute('data-cost'));
    expect(shown).toBeGreaterThan(0);
    expect(run!.cost).toBe(shown);
    expect(await evalCost(page, run!)).toBe(shown);
    test.info().annotations.push({ type: 'neural run', description: `cost ${shown}, ${run!.routes.length} routes, 100 stops` });
    await page.screenshot({ path: 'e2e-artifacts/neural-run.png' });
    expect(pageErrors).toEqual([]);
  });

  test('300 stops: Neural (POMO ×8) decodes groups of routes in the worker and ends below Neural greedy', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await resampleStops(page, 300);
    const costs: Record<string, number> = {};
    for (const [solver, seconds] of [['neural-greedy', '30'], ['neural', '15']] as const) {
      const run = await feasibleRun(page, solver, seconds);
      expect(new Set(run.routes.flatMap((r) => r.stops)).size).toBe(300);
      costs[solver] = run.cost!;
    }
    // Same seed: neural's first decode is neural-greedy's; its passes only keep cheaper groups.
    expect(costs.neural).toBeLessThan(costs['neural-greedy']);
    expect(pageErrors).toEqual([]);
  });

  test('ATSP, 250 stops: both neural solvers re-decode windows of the tour in the worker; Neural (POMO ×8) ends below Neural greedy', async ({ page }) => {
    const pageErrors = collectPageErrors(page);
    await openMonaco(page);
    await page.getByTestId('problem-select').selectOption('atsp');
    await expect(page.getByTestId('instance-summary')).toContainText('ATSP');
    await resampleStops(page, 250);
    const costs: Record<string, number> = {};
    for (const [solver, seconds] of [['neural-greedy', '30'], ['neural', '10']] as const) {
      const run = await feasibleRun(page, solver, seconds);
      expect(run.routes).toHaveLength(1);
      expect(new Set(run.routes[0].stops).size).toBe(250);
      costs[solver] = run.cost!;
    }
    // Same seed: neural's decode and first four window passes are neural-greedy's; its later passes only keep cheaper windows.
    expect(costs.neural).toBeLessThan(costs['neural-greedy']);
    expect(pageErrors).toEqual([]);
  });
});
