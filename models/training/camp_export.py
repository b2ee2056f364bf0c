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

from typing import Dict, List

import torch
from torch import nn

from .camp_model import CampConfig, CampPolicy
from .export import EncoderGraph, best_or_last, contract_of, parse_args, write_graphs, write_model


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
    return contract_of(camp_encoder_io(cfg), camp_step_io(cfg))


class _Step(nn.Module):
    """CAMP-S's decoder takes the step inputs as they are (RRNCO-S's _Step drops dur_row by problem)."""
    def __init__(self, policy: CampPolicy):
        super().__init__()
        self.dec = policy.decoder

    def forward(self, *args):
        return self.dec(*args)


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
    write_graphs(EncoderGraph(policy), enc_args, camp_encoder_io(cfg), encoder_path, _Step(policy), step_args,
                 camp_step_io(cfg), step_path)


def main(argv=None) -> None:
    from .camp_train import camp_checkpoint_dir, camp_model_id
    from .train import load_policy
    from .camp_manifest import camp_entry
    args = parse_args(__doc__, ['pvrp-p', 'pvrp-zc'], argv)
    ckpt, policy = load_policy(args.checkpoint or best_or_last(camp_checkpoint_dir(args.problem)), CampConfig, CampPolicy)
    write_model(args, camp_model_id(policy.cfg), lambda enc, step: export_camp_onnx(policy, enc, step),
                lambda enc, step: camp_entry(ckpt, policy, enc, step, args.out))


if __name__ == '__main__':
    main()
