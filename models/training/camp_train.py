"""Train (or resume) a CAMP-S model for PVRP-P or PVRP-ZC. One command per model (recipe.sh):

  /usr/bin/python3 -m models.training.train --problem pvrp-p  --imitation FILES --val-labels FILE --resume
  /usr/bin/python3 -m models.training.train --problem pvrp-zc --imitation FILES --val-labels FILE --resume

(train.py hands PVRP problems to this module.) Phases: imitation of classical (sisr) labels from
scripts/neural-labels.ts (cross-entropy on the teacher's next (vehicle, client) pair; every label
gives --il-sequences equivalent sequences: vehicles in random order, each vehicle's trips in
random order, plus a random coordinate symmetry and a fresh neighbour draw; --teacher-order
interleaved replays each with the vehicles side by side, pvrp_env.interleave_pairs), then optionally
POMO REINFORCE (--rl-steps, shared baseline over the starts) on instances sampled from the
training cities (n in --rl-n, m in [3, 7], all three profile generators).

Validation (best.pt): greedy from every start, no augmentation, on --val-labels (labels of the
held-out cities, models/training/cities.json) with the gap of the benchmark:
(cost − teacher cost) / teacher's weighted travel term; without labels, the mean cost per max T
on TS-reproducible instances of --val-cities. Checkpoints: checkpoints/<problem>-camp/ (last.pt
every --save-every steps and at exit or SIGTERM, best.pt on the best validation gap).

``--smoke`` runs imitation, RL, checkpoint, resume and export in seconds (tiny preset, n = 10).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch

from .camp_model import CampConfig, CampPolicy, make_camp_config, pvrp_rollout, pvrp_teacher_forced
from .data import TRAIN_CITIES, check_label_points, label_records, load_city
from .features import normalise
from .pvrp_data import (PROFILE_GENERATORS, PVRP_PROBLEMS, PVRP_RL_SEED0, PvrpInstance, camp_square_ts, sample_pvrp_ts,
                        validation_set_pvrp)
from .pvrp_env import interleave_pairs, pvrp_batch, replay_pvrp, start_pairs, teacher_pairs
from .pvrp_features import pvrp_inputs
from .train import (CHECKPOINT_ROOT, export_after, hardware, labels_meta, load_checkpoint, load_policy, open_run,
                    pick_device, pick_labels, read_labels, restore, save_checkpoint, set_scheduled_lr, teacher_tensor)

VALIDATION_SEED0 = 500_000


def camp_checkpoint_dir(problem: str, root: str = CHECKPOINT_ROOT) -> str:
    return os.path.join(root, f'{problem}-camp')


def camp_model_id(cfg: CampConfig) -> str:
    return f'camp-s-{cfg.problem}'


# ----------------------------------------------------------------------------------------------
# Labels (scripts/neural-labels.ts --problem pvrp-p|pvrp-zc)


@dataclass
class PvrpLabel:
    instance: PvrpInstance
    routes: List[List[int]]
    vehicles: List[int]
    cost: float
    travel: float  # the teacher's weighted travel term (replayed here)


def load_pvrp_labels(path: str, problem: str) -> List[PvrpLabel]:
    out = []
    for rec in label_records(path, problem):
        if rec.get('set') == 'camp':  # CAMP's unit square (neural-labels.ts --set camp)
            inst = camp_square_ts(problem, rec['n'], rec['seed'], rec['vehicles'], rec['profile'])
        else:
            inst = sample_pvrp_ts(load_city(rec['city']), problem, rec['n'], rec['seed'], rec['vehicles'],
                                  rec['profile'], rec.get('distribution', 'uniform'))
        check_label_points(path, rec, inst)
        out.append(PvrpLabel(inst, [list(r) for r in rec['routes']], [int(k) for k in rec['routeVehicles']],
                             float(rec['cost']), math.nan))
    return out


def check_pvrp_labels(labels: List[PvrpLabel]) -> List[PvrpLabel]:
    """Keeps the labels whose pair sequence the env accepts at the label's cost; fills `travel`."""
    good = []
    for lab in labels:
        seq = teacher_pairs(lab.routes, lab.vehicles, lab.instance.n, range(lab.instance.m))
        ok, cost, travel = replay_pvrp(lab.instance, seq)
        if ok and abs(cost - lab.cost) <= 1e-6 * max(1.0, abs(travel)):
            lab.travel = travel
            good.append(lab)
        else:
            print(f'warning: label {lab.instance.city} seed {lab.instance.seed} does not replay (ok={ok}, cost {cost} '
                  f'vs {lab.cost}); skipped', file=sys.stderr)
    return good


# ----------------------------------------------------------------------------------------------


class CampTrainer:
    def __init__(self, args, cfg: CampConfig, device: torch.device, ckpt: Optional[dict] = None):
        self.args, self.cfg, self.device = args, cfg, device
        self.policy = CampPolicy(cfg).to(device)
        self.opt = torch.optim.Adam(self.policy.parameters(), lr=args.lr)
        self.step = 0
        cities = args.cities.split(',') if args.cities else list(TRAIN_CITIES)
        val_cities = args.val_cities.split(',') if args.val_cities else cities
        self.meta: Dict = {'steps': 0, 'instances': 0, 'wall_s': 0.0, 'hardware': [], 'trained_n': [], 'phases': [],
                           'validation': {}, 'history': [], 'cities': cities, 'val_cities': val_cities,
                           'algorithm': 'imitation of sisr labels, then POMO REINFORCE (shared baseline)'}
        self.best = math.inf
        if ckpt is not None:
            self.step, self.meta, self.best = restore(self.policy, self.opt, ckpt, args.lr)
        hw = hardware(device)
        if hw not in self.meta['hardware']:
            self.meta['hardware'].append(hw)
        # best.pt is chosen on one validation set: a resumed run validating on another starts afresh
        # labels: best.pt on the mean over sizes of the per-size gaps (each n counts alike; the 48 n = 50
        # labels outweighed the 24 at n = 100, where the models are furthest from the teacher)
        val_set = (f'labels {args.val_labels} × {args.val_size}, mean over sizes' if args.val_labels
                   else f'cities {",".join(self.meta["val_cities"])} n={args.val_n} × {args.val_size}')
        if self.meta.get('val_set') != val_set:
            self.best = math.inf
            self.meta['val_set'] = val_set
        self._val = None

    def state(self) -> dict:
        return {'config': self.cfg.to_dict(), 'model': self.policy.state_dict(), 'optim': self.opt.state_dict(),
                'step': self.step, 'meta': self.meta, 'best': self.best, 'family': 'camp-s'}

    def rng(self) -> np.random.Generator:
        return np.random.default_rng([0xCA3F, self.args.seed, self.step])

    def inputs(self, tb, aug: int, gen=None, u=None):
        return pvrp_inputs(tb, normalise(tb), self.cfg.k, aug=aug, generator=gen, u=u)

    def _update(self, loss: torch.Tensor) -> None:
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.policy.parameters(), self.args.grad_clip)
        self.opt.step()

    def il_step(self, groups: Dict[Tuple[int, int], List[PvrpLabel]]) -> dict:
        args = self.args
        rng = self.rng()
        chosen = pick_labels(groups, args.batch, rng, args.il_n_weight, lambda key: key[0])
        tb = pvrp_batch([c.instance for c in chosen], self.device)
        P = args.il_sequences
        seqs = []
        for c in chosen:
            orders = [rng.permutation(c.instance.m) if p else np.arange(c.instance.m) for p in range(P)]
            seqs.append([teacher_pairs(c.routes, c.vehicles, c.instance.n, o) for o in orders])
            for s in seqs[-1][1:]:
                _shuffle_trips(s, c.instance.n, rng)
            if args.teacher_order == 'interleaved':
                seqs[-1] = [interleave_pairs(s, c.instance, o) for s, o in zip(seqs[-1], orders)]
        teacher = teacher_tensor(seqs, P)
        x = self.inputs(tb, int(rng.integers(0, 8)) if args.augment else 0)
        lp, steps, cost = pvrp_teacher_forced(self.policy, tb, x, teacher.to(self.device))
        loss = -lp.sum() / steps.sum().clamp(min=1)
        self._update(loss)
        return {'loss': float(loss), 'instances': tb.size, 'n': tb.nodes - 1}

    def rl_step(self) -> dict:
        args, cfg = self.args, self.cfg
        rng = self.rng()
        lo, hi = (int(v) for v in args.rl_n.split(':')) if ':' in args.rl_n else (int(args.rl_n),) * 2
        n = int(rng.integers(lo, hi + 1))
        m = int(rng.integers(3, 8))
        profile = PROFILE_GENERATORS[int(rng.integers(0, 3))]
        cities = self.meta['cities']
        seed0 = PVRP_RL_SEED0 + (args.seed * 1_000_003 + self.step) * args.batch % 900_000_000
        insts = [sample_pvrp_ts(load_city(cities[int(rng.integers(len(cities)))]), cfg.problem, n, seed0 + b, m, profile)
                 for b in range(args.batch)]
        tb = pvrp_batch(insts, self.device)
        P = min(args.starts or n, n)
        x = self.inputs(tb, int(rng.integers(0, 8)) if args.augment else 0)
        res = pvrp_rollout(self.policy, tb, x, start_pairs(tb, P).to(self.device), 'sample')
        reward = res.reward.float()
        adv = reward - reward.mean(1, keepdim=True)
        loss = -(adv * res.logp).mean()
        self._update(loss)
        return {'loss': float(loss), 'instances': tb.size, 'n': n, 'cost_per_maxT': float(-reward.mean())}

    @torch.no_grad()
    def validate(self, labels: Optional[List[PvrpLabel]]) -> dict:
        args, cfg = self.args, self.cfg
        if self._val is None:
            if labels:
                self._val = ([lab.instance for lab in labels], labels)
            else:
                self._val = (validation_set_pvrp(cfg.problem, args.val_n, 5, args.val_size, self.meta['val_cities'],
                                                 VALIDATION_SEED0), None)
        insts, labs = self._val
        self.policy.eval()
        gen = torch.Generator().manual_seed(VALIDATION_DRAW_SEED)
        decoded = [greedy_every_start(self.policy, inst, gen, self.device) for inst in insts]
        costs = [d.cost for d in decoded]
        stuck = sum(d.stuck for d in decoded)
        self.policy.train()
        out = {'instances': len(insts), 'n': sorted({i.n - 1 for i in insts}), 'm': sorted({i.m for i in insts}),
               'infeasible': stuck, 'decode': 'greedy, every start, no augmentation', 'step': self.step,
               'cities': sorted({i.city for i in insts})}
        if labs:
            gaps = [100 * (c - lab.cost) / lab.travel for c, lab in zip(costs, labs)]
            by_n = _means_by(gaps, [i.n - 1 for i in insts])
            large = [(g, i.profile) for g, i in zip(gaps, insts) if i.n - 1 >= 100]  # furthest from the teacher
            out.update({'gap_pct': float(np.mean(gaps)),
                        'gap_pct_by_n': {str(k): round(v, 3) for k, v in by_n.items()},
                        'gap_pct_n100_by_profile': {k: round(v, 3) for k, v in
                                                    _means_by([g for g, _ in large], [p for _, p in large]).items()},
                        'gap_pct_sizes': float(np.mean(list(by_n.values()))),
                        'gap': '(cost − teacher) / teacher weighted travel term',
                        'reference': 'teacher labels (' + args.val_labels + ')'})
        else:
            out['mean_cost_per_maxT'] = float(np.mean([c / float(np.max(i.duration[np.isfinite(i.duration)]))
                                                       for c, i in zip(costs, insts)]))
        return out

    def run(self, labels: Optional[List[PvrpLabel]], val_labels: Optional[List[PvrpLabel]], out_dir: str,
            deadline: float) -> None:
        args = self.args
        t_start, wall0 = time.time(), self.meta['wall_s']
        il_steps = args.imitation_steps if labels else 0
        total = il_steps + args.rl_steps
        groups: Dict[Tuple[int, int], List[PvrpLabel]] = {}
        for lab in labels or []:
            groups.setdefault((lab.instance.n, lab.instance.m), []).append(lab)
        stop = {'now': False}

        def on_term(signum, frame):  # kill / end of session: finish the step, validate, save
            stop['now'] = True
        previous = signal.signal(signal.SIGTERM, on_term)
        last_log = 0.0
        first_step = self.step
        while self.step < total and time.time() < deadline and not stop['now']:
            set_scheduled_lr(args, self.opt, self.meta, time.time() - t_start, deadline - t_start, self.step - first_step)
            if self.step < il_steps:
                mode, info = 'imitation', self.il_step(groups)
            else:
                mode, info = 'rl', self.rl_step()
            n = info.pop('n')
            self.step += 1
            self.meta['steps'] = self.step
            self.meta['instances'] += info['instances']
            if n not in self.meta['trained_n']:
                self.meta['trained_n'].append(n)
            if not self.meta['phases'] or self.meta['phases'][-1]['phase'] != mode:
                self.meta['phases'].append({'phase': mode, 'from_step': self.step - 1, 'steps': 0})
            self.meta['phases'][-1]['steps'] += 1
            self.meta['wall_s'] = wall0 + time.time() - t_start
            if time.time() - last_log > args.log_every_s:
                last_log = time.time()
                print(json.dumps({'step': self.step, 'mode': mode, 'n': n, **{k: round(v, 4) for k, v in info.items()},
                                  'wall_s': round(self.meta['wall_s'], 1)}), flush=True)
            if args.val_every and self.step % args.val_every == 0:
                self._validate_and_save(val_labels, out_dir)
            elif self.step % args.save_every == 0:
                save_checkpoint(os.path.join(out_dir, 'last.pt'), self.state())
        signal.signal(signal.SIGTERM, previous)
        if self.meta['validation'].get('step') != self.step:
            self._validate_and_save(val_labels, out_dir)
        else:
            save_checkpoint(os.path.join(out_dir, 'last.pt'), self.state())

    def _validate_and_save(self, val_labels, out_dir: str) -> None:
        val = self.validate(val_labels)
        self.meta['history'].append(val)
        self.meta['validation'] = val
        print(json.dumps({'validation': val}), flush=True)
        score = val.get('gap_pct_sizes', val.get('mean_cost_per_maxT', math.inf))
        improved = score < self.best
        if improved:
            self.best = score
        state = self.state()
        save_checkpoint(os.path.join(out_dir, 'last.pt'), state)
        if improved or not os.path.exists(os.path.join(out_dir, 'best.pt')):
            best = dict(state)
            del best['optim']
            save_checkpoint(os.path.join(out_dir, 'best.pt'), best)


VALIDATION_DRAW_SEED = 12345  # the neighbour draws of the validation decode (and camp_diagnose)


@dataclass
class Decoded:
    """The best feasible rollout of greedy_every_start (cost inf when every start got stuck)."""
    cost: float
    travel: float
    actions: List[int]
    stuck: bool


@torch.no_grad()
def greedy_every_start(policy: CampPolicy, inst: PvrpInstance, gen: torch.Generator, device='cpu') -> Decoded:
    """The validation decode of one instance: greedy from every start, no augmentation, neighbours
    drawn from `gen` (one draw per instance, in order)."""
    tb = pvrp_batch([inst], device)
    u = torch.rand(tb.distance.shape, dtype=torch.float64, generator=gen).clamp(1e-12, 1 - 1e-12)
    x = pvrp_inputs(tb, normalise(tb), policy.cfg.k, aug=0, u=u.to(device))
    res = pvrp_rollout(policy, tb, x, start_pairs(tb, tb.nodes - 1).to(device), 'greedy')
    cost = torch.where(res.stuck, torch.full_like(res.cost, math.inf), res.cost)[0]
    i = int(cost.argmin())
    return Decoded(float(cost[i]), float(res.travel_cost[0, i]), res.actions[0, i].tolist(), bool(res.stuck.all()))


def _means_by(values: List[float], keys: list) -> dict:
    """Mean of the values per key, keys in sorted order."""
    groups: dict = {}
    for v, k in zip(values, keys):
        groups.setdefault(k, []).append(v)
    return {k: float(np.mean(groups[k])) for k in sorted(groups)}


def _shuffle_trips(seq: List[int], N: int, rng: np.random.Generator) -> None:
    """Reorders, in place, the trips of each vehicle of a vehicle-major pair sequence."""
    out, i = [], 0
    while i < len(seq):
        k = seq[i] // N
        trips, cur = [], []
        while i < len(seq) and seq[i] // N == k:
            cur.append(seq[i])
            if seq[i] % N == 0:
                trips.append(cur)
                cur = []
            i += 1
        if cur:
            trips.append(cur)
        for t in rng.permutation(len(trips)):
            out += trips[t]
    seq[:] = out


# ----------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--problem', choices=PVRP_PROBLEMS)
    ap.add_argument('--resume', action='store_true', help='continue from <out>/last.pt if it exists')
    ap.add_argument('--device', default='auto')
    ap.add_argument('--threads', type=int, default=None)
    ap.add_argument('--preset', default='small', choices=['small', 'tiny'])
    ap.add_argument('--d', type=int)
    ap.add_argument('--layers', type=int)
    ap.add_argument('--k', type=int)
    ap.add_argument('--heads', type=int)
    ap.add_argument('--dec-ffn', type=int, help='decoder feed-forward width (64 cuts the step graph ~20 %%, BENCHMARKS.md)')
    ap.add_argument('--batch', type=int, default=16)
    ap.add_argument('--lr', type=float, default=4e-4)
    ap.add_argument('--grad-clip', type=float, default=1.0)
    ap.add_argument('--no-augment', dest='augment', action='store_false')
    ap.add_argument('--imitation', help='comma-separated label files (scripts/neural-labels.ts --problem pvrp-*)')
    ap.add_argument('--imitation-steps', type=int, default=20000)
    ap.add_argument('--il-sequences', type=int, default=4, help='equivalent teacher sequences per label per step')
    ap.add_argument('--teacher-order', choices=['vehicle', 'interleaved'], default='vehicle',
                    help='imitation sequences vehicle by vehicle, or interleaved (pvrp_env.interleave_pairs)')
    ap.add_argument('--il-n-weight', type=float, default=0.0,
                    help='draw an imitation batch of size n with weight (labels of that size) × n^W')
    ap.add_argument('--rl-steps', type=int, default=0, help='POMO REINFORCE steps after imitation')
    ap.add_argument('--rl-n', default='50:100', help='RL instance sizes, lo:hi clients')
    ap.add_argument('--starts', type=int, default=0, help='POMO starts per RL instance (0 = every client)')
    ap.add_argument('--cities', help='comma-separated training cities (RL batches)')
    ap.add_argument('--val-labels', help='labels of the held-out cities: validate on them (gap to the teacher)')
    ap.add_argument('--val-cities', help='comma-separated validation cities (without --val-labels)')
    ap.add_argument('--val-size', type=int, default=24)
    ap.add_argument('--val-n', type=int, default=50)
    ap.add_argument('--val-every', type=int, default=200)
    ap.add_argument('--save-every', type=int, default=50)
    ap.add_argument('--log-every-s', type=float, default=10.0)
    ap.add_argument('--minutes', type=float, default=0)
    ap.add_argument('--lr-final', type=float, help='cosine from --lr down to this over the run (train.set_scheduled_lr)')
    ap.add_argument('--warmup-steps', type=int, default=0, help='linear warm-up of each run (train.set_scheduled_lr)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--out', help='checkpoint folder (default models/training/checkpoints/<problem>-camp)')
    ap.add_argument('--init', help='start a fresh run from the weights of this checkpoint')
    ap.add_argument('--export', action='store_true', help='export ONNX + manifest entry when done')
    ap.add_argument('--export-dir')
    ap.add_argument('--smoke', action='store_true')
    return ap


def camp_train_main(args) -> dict:
    device = pick_device(args.device)
    if device.type == 'cpu':
        torch.set_num_threads(args.threads or 1)
    out_dir = args.out or camp_checkpoint_dir(args.problem)
    last, ckpt, cfg = open_run(args, out_dir, CampConfig,
                               lambda: make_camp_config(args.problem, args.preset, d=args.d, layers=args.layers, k=args.k,
                                                        heads=args.heads, dec_ffn=args.dec_ffn))
    labels = read_labels(args, load_pvrp_labels, check_pvrp_labels)
    val_labels = None
    if args.val_labels:
        val_labels = [lab for p in args.val_labels.split(',') for lab in check_pvrp_labels(load_pvrp_labels(p, args.problem))]
        val_labels = val_labels[:args.val_size]
    init = load_checkpoint(args.init) if args.init and ckpt is None else None
    if init is not None:  # the init's architecture (grown layers, profile blocks), not the preset's
        cfg = CampConfig(**init['config'])
        if cfg.problem != args.problem:
            raise SystemExit(f'{args.init} is a {cfg.problem} checkpoint, not {args.problem}')
    trainer = CampTrainer(args, cfg, device, ckpt)
    if init is not None:
        trainer.policy.load_state_dict(init['model'])
        trainer.meta['init'] = init_record(args.init, init)
    if labels:
        trainer.meta['labels'] = labels_meta(args, labels, sorted({lab.instance.n - 1 for lab in labels}),
                                             'sisr, scripts/neural-labels.ts')
    trainer.meta['command'] = 'python -m models.training.train ' + ' '.join(sys.argv[1:])
    print(f'{camp_model_id(cfg)}: {trainer.policy.param_count()} parameters on {hardware(device)}', flush=True)
    deadline = time.time() + args.minutes * 60 if args.minutes else math.inf
    trainer.run(labels, val_labels, out_dir, deadline)
    if args.export:
        from . import camp_export
        export_after(args, out_dir, cfg.problem, camp_export.main)
    return {'problem': cfg.problem, 'step': trainer.step, 'checkpoint': last, 'validation': trainer.meta['validation'],
            'params': trainer.policy.param_count()}


def init_record(path: str, init: dict) -> dict:
    """What a run started with --init carries of its init's lineage (the manifest adds its CPU time,
    labels and phases to the run's own): an RL run from an imitation model is both."""
    meta = init.get('meta', {})
    rec = {'from': path, 'step': init.get('step', 0), 'wall_s': meta.get('wall_s', 0.0) + meta.get('init', {}).get('wall_s', 0.0),
           'labels': meta.get('labels', {}), 'phases': meta.get('phases', []), 'trained_n': meta.get('trained_n', [])}
    if 'grown' in meta:
        rec['grown'] = meta['grown']
    return rec


def smoke_labels(problem: str, n: int, count: int) -> str:
    """A label file of random feasible solutions (the smoke run's stand-in for sisr labels)."""
    from .pvrp_env import random_feasible_pairs
    path = tempfile.mktemp(prefix=f'routelab-{problem}-', suffix='.jsonl')
    rng = np.random.default_rng(0)
    with open(path, 'w') as f:
        for i in range(count):
            city = TRAIN_CITIES[i % len(TRAIN_CITIES)]
            m, profile = 3 + i % 2, PROFILE_GENERATORS[i % 3]
            inst = sample_pvrp_ts(load_city(city), problem, n, 10_000_000 + i, m, profile)
            seq = random_feasible_pairs(inst, rng)
            routes, vehicles, cur = [], [], {}
            for a in seq:
                k, j = divmod(a, inst.n)
                if j == 0:
                    routes.append(cur.pop(k))
                    vehicles.append(k)
                else:
                    cur.setdefault(k, []).append(j)
            for k, r in sorted(cur.items()):
                routes.append(r)
                vehicles.append(k)
            ok, cost, _ = replay_pvrp(inst, teacher_pairs(routes, vehicles, inst.n, range(m)))
            assert ok
            f.write(json.dumps({'city': city, 'problem': problem, 'n': n, 'seed': inst.seed, 'vehicles': m,
                                'profile': profile, 'points': inst.points, 'routes': routes, 'routeVehicles': vehicles,
                                'cost': cost}) + '\n')
    return path


def smoke(args) -> dict:
    """Seconds-long pipeline check: imitation, RL, checkpoint, resume, SIGTERM-free stop, export, manifest."""
    from .camp_export import export_camp_onnx
    from .camp_manifest import camp_entry
    from .manifest import write_entry
    t0 = time.time()
    out = args.out or tempfile.mkdtemp(prefix='routelab-camp-smoke-')
    report = {'out': out, 'problems': {}}
    for problem in ([args.problem] if args.problem else list(PVRP_PROBLEMS)):
        labels = smoke_labels(problem, 10, 6)
        pdir = os.path.join(out, 'checkpoints', f'{problem}-camp')

        def smoke_args(rl_steps: int, resume: bool):
            argv = ['--problem', problem, '--preset', 'tiny', '--device', 'cpu', '--batch', '3', '--imitation', labels,
                    '--imitation-steps', '3', '--rl-steps', str(rl_steps), '--rl-n', '8:10', '--starts', '4',
                    '--val-labels', labels, '--val-size', '3', '--val-every', '0', '--save-every', '1',
                    '--il-sequences', '2', '--out', pdir, '--log-every-s', '1e9']
            return build_parser().parse_args(argv + (['--resume'] if resume else []))

        r1 = camp_train_main(smoke_args(1, False))
        assert r1['step'] == 4, r1
        r2 = camp_train_main(smoke_args(2, True))
        assert r2['step'] == 5 and math.isfinite(r2['validation']['gap_pct']), r2
        ckpt, policy = load_policy(os.path.join(pdir, 'best.pt'), CampConfig, CampPolicy)
        enc = os.path.join(out, f'camp-s-{problem}.encoder.onnx')
        step = os.path.join(out, f'camp-s-{problem}.step.onnx')
        export_camp_onnx(policy, enc, step)
        write_entry(os.path.join(out, 'manifest.json'), camp_entry(ckpt, policy, enc, step, out))
        report['problems'][problem] = {'steps': r2['step'], 'phases': ckpt['meta']['phases'],
                                       'validation': r2['validation'], 'encoder': enc, 'step': step}
        os.remove(labels)
    report['manifest'] = os.path.join(out, 'manifest.json')
    report['seconds'] = round(time.time() - t0, 1)
    print('SMOKE ' + json.dumps(report), flush=True)
    return report


def main(argv=None) -> None:
    args = build_parser().parse_args(argv)
    if args.smoke:
        smoke(args)
        return
    if not args.problem:
        raise SystemExit('--problem is required (pvrp-p or pvrp-zc)')
    print(json.dumps(camp_train_main(args)))


if __name__ == '__main__':
    main()
