/**
 * Keeps the CAMP-S training pipeline working without training anything real:
 * `python -m models.training.train --smoke --problem pvrp-p` and `... pvrp-zc` (imitation steps
 * on labels made there, POMO RL steps, checkpoint, resume, held-out validation, ONNX export,
 * manifest entry) must finish in under a minute on CPU, and the exported models must then solve
 * through the TS runtime, bans respected.
 *
 * Needs Debian's PyTorch + onnx (see train-smoke.test.ts); skipped with a message without them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import { campModels } from '../../src/solvers/neural/manifest';
import { fileSource, readManifest } from '../../src/solvers/neural/node-source';
import { neuralSolvers } from '../../src/solvers/neural/solver';
import { bundledCity, repoPath } from '../helpers';

const PYTHON = process.env.ROUTELAB_PYTHON ?? '/usr/bin/python3';

function pythonProblem(): string | null {
  if (!existsSync(PYTHON) && !process.env.ROUTELAB_PYTHON) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import torch, onnx, numpy'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON}: ${r.error.message}`;
  if (r.status !== 0) return `${PYTHON} cannot import torch / onnx / numpy`;
  return null;
}

const missing = pythonProblem();
if (missing) {
  if (process.env.CI) throw new Error(`the CAMP-S smoke test needs Debian's PyTorch in CI: ${missing}`);
  console.warn(`SKIPPED the CAMP-S training smoke test: ${missing}.`);
}

describe('CAMP-S training pipeline smoke run', () => {
  const out = mkdtempSync(join(tmpdir(), 'routelab-camp-smoke-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it.skipIf(!!missing)('train --smoke for pvrp-p and pvrp-zc: imitation, RL, resume, validation, export in < 60 s; the exported models solve in TS', async () => {
    const t0 = performance.now();
    for (const problem of ['pvrp-p', 'pvrp-zc']) {
      const r = spawnSync(PYTHON, ['-m', 'models.training.train', '--smoke', '--problem', problem, '--out', out], {
        cwd: repoPath(),
        encoding: 'utf8',
        env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', PYTHONPATH: repoPath() },
        timeout: 110_000,
      });
      if (r.status !== 0) throw new Error(`${problem} smoke run failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
      const line = r.stdout.split('\n').find((l) => l.startsWith('SMOKE '));
      expect(line).toBeDefined();
      const report = JSON.parse(line!.slice(6));
      expect(report.problems[problem].steps).toBe(5);
      expect(report.problems[problem].phases.map((p: { phase: string }) => p.phase)).toEqual(['imitation', 'rl']);
      expect(Number.isFinite(report.problems[problem].validation.gap_pct)).toBe(true);
      expect(existsSync(join(out, 'checkpoints', `${problem}-camp`, 'last.pt'))).toBe(true);
    }
    expect((performance.now() - t0) / 1000).toBeLessThan(60);
    const manifest = await readManifest(join(out, 'manifest.json'));
    expect(campModels(manifest).map((m) => m.id).sort()).toEqual(['camp-s-pvrp-p', 'camp-s-pvrp-zc']);
    const [, greedy] = neuralSolvers(manifest, fileSource(out));
    expect(greedy.problems).toEqual(['pvrp-p', 'pvrp-zc']);
    for (const problem of ['pvrp-p', 'pvrp-zc'] as const) {
      const inst = sampleInstance(bundledCity('Campo_Grande'), { problem, n: 12, seed: 31, vehicles: 3, profile: 'angular' });
      const ev = evaluate(inst, (await greedy.solve(inst, { timeLimitMs: 30_000, seed: 1, backend: 'node' })).solution);
      expect(ev.feasible).toBe(true);
      expect(ev.unassigned).toEqual([]);
    }
  });
});
