"""Compact resume checkpoints for git: `python -m models.training.compact IN.pt OUT.pt`.

A session ends by committing what resumes its training. A full last.pt keeps fp32 weights and
fp32 Adam moments (~3× the weights); committed every session that grew the history by ~19 MB.
The compact file keeps the same dict with every floating tensor in bfloat16 (fp32's exponent
range, so Adam's tiny second moments survive; fp16 would flush them to 0) and drops nothing
else: step, meta, history and RNG position resume as before. Precision: 8-bit mantissas on the
weights, a perturbation far below one training step's change. `load_checkpoint` upcasts to
fp32 on load, so `--resume` takes either file. The exported ONNX models stay fp32.
"""
from __future__ import annotations

import sys

import torch

from .train import load_checkpoint, save_checkpoint


def compact(obj):
    if torch.is_tensor(obj):
        return obj.to(torch.bfloat16) if obj.is_floating_point() and obj.dtype == torch.float32 else obj
    if isinstance(obj, dict):
        return {k: compact(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [compact(v) for v in obj]
    if isinstance(obj, tuple):
        return tuple(compact(v) for v in obj)
    return obj


def main(argv=None) -> None:
    src, dst = (argv or sys.argv[1:])[:2]
    state = load_checkpoint(src)
    state = compact(state)
    state['compact'] = 'bfloat16'
    save_checkpoint(dst, state)
    print(f'{src} → {dst} (bfloat16)')


if __name__ == '__main__':
    main()
