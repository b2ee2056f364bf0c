"""ONNX export (opset 17): an ENCODER graph and a DECODER-STEP graph per model.

Contract (names, dtypes, shapes; A = augmentations, N = nodes, S = rollouts per augmentation,
F = node features, k = sampled distances, d = embedding, H = decoder heads, C = context width):

encoder  inputs   nodes     float32 [A, N, F]   features.py NODE_LAYOUT
                  row_feat  float32 [A, N, k]   sorted sampled outgoing D' values
                  col_feat  float32 [A, N, k]   sorted sampled incoming D' values
                  dist      float32 [A, N, N]   D'
                  angle     float32 [A, N, N]   φ_ij = atan2(y_j − y_i, x_j − x_i)
                  dur       float32 [A, N, N]   T' (acvrptw only)
         outputs  row_emb     float32 [A, N, d]
                  glimpse_key float32 [A, H, N, d/H]
                  glimpse_val float32 [A, H, N, d/H]
                  logit_key   float32 [A, N, d]
step     inputs   context   float32 [A, S, C]   features.py CONTEXT_LAYOUT
                  mask      bool    [A, S, N]   true = allowed
                  dist_row  float32 [A, S, N]   D'[current, :]
                  dur_row   float32 [A, S, N]   T'[current, :] (acvrptw only)
                  glimpse_key, glimpse_val, logit_key (the encoder's outputs)
         outputs  log_probs float32 [A, S, N]   masked entries ≈ −1e9 (never −inf)

Usage: /usr/bin/python3 -m models.training.export --problem atsp [--checkpoint path] [--out models/]
       [--depot-penalty B] (VRPs: B is subtracted from the depot's logit, model.ModelConfig)
(writes models/<id>.encoder.onnx, models/<id>.step.onnx and the manifest entry).
"""
from __future__ import annotations

import argparse
import inspect
import os
import warnings
from typing import Callable, Dict, List

import torch
from torch import nn

from .model import ModelConfig, Policy

OPSET = 17


def encoder_io(cfg: ModelConfig):
    ins = [('nodes', 'float32', ['A', 'N', cfg.node_features]), ('row_feat', 'float32', ['A', 'N', cfg.k]),
           ('col_feat', 'float32', ['A', 'N', cfg.k]), ('dist', 'float32', ['A', 'N', 'N']),
           ('angle', 'float32', ['A', 'N', 'N'])]
    if cfg.problem == 'acvrptw':
        ins.append(('dur', 'float32', ['A', 'N', 'N']))
    dh = cfg.d // cfg.heads
    outs = [('row_emb', 'float32', ['A', 'N', cfg.d]), ('glimpse_key', 'float32', ['A', cfg.heads, 'N', dh]),
            ('glimpse_val', 'float32', ['A', cfg.heads, 'N', dh]), ('logit_key', 'float32', ['A', 'N', cfg.d])]
    return ins, outs


def step_io(cfg: ModelConfig):
    dh = cfg.d // cfg.heads
    ins = [('context', 'float32', ['A', 'S', cfg.context]), ('mask', 'bool', ['A', 'S', 'N']),
           ('dist_row', 'float32', ['A', 'S', 'N'])]
    if cfg.problem == 'acvrptw':
        ins.append(('dur_row', 'float32', ['A', 'S', 'N']))
    ins += [('glimpse_key', 'float32', ['A', cfg.heads, 'N', dh]), ('glimpse_val', 'float32', ['A', cfg.heads, 'N', dh]),
            ('logit_key', 'float32', ['A', 'N', cfg.d])]
    outs = [('log_probs', 'float32', ['A', 'S', 'N'])]
    return ins, outs


def contract_of(encoder_spec, step_spec) -> Dict[str, Dict[str, List[dict]]]:
    """The manifest's io field from (inputs, outputs) specs of both graphs (RRNCO-S and CAMP-S)."""
    def rows(spec):
        return [{'name': n, 'dtype': t, 'shape': s} for n, t, s in spec]
    (ei, eo), (si, so) = encoder_spec, step_spec
    return {'encoder': {'inputs': rows(ei), 'outputs': rows(eo)}, 'step': {'inputs': rows(si), 'outputs': rows(so)}}


def contract(cfg: ModelConfig) -> Dict[str, Dict[str, List[dict]]]:
    return contract_of(encoder_io(cfg), step_io(cfg))


class EncoderGraph(nn.Module):
    """The encoder alone as a graph; serves any policy with an .encoder (CAMP-S too)."""
    def __init__(self, policy: nn.Module):
        super().__init__()
        self.enc = policy.encoder

    def forward(self, *args):
        return self.enc(*args)


class _Step(nn.Module):
    def __init__(self, policy: Policy):
        super().__init__()
        self.dec = policy.decoder
        self.tw = policy.cfg.problem == 'acvrptw'

    def forward(self, *args):
        if self.tw:
            context, mask, dist_row, dur_row, gk, gv, lk = args
        else:
            context, mask, dist_row, gk, gv, lk = args
            dur_row = None
        return self.dec(context, mask, dist_row, dur_row, gk, gv, lk)


def _dummy(shape, dtype, dims):
    size = [dims[s] if isinstance(s, str) else s for s in shape]
    if dtype == 'bool':
        m = torch.rand(size) > 0.3
        m[..., 0] = True
        return m
    return torch.rand(size)


def _axes(spec):
    return {n: {i: s for i, s in enumerate(shape) if isinstance(s, str)} for n, _, shape in spec}


def export_onnx(policy: Policy, encoder_path: str, step_path: str) -> None:
    cfg = policy.cfg
    policy = policy.eval().cpu()
    dims = {'A': 2, 'N': max(cfg.k + 3, 12), 'S': 3}
    ei, eo = encoder_io(cfg)
    si, so = step_io(cfg)
    enc_args = tuple(_dummy(s, t, dims) for _, t, s in ei)
    with torch.no_grad():
        outs = policy.encoder(*enc_args)
    step_args = []
    for (name, t, s) in si:
        if name == 'glimpse_key':
            step_args.append(outs[1])
        elif name == 'glimpse_val':
            step_args.append(outs[2])
        elif name == 'logit_key':
            step_args.append(outs[3])
        else:
            step_args.append(_dummy(s, t, dims))
    write_graphs(EncoderGraph(policy), enc_args, (ei, eo), encoder_path,
                 _Step(policy), tuple(step_args), (si, so), step_path)


def write_graphs(encoder: nn.Module, enc_args: tuple, encoder_spec, encoder_path: str,
                 step: nn.Module, step_args: tuple, step_spec, step_path: str) -> None:
    """Exports both graphs of a model (RRNCO-S or CAMP-S) with the names and dynamic axes of
    their (inputs, outputs) specs, then checks what was written against the specs."""
    (ei, eo), (si, so) = encoder_spec, step_spec
    os.makedirs(os.path.dirname(os.path.abspath(encoder_path)), exist_ok=True)
    # the TorchScript exporter (torch ≥ 2.9 defaults to dynamo=True, which needs onnxscript and
    # produces other graphs); the fixtures and the contract were made with torch 1.13's exporter
    extra = {'dynamo': False} if 'dynamo' in inspect.signature(torch.onnx.export).parameters else {}
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        torch.onnx.export(encoder, enc_args, encoder_path, opset_version=OPSET,
                          input_names=[n for n, _, _ in ei], output_names=[n for n, _, _ in eo],
                          dynamic_axes={**_axes(ei), **_axes(eo)}, do_constant_folding=True, **extra)
        torch.onnx.export(step, step_args, step_path, opset_version=OPSET,
                          input_names=[n for n, _, _ in si], output_names=[n for n, _, _ in so],
                          dynamic_axes={**_axes(si), **_axes(so)}, do_constant_folding=True, **extra)
    check(encoder_path, [n for n, _, _ in ei], [n for n, _, _ in eo])
    check(step_path, [n for n, _, _ in si], [n for n, _, _ in so])


def check(path: str, inputs: List[str], outputs: List[str]) -> None:
    import onnx
    model = onnx.load(path)
    onnx.checker.check_model(model)
    got_in = [i.name for i in model.graph.input]
    got_out = [o.name for o in model.graph.output]
    if got_in != inputs or got_out != outputs:
        raise RuntimeError(f'{path}: graph inputs {got_in} / outputs {got_out}, expected {inputs} / {outputs}')
    if model.opset_import[0].version > OPSET:
        raise RuntimeError(f'{path}: opset {model.opset_import[0].version} > {OPSET}')


def main(argv=None) -> None:
    from .train import checkpoint_dir, load_policy, model_id
    from .manifest import entry_from_checkpoint
    args = parse_args(__doc__, ['atsp', 'acvrp', 'acvrptw'], argv, depot_penalty=True)
    ckpt, policy = load_policy(args.checkpoint or best_or_last(checkpoint_dir(args.problem)), ModelConfig, Policy)
    if args.depot_penalty is not None:
        if policy.cfg.problem == 'atsp':
            raise SystemExit('--depot-penalty: ATSP has no depot')
        policy.cfg.depot_penalty = args.depot_penalty
    write_model(args, model_id(policy.cfg), lambda enc, step: export_onnx(policy, enc, step),
                lambda enc, step: entry_from_checkpoint(ckpt, policy, enc, step, args.out))


def write_model(args: argparse.Namespace, mid: str, export: Callable[[str, str], None],
                entry: Callable[[str, str], dict]) -> None:
    """Writes <out>/<mid>.encoder.onnx and .step.onnx with export(encoder path, step path), then
    the model's manifest entry (entry(encoder path, step path)); both export CLIs end here."""
    from .manifest import write_entry
    enc_path = os.path.join(args.out, f'{mid}.encoder.onnx')
    step_path = os.path.join(args.out, f'{mid}.step.onnx')
    export(enc_path, step_path)
    manifest = args.manifest or os.path.join(args.out, 'manifest.json')
    write_entry(manifest, entry(enc_path, step_path))
    print(f'wrote {enc_path}, {step_path} and the manifest entry {mid} in {manifest}')


def parse_args(doc: str, problems: List[str], argv=None, depot_penalty: bool = False) -> argparse.Namespace:
    """The flags of both export CLIs (export.py and camp_export.py)."""
    from .manifest import MODELS_DIR
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--problem', required=True, choices=problems)
    ap.add_argument('--checkpoint', help='default: the best (else last) checkpoint of the problem')
    ap.add_argument('--out', default=MODELS_DIR, help='folder for the .onnx files (default models/)')
    ap.add_argument('--manifest', help='manifest to update (default <out>/manifest.json)')
    if depot_penalty:
        ap.add_argument('--depot-penalty', type=float, help="subtracted from the depot's logit in the exported "
                        "step (model.ModelConfig.depot_penalty; default: the checkpoint's, 0 after training)")
    return ap.parse_args(argv)


def best_or_last(folder: str) -> str:
    best = os.path.join(folder, 'best.pt')
    return best if os.path.exists(best) else os.path.join(folder, 'last.pt')


if __name__ == '__main__':
    main()
