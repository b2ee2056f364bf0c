"""The PVRP parity fixtures (tests/fixtures/neural/pvrp-p.*, pvrp-zc.*), written by make_fixtures.py.

Per problem P (pvrp-p, pvrp-zc):
  P.json  meta: fingerprint, instances (city, n, seed, vehicles, profile, speeds: re-created by the
          TS sampler, then the listed speeds set on its vehicles), the tiny CAMP-S config, files.
  P.npz   arrays:
    inst{i}_{distance,duration,demand,lonlat,preference,allowed,speed}  the instance as Python made it
    inst{i}_actions      int32 [T]          a fixed feasible sequence of flat pair actions k·N + j
    inst{i}_masks        uint8 [T+1, M·N]   the env's mask before every action and after the last
    inst{i}_cost         float64 [2]        final cost and its weighted travel term
    inst{i}_state        float32 [T+1, M, 4] the vehicle state part of the decoder context
    feat_u, feat_idx, feat_{row,col,dist,dur}, feat_nodes [A, N, 5], feat_angle [A, N, N],
    feat_profile [M, N], feat_vehicles [M, 2]   CAMP-S inputs of instance 0 (augmentations AUGS)
    enc_{node_emb,vehicle_emb,glimpse_key,glimpse_val,logit_key}  PyTorch encoder outputs
    traj_{context,mask,time_row,logp}  [T-1, A, 1, ...] decoder steps along instance 0's actions
    rstep_{context,mask,time_row,logp} one random batched step, A × S
    starts               int32 [N-1]        start_pairs of instance 0 (POMO first moves)
    camp_{lonlat,distance,demand,preference,allowed}  a CAMP unit-square instance (camp_square_ts)
  P-tiny.encoder.onnx / P-tiny.step.onnx  the tiny seeded CAMP-S model.
"""
from __future__ import annotations

import numpy as np
import torch

from .camp_model import CampPolicy, make_camp_config, pvrp_context
from .camp_export import export_camp_onnx
from .data import load_city
from .features import gumbel_topk, normalise
from .make_fixtures import AUGS, augmented, f32, feature_arrays, tiny_policy, write_fixture
from .pvrp_data import camp_square_ts, sample_pvrp_ts
from .pvrp_env import PvrpEnv, pvrp_batch, random_feasible_pairs, start_pairs
from .pvrp_features import pvrp_inputs, time_rows

PVRP_CASES = [('Monaco', 20, 101, 4, 'random', [1.0, 1.25, 0.8, 1.5]), ('Andorra', 20, 202, 3, 'angular', None),
              ('Campo_Grande', 12, 303, 5, 'cluster', None)]
CAMP_CASE = (12, 77, 4, 'cluster')  # n, seed, m, profile of the unit-square parity instance


def fixture_instance(problem: str, case):
    city, n, seed, m, profile, speeds = case
    inst = sample_pvrp_ts(load_city(city), problem, n, seed, m, profile)
    if speeds:
        inst.speed = np.array(speeds, dtype=np.float64)
    return inst


def tiny_camp(problem: str, seed: int) -> CampPolicy:
    return tiny_policy(problem, seed, lambda p: CampPolicy(make_camp_config(p, 'tiny')))


def make_pvrp_fixtures(out: str, made_from: str) -> None:
    for pi, problem in enumerate(['pvrp-p', 'pvrp-zc']):
        arrays = {}
        meta = {'problem': problem, 'fingerprint': made_from, 'instances': [], 'augmentations': AUGS}
        rng = np.random.default_rng(2000 + pi)
        insts = []
        for i, case in enumerate(PVRP_CASES):
            inst = fixture_instance(problem, case)
            insts.append(inst)
            seq = random_feasible_pairs(inst, rng, depot_bias=0.08)
            env = PvrpEnv(pvrp_batch([inst]), 1)
            masks, states = [], []
            for a in seq:
                masks.append(env.mask()[0, 0].flatten().numpy().astype(np.uint8))
                states.append(f32(env.vehicle_state()[0, 0]))
                env.step(torch.tensor([[a]]))
            masks.append(env.mask()[0, 0].flatten().numpy().astype(np.uint8))
            states.append(f32(env.vehicle_state()[0, 0]))
            assert env.all_done() and not bool(env.stuck().any())
            for key in ('distance', 'duration', 'demand', 'lonlat', 'preference', 'speed'):
                arrays[f'inst{i}_{key}'] = np.asarray(getattr(inst, key), dtype=np.float64)
            arrays[f'inst{i}_allowed'] = np.asarray(inst.allowed, dtype=np.uint8)
            arrays[f'inst{i}_actions'] = np.array(seq, dtype=np.int32)
            arrays[f'inst{i}_masks'] = np.stack(masks)
            arrays[f'inst{i}_state'] = np.stack(states)
            arrays[f'inst{i}_cost'] = np.array([float(env.cost[0, 0]), float(env.travel_cost[0, 0])])
            city, n, seed, m, profile, speeds = case
            meta['instances'].append({'city': city, 'n': n, 'seed': seed, 'vehicles': m, 'profile': profile,
                                      'speeds': speeds, 'nodes': inst.n, 'steps': len(seq),
                                      'trips': int(env.trips[0, 0].sum()), 'cost': float(env.cost[0, 0])})

        # CAMP's unit-square generator (camp-square.ts), cluster profiles: its port in pvrp_data.py
        sq = camp_square_ts(problem, CAMP_CASE[0], CAMP_CASE[1], CAMP_CASE[2], CAMP_CASE[3])
        for key in ('lonlat', 'distance', 'demand', 'preference'):
            arrays[f'camp_{key}'] = np.asarray(getattr(sq, key), dtype=np.float64)
        arrays['camp_allowed'] = np.asarray(sq.allowed, dtype=np.uint8)
        meta['camp'] = {'n': CAMP_CASE[0], 'seed': CAMP_CASE[1], 'vehicles': CAMP_CASE[2], 'profile': CAMP_CASE[3]}

        policy = tiny_camp(problem, 5151 + pi)
        cfg = policy.cfg
        meta['config'] = cfg.to_dict()
        inst0 = insts[0]
        tb = pvrp_batch([inst0] * len(AUGS))
        norm = normalise(tb)
        N, M = tb.nodes, tb.vehicles
        u = np.clip(rng.random((N, N)), 1e-12, 1 - 1e-12)
        idx = gumbel_topk(norm.dn, cfg.k, u=torch.tensor(u)[None].expand(len(AUGS), N, N))
        x = augmented([pvrp_inputs(tb, norm, cfg.k, aug=a, idx=idx) for a in AUGS])
        arrays.update(feature_arrays(u, idx, x))
        arrays['feat_profile'] = f32(x.profile[0])
        arrays['feat_vehicles'] = f32(x.vehicles[0])
        arrays['starts'] = start_pairs(pvrp_batch([inst0]), N - 1)[0].numpy().astype(np.int32)

        with torch.no_grad():
            e, v, gk, gv, lk = policy.encoder(*x.as_tuple())
        for key, t in (('node_emb', e), ('vehicle_emb', v), ('glimpse_key', gk), ('glimpse_val', gv), ('logit_key', lk)):
            arrays[f'enc_{key}'] = f32(t)

        seq = [int(a) for a in arrays['inst0_actions']]
        env = PvrpEnv(tb, 1)
        env.step(torch.full((len(AUGS), 1), seq[0], dtype=torch.long))
        traj = {k: [] for k in ('context', 'mask', 'time_row', 'logp')}
        with torch.no_grad():
            for a in seq[1:]:
                if env.all_done():
                    break
                mask = env.mask()
                ctx = pvrp_context(env, e)
                trow = time_rows(x.tn64, env.cur, tb.speed)
                lp = policy.decoder(ctx, mask, trow, x.profile, v, gk, gv, lk)
                assert bool(mask.flatten(2)[:, 0, a].all())
                traj['context'].append(f32(ctx))
                traj['mask'].append(mask.numpy().astype(np.uint8))
                traj['time_row'].append(f32(trow))
                traj['logp'].append(f32(lp))
                env.step(torch.full((len(AUGS), 1), a, dtype=torch.long))
        for k2, val in traj.items():
            arrays[f'traj_{k2}'] = np.stack(val)
        S = 3
        g = torch.Generator().manual_seed(99 + pi)
        rctx = torch.rand(len(AUGS), S, M, cfg.context, generator=g)
        rmask = torch.rand(len(AUGS), S, M, N, generator=g) > 0.4
        rmask[:, :, 0, 1] = True
        rtime = torch.rand(len(AUGS), S, M, N, generator=g)
        with torch.no_grad():
            rlp = policy.decoder(rctx, rmask, rtime, x.profile, v, gk, gv, lk)
        arrays['rstep_context'] = f32(rctx)
        arrays['rstep_mask'] = rmask.numpy().astype(np.uint8)
        arrays['rstep_time_row'] = f32(rtime)
        arrays['rstep_logp'] = f32(rlp)

        write_fixture(out, problem, policy, export_camp_onnx, arrays, meta, len(PVRP_CASES))
