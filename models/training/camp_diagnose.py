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
import math

import numpy as np
import torch

from .camp_model import CampConfig, CampPolicy, pvrp_rollout
from .camp_train import check_pvrp_labels, load_pvrp_labels
from .features import normalise
from .pvrp_data import PROFILE_GENERATORS
from .pvrp_env import pvrp_batch, start_pairs
from .pvrp_features import pvrp_inputs
from .train import load_checkpoint


def served_by(routes, vehicles) -> dict:
    out = {}
    for r, k in zip(routes, vehicles):
        for j in r:
            out[j] = k
    return out


@torch.no_grad()
def diagnose(policy: CampPolicy, labels, seed: int = 12345) -> list:
    gen = torch.Generator().manual_seed(seed)
    rows = []
    for lab in labels:
        inst = lab.instance
        tb = pvrp_batch([inst])
        u = torch.rand(tb.distance.shape, dtype=torch.float64, generator=gen).clamp(1e-12, 1 - 1e-12)
        x = pvrp_inputs(tb, normalise(tb), policy.cfg.k, aug=0, u=u)
        res = pvrp_rollout(policy, tb, x, start_pairs(tb, tb.nodes - 1), 'greedy')
        cost = torch.where(res.stuck, torch.full_like(res.cost, math.inf), res.cost)[0]
        i = int(cost.argmin())
        N = inst.n
        model = {a % N: a // N for a in res.actions[0, i].tolist() if a % N}
        teacher = served_by(lab.routes, lab.vehicles)
        mc, mt = float(cost[i]), float(res.travel_cost[0, i])
        rows.append({'profile': inst.profile, 'n': N - 1, 'm': inst.m,
                     'gap': 100 * (mc - lab.cost) / lab.travel,
                     'travel_gap': 100 * (mt - lab.travel) / lab.travel,
                     'preference_gap': 100 * ((mc - mt) - (lab.cost - lab.travel)) / lab.travel,
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
