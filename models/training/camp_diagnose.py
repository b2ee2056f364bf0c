"""Where a CAMP-S model's gap to its teacher is, by profile generator:

  /usr/bin/python3 -m models.training.camp_diagnose --problem pvrp-p --checkpoint CKPT [--labels FILE]

Greedy from every start (as the validation decodes), on held-out labels (default: the n = 100
validation labels). Per instance: the gap (cost − teacher) / teacher's weighted travel term, split
into its travel part and its preference part (PVRP-P), and the share of clients served by the
same vehicle as in the teacher's solution. Session 9 used it to see that the n = 100 gap was in the
routes (travel), not in the assignment of clients to vehicles.
"""
from __future__ import annotations

import argparse
import json

import numpy as np
import torch

from .camp_model import CampConfig, CampPolicy
from .camp_train import VALIDATION_DRAW_SEED, check_pvrp_labels, greedy_every_start, load_pvrp_labels
from .pvrp_data import PROFILE_GENERATORS
from .train import load_checkpoint


def served_by(routes, vehicles) -> dict:
    out = {}
    for r, k in zip(routes, vehicles):
        for j in r:
            out[j] = k
    return out


def diagnose(policy: CampPolicy, labels) -> list:
    gen = torch.Generator().manual_seed(VALIDATION_DRAW_SEED)
    rows = []
    for lab in labels:
        inst = lab.instance
        d = greedy_every_start(policy, inst, gen)
        N = inst.n
        model = {a % N: a // N for a in d.actions if a % N}
        teacher = served_by(lab.routes, lab.vehicles)
        rows.append({'profile': inst.profile, 'n': N - 1, 'm': inst.m,
                     'gap': 100 * (d.cost - lab.cost) / lab.travel,
                     'travel_gap': 100 * (d.travel - lab.travel) / lab.travel,
                     'preference_gap': 100 * ((d.cost - d.travel) - (lab.cost - lab.travel)) / lab.travel,
                     'same_vehicle': sum(model.get(j) == k for j, k in teacher.items()) / max(1, len(teacher))})
    return rows


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--problem', required=True, choices=['pvrp-p', 'pvrp-zc'])
    ap.add_argument('--checkpoint', required=True)
    ap.add_argument('--labels', help='default: models/training/labels/val-<problem>-n100.jsonl')
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    ck = load_checkpoint(args.checkpoint)
    policy = CampPolicy(CampConfig(**ck['config']))
    policy.load_state_dict(ck['model'])
    policy.eval()
    path = args.labels or f'models/training/labels/val-{args.problem}-n100.jsonl'
    rows = diagnose(policy, check_pvrp_labels(load_pvrp_labels(path, args.problem)))
    keys = ('gap', 'travel_gap', 'preference_gap', 'same_vehicle')
    out = {}
    for prof in PROFILE_GENERATORS:
        rs = [r for r in rows if r['profile'] == prof]
        if rs:
            out[prof] = {'instances': len(rs), **{k: round(float(np.mean([r[k] for r in rs])), 3) for k in keys}}
    print(json.dumps({'checkpoint': args.checkpoint, 'step': ck.get('step'), 'labels': path, 'by_profile': out}, indent=1))


if __name__ == '__main__':
    main()
