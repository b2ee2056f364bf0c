/**
 * The depot penalty of the exported VRP step graphs (model.ModelConfig.depot_penalty, export.py
 * --depot-penalty): the same weights exported with and without it must give, on the same inputs,
 * log-probabilities that differ exactly by a shift of the depot's logit — log_softmax(lp − b·e₀) —
 * with masked entries still masked, and ATSP must refuse it. Runs Debian's PyTorch (skipped
 * without it, as the training smoke test is).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSession, type TensorInput } from '../../src/solvers/neural/session';
import { Rng } from '../../src/core/random';
import { python, pythonHas } from './python';

const hasTorch = pythonHas('torch, onnx', 'depot-penalty');

const PENALTY = 2.5;
const EXPORT = `
import sys, torch
from models.training.model import make_config, Policy
from models.training.export import export_onnx
torch.manual_seed(3)
cfg = make_config(sys.argv[1], 'tiny')
policy = Policy(cfg)
export_onnx(policy, sys.argv[2] + '/enc.onnx', sys.argv[2] + '/plain.onnx')
cfg.depot_penalty = float(sys.argv[3])
export_onnx(policy, sys.argv[2] + '/enc.onnx', sys.argv[2] + '/penalised.onnx')
`;

describe.skipIf(!hasTorch)('the depot penalty in the exported step graph', () => {
  const dir = mkdtempSync(join(tmpdir(), 'routelab-depot-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shifts the depot logit by exactly the penalty and nothing else (ACVRPTW, tiny model)', async () => {
    const r = python(['-c', EXPORT, 'acvrptw', dir, String(PENALTY)]);
    if (r.status !== 0) throw new Error(r.stderr);
    const plain = await createSession(readFileSync(join(dir, 'plain.onnx')), { backend: 'node' });
    const penalised = await createSession(readFileSync(join(dir, 'penalised.onnx')), { backend: 'node' });
    const [A, S, N, d, heads, C] = [2, 5, 12, 16, 2, 18];
    const rng = new Rng(7);
    const floats = (k: number) => Float32Array.from({ length: k }, () => rng.next() - 0.5);
    const mask = Uint8Array.from({ length: A * S * N }, (_, i) => (i % N === 0 || rng.next() < 0.6 ? 1 : 0));
    mask[N] = 0; // one rollout where the depot is masked: it must stay masked
    const feeds: Record<string, TensorInput> = {
      context: { type: 'float32', data: floats(A * S * C), dims: [A, S, C] },
      mask: { type: 'bool', data: mask, dims: [A, S, N] },
      dist_row: { type: 'float32', data: floats(A * S * N), dims: [A, S, N] },
      dur_row: { type: 'float32', data: floats(A * S * N), dims: [A, S, N] },
      glimpse_key: { type: 'float32', data: floats(A * N * d), dims: [A, heads, N, d / heads] },
      glimpse_val: { type: 'float32', data: floats(A * N * d), dims: [A, heads, N, d / heads] },
      logit_key: { type: 'float32', data: floats(A * N * d), dims: [A, N, d] },
    };
    const lp0 = (await plain.run(feeds)).log_probs.data;
    const lp1 = (await penalised.run(feeds)).log_probs.data;
    let depotLower = 0;
    for (let row = 0; row < A * S; row++) {
      const o = row * N;
      const shifted = Array.from(lp0.subarray(o, o + N), (x, j) => (j === 0 ? x - PENALTY : x));
      const allowed = shifted.filter((_, j) => mask[o + j]);
      const top = Math.max(...allowed);
      const norm = top + Math.log(allowed.reduce((s, x) => s + Math.exp(x - top), 0));
      for (let j = 0; j < N; j++) {
        if (!mask[o + j]) expect(lp1[o + j]).toBeLessThan(-1e8);
        else expect(lp1[o + j]).toBeCloseTo(shifted[j] - norm, 4);
      }
      if (mask[o] && lp1[o] < lp0[o] - 1e-3) depotLower++;
    }
    expect(depotLower).toBeGreaterThan(0);
    await plain.release();
    await penalised.release();
  }, 90_000);

  it('ATSP refuses a depot penalty with a message', () => {
    const r = python(['-m', 'models.training.export', '--problem', 'atsp', '--checkpoint', 'models/training/checkpoints/atsp/best.pt', '--out', dir, '--depot-penalty', '1']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/ATSP has no depot/);
  });
});
