/**
 * models/training/grow.py deepens a trained encoder (CAMP-S and RRNCO-S) without changing what the
 * policy computes: the grown encoder's outputs (all the decoder reads) match the original's, its
 * new blocks still learn (non-zero gradients), and a target no deeper than the model is refused.
 * Runs Debian's PyTorch (skipped without it, as the training smoke test is).
 */
import { describe, expect, it } from 'vitest';
import { pythonHas, pythonJson } from './python';

const hasTorch = pythonHas('torch', 'grow');

const CHECK = `
import json
import torch
from models.training.grow import grow
from models.training.camp_model import CampPolicy, make_camp_config
from models.training.model import Policy, make_config

torch.manual_seed(3)
out = {}
def randomise(policy):
    # trained-looking weights: NodeNorm affines away from (1, 0), negative weights included
    with torch.no_grad():
        for p in policy.parameters():
            p.add_(torch.randn_like(p))

def compare(name, policy, cfg, inputs, family):
    randomise(policy)
    ckpt = {'config': cfg.to_dict() if hasattr(cfg, 'to_dict') else dict(cfg.__dict__), 'model': policy.state_dict(),
            'step': 7, 'meta': {}, 'best': 1.0}
    if family:
        ckpt['family'] = family
    # one block: two blocks would hide an output-norm sign error (the second flips it back)
    grown, g = grow(ckpt, cfg.layers + 1)
    policy.eval(); g.eval()
    with torch.no_grad():
        a, b = policy.encoder(*inputs), g.encoder(*inputs)
    diff = max(float((p - q).abs().max()) for p, q in zip(a, b))
    g.train()
    loss = sum(t.sum() for t in g.encoder(*inputs))
    loss.backward()
    enc = getattr(g.encoder, 'nodes', g.encoder)
    new = enc.row_blocks[cfg.layers]
    out[name] = {'diff': diff, 'scale': max(float(p.abs().max()) for p in a), 'layers': grown['config']['layers'],
                 'grad_proj': float(new.proj.weight.grad.abs().sum()), 'step': grown['step'],
                 'grown': grown['meta']['grown']}
    try:
        grow(grown, cfg.layers + 1)  # not deeper than it is
        out[name]['refused'] = False
    except SystemExit:
        out[name]['refused'] = True

B, N, M = 2, 9, 3
cfg = make_camp_config('pvrp-p', 'tiny')
k = cfg.k
nodes = torch.rand(B, N, cfg.node_features)
rows = torch.rand(B, N, k); cols = torch.rand(B, N, k)
dist = torch.rand(B, N, N); angle = torch.rand(B, N, N) * 6.28; dur = torch.rand(B, N, N)
profile = torch.rand(B, M, N); vehicles = torch.rand(B, M, 2)
compare('camp', CampPolicy(cfg), cfg, (nodes, rows, cols, dist, angle, dur, profile, vehicles), 'camp-s')

# profile-attention blocks (--prof-layers): same checks on a CAMP-S encoder with none
cfg = make_camp_config('pvrp-p', 'tiny', prof_layers=0)
policy = CampPolicy(cfg)
randomise(policy)
ckpt = {'config': cfg.to_dict(), 'model': policy.state_dict(), 'step': 7, 'meta': {}, 'best': 1.0, 'family': 'camp-s'}
grown, g = grow(ckpt, None, 1)
policy.eval(); g.eval()
inputs = (nodes, rows, cols, dist, angle, dur, profile, vehicles)
with torch.no_grad():
    a, b = policy.encoder(*inputs), g.encoder(*inputs)
g.train()
sum(t.sum() for t in g.encoder(*inputs)).backward()
blk = g.encoder.prof_blocks[0]
out['camp_prof'] = {'diff': max(float((p - q).abs().max()) for p, q in zip(a, b)), 'scale': max(float(p.abs().max()) for p in a),
                    'prof_layers': grown['config']['prof_layers'], 'layers': grown['config']['layers'],
                    'grad_out': float(blk.over_nodes.out.weight.grad.abs().sum() + blk.over_vehicles.out.weight.grad.abs().sum()),
                    'step': grown['step'], 'grown': grown['meta']['grown']}
try:
    grow(grown, None, 1)
    out['camp_prof']['refused'] = False
except SystemExit:
    out['camp_prof']['refused'] = True
rc = make_config('acvrp', 'tiny')
rnodes = torch.rand(B, N, rc.node_features)
compare('rrnco', Policy(rc), rc, (rnodes, torch.rand(B, N, rc.k), torch.rand(B, N, rc.k), dist, angle), None)
print(json.dumps(out))
`;

type Grown = { diff: number; scale: number; layers: number; prof_layers?: number; grad_proj?: number; grad_out?: number;
  step: number; refused: boolean; grown: { layers: number[]; prof_layers?: number[] }[] };
let checked: Record<string, Grown> | undefined;
/** One Python run for both tests. */
const check = () => (checked ??= pythonJson<Record<string, Grown>>(CHECK, 120_000));

describe.skipIf(!hasTorch)('growing a trained encoder (models/training/grow.py)', () => {
  it('adds AFT blocks that leave the encoder outputs unchanged and still learn', () => {
    const out = check();
    for (const name of ['camp', 'rrnco']) {
      const o = out[name]!;
      expect(o.scale).toBeGreaterThan(0.5);
      expect(o.diff).toBeLessThan(1e-4 * o.scale);
      expect(o.grad_proj).toBeGreaterThan(0);
      expect(o.step).toBe(7);
      expect(o.grown.at(-1)!.layers[1]).toBe(o.layers);
      expect(o.refused).toBe(true);
    }
  });

  it('adds CAMP-S profile-attention blocks that leave the encoder outputs unchanged and still learn', () => {
    const o = check().camp_prof!;
    expect(o.scale).toBeGreaterThan(0.5);
    expect(o.diff).toBeLessThan(1e-4 * o.scale);
    expect(o.grad_out).toBeGreaterThan(0);
    expect(o.prof_layers).toBe(1);
    expect(o.step).toBe(7);
    expect(o.grown.at(-1)!.prof_layers).toEqual([0, 1]);
    expect(o.refused).toBe(true);
  });
});
