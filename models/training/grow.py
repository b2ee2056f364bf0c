"""Deepen a trained model's encoder without changing what it computes:
`python -m models.training.grow IN.pt OUT.pt --layers L` (RRNCO-S and CAMP-S checkpoints) and/or
`--prof-layers P` (CAMP-S: profile-attention blocks, camp_model.ProfileBlock).

Why: at n = 100 the CAMP-S students stayed ~10 % above their teacher on the training labels as on
the held-out ones (underfitting, not overfitting), and the encoder is cheap to deepen: it runs
once per augmentation while the decoder runs once per action (~5 % of a training step, less of
a POMO ×8 decode). Training a deeper model from scratch would throw away hours of CPU.

New AFT blocks go after the last one, row and column alike, set up as the identity: their
attention projection and last feed-forward layer are zero, their input and middle NodeNorms
plain, and their output NodeNorm carries the affine of the block before it. The input of a new
block is that block's output x = ẑ·w + b (ẑ normalised over the nodes); normalised again it is
ẑ·sign(w), and the output norm with weight |w| and bias b gives x back (exactly up to NodeNorm's
eps). A new profile block is a sum of residuals: its two attention output projections and its
last feed-forward layer start at zero, so it passes the profiled embeddings through unchanged.
The optimiser restarts (Adam moments of a different parameter list do not carry over):
resume the grown file with a warm-up (`--warmup-steps`). Step, meta and validation history
carry over; meta['grown'] records the change.
"""
from __future__ import annotations

import argparse
import math
from typing import Optional, Tuple

import torch

from .train import load_checkpoint, save_checkpoint


def _policy_classes(ckpt: dict):
    if ckpt.get('family') == 'camp-s':
        from .camp_model import CampConfig, CampPolicy
        return CampConfig, CampPolicy
    from .model import ModelConfig, Policy
    return ModelConfig, Policy


def _encoder_blocks(policy) -> Tuple[torch.nn.ModuleList, torch.nn.ModuleList]:
    enc = policy.encoder
    enc = getattr(enc, 'nodes', enc)  # CAMP-S wraps the RRNCO-S node encoder
    return enc.row_blocks, enc.col_blocks


@torch.no_grad()
def _as_identity(block, before) -> None:
    block.proj.weight.zero_()
    block.proj.bias.zero_()
    last = block.ffn[-1]
    last.weight.zero_()
    last.bias.zero_()
    for norm in (block.n_x, block.n_y, block.n_h):
        norm.weight.fill_(1.0)
        norm.bias.zero_()
    block.n_o.weight.copy_(before.n_o.weight.abs())
    block.n_o.bias.copy_(before.n_o.bias)


@torch.no_grad()
def _profile_identity(block) -> None:
    for part in (block.over_nodes.out, block.over_vehicles.out, block.ffn.net[-1]):
        part.weight.zero_()
        part.bias.zero_()


def grow(ckpt: dict, layers: Optional[int] = None, prof_layers: Optional[int] = None) -> Tuple[dict, torch.nn.Module]:
    """The checkpoint with an encoder of `layers` AFT blocks and (CAMP-S) `prof_layers` profile
    blocks (its policy, grown, returned too); None keeps a count as it is."""
    config_cls, policy_cls = _policy_classes(ckpt)
    old_cfg = dict(ckpt['config'])
    old_prof = old_cfg.get('prof_layers', 0)
    layers = old_cfg['layers'] if layers is None else layers
    prof_layers = old_prof if prof_layers is None else prof_layers
    if layers < old_cfg['layers'] or prof_layers < old_prof or (layers, prof_layers) == (old_cfg['layers'], old_prof):
        raise SystemExit(f'--layers {layers} --prof-layers {prof_layers}: the checkpoint has {old_cfg["layers"]} '
                         f'and {old_prof}; grow adds layers')
    if prof_layers and ckpt.get('family') != 'camp-s':
        raise SystemExit('--prof-layers: CAMP-S checkpoints only')
    new_cfg = {**old_cfg, 'layers': layers}
    if prof_layers:
        new_cfg['prof_layers'] = prof_layers
    cfg = config_cls(**new_cfg)
    policy = policy_cls(cfg)
    missing, unexpected = policy.load_state_dict(ckpt['model'], strict=False)
    if unexpected:
        raise SystemExit(f'unexpected weights: {unexpected}')
    rows, cols = _encoder_blocks(policy)
    for blocks in (rows, cols):
        for i in range(old_cfg['layers'], layers):
            _as_identity(blocks[i], blocks[i - 1])
    for i in range(old_prof, prof_layers):
        _profile_identity(policy.encoder.prof_blocks[i])
    opt = torch.optim.Adam(policy.parameters(), lr=1e-4)  # empty moments; resume sets the run's lr
    meta = dict(ckpt.get('meta', {}))
    meta['grown'] = meta.get('grown', []) + [{'step': ckpt.get('step', 0), 'layers': [old_cfg['layers'], layers],
                                              'prof_layers': [old_prof, prof_layers], 'new_weights': len(missing)}]
    out = {**ckpt, 'config': cfg.to_dict(), 'model': policy.state_dict(),
           'optim': opt.state_dict(), 'meta': meta}
    out.pop('compact', None)
    return out, policy


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('src')
    ap.add_argument('dst')
    ap.add_argument('--layers', type=int, help='AFT blocks of the grown encoder (default: as it is)')
    ap.add_argument('--prof-layers', type=int, help='CAMP-S profile-attention blocks of the grown encoder')
    args = ap.parse_args(argv)
    ckpt = load_checkpoint(args.src)
    out, policy = grow(ckpt, args.layers, args.prof_layers)
    save_checkpoint(args.dst, out)
    params = sum(p.numel() for p in policy.parameters())
    print(f'{args.src} → {args.dst}: {ckpt["config"]["layers"]} → {out["config"]["layers"]} encoder layers, '
          f'{ckpt["config"].get("prof_layers", 0)} → {out["config"].get("prof_layers", 0)} profile blocks, {params} parameters, '
          f'step {out.get("step")}, best {out.get("best", math.inf)}')


if __name__ == '__main__':
    main()
