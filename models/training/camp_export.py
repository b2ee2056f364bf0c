"""ONNX export (opset 17) of CAMP-S: an ENCODER graph and a DECODER-STEP graph per model.

Contract (A = augmentations, N = nodes, M = vehicles, S = rollouts per augmentation,
k = sampled distances, d = embedding, H = heads, C = d + 4):

encoder  inputs   nodes     float32 [A, N, 5]   pvrp_features.py PVRP_NODE_LAYOUT
                  row_feat  float32 [A, N, k]   sorted sampled outgoing D' values
                  col_feat  float32 [A, N, k]
                  dist      float32 [A, N, N]   D'
                  angle     float32 [A, N, N]
                  dur       float32 [A, N, N]   T'
                  profile   float32 [A, M, N]   preference rows (PVRP-P) / allowed rows (PVRP-ZC)
                  vehicles  float32 [A, M, 2]   [speed, capacity / max capacity]
         outputs  node_emb     float32 [A, N, d]
                  vehicle_emb  float32 [A, M, d]
                  glimpse_key  float32 [A, M, H, N, d/H]
                  glimpse_val  float32 [A, M, H, N, d/H]
                  logit_key    float32 [A, M, N, d]
step     inputs   context   float32 [A, S, M, C] node_emb[cur_k] ++ PVRP_STATE_LAYOUT
                  mask      bool    [A, S, M, N] true = (k, j) allowed
                  time_row  float32 [A, S, M, N] T'[cur_k, :] / speed_k
                  profile, vehicle_emb, glimpse_key, glimpse_val, logit_key
         outputs  log_probs float32 [A, S, M·N]  over flat pair actions k·N + j; masked ≈ −1e9

Usage: /usr/bin/python3 -m models.training.camp_export --problem pvrp-p [--checkpoint path] [--out models/]
"""
from __future__ import annotations

import argparse
import inspect
import os
import warnings
from typing import Dict, List

import torch
from torch import nn

from .camp_model import CampConfig, CampPolicy
from .export import OPSET, check


def camp_encoder_io(cfg: CampConfig):
    dh = cfg.d // cfg.heads
    ins = [('nodes', 'float32', ['A', 'N', cfg.node_features]), ('row_feat', 'float32', ['A', 'N', cfg.k]),
           ('col_feat', 'float32', ['A', 'N', cfg.k]), ('dist', 'float32', ['A', 'N', 'N']),
           ('angle', 'float32', ['A', 'N', 'N']), ('dur', 'float32', ['A', 'N', 'N']),
           ('profile', 'float32', ['A', 'M', 'N']), ('vehicles', 'float32', ['A', 'M', 2])]
    outs = [('node_emb', 'float32', ['A', 'N', cfg.d]), ('vehicle_emb', 'float32', ['A', 'M', cfg.d]),
            ('glimpse_key', 'float32', ['A', 'M', cfg.heads, 'N', dh]),
            ('glimpse_val', 'float32', ['A', 'M', cfg.heads, 'N', dh]), ('logit_key', 'float32', ['A', 'M', 'N', cfg.d])]
    return ins, outs


def camp_step_io(cfg: CampConfig):
    dh = cfg.d // cfg.heads
    ins = [('context', 'float32', ['A', 'S', 'M', cfg.context]), ('mask', 'bool', ['A', 'S', 'M', 'N']),
           ('time_row', 'float32', ['A', 'S', 'M', 'N']), ('profile', 'float32', ['A', 'M', 'N']),
           ('vehicle_emb', 'float32', ['A', 'M', cfg.d]), ('glimpse_key', 'float32', ['A', 'M', cfg.heads, 'N', dh]),
           ('glimpse_val', 'float32', ['A', 'M', cfg.heads, 'N', dh]), ('logit_key', 'float32', ['A', 'M', 'N', cfg.d])]
    outs = [('log_probs', 'float32', ['A', 'S', 'MN'])]
    return ins, outs


def camp_contract(cfg: CampConfig) -> Dict[str, Dict[str, List[dict]]]:
    def rows(spec):
        return [{'name': n, 'dtype': t, 'shape': s} for n, t, s in spec]
    ei, eo = camp_encoder_io(cfg)
    si, so = camp_step_io(cfg)
    return {'encoder': {'inputs': rows(ei), 'outputs': rows(eo)}, 'step': {'inputs': rows(si), 'outputs': rows(so)}}


class _Encoder(nn.Module):
    def __init__(self, policy: CampPolicy):
        super().__init__()
        self.enc = policy.encoder

    def forward(self, *args):
        return self.enc(*args)


class _Step(nn.Module):
    def __init__(self, policy: CampPolicy):
        super().__init__()
        self.dec = policy.decoder

    def forward(self, *args):
        return self.dec(*args)


def _axes(spec):
    return {n: {i: s for i, s in enumerate(shape) if isinstance(s, str)} for n, _, shape in spec}


def export_camp_onnx(policy: CampPolicy, encoder_path: str, step_path: str) -> None:
    cfg = policy.cfg
    policy = policy.eval().cpu()
    A, N, M, S = 2, max(cfg.k + 3, 12), 3, 4
    g = torch.Generator().manual_seed(0)
    r = lambda *s: torch.rand(*s, generator=g)  # noqa: E731
    enc_args = (r(A, N, cfg.node_features), r(A, N, cfg.k), r(A, N, cfg.k), r(A, N, N), r(A, N, N), r(A, N, N),
                r(A, M, N), r(A, M, 2))
    with torch.no_grad():
        e, v, gk, gv, lk = policy.encoder(*enc_args)
    mask = r(A, S, M, N) > 0.3
    mask[..., 0, 0] = True
    step_args = (r(A, S, M, cfg.context), mask, r(A, S, M, N), enc_args[6], v, gk, gv, lk)
    ei, eo = camp_encoder_io(cfg)
    si, so = camp_step_io(cfg)
    os.makedirs(os.path.dirname(os.path.abspath(encoder_path)), exist_ok=True)
    extra = {'dynamo': False} if 'dynamo' in inspect.signature(torch.onnx.export).parameters else {}
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        torch.onnx.export(_Encoder(policy), enc_args, encoder_path, opset_version=OPSET,
                          input_names=[n for n, _, _ in ei], output_names=[n for n, _, _ in eo],
                          dynamic_axes={**_axes(ei), **_axes(eo)}, do_constant_folding=True, **extra)
        torch.onnx.export(_Step(policy), step_args, step_path, opset_version=OPSET,
                          input_names=[n for n, _, _ in si], output_names=[n for n, _, _ in so],
                          dynamic_axes={**_axes(si), **_axes(so)}, do_constant_folding=True, **extra)
    check(encoder_path, [n for n, _, _ in ei], [n for n, _, _ in eo])
    check(step_path, [n for n, _, _ in si], [n for n, _, _ in so])


def main(argv=None) -> None:
    from .camp_train import camp_checkpoint_dir, camp_model_id
    from .manifest import MODELS_DIR, write_entry
    from .train import load_checkpoint
    from .camp_manifest import camp_entry
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--problem', required=True, choices=['pvrp-p', 'pvrp-zc'])
    ap.add_argument('--checkpoint', help='default: best.pt (else last.pt) of the problem')
    ap.add_argument('--out', default=MODELS_DIR, help='folder for the .onnx files (default models/)')
    ap.add_argument('--manifest', help='manifest to update (default <out>/manifest.json)')
    args = ap.parse_args(argv)
    path = args.checkpoint
    if path is None:
        d = camp_checkpoint_dir(args.problem)
        path = os.path.join(d, 'best.pt') if os.path.exists(os.path.join(d, 'best.pt')) else os.path.join(d, 'last.pt')
    ckpt = load_checkpoint(path)
    cfg = CampConfig(**ckpt['config'])
    policy = CampPolicy(cfg)
    policy.load_state_dict(ckpt['model'])
    mid = camp_model_id(cfg)
    enc_path = os.path.join(args.out, f'{mid}.encoder.onnx')
    step_path = os.path.join(args.out, f'{mid}.step.onnx')
    export_camp_onnx(policy, enc_path, step_path)
    manifest = args.manifest or os.path.join(args.out, 'manifest.json')
    write_entry(manifest, camp_entry(ckpt, policy, enc_path, step_path, args.out))
    print(f'wrote {enc_path}, {step_path} and the manifest entry {mid} in {manifest}')


if __name__ == '__main__':
    main()
