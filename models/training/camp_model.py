"""CAMP-S: a small CAMP-class policy for PVRP-P and PVRP-ZC (README.md, "CAMP-S").

Encoder (one ONNX graph, batch = augmentations):
  nodes     the RRNCO-S road-matrix encoder (model.Encoder.embed: sampled distance rows / columns,
            AFT blocks with the adaptive bias on D', T' and angles), row and column embeddings
            mixed into one node embedding E_j: works on real asymmetric matrices.
  profiles  each vehicle sees every node through its own profile: P_kj = E_j + W_p [p_kj,
            p_kj − mean_k' p_k'j] + V_k, then a feed-forward layer (CAMP's profiled per-agent
            embeddings; USPR's profile embedding). p = preference score (PVRP-P) or allowed
            flag (PVRP-ZC); V_k = W_v [speed_k, capacity_k / max capacity].
  profile attention (prof_layers blocks; 0 in the session-8 models): each vehicle's profiled nodes
            attend to each other (which clients this vehicle likes or may serve, and where they
            lie), then each node's M profiled copies attend to each other (who else likes / may
            serve this client), then an FFN: CAMP's per-agent encoder with agent communication,
            USPR's profile-aware attention. Random profiles are not spatially smooth, so a
            vehicle's clients can only be found by comparing profiled nodes, not from E_j + p.
  vehicles  V_k attends over its own profiled nodes (P_k·), + FFN: the vehicle embedding.
  outputs   node_emb (for the decoder context), vehicle_emb, per-vehicle glimpse keys / values
            and logit keys (from P).
Decoder step (a second graph, batch = augmentations × rollouts):
  q_k       W_c [E_cur_k, vehicle state_k] + V_k;
  comm      one transformer layer over the m vehicles (vehicles attend to each other's state);
  glimpse   q_k attends over its profiled nodes, masked by its own mask row;
  logits    u_kj = g_k · L_kj / √d − α · T'[cur_k, j] / speed_k + γ · p_kj (USPR: the profile
            score added to the logits), 10 · tanh, mask → −1e9, one log-softmax over all (k, j)
            pairs (a joint softmax: no conflicts to resolve).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Optional

import torch
from torch import nn

from .model import Encoder, Policy, forced_logp, mask_bias, pick_actions
from .pvrp_env import PvrpBatch, PvrpEnv
from .pvrp_features import PVRP_NODE_FEATURES, PvrpInputs, time_rows

STATE = 4


@dataclass
class CampConfig:
    problem: str
    d: int = 64
    layers: int = 2
    ffn: int = 128
    k: int = 16
    heads: int = 4
    nab_hidden: int = 16
    dec_ffn: int = 128
    clip: float = 10.0
    comm_layers: int = 1
    prof_layers: int = 0

    # the attributes model.Encoder reads
    node_features = PVRP_NODE_FEATURES
    coord_features = 4
    attr_features = 1
    pair_channels = 4

    @property
    def context(self) -> int:
        return self.d + STATE

    def to_dict(self) -> dict:
        return asdict(self)


CAMP_PRESETS = {
    # the model to train: d = 64 like the committed RRNCO-S models
    'small': dict(d=64, layers=2, ffn=128, k=16, heads=4, nab_hidden=16, dec_ffn=128, comm_layers=1),
    # parity fixtures and the smoke run (with a profile block, so that parity covers it)
    'tiny': dict(d=16, layers=1, ffn=32, k=8, heads=2, nab_hidden=4, dec_ffn=32, comm_layers=1, prof_layers=1),
}


def make_camp_config(problem: str, preset: str = 'small', **over) -> CampConfig:
    kw = dict(CAMP_PRESETS[preset])
    kw.update({k: v for k, v in over.items() if v is not None})
    return CampConfig(problem=problem, **kw)


def _split(x: torch.Tensor, h: int) -> torch.Tensor:
    """(..., L, d) → (..., h, L, d/h)."""
    shape = x.shape
    return x.reshape(shape[:-1] + (h, shape[-1] // h)).transpose(-2, -3)


def _merge(x: torch.Tensor) -> torch.Tensor:
    """(..., h, L, dh) → (..., L, h·dh)."""
    x = x.transpose(-2, -3)
    return x.reshape(x.shape[:-2] + (x.shape[-2] * x.shape[-1],))


class FFN(nn.Module):
    def __init__(self, d: int, hidden: int):
        super().__init__()
        self.norm = nn.LayerNorm(d)
        self.net = nn.Sequential(nn.Linear(d, hidden), nn.ReLU(), nn.Linear(hidden, d))

    def forward(self, x):
        return x + self.net(self.norm(x))


class Attention(nn.Module):
    """Pre-norm multi-head attention with a residual; queries (..., Lq, d), keys (..., Lk, d)."""

    def __init__(self, d: int, heads: int):
        super().__init__()
        self.h = heads
        self.nq = nn.LayerNorm(d)
        self.nk = nn.LayerNorm(d)
        self.q = nn.Linear(d, d, bias=False)
        self.kv = nn.Linear(d, 2 * d, bias=False)
        self.out = nn.Linear(d, d)
        self.scale = 1.0 / math.sqrt(d // heads)

    def forward(self, x, ctx):
        q = _split(self.q(self.nq(x)), self.h)
        k, v = self.kv(self.nk(ctx)).chunk(2, -1)
        s = torch.matmul(q, _split(k, self.h).transpose(-1, -2)) * self.scale
        return x + self.out(_merge(torch.matmul(torch.softmax(s, -1), _split(v, self.h))))


class NodeEncoder(Encoder):
    """model.Encoder without its pointer keys: CAMP-S makes its own, per vehicle."""

    def __init__(self, cfg):
        super().__init__(cfg)
        del self.keys


class ProfileBlock(nn.Module):
    """(B, M, N, d) → same: attention over the nodes of one vehicle, then over the vehicles of one node."""

    def __init__(self, d: int, heads: int, ffn: int):
        super().__init__()
        self.over_nodes = Attention(d, heads)
        self.over_vehicles = Attention(d, heads)
        self.ffn = FFN(d, ffn)

    def forward(self, p):
        p = self.over_nodes(p, p)
        q = p.transpose(1, 2)
        p = self.over_vehicles(q, q).transpose(1, 2)
        return self.ffn(p)


class CampEncoder(nn.Module):
    def __init__(self, cfg: CampConfig):
        super().__init__()
        self.cfg = cfg
        d = cfg.d
        self.nodes = NodeEncoder(cfg)
        self.node_mix = nn.Linear(2 * d, d)
        self.prof = nn.Linear(2, d)
        self.veh = nn.Linear(2, d)
        self.prof_ffn = FFN(d, cfg.ffn)
        self.prof_blocks = nn.ModuleList([ProfileBlock(d, cfg.heads, cfg.ffn) for _ in range(cfg.prof_layers)])
        self.veh_att = Attention(d, cfg.heads)
        self.veh_ffn = FFN(d, cfg.ffn)
        self.keys = nn.Linear(d, 3 * d, bias=False)

    def forward(self, nodes, row_feat, col_feat, dist, angle, dur, profile, vehicles):
        cfg = self.cfg
        row, col = self.nodes.embed(nodes, row_feat, col_feat, dist, angle, dur)
        e = self.node_mix(torch.cat([row, col], -1))  # (B, N, d)
        rel = profile - profile.mean(1, keepdim=True)
        v = self.veh(vehicles)  # (B, M, d)
        p = e[:, None] + self.prof(torch.stack([profile, rel], -1)) + v[:, :, None]  # (B, M, N, d)
        p = self.prof_ffn(p)
        for block in self.prof_blocks:
            p = block(p)
        v = self.veh_ffn(self.veh_att(v[:, :, None, :], p).squeeze(2))
        gk, gv, lk = self.keys(p).chunk(3, -1)
        return e, v, _split(gk, cfg.heads), _split(gv, cfg.heads), lk


class CampStep(nn.Module):
    def __init__(self, cfg: CampConfig):
        super().__init__()
        self.cfg = cfg
        d = cfg.d
        self.query = nn.Linear(cfg.context, d, bias=False)
        self.comm = nn.ModuleList([Attention(d, cfg.heads) for _ in range(cfg.comm_layers)])
        self.comm_ffn = nn.ModuleList([FFN(d, cfg.dec_ffn) for _ in range(cfg.comm_layers)])
        self.mlp = nn.Sequential(nn.Linear(d, cfg.dec_ffn), nn.ReLU(), nn.Linear(cfg.dec_ffn, d))
        self.alpha = nn.Parameter(torch.ones(()))
        self.gamma = nn.Parameter(torch.ones(()))
        self.scale_head = 1.0 / math.sqrt(d // cfg.heads)
        self.scale = 1.0 / math.sqrt(d)

    def forward(self, context, mask, time_row, profile, vehicle_emb, gk, gv, lk):
        """context (A, S, M, C), mask / time_row (A, S, M, N), profile (A, M, N) → log_probs (A, S, M·N)."""
        cfg = self.cfg
        bias = mask_bias(mask, context)  # (A, S, M, N): added, not a Where over the heads (model.mask_bias)
        x = self.query(context) + vehicle_emb[:, None]  # (A, S, M, d)
        for att, ffn in zip(self.comm, self.comm_ffn):
            x = ffn(att(x, x))
        h = cfg.heads
        qh = x.reshape(x.shape[:-1] + (h, x.shape[-1] // h)).permute(0, 2, 3, 1, 4)  # (A, M, h, S, dh)
        s = torch.matmul(qh, gk.transpose(-1, -2)) * self.scale_head  # (A, M, h, S, N)
        s = s + bias.permute(0, 2, 1, 3)[:, :, None]
        o = torch.matmul(torch.softmax(s, -1), gv)  # (A, M, h, S, dh)
        o = o.permute(0, 3, 1, 2, 4)  # (A, S, M, h, dh)
        heads = o.reshape(o.shape[:-2] + (o.shape[-2] * o.shape[-1],))  # (A, S, M, d)
        g = heads + x
        g = g + self.mlp(g)
        u = torch.matmul(g.permute(0, 2, 1, 3), lk.transpose(-1, -2)).permute(0, 2, 1, 3) * self.scale  # (A, S, M, N)
        u = u - self.alpha * time_row + self.gamma * profile[:, None]
        u = cfg.clip * torch.tanh(u) + bias
        return torch.log_softmax(u.flatten(2), -1)


class CampPolicy(Policy):
    def __init__(self, cfg: CampConfig):
        super().__init__(cfg, CampEncoder(cfg), CampStep(cfg))


# ------------------------------------------------------------------------------------------------
# Rollouts (training, validation, fixtures); src/solvers/neural/pvrp-decode.ts does the same in TS.


def pvrp_context(env: PvrpEnv, node_emb: torch.Tensor) -> torch.Tensor:
    """(B, P, M, d + 4): the embedding of each vehicle's node and its state."""
    return torch.cat([node_emb[env.bidx3, env.cur], env.vehicle_state()], -1)


@dataclass
class PvrpRollout:
    cost: torch.Tensor  # (B, P) objective (seconds of weighted travel − weighted preference)
    travel_cost: torch.Tensor  # (B, P) the weighted travel term
    reward: torch.Tensor
    logp: torch.Tensor  # (B, P) sum of the chosen actions' log-probabilities (forced start excluded)
    actions: torch.Tensor  # (B, P, T)
    stuck: torch.Tensor


def pvrp_rollout(policy: CampPolicy, inst: PvrpBatch, x: PvrpInputs, starts: torch.Tensor, decode: str = 'sample',
                 max_steps: Optional[int] = None) -> PvrpRollout:
    e, v, gk, gv, lk = policy.encoder(*x.as_tuple())
    B, P = starts.shape
    env = PvrpEnv(inst, P)
    env.step(starts)
    logp = torch.zeros(B, P, device=e.device)
    actions = [starts]
    limit = max_steps or 3 * inst.nodes + 4
    t = 0
    while not env.all_done() and t < limit:
        mask = env.mask()
        lp = policy.decoder(pvrp_context(env, e), mask, time_rows(x.tn64, env.cur, inst.speed), x.profile, v, gk, gv, lk)
        a = pick_actions(lp, decode)
        live = ~env.done
        la = lp.gather(-1, a[..., None]).squeeze(-1)
        logp = logp + torch.where(live, la, torch.zeros_like(la))
        env.step(a)
        actions.append(a)
        t += 1
    return PvrpRollout(env.cost, env.travel_cost, env.reward(), logp, torch.stack(actions, -1), env.stuck() | ~env.done)


def pvrp_teacher_forced(policy: CampPolicy, inst: PvrpBatch, x: PvrpInputs, teacher: torch.Tensor):
    """Imitation in one decoder call (as model.teacher_forced): the env is stepped along the
    teacher first, then every step's queries go through the decoder at once (S = P·T).
    teacher (B, P, T) flat pair actions incl. the first; returns (sum logp, steps, cost)."""
    e, v, gk, gv, lk = policy.encoder(*x.as_tuple())
    B, P, T = teacher.shape
    env = PvrpEnv(inst, P)
    env.step(teacher[:, :, 0])
    masks, ctxs, rows, lives, acts = [], [], [], [], []
    for t in range(1, T):
        if env.all_done():
            break
        live = ~env.done
        mask = env.mask()
        masks.append(mask)
        ctxs.append(pvrp_context(env, e))
        rows.append(time_rows(x.tn64, env.cur, inst.speed))
        a = torch.where(live, teacher[:, :, t], mask.flatten(2).float().argmax(-1))
        lives.append(live)
        acts.append(a)
        env.step(a)
    S = len(masks)
    M, N = inst.vehicles, inst.nodes
    mask = torch.stack(masks, 2).reshape(B, P * S, M, N)
    ctx = torch.stack(ctxs, 2).reshape(B, P * S, M, -1)
    trow = torch.stack(rows, 2).reshape(B, P * S, M, N)
    lp = policy.decoder(ctx, mask, trow, x.profile, v, gk, gv, lk)
    return (*forced_logp(lp, acts, lives, B, P, S), env.cost)
