"""Writes the parity fixtures in tests/fixtures/neural/ (checked by tests/neural/*.test.ts).

  /usr/bin/python3 -m models.training.make_fixtures

CI regenerates them and fails on any difference from the committed files, so the output is
pinned to be the same bytes on any x86-64 machine: OpenBLAS's Sandy Bridge kernels (no FMA) and
PyTorch's AVX2 ones, one thread (set below, before numpy and torch load their libraries).

Per problem P (atsp, acvrp, acvrptw):
  P.json  meta: the fingerprint of the sources it was made from (fingerprint.py), instances
          (city, n, seed: re-created by the TS sampler), the tiny model's config,
          the ONNX file names, augmentations, array index below.
  P.npz   arrays:
    inst{i}_{distance,duration,demand,service,ready,due,lonlat}  the instance as Python sampled it
    inst{i}_actions  int32 [T]      a fixed feasible action sequence (random, seeded)
    inst{i}_masks    uint8 [T+1, N] the env's decode mask before every action and after the last
    inst{i}_cost     float64 [1]    the env's final cost (metres)
    feat_u           float64 [N, N] uniforms for the Gumbel-top-k draw (instance 0)
    feat_idx         int32 [N, k]   the sampled neighbours
    feat_row/col     float32 [N, k] sorted sampled features
    feat_dist/dur    float32 [N, N] D', T'
    feat_nodes       float32 [A, N, F]; feat_angle float32 [A, N, N]  for augmentations feat_aug
    feat2_*          the same draw for instance 2 with k2 > N − 1 (cyclic repetition rule)
    enc_{row_emb,glimpse_key,glimpse_val,logit_key}  PyTorch encoder outputs on the feat_* inputs
    traj_{context,mask,dist_row,dur_row,logp}  [T-1, A, ...] decoder-step inputs/outputs along
                     instance 0's actions (after the forced first move), batch A × 1
    rstep_{context,mask,dist_row,dur_row,logp}  one random batched step, A × S
  P-tiny.encoder.onnx / P-tiny.step.onnx  the tiny seeded model (randomly initialised).
PVRP-P and PVRP-ZC (the CAMP-S model): pvrp_fixtures.py.
"""
from __future__ import annotations

import json
import os
from typing import Callable, Dict, Optional

# Float32 sums in another order differ in the last bits: fix the kernels before they load.
os.environ.update({'OPENBLAS_CORETYPE': 'SANDYBRIDGE', 'OPENBLAS_NUM_THREADS': '1', 'ATEN_CPU_CAPABILITY': 'avx2'})

import numpy as np  # noqa: E402
import torch  # noqa: E402

from .data import REPO_ROOT, load_city, sample_instance_ts, stack
from .envs import RoutingEnv, to_torch
from .export import export_onnx
from .features import encoder_inputs, gumbel_topk, normalise
from .fingerprint import fingerprint
from .model import Policy, build_context, make_config
from .train import random_feasible_sequence

OUT = os.path.join(REPO_ROOT, 'tests', 'fixtures', 'neural')
CASES = [('Monaco', 20, 101), ('Andorra', 20, 202), ('Campo_Grande', 10, 303)]
AUGS = [0, 5]
K2 = 12


def tiny_policy(problem: str, seed: int, build: Optional[Callable[[str], Policy]] = None) -> Policy:
    """The seeded tiny model of a problem: RRNCO-S's, or what build(problem) makes (CAMP-S's)."""
    torch.manual_seed(seed)
    policy = build(problem) if build is not None else Policy(make_config(problem, 'tiny'))
    with torch.no_grad():
        for _, p in policy.named_parameters():
            # zero-initialised parts (the learned bias) and scalars get random values so that
            # every path of the graph is exercised by the parity test
            if p.dim() == 0:
                p.copy_(torch.tensor(0.5 + torch.rand(()).item()))
            elif float(p.abs().max()) == 0.0:
                p.normal_(0.0, 0.3)
    return policy.eval()


def f32(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy().astype(np.float32)


def augmented(xs):
    """One batch of inputs whose row j is augmentation j (xs[j] holds every row under augmentation j):
    only the node features and the angles change with the augmentation."""
    x = xs[0]
    nodes = torch.stack([xs[j].nodes[j] for j in range(len(xs))])
    angle = torch.stack([xs[j].angle[j] for j in range(len(xs))])
    x.nodes, x.angle = nodes, angle
    return x


def feature_arrays(u: np.ndarray, idx: torch.Tensor, x) -> Dict[str, np.ndarray]:
    """The feat_* arrays every parity fixture has (the neighbour draw, the augmentations and the
    features of instance 0), in the order the .npz files hold them."""
    out = {'feat_u': u, 'feat_idx': idx[0].numpy().astype(np.int32), 'feat_aug': np.array(AUGS, dtype=np.int32),
           'feat_row': f32(x.row_feat[0]), 'feat_col': f32(x.col_feat[0]), 'feat_dist': f32(x.dist[0])}
    if x.dur is not None:
        out['feat_dur'] = f32(x.dur[0])
    out['feat_nodes'] = f32(x.nodes)
    out['feat_angle'] = f32(x.angle)
    return out


def write_fixture(out: str, problem: str, policy, export, arrays: Dict[str, np.ndarray], meta: dict, cases: int) -> None:
    """<problem>-tiny.encoder/step.onnx (written by export(policy, encoder path, step path)),
    <problem>.npz and <problem>.json in out."""
    enc_file = f'{problem}-tiny.encoder.onnx'
    step_file = f'{problem}-tiny.step.onnx'
    export(policy, os.path.join(out, enc_file), os.path.join(out, step_file))
    meta['files'] = {'encoder': enc_file, 'step': step_file}
    meta['arrays'] = sorted(arrays)
    np.savez_compressed(os.path.join(out, f'{problem}.npz'), **arrays)
    with open(os.path.join(out, f'{problem}.json'), 'w') as f:
        json.dump(meta, f, indent=1)
        f.write('\n')
    print(f'{problem}: {cases} instances, steps {[m["steps"] for m in meta["instances"]]}, '
          f'{policy.param_count()} params')


def main() -> None:
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    made_from = fingerprint()
    for pi, problem in enumerate(['atsp', 'acvrp', 'acvrptw']):
        arrays = {}
        meta = {'problem': problem, 'fingerprint': made_from, 'instances': [], 'augmentations': AUGS, 'k2': K2}
        rng = np.random.default_rng(1000 + pi)
        insts = []
        for i, (city, n, seed) in enumerate(CASES):
            inst = sample_instance_ts(load_city(city), problem, n, seed)
            insts.append(inst)
            seq = random_feasible_sequence(inst, rng, depot_bias=0.15)
            env = RoutingEnv(to_torch(stack([inst])), 1)
            masks = []
            for a in seq:
                masks.append(env.mask()[0, 0].numpy().astype(np.uint8))
                env.step(torch.tensor([[a]]))
            masks.append(env.mask()[0, 0].numpy().astype(np.uint8))
            assert env.all_done() and not bool(env.stuck().any())
            for key in ('distance', 'duration', 'demand', 'service', 'ready', 'due', 'lonlat'):
                arrays[f'inst{i}_{key}'] = np.asarray(getattr(inst, key), dtype=np.float64)
            arrays[f'inst{i}_actions'] = np.array(seq, dtype=np.int32)
            arrays[f'inst{i}_masks'] = np.stack(masks)
            arrays[f'inst{i}_cost'] = np.array([float(env.cost[0, 0])])
            meta['instances'].append({'city': city, 'n': n, 'seed': seed, 'distribution': 'uniform',
                                      'nodes': inst.n, 'steps': len(seq), 'routes': int(env.routes[0, 0]),
                                      'cost': float(env.cost[0, 0])})

        policy = tiny_policy(problem, 4242 + pi)
        cfg = policy.cfg
        meta['config'] = cfg.to_dict()
        # features of instance 0 for the augmentations, one shared neighbour draw
        inst0 = insts[0]
        tb = to_torch(stack([inst0] * len(AUGS)))
        norm = normalise(tb)
        N = tb.nodes
        u = np.clip(rng.random((N, N)), 1e-12, 1 - 1e-12)
        ut = torch.tensor(u)[None].expand(len(AUGS), N, N)
        idx = gumbel_topk(norm.dn, cfg.k, u=ut)
        # row j of the batch uses augmentation AUGS[j]
        enc = augmented([encoder_inputs(problem, tb, norm, cfg.k, aug=a, idx=idx) for a in AUGS])
        arrays.update(feature_arrays(u, idx, enc))
        # cyclic rule: instance 2 (n = 10) with k2 > N − 1
        tb2 = to_torch(stack([insts[2]]))
        norm2 = normalise(tb2)
        N2 = tb2.nodes
        u2 = np.clip(rng.random((N2, N2)), 1e-12, 1 - 1e-12)
        idx2 = gumbel_topk(norm2.dn, K2, u=torch.tensor(u2)[None])
        e2 = encoder_inputs(problem, tb2, norm2, K2, aug=3, idx=idx2)
        arrays['feat2_u'] = u2
        arrays['feat2_idx'] = idx2[0].numpy().astype(np.int32)
        arrays['feat2_row'] = f32(e2.row_feat[0])
        arrays['feat2_col'] = f32(e2.col_feat[0])
        arrays['feat2_nodes'] = f32(e2.nodes[0])
        arrays['feat2_angle'] = f32(e2.angle[0])

        with torch.no_grad():
            row, gk, gv, lk = policy.encoder(*enc.as_tuple())
        arrays['enc_row_emb'] = f32(row)
        arrays['enc_glimpse_key'] = f32(gk)
        arrays['enc_glimpse_val'] = f32(gv)
        arrays['enc_logit_key'] = f32(lk)

        # decoder steps along instance 0's actions, A × 1 rollouts
        seq = [int(a) for a in arrays['inst0_actions']]
        env = RoutingEnv(tb, 1)
        env.step(torch.full((len(AUGS), 1), seq[0], dtype=torch.long))
        traj = {k: [] for k in ('context', 'mask', 'dist_row', 'dur_row', 'logp')}
        with torch.no_grad():
            for a in seq[1:]:
                mask = env.mask()
                ctx = build_context(env, row)
                cur = env.cur.clamp(min=0)
                drow = enc.dist[env.bidx, cur]
                trow = enc.dur[env.bidx, cur] if enc.dur is not None else None
                lp = policy.decoder(ctx, mask, drow, trow, gk, gv, lk)
                assert bool(mask[:, 0, a].all())
                traj['context'].append(f32(ctx))
                traj['mask'].append(mask.numpy().astype(np.uint8))
                traj['dist_row'].append(f32(drow))
                if trow is not None:
                    traj['dur_row'].append(f32(trow))
                traj['logp'].append(f32(lp))
                env.step(torch.full((len(AUGS), 1), a, dtype=torch.long))
        for k2, v in traj.items():
            if v:
                arrays[f'traj_{k2}'] = np.stack(v)
        # one random batched step
        S = 3
        g = torch.Generator().manual_seed(77 + pi)
        rctx = torch.rand(len(AUGS), S, cfg.context, generator=g)
        rmask = torch.rand(len(AUGS), S, N, generator=g) > 0.4
        rmask[:, :, 1] = True
        rdist = torch.rand(len(AUGS), S, N, generator=g)
        rdur = torch.rand(len(AUGS), S, N, generator=g) if problem == 'acvrptw' else None
        with torch.no_grad():
            rlp = policy.decoder(rctx, rmask, rdist, rdur, gk, gv, lk)
        arrays['rstep_context'] = f32(rctx)
        arrays['rstep_mask'] = rmask.numpy().astype(np.uint8)
        arrays['rstep_dist_row'] = f32(rdist)
        if rdur is not None:
            arrays['rstep_dur_row'] = f32(rdur)
        arrays['rstep_logp'] = f32(rlp)

        write_fixture(OUT, problem, policy, export_onnx, arrays, meta, len(CASES))
    # PVRP-P / PVRP-ZC (CAMP-S): pvrp_fixtures.py
    from .pvrp_fixtures import make_pvrp_fixtures
    make_pvrp_fixtures(OUT, made_from)


if __name__ == '__main__':
    main()
