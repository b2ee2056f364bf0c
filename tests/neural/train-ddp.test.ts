/**
 * The training recipe scales out with torch's own launcher: `torchrun` starts 2 CPU processes
 * (gloo), each trains on its own batches, and one gradient all-reduce per step keeps the replicas
 * identical. The same command with --nproc_per_node = #GPUs runs on a CUDA machine (NCCL).
 * Debian's torch 1.13 torchrun needs `--redirects 1 --tee 1` on Python 3.11 (its "0" default
 * is not a member of the IntFlag it parses into).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoPath } from '../helpers';

const PYTHON = process.env.ROUTELAB_PYTHON ?? '/usr/bin/python3';
const TORCHRUN = ['-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', '--redirects', '1', '--tee', '1'];

function torchProblem(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch.distributed as d; assert d.is_available() and d.is_gloo_available()'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON}: ${r.error.message}`;
  if (r.status !== 0) return `${PYTHON} has no torch.distributed with gloo (${(r.stderr || '').trim().split('\n').pop()})`;
  return null;
}

const missing = torchProblem();
if (missing) {
  if (process.env.CI) throw new Error(`the torchrun smoke test needs Debian's PyTorch in CI: ${missing}`);
  console.warn(`SKIPPED the torchrun smoke test: ${missing}`);
}

describe('data-parallel training under torchrun', () => {
  const out = mkdtempSync(join(tmpdir(), 'routelab-ddp-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it.skipIf(!!missing)('2 CPU processes (gloo) train 4 steps; both ranks count 2 × 4 × 4 instances and end with the same weights', () => {
    const args = ['-m', 'models.training.train', '--problem', 'acvrp', '--preset', 'tiny', '--curriculum', '10:4', '--batch', '4',
      '--val-size', '4', '--val-every', '0', '--log-every-s', '1e9', '--out', out];
    const r = spawnSync(PYTHON, [...TORCHRUN, ...args], {
      cwd: repoPath(),
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', PYTHONPATH: repoPath() },
      timeout: 110_000,
    });
    if (r.status !== 0) throw new Error(`torchrun failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    const results = r.stdout
      .split('\n')
      .map((l) => l.replace(/^\[default\d+\]:/, ''))
      .filter((l) => l.startsWith('{"problem"'))
      .map((l) => JSON.parse(l) as { rank: number; world_size: number; step: number; data_parallel: { backend: string; replicas_in_sync: boolean } });
    expect(results.map((x) => x.rank).sort()).toEqual([0, 1]);
    for (const x of results) {
      expect(x.world_size).toBe(2);
      expect(x.step).toBe(4);
      expect(x.data_parallel.backend).toBe('gloo');
      expect(x.data_parallel.replicas_in_sync).toBe(true);
    }
    expect(existsSync(join(out, 'last.pt'))).toBe(true);
    const meta = spawnSync(PYTHON, ['-c', `import torch, json; m = torch.load(${JSON.stringify(join(out, 'last.pt'))})['meta']; print(json.dumps({'instances': m['instances'], 'dp': m.get('data_parallel')}))`], { encoding: 'utf8' });
    const m = JSON.parse(meta.stdout.trim()) as { instances: number; dp: { world_size: number } };
    expect(m.instances).toBe(2 * 4 * 4);
    expect(m.dp.world_size).toBe(2);
  });
});
