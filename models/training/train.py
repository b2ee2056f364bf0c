"""Train (or resume) an RRNCO-S model. One command per model:

  /usr/bin/python3 -m models.training.train --problem atsp    --resume
  /usr/bin/python3 -m models.training.train --problem acvrp   --resume
  /usr/bin/python3 -m models.training.train --problem acvrptw --resume

(from the repository root; add ``--device cuda`` on a GPU, ``--minutes M`` to stop cleanly after
M minutes, ``--export`` to write the ONNX files and the manifest entry at the end). The default
curriculum is POMO REINFORCE at N = 20, then 50, then 100; ``--imitation labels.jsonl`` trains
by cross-entropy on classical solutions first (labels: scripts/neural-labels.ts). Checkpoints go
to models/training/checkpoints/<problem>/ (last.pt every --save-every steps and at exit, best.pt
on the best validation cost); ``--resume`` continues from last.pt, curriculum position included.

PVRP-P / PVRP-ZC (``--problem pvrp-p|pvrp-zc``) train the CAMP-S model: camp_train.py takes over
the command (its own flags; ``--smoke --problem pvrp-p`` is its smoke run).

``--smoke`` runs the whole pipeline in seconds on CPU with the tiny preset at n = 10 (a few RL
steps, checkpoint, resume, an imitation step, export, manifest) into --out (default a temp dir).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import platform
import signal
import sys
import tempfile
import time
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.distributed as dist

from .data import (PROBLEMS, TRAIN_CITIES, Label, load_labels, sample_batch, sample_instance_ts, load_city, stack,
                   train_rng, validation_set)
from .envs import RoutingEnv, TensorBatch, to_torch
from .features import encoder_inputs, normalise
from .manifest import merge_phases
from .model import ModelConfig, Policy, make_config, rollout, start_actions, teacher_forced

CHECKPOINT_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'checkpoints')
DEFAULT_CURRICULUM = '20:3000,50:6000,100:2000'
SIZE_STREAM = 4241  # numpy stream of the per-step n of a range phase


def checkpoint_dir(problem: str, root: str = CHECKPOINT_ROOT) -> str:
    return os.path.join(root, problem)


def model_id(cfg: ModelConfig) -> str:
    return f'rrnco-s-{cfg.problem}'


def load_checkpoint(path: str) -> dict:
    try:  # torch ≥ 2.6 defaults to weights_only=True; our checkpoints hold plain metadata too
        state = torch.load(path, map_location='cpu', weights_only=False)
    except TypeError:  # torch without the argument
        state = torch.load(path, map_location='cpu')
    return _upcast(state) if isinstance(state, dict) and state.get('compact') else state


def _upcast(obj):
    """A compact (bfloat16) resume file, as written by compact.py, back to fp32."""
    if torch.is_tensor(obj):
        return obj.float() if obj.dtype == torch.bfloat16 else obj
    if isinstance(obj, dict):
        return {k: _upcast(v) for k, v in obj.items() if k != 'compact'}
    if isinstance(obj, (list, tuple)):
        return type(obj)(_upcast(v) for v in obj)
    return obj


def save_checkpoint(path: str, state: dict) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + '.tmp'
    torch.save(state, tmp)
    os.replace(tmp, path)


def load_policy(path: str, config_cls, policy_cls):
    """(checkpoint, policy with its weights) of a checkpoint file; RRNCO-S and CAMP-S alike."""
    ckpt = load_checkpoint(path)
    policy = policy_cls(config_cls(**ckpt['config']))
    policy.load_state_dict(ckpt['model'])
    return ckpt, policy


def open_run(args, out_dir: str, config_cls, fresh):
    """The run folder's last.pt, resumed with --resume where it exists (it must be a checkpoint of
    args.problem), else a fresh config from fresh(); an existing run is never overwritten.
    Returns (last.pt's path, the resumed checkpoint or None, the config). RRNCO-S and CAMP-S."""
    last = os.path.join(out_dir, 'last.pt')
    if args.resume and os.path.exists(last):
        ckpt = load_checkpoint(last)
        cfg = config_cls(**ckpt['config'])
        if cfg.problem != args.problem:
            raise SystemExit(f'{last} is a {cfg.problem} checkpoint, not {args.problem}')
        print(f'resuming {last} at step {ckpt["step"]}', flush=True)
        return last, ckpt, cfg
    if os.path.exists(last):
        raise SystemExit(f'{last} exists: pass --resume to continue it, or --out elsewhere')
    return last, None, fresh()


def restore(policy: torch.nn.Module, opt: torch.optim.Optimizer, ckpt: dict, lr: float) -> Tuple[int, Dict, float]:
    """A resumed checkpoint's weights and optimiser state (at this run's --lr); returns its
    (step, meta, best validation score)."""
    policy.load_state_dict(ckpt['model'])
    opt.load_state_dict(ckpt['optim'])
    for g in opt.param_groups:
        g['lr'] = lr
    return ckpt['step'], ckpt['meta'], ckpt.get('best', math.inf)


def read_labels(args, load, check) -> Optional[list]:
    """The --imitation label files (comma-separated), each checked; None without --imitation."""
    if not args.imitation:
        return None
    labels = []
    for path in args.imitation.split(','):
        labels += check(load(path, args.problem))
    if not labels:
        raise SystemExit(f'{args.imitation}: no usable {args.problem} labels')
    return labels


def labels_meta(args, labels: list, sizes: List[int], teacher: str) -> Dict:
    """meta['labels'] of a run that imitates: files, count, sizes, labels per city, the teacher."""
    by_city: Dict[str, int] = {}
    for lab in labels:
        by_city[lab.instance.city] = by_city.get(lab.instance.city, 0) + 1
    return {'files': args.imitation.split(','), 'count': len(labels), 'sizes': sizes, 'byCity': by_city,
            'teacher': teacher}


def pick_labels(groups: Dict, batch: int, rng: np.random.Generator, n_weight: float = 0.0,
                n_of: Callable[[Any], int] = lambda key: key) -> list:
    """An imitation batch: one group of same-shape labels, drawn ∝ its label count × n^n_weight
    (n = n_of(group key); n_weight > 0 spends more steps on the larger instances, which a model
    trained mostly on small ones generalises to worst), then up to `batch` labels of it without
    replacement."""
    keys = sorted(groups)
    weights = np.array([len(groups[k]) * float(n_of(k)) ** n_weight for k in keys], dtype=np.float64)
    group = groups[keys[int(rng.choice(len(keys), p=weights / weights.sum()))]]
    pick = rng.choice(len(group), size=min(batch, len(group)), replace=False)
    return [group[i] for i in pick]


def teacher_tensor(seqs: List[List[List[int]]], sequences: int) -> torch.Tensor:
    """[B, P, T] action sequences, zero-padded to the longest (B labels × P sequences each)."""
    T = max(len(s) for ss in seqs for s in ss)
    teacher = torch.zeros(len(seqs), sequences, T, dtype=torch.long)
    for b, ss in enumerate(seqs):
        for p, s in enumerate(ss):
            teacher[b, p, :len(s)] = torch.tensor(s)
    return teacher


def export_after(args, out_dir: str, problem: str, export_main) -> None:
    """--export: exports the run's best.pt (into --export-dir where given) with an export CLI's main."""
    argv = ['--problem', problem, '--checkpoint', os.path.join(out_dir, 'best.pt')]
    if args.export_dir:
        argv += ['--out', args.export_dir]
    export_main(argv)


def parse_curriculum(text: str) -> List[Tuple[Tuple[int, int], int]]:
    """'n:steps,...' phases; n may be a range 'lo-hi' (each step draws its n uniformly in it)."""
    out = []
    for part in text.split(','):
        n, steps = part.split(':')
        lo, _, hi = n.partition('-')
        out.append(((int(lo), int(hi or lo)), int(steps)))
    return out


def phase_at(curriculum: Sequence[Tuple[Tuple[int, int], int]], step: int) -> Optional[Tuple[int, Tuple[int, int]]]:
    """(phase index, (lo, hi) sizes) for a global step, or None when the curriculum is finished."""
    acc = 0
    for i, (n, steps) in enumerate(curriculum):
        acc += steps
        if step < acc:
            return i, n
    return None


def phase_n(sizes: Tuple[int, int], run_seed: int, step: int) -> int:
    """The step's n: fixed, or drawn in [lo, hi] from a stream of its own (resumes draw the same)."""
    lo, hi = sizes
    return lo if lo == hi else int(np.random.default_rng([SIZE_STREAM, run_seed, step]).integers(lo, hi + 1))


def hardware(device: torch.device) -> str:
    if device.type == 'cuda':
        return f'{torch.cuda.get_device_name(device)} (CUDA, torch {torch.__version__})'
    return f'CPU {platform.machine()} × {torch.get_num_threads()} threads (torch {torch.__version__})'


# ----------------------------------------------------------------------------------------------
# Teacher sequences for imitation


def teacher_sequence(problem: str, routes: List[List[int]]) -> List[int]:
    if problem == 'atsp':
        return list(routes[0])
    seq: List[int] = []
    for r in routes:
        seq += list(r) + [0]
    return seq


def augmented_sequences(problem: str, routes: List[List[int]], count: int, rng: np.random.Generator) -> List[List[int]]:
    """Equivalent action sequences of one solution: ATSP tour rotations; VRP route orders."""
    out = []
    if problem == 'atsp':
        tour = list(routes[0])
        offs = rng.permutation(len(tour))[:count] if count <= len(tour) else rng.integers(0, len(tour), count)
        for o in offs:
            out.append(tour[o:] + tour[:o])
    else:
        for i in range(count):
            order = rng.permutation(len(routes)) if i else np.arange(len(routes))
            out.append(teacher_sequence(problem, [routes[j] for j in order]))
    return out


def reverse_sequence(problem: str, seq: List[int]) -> List[int]:
    """The same solution driven backwards (on D^T it costs what `seq` costs on D)."""
    if problem == 'atsp':
        return list(reversed(seq))
    routes, cur = [], []
    for a in seq:
        if a == 0:
            routes.append(cur)
            cur = []
        else:
            cur.append(a)
    return teacher_sequence(problem, [list(reversed(r)) for r in routes])


def transpose_batch(tb: TensorBatch) -> TensorBatch:
    return dataclasses.replace(tb, distance=tb.distance.transpose(1, 2).contiguous(),
                               duration=tb.duration.transpose(1, 2).contiguous())


def replay(inst, seq: List[int]) -> Tuple[bool, float]:
    """Replays a sequence through the env (P = 1): (every action allowed, final cost)."""
    tb = to_torch(stack([inst]))
    env = RoutingEnv(tb, 1)
    for a in seq:
        m = env.mask()
        if not bool(m[0, 0, a]):
            return False, math.nan
        env.step(torch.tensor([[a]]))
    return bool(env.done.all()) and not bool(env.stuck().any()), float(env.cost[0, 0])


def check_labels(labels: List[Label], chunk: int = 256) -> List[Label]:
    """Keeps the labels whose action sequence the Python env accepts with the label's cost.
    Replayed in batches of one size (one env step per action position for a whole chunk): the
    per-label replay took minutes for ~10 k labels."""
    good: List[Label] = []
    by_n: Dict[int, List[Label]] = {}
    for lab in labels:
        by_n.setdefault(lab.instance.n, []).append(lab)
    for group in by_n.values():
        for i in range(0, len(group), chunk):
            part = group[i:i + chunk]
            seqs = [teacher_sequence(lab.instance.problem, lab.routes) for lab in part]
            ok, cost = replay_batch([lab.instance for lab in part], seqs)
            for lab, k, c in zip(part, ok, cost):
                if k and abs(c - lab.cost) <= 1e-6 * max(1.0, abs(lab.cost)):
                    good.append(lab)
                else:
                    print(f'warning: label {lab.instance.city} seed {lab.instance.seed} does not replay '
                          f'(allowed={k}, cost {c} vs {lab.cost}); skipped', file=sys.stderr)
    return good


def replay_batch(instances, seqs: List[List[int]]) -> Tuple[List[bool], List[float]]:
    """`replay` for many instances of one size at once: (every action allowed, final cost) each."""
    tb = to_torch(stack(instances))
    env = RoutingEnv(tb, 1)
    T = max(len(s) for s in seqs)
    pad = 0 if tb.problem != 'atsp' else -1
    actions = torch.full((len(seqs), T), pad, dtype=torch.long)
    for b, s in enumerate(seqs):
        actions[b, :len(s)] = torch.tensor(s)
    allowed = torch.ones(len(seqs), dtype=torch.bool)
    for t in range(T):
        a = actions[:, t]
        live = (a >= 0) & ~env.done[:, 0]
        m = env.mask()[:, 0]
        ok_t = m.gather(1, a.clamp(min=0)[:, None]).squeeze(1)
        allowed &= ~live | ok_t
        env.step(torch.where(live, a, m.float().argmax(-1))[:, None])
    finished = env.done[:, 0] & ~env.stuck()[:, 0]
    return (allowed & finished).tolist(), env.cost[:, 0].tolist()


# ----------------------------------------------------------------------------------------------


@dataclasses.dataclass
class World:
    """Data-parallel replicas under torchrun (WORLD_SIZE > 1): gloo on CPU, NCCL on CUDA. Each
    rank trains on its own batches; gradients are averaged with one all-reduce per step, so every
    replica takes the same Adam step and stays identical. Rank 0 logs, validates and saves."""
    rank: int = 0
    size: int = 1

    @property
    def main(self) -> bool:
        return self.rank == 0

    def average_gradients(self, params) -> None:
        if self.size == 1:
            return
        grads = [p.grad if p.grad is not None else torch.zeros_like(p) for p in params]
        flat = torch.cat([g.reshape(-1) for g in grads])
        dist.all_reduce(flat)
        flat /= self.size
        off = 0
        for p, g in zip(params, grads):
            k = g.numel()
            p.grad = flat[off:off + k].view_as(p).clone()
            off += k

    def any(self, flag: bool) -> bool:
        """True on every rank when it is true on one (so that all stop at the same step)."""
        if self.size == 1:
            return flag
        t = torch.tensor([1.0 if flag else 0.0])
        dist.all_reduce(t, op=dist.ReduceOp.MAX)
        return bool(t.item() > 0)

    def broadcast_weights(self, module: torch.nn.Module) -> None:
        if self.size > 1:
            for t in module.state_dict().values():
                dist.broadcast(t, 0)

    def in_sync(self, module: torch.nn.Module) -> bool:
        """Every replica holds the same weights (checked at the end of a run)."""
        if self.size == 1:
            return True
        flat = torch.cat([t.detach().float().reshape(-1).cpu() for t in module.state_dict().values()])
        lo, hi = flat.clone(), flat.clone()
        dist.all_reduce(lo, op=dist.ReduceOp.MIN)
        dist.all_reduce(hi, op=dist.ReduceOp.MAX)
        return bool((hi - lo).abs().max() == 0)


def init_world(device_name: str) -> Tuple[World, str]:
    size = int(os.environ.get('WORLD_SIZE', '1'))
    if size <= 1:
        return World(), device_name
    rank = int(os.environ['RANK'])
    cuda = device_name.startswith('cuda') or (device_name == 'auto' and torch.cuda.is_available())
    if not dist.is_initialized():
        dist.init_process_group('nccl' if cuda else 'gloo')
    if cuda:
        local = int(os.environ.get('LOCAL_RANK', '0'))
        torch.cuda.set_device(local)
        device_name = f'cuda:{local}'
    return World(rank, size), device_name


def set_scheduled_lr(args, opt, meta: dict, elapsed: float, span: float, run_step: int) -> None:
    """--lr-final: cosine from --lr down to it over this run's --minutes. Runs are bounded by
    wall time (sessions), not by a step count, so the schedule is one of time; a resumed run
    starts again from --lr (a warm restart). --warmup-steps ramps the first steps of every run
    up linearly: full-rate imitation steps on a model trained by RL first threw the ACVRPTW
    model from 12 % to 48 % gap in 3 steps (session 4). Both trainers (RRNCO-S, CAMP-S) use it."""
    final, warm = args.lr_final, args.warmup_steps
    if final is None and not warm:
        return
    lr = args.lr
    if final is not None and math.isfinite(span) and span > 0:
        frac = min(1.0, max(0.0, elapsed / span))
        lr = final + (lr - final) * 0.5 * (1 + math.cos(math.pi * frac))
    if warm:
        lr *= min(1.0, (run_step + 1) / warm)
    for g in opt.param_groups:
        g['lr'] = lr
    meta['lr'] = lr


class Trainer:
    def __init__(self, args, cfg: ModelConfig, device: torch.device, ckpt: Optional[dict] = None,
                 world: Optional[World] = None):
        self.args = args
        self.world = world or World()
        self.cfg = cfg
        self.device = device
        self.train_cities = args.cities.split(',') if getattr(args, 'cities', None) else list(TRAIN_CITIES)
        self.val_cities = args.val_cities.split(',') if getattr(args, 'val_cities', None) else list(TRAIN_CITIES)
        self.policy = Policy(cfg).to(device)
        self.opt = torch.optim.Adam(self.policy.parameters(), lr=args.lr, weight_decay=args.weight_decay)
        self.step = 0
        self.meta: Dict = {'steps': 0, 'instances': 0, 'wall_s': 0.0, 'hardware': [], 'trained_n': [],
                           'phases': [], 'validation': {}, 'history': [], 'cities': self.train_cities,
                           'val_cities': self.val_cities,
                           'algorithm': 'POMO REINFORCE with shared baseline' + (
                               ' after imitation of classical labels' if args.imitation else '')}
        self.best = math.inf
        if ckpt is not None:
            self.step, self.meta, self.best = restore(self.policy, self.opt, ckpt, args.lr)
            self.train_cities, self.val_cities = self.meta['cities'], self.meta.get('val_cities', self.meta['cities'])
        hw = hardware(device)
        if hw not in self.meta['hardware']:
            self.meta['hardware'].append(hw)
        self.val_cache: Dict[int, list] = {}

    # ------------------------------------------------------------------------------------------
    def state(self) -> dict:
        return {'config': self.cfg.to_dict(), 'model': self.policy.state_dict(), 'optim': self.opt.state_dict(),
                'step': self.step, 'meta': self.meta, 'best': self.best}

    def features(self, tb, aug: int, gen: Optional[torch.Generator] = None):
        norm = normalise(tb)
        return encoder_inputs(self.cfg.problem, tb, norm, self.cfg.k, aug=aug, generator=gen)

    def rng(self) -> np.random.Generator:
        """This step's batch stream; rank r > 0 of a data-parallel run draws from seed + 7919·r."""
        return train_rng(self.args.seed + 7919 * self.world.rank, self.step)

    def rl_step(self, n: int) -> dict:
        args, cfg = self.args, self.cfg
        rng = self.rng()
        batch = sample_batch(cfg.problem, n, args.batch, rng, self.train_cities)
        tb = to_torch(batch, self.device)
        N = tb.nodes
        P = min(args.starts or N, N if cfg.problem == 'atsp' else N - 1)
        enc = self.features(tb, int(rng.integers(0, 8)) if args.augment else 0)
        starts = start_actions(cfg.problem, tb.size, N, P, self.device)
        with self._autocast():
            res = rollout(self.policy, tb, enc, starts, 'sample')
        reward = res.reward.float()
        adv = reward - reward.mean(1, keepdim=True)
        loss = -(adv * res.logp).mean()
        self._update(loss)
        return {'loss': float(loss), 'cost_km': float(res.cost.mean()) / 1000, 'instances': tb.size}

    def il_step(self, labels: List[Label]) -> dict:
        """One imitation step: a batch of labels of one size n (drawn ∝ how many labels have it),
        `--il-sequences` equivalent action sequences each, all teacher-forced in one decoder call."""
        args, cfg = self.args, self.cfg
        rng = self.rng()
        chosen = pick_labels(self.label_groups(labels), args.batch, rng)
        tb = to_torch(stack([c.instance for c in chosen]), self.device)
        P = args.il_sequences
        seqs = [augmented_sequences(cfg.problem, c.routes, P, rng) for c in chosen]
        # D^T is the city with every one-way reversed, and a reversed solution costs on it exactly
        # what the solution costs on D: a free second city per label (not for time windows).
        if args.transpose and cfg.problem != 'acvrptw' and rng.random() < 0.5:
            tb = transpose_batch(tb)
            seqs = [[reverse_sequence(cfg.problem, s) for s in ss] for ss in seqs]
        teacher = teacher_tensor(seqs, P).to(self.device)
        enc = self.features(tb, int(rng.integers(0, 8)) if args.augment else 0)
        with self._autocast():
            res = teacher_forced(self.policy, tb, enc, teacher)
        loss = -res.logp.sum() / res.steps.sum().clamp(min=1)
        self._update(loss)
        return {'loss': float(loss), 'cost_km': float(res.cost.mean()) / 1000, 'instances': tb.size,
                'n': tb.nodes - (0 if cfg.problem == 'atsp' else 1)}

    def label_groups(self, labels: List[Label]) -> Dict[int, List[Label]]:
        if getattr(self, '_groups_of', None) is not labels:
            groups: Dict[int, List[Label]] = {}
            for lab in labels:
                groups.setdefault(lab.instance.n, []).append(lab)
            self._groups, self._groups_of = groups, labels
        return self._groups

    def _autocast(self):
        if self.args.amp and self.device.type == 'cuda':
            return torch.autocast('cuda', dtype=torch.bfloat16)
        return torch.autocast('cpu', enabled=False)

    def _update(self, loss: torch.Tensor) -> None:
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.world.average_gradients(list(self.policy.parameters()))
        torch.nn.utils.clip_grad_norm_(self.policy.parameters(), self.args.grad_clip)
        self.opt.step()

    # ------------------------------------------------------------------------------------------
    @torch.no_grad()
    def validate(self, n: int) -> dict:
        """Greedy POMO (all starts, no augmentation) on the fixed validation set for n; with
        `--val-labels` (labels of the held-out cities) the set is those instances at any n, and the
        result includes the mean gap to the teacher's cost."""
        args, cfg = self.args, self.cfg
        key = -1 if args.val_labels else n
        if key not in self.val_cache:
            if args.val_labels:
                labs = [lab for path in args.val_labels.split(',') for lab in load_labels(path, cfg.problem)][:args.val_size]
                self.val_cache[key] = ([lab.instance for lab in labs], [lab.cost for lab in labs])
            else:
                self.val_cache[key] = (validation_set(cfg.problem, n, args.val_size, self.val_cities), None)
        insts, refs = self.val_cache[key]
        self.policy.eval()
        costs, stuck = [], 0
        gen = torch.Generator(device='cpu').manual_seed(12345)
        by_n: Dict[int, List[int]] = {}
        for i, inst in enumerate(insts):
            by_n.setdefault(inst.n, []).append(i)
        costs = [math.inf] * len(insts)
        for idx in by_n.values():
            for j in range(0, len(idx), args.batch):
                part = idx[j:j + args.batch]
                tb = to_torch(stack([insts[i] for i in part]), self.device)
                N = tb.nodes
                P = N if cfg.problem == 'atsp' else N - 1
                if args.val_starts:
                    P = min(P, args.val_starts)
                norm = normalise(tb)
                enc = encoder_inputs(cfg.problem, tb, norm, cfg.k, aug=0,
                                     u=torch.rand(tb.distance.shape, dtype=torch.float64, generator=gen)
                                     .clamp(1e-12, 1 - 1e-12).to(self.device))
                res = rollout(self.policy, tb, enc, start_actions(cfg.problem, tb.size, N, P, self.device), 'greedy')
                cost = torch.where(res.stuck, torch.full_like(res.cost, math.inf), res.cost)
                for i, c in zip(part, (cost.min(1).values / 1000).tolist()):
                    costs[i] = c
                stuck += int(res.stuck.all(1).sum())
        self.policy.train()
        # with label files the sizes are the labels' own, not the training step's n
        out = {'n': n if refs is None else sorted({inst.n for inst in insts}), 'instances': len(insts), 'mean_cost_km': float(np.mean(costs)), 'infeasible': stuck,
               'decode': f"greedy, {f'{args.val_starts} spread' if args.val_starts else 'all POMO'} starts, no augmentation",
               'step': self.step}
        if refs is not None:
            gaps = [100 * (c * 1000 / r - 1) for c, r in zip(costs, refs)]
            out.update({'gap_pct': float(np.mean(gaps)), 'reference': 'teacher labels (' + args.val_labels + ')',
                        'cities': sorted({inst.city for inst in insts}), 'wall_s': round(self.meta['wall_s'], 1)})
        return out

    # ------------------------------------------------------------------------------------------
    def run(self, curriculum, labels: Optional[List[Label]], out_dir: str, deadline: float) -> None:
        args = self.args
        t_start = time.time()
        wall0 = self.meta['wall_s']
        il_steps = args.imitation_steps if labels else 0
        last_log = 0.0
        stop = {'now': False}
        first_step = self.step

        def on_term(signum, frame):  # kill / end of session: finish the step, validate, save
            stop['now'] = True
        previous = signal.signal(signal.SIGTERM, on_term)
        while not self.world.any(time.time() >= deadline or stop['now']):
            set_scheduled_lr(self.args, self.opt, self.meta, time.time() - t_start, deadline - t_start, self.step - first_step)
            if self.step < il_steps:
                info = self.il_step(labels)
                mode, n = 'imitation', info.pop('n')
                sizes = (n, n)
            else:
                ph = phase_at(curriculum, self.step - il_steps)
                if ph is None:
                    break
                mode, sizes = 'rl', ph[1]
                n = phase_n(sizes, args.seed, self.step)
                info = self.rl_step(n)
            self.step += 1
            self.meta['steps'] = self.step
            self.meta['instances'] += info['instances'] * self.world.size
            for v in sizes:
                if v not in self.meta['trained_n']:
                    self.meta['trained_n'].append(v)
            phase = f'{mode} n={sizes[0]}' + (f'-{sizes[1]}' if sizes[1] != sizes[0] else '')
            if not self.meta['phases'] or self.meta['phases'][-1]['phase'] != phase:
                self.meta['phases'].append({'phase': phase, 'from_step': self.step - 1, 'steps': 0})
            self.meta['phases'][-1]['steps'] += 1
            self.meta['phases'] = merge_phases(self.meta['phases'])
            self.meta['wall_s'] = wall0 + time.time() - t_start
            now = time.time()
            if now - last_log > args.log_every_s and self.world.main:
                last_log = now
                print(json.dumps({'step': self.step, 'mode': mode, 'n': n, **{k: round(v, 4) for k, v in info.items()},
                                  'lr': float(f"{self.opt.param_groups[0]['lr']:.3g}"),
                                  'wall_s': round(self.meta['wall_s'], 1)}), flush=True)
            if not self.world.main:
                continue
            if args.val_every and self.step % args.val_every == 0:
                self._validate_and_save(n, out_dir)
            elif self.step % args.save_every == 0:
                save_checkpoint(os.path.join(out_dir, 'last.pt'), self.state())
        signal.signal(signal.SIGTERM, previous)
        ph = phase_at(curriculum, max(0, self.step - il_steps - 1))
        final_n = (ph[1] if ph else curriculum[-1][0])[1]
        if self.world.size > 1:
            self.meta['data_parallel'] = {'world_size': self.world.size, 'backend': dist.get_backend(),
                                          'replicas_in_sync': self.world.in_sync(self.policy)}
        if self.world.main:
            self._validate_and_save(final_n, out_dir)

    def _validate_and_save(self, n: int, out_dir: str) -> None:
        """Validates at n (or --val-n); best.pt (weights only) keeps the best mean cost at the largest n."""
        n = self.args.val_n or n
        val = self.validate(n)
        self.meta['history'].append(val)
        self.meta['validation'] = val
        print(json.dumps({'validation': val}), flush=True)
        score = val.get('gap_pct', val['mean_cost_km'])
        if self.args.val_labels:
            n = -1  # one fixed held-out set: compare gaps across sizes
        best_n = self.meta.get('best_n')
        improved = best_n is None or n > best_n or (n == best_n and score < self.best)
        if improved:
            self.best = score
            self.meta['best_n'] = n
        state = self.state()
        save_checkpoint(os.path.join(out_dir, 'last.pt'), state)
        if improved:
            best = dict(state)
            del best['optim']  # weights only: small enough to bring back from a GPU machine
            save_checkpoint(os.path.join(out_dir, 'best.pt'), best)


# ----------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--problem', choices=PROBLEMS)
    ap.add_argument('--resume', action='store_true', help='continue from <checkpoints>/last.pt if it exists')
    ap.add_argument('--device', default='auto', help='cpu, cuda or auto (cuda when available)')
    ap.add_argument('--threads', type=int, default=None, help='torch CPU threads (default 1; set OPENBLAS_NUM_THREADS=1)')
    ap.add_argument('--preset', default='small', choices=['small', 'tiny'])
    ap.add_argument('--d', type=int)
    ap.add_argument('--layers', type=int)
    ap.add_argument('--k', type=int)
    ap.add_argument('--curriculum', default=DEFAULT_CURRICULUM, help='n:steps,... (RL phases)')
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--starts', type=int, default=0, help='POMO starts per instance (0 = every node / client)')
    ap.add_argument('--lr', type=float, default=4e-4)
    ap.add_argument('--lr-final', type=float, default=None,
                    help='cosine-decay the learning rate from --lr to this over --minutes (wall time)')
    ap.add_argument('--warmup-steps', type=int, default=0, help='ramp the learning rate up over the first steps of each run')
    ap.add_argument('--weight-decay', type=float, default=1e-6)
    ap.add_argument('--grad-clip', type=float, default=1.0)
    ap.add_argument('--no-augment', dest='augment', action='store_false', help='train on unaugmented coordinates only')
    ap.add_argument('--amp', action='store_true', help='bf16 autocast on CUDA')
    ap.add_argument('--imitation', help='labels .jsonl from scripts/neural-labels.ts: imitation steps first')
    ap.add_argument('--imitation-steps', type=int, default=2000)
    ap.add_argument('--il-sequences', type=int, default=8,
                    help='equivalent teacher sequences per label per step (tour rotations / route orders)')
    ap.add_argument('--no-transpose', dest='transpose', action='store_false',
                    help='imitation: no D^T (reversed) copies of ATSP / ACVRP labels')
    ap.add_argument('--init', help='start a fresh run from the weights of this checkpoint (best.pt / last.pt)')
    ap.add_argument('--cities', help='comma-separated training cities (data/cities/<Name>_data.npz) for RL batches')
    ap.add_argument('--val-labels', help='labels .jsonl of held-out cities: validate on them, report the gap to the teacher, pick best.pt by it')
    ap.add_argument('--val-cities', help='comma-separated cities of the validation set (the held-out cities)')
    ap.add_argument('--minutes', type=float, default=0, help='stop cleanly (checkpoint) after this wall time')
    ap.add_argument('--val-n', type=int, default=0, help='validate at this n (default: the current phase\'s n)')
    ap.add_argument('--val-starts', type=int, default=0,
                    help='greedy starts per validation instance, spread over the clients (0 = every one)')
    ap.add_argument('--val-every', type=int, default=250)
    ap.add_argument('--val-size', type=int, default=64)
    ap.add_argument('--save-every', type=int, default=50)
    ap.add_argument('--log-every-s', type=float, default=10.0)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--out', help='checkpoint folder (default models/training/checkpoints/<problem>)')
    ap.add_argument('--export', action='store_true', help='export ONNX + manifest entry when done')
    ap.add_argument('--export-dir', help='folder for the ONNX files (default models/)')
    ap.add_argument('--smoke', action='store_true', help='a seconds-long end-to-end check of the pipeline (CPU)')
    return ap


def pick_device(name: str) -> torch.device:
    if name == 'auto':
        return torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    if name.startswith('cuda') and not torch.cuda.is_available():
        raise SystemExit('--device cuda: CUDA is not available in this torch build')
    return torch.device(name)


def train_main(args) -> dict:
    world, device_name = init_world(args.device)
    device = pick_device(device_name)
    if device.type == 'cpu':
        torch.set_num_threads(args.threads or 1)
    out_dir = args.out or checkpoint_dir(args.problem)
    last, ckpt, cfg = open_run(args, out_dir, ModelConfig,
                               lambda: make_config(args.problem, args.preset, d=args.d, layers=args.layers, k=args.k))
    init = None
    if args.init and ckpt is None:
        init = load_checkpoint(args.init)
        cfg = ModelConfig(**init['config'])
        if cfg.problem != args.problem:
            raise SystemExit(f'{args.init} is a {cfg.problem} checkpoint, not {args.problem}')
    labels = read_labels(args, load_labels, check_labels)
    trainer = Trainer(args, cfg, device, ckpt, world)
    if labels:
        trainer.meta['labels'] = labels_meta(args, labels, sorted({lab.instance.n for lab in labels}),
                                             'classical (atsp-ils / sisr), scripts/neural-labels.ts')
    if init is not None:
        trainer.policy.load_state_dict(init['model'])
        trainer.meta['init'] = {'from': args.init, 'step': init['step'], 'cities': init['meta'].get('cities')}
    trainer.meta['command'] = 'python -m models.training.train ' + ' '.join(sys.argv[1:])
    deadline = time.time() + args.minutes * 60 if args.minutes else math.inf
    world.broadcast_weights(trainer.policy)
    if world.main:
        print(f'{model_id(cfg)}: {trainer.policy.param_count()} parameters on {hardware(device)}'
              + (f', data-parallel × {world.size} ({dist.get_backend()})' if world.size > 1 else ''), flush=True)
    trainer.run(parse_curriculum(args.curriculum), labels, out_dir, deadline)
    result = {'problem': cfg.problem, 'step': trainer.step, 'checkpoint': last, 'validation': trainer.meta['validation'],
              'rank': world.rank, 'world_size': world.size, 'data_parallel': trainer.meta.get('data_parallel')}
    if world.size > 1:
        dist.destroy_process_group()
        if not world.main:
            return result
    if args.export:
        from . import export as export_mod
        export_after(args, out_dir, cfg.problem, export_mod.main)
    return result


def smoke(args) -> None:
    """Seconds-long pipeline check: RL steps, checkpoint, resume, imitation, export, manifest."""
    t0 = time.time()
    torch.set_num_threads(1)
    out = args.out or tempfile.mkdtemp(prefix='routelab-smoke-')
    problems = [args.problem] if args.problem else list(PROBLEMS)
    report = {'out': out, 'problems': {}}
    from .export import export_onnx
    from .manifest import entry_from_checkpoint, write_entry
    # CPU unless --device says otherwise (on the GPU machine: --smoke --device cuda checks the CUDA path)
    smoke_device = 'cpu' if args.device == 'auto' else args.device
    report['device'] = smoke_device
    for problem in problems:
        pdir = os.path.join(out, 'checkpoints', problem)

        def smoke_args(curriculum: str, resume: bool):
            argv = ['--problem', problem, '--preset', 'tiny', '--device', smoke_device, '--batch', '4',
                    '--curriculum', curriculum, '--val-every', '0', '--val-size', '4', '--save-every', '1',
                    '--out', pdir, '--log-every-s', '1e9']
            return build_parser().parse_args(argv + (['--resume'] if resume else []))

        r1 = train_main(smoke_args('10:3', False))
        assert r1['step'] == 3 and os.path.exists(os.path.join(pdir, 'last.pt')), r1
        before = load_checkpoint(os.path.join(pdir, 'last.pt'))
        # resume: two more steps, in a phase whose n is drawn per step in 8..12, validated from 3 starts
        a2 = smoke_args('10:3,8-12:2', True)
        a2.val_starts = 3
        r2 = train_main(a2)
        after = load_checkpoint(os.path.join(pdir, 'last.pt'))
        assert r2['step'] == 5 and after['meta']['instances'] == before['meta']['instances'] + 8, (r2, after['meta'])
        assert after['meta']['phases'][-1] == {'phase': 'rl n=8-12', 'from_step': 3, 'steps': 2}, after['meta']['phases']
        assert {8, 12} <= set(after['meta']['trained_n']) and r2['validation']['n'] == 12, (after['meta'], r2)
        assert r2['validation']['decode'].startswith('greedy, 3 spread starts'), r2['validation']
        # the compact (bfloat16) resume file that sessions commit loads back as the same state
        from .compact import main as compact_main
        compact_main([os.path.join(pdir, 'last.pt'), os.path.join(pdir, 'resume.pt')])
        packed = load_checkpoint(os.path.join(pdir, 'resume.pt'))
        assert packed['step'] == after['step'] and packed['meta']['instances'] == after['meta']['instances']
        assert max(float((packed['model'][k] - after['model'][k]).abs().max()) for k in after['model']) < 1e-2
        # imitation on labels made here (random feasible sequences) through the same teacher path
        labels = _smoke_labels(problem, 10, 4)
        cfg = ModelConfig(**after['config'])
        trainer = Trainer(a2, cfg, pick_device(smoke_device), after)
        a2.starts = 3
        il = trainer.il_step(labels)
        assert math.isfinite(il['loss']), il
        # export
        enc = os.path.join(out, f'{model_id(cfg)}.encoder.onnx')
        step = os.path.join(out, f'{model_id(cfg)}.step.onnx')
        export_onnx(trainer.policy, enc, step)  # moves the policy to the CPU
        entry = entry_from_checkpoint(trainer.state(), trainer.policy, enc, step, out)
        write_entry(os.path.join(out, 'manifest.json'), entry)
        report['problems'][problem] = {'steps': r2['step'], 'il_loss': il['loss'], 'encoder': enc, 'step': step,
                                       'validation': r2['validation']}
    report['manifest'] = os.path.join(out, 'manifest.json')
    report['seconds'] = round(time.time() - t0, 1)
    print('SMOKE ' + json.dumps(report), flush=True)


def _smoke_labels(problem: str, n: int, count: int) -> List[Label]:
    from .data import LABEL_SEED0
    out = []
    rng = np.random.default_rng(0)
    for i in range(count):
        inst = sample_instance_ts(load_city(TRAIN_CITIES[i % len(TRAIN_CITIES)]), problem, n, LABEL_SEED0 + i)
        seq = random_feasible_sequence(inst, rng)
        routes, cur = [], []
        for a in seq:
            if problem != 'atsp' and a == 0:
                routes.append(cur)
                cur = []
            else:
                cur.append(a)
        if problem == 'atsp':
            routes = [cur]
        ok, cost = replay(inst, seq)
        assert ok
        out.append(Label(inst, routes, cost))
    return out


def random_feasible_sequence(inst, rng: np.random.Generator, depot_bias: float = 0.1) -> List[int]:
    """A random action sequence that the env accepts (fixtures, smoke labels). The depot, when it
    is allowed alongside clients, is chosen with probability `depot_bias`."""
    tb = to_torch(stack([inst]))
    env = RoutingEnv(tb, 1)
    seq = []
    while not env.all_done():
        m = env.mask()[0, 0].numpy()
        allowed = np.nonzero(m)[0]
        clients = [a for a in allowed if not (inst.problem != 'atsp' and a == 0)]
        if inst.problem != 'atsp' and m[0] and clients and rng.random() < depot_bias:
            a = 0
        elif clients:
            a = int(rng.choice(clients))
        else:
            a = int(allowed[0])
        seq.append(a)
        env.step(torch.tensor([[a]]))
    return seq


def _pvrp_problem(argv: Sequence[str]) -> bool:
    """True when the command names PVRP-P / PVRP-ZC: CAMP-S trains those (camp_train.py)."""
    for i, a in enumerate(argv):
        value = a.split('=', 1)[1] if a.startswith('--problem=') else argv[i + 1] if a == '--problem' and i + 1 < len(argv) else None
        if value in ('pvrp-p', 'pvrp-zc'):
            return True
    return False


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if _pvrp_problem(argv):
        from .camp_train import main as camp_main
        camp_main(argv)
        return
    args = build_parser().parse_args(argv)
    if args.smoke:
        smoke(args)
        return
    if not args.problem:
        raise SystemExit('--problem is required (atsp, acvrp or acvrptw)')
    print(json.dumps(train_main(args)))


if __name__ == '__main__':
    main()
