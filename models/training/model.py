"""RRNCO-S: a small RRNCO-class policy (the RRNCO paper, arXiv:2503.16159, scaled down). Choices: README.md.

Encoder (exported as one ONNX graph, batch = augmentations):
  ANE   coordinate embedding + sorted sampled distance rows / columns, scalar contextual gate
        per node (row and column each), node attributes mixed in (VRPs).
  L ×  [row block, column block], both reading the layer's inputs (MatNet style). Each block is
        an attention-free (AFT) aggregation with a pairwise bias
          A_ij = −β · log2(N) · d'_ij + MLP_{c→h→1}([d'_ij, sin φ_ij, cos φ_ij (, t'_ij)])
        (the ICAM "heuristic" bias plus a cheap learned NAB, zero-initialised so training starts
        from the heuristic); the column block uses the transposed matrices (incl. φ).
  out   row embeddings (decoder context) and the decoder's glimpse keys/values and logit keys,
        computed from the column embeddings.
Decoder step (exported as a second graph, batch = augmentations × starts):
  query = W · context; 8-head glimpse over the nodes (masked); + query; + MLP; logits against
  the logit keys / √d; − α · D'[cur, :] (− β_t · T'[cur, :]); 10 · tanh; mask → −1e9;
  log_softmax.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import List, Optional

import torch
from torch import nn

from .envs import RoutingEnv, TensorBatch
from .features import CONTEXT_STATE, NODE_FEATURES, EncoderInputs

NEG = -1e9


@dataclass
class ModelConfig:
    problem: str
    d: int = 128
    layers: int = 3
    ffn: int = 256
    k: int = 16
    heads: int = 8
    nab_hidden: int = 16
    dec_ffn: int = 256
    clip: float = 10.0
    # Subtracted from the depot's logit after the clip (VRPs). 0 in training; set at export from a
    # sweep on training-city instances (recipe.sh calibrate): imitation leaves the model closing
    # routes earlier than its teacher does in its own rollouts (README, "Depot penalty").
    depot_penalty: float = 0.0

    @property
    def node_features(self) -> int:
        return NODE_FEATURES[self.problem]

    @property
    def coord_features(self) -> int:
        return 2 if self.problem == 'atsp' else 4

    @property
    def attr_features(self) -> int:
        return self.node_features - self.coord_features

    @property
    def pair_channels(self) -> int:
        return 4 if self.problem == 'acvrptw' else 3

    @property
    def context(self) -> int:
        return 2 * self.d if self.problem == 'atsp' else self.d + CONTEXT_STATE[self.problem]

    def to_dict(self) -> dict:
        return asdict(self)


PRESETS = {
    # the model to train (RRNCO-S; the committed models use d = 64, see README.md)
    'small': dict(d=128, layers=3, ffn=256, k=16, heads=8, nab_hidden=16, dec_ffn=256),
    # parity fixtures and the smoke run: tiny, fast, < 100 kB as ONNX
    'tiny': dict(d=16, layers=1, ffn=32, k=8, heads=2, nab_hidden=4, dec_ffn=32),
}


def make_config(problem: str, preset: str = 'small', **over) -> ModelConfig:
    kw = dict(PRESETS[preset])
    kw.update({k: v for k, v in over.items() if v is not None})
    return ModelConfig(problem=problem, **kw)


class NodeNorm(nn.Module):
    """Instance norm over the node axis (per channel, affine), written out so that it exports to
    plain ReduceMean ops and keeps N dynamic."""

    def __init__(self, d: int, eps: float = 1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.bias = nn.Parameter(torch.zeros(d))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mean = x.mean(1, keepdim=True)
        var = ((x - mean) ** 2).mean(1, keepdim=True)
        return (x - mean) / torch.sqrt(var + self.eps) * self.weight + self.bias


class PairBias(nn.Module):
    def __init__(self, channels: int, hidden: int):
        super().__init__()
        self.l1 = nn.Linear(channels, hidden)
        self.l2 = nn.Linear(hidden, 1)
        nn.init.zeros_(self.l2.weight)
        nn.init.zeros_(self.l2.bias)
        self.beta = nn.Parameter(torch.ones(()))

    def forward(self, pair: torch.Tensor, dist: torch.Tensor, log2n: torch.Tensor) -> torch.Tensor:
        learned = self.l2(torch.relu(self.l1(pair))).squeeze(-1)
        return learned - self.beta * log2n * dist


class AFTBlock(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        d = cfg.d
        self.n_x = NodeNorm(d)
        self.n_y = NodeNorm(d)
        self.q = nn.Linear(d, d)
        self.k = nn.Linear(d, d)
        self.v = nn.Linear(d, d)
        self.proj = nn.Linear(d, d)
        self.n_h = NodeNorm(d)
        self.ffn = nn.Sequential(nn.Linear(d, cfg.ffn), nn.ReLU(), nn.Linear(cfg.ffn, d))
        self.n_o = NodeNorm(d)
        self.bias = PairBias(cfg.pair_channels, cfg.nab_hidden)

    def forward(self, x, y, pair, dist, log2n):
        xh = self.n_x(x)
        yh = self.n_y(y)
        q, k, v = self.q(xh), self.k(yh), self.v(yh)
        a = self.bias(pair, dist, log2n)
        a = a - a.max(-1, keepdim=True).values
        k = k - k.max(1, keepdim=True).values
        ea = torch.exp(a)
        ek = torch.exp(k)
        num = torch.matmul(ea, ek * v)
        den = torch.matmul(ea, ek)
        out = torch.sigmoid(q) * num / den.clamp_min(1e-20)
        h = self.n_h(xh + self.proj(out))
        return self.n_o(h + self.ffn(h))


class Gate(nn.Module):
    def __init__(self, d: int):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(2 * d, d), nn.ReLU(), nn.Linear(d, 1))

    def forward(self, coord, dist):
        g = torch.sigmoid(self.mlp(torch.cat([coord, dist], -1)))
        return g * coord + (1 - g) * dist


class Encoder(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        d = cfg.d
        self.coord = nn.Linear(cfg.coord_features, d)
        self.row_dist = nn.Linear(cfg.k, d)
        self.col_dist = nn.Linear(cfg.k, d)
        self.row_gate = Gate(d)
        self.col_gate = Gate(d)
        if cfg.attr_features:
            self.attr = nn.Linear(cfg.attr_features, d)
            self.row_mix = nn.Linear(2 * d, d)
            self.col_mix = nn.Linear(2 * d, d)
        self.row_blocks = nn.ModuleList([AFTBlock(cfg) for _ in range(cfg.layers)])
        self.col_blocks = nn.ModuleList([AFTBlock(cfg) for _ in range(cfg.layers)])
        self.keys = nn.Linear(d, 3 * d, bias=False)

    def forward(self, nodes, row_feat, col_feat, dist, angle, dur: Optional[torch.Tensor] = None):
        cfg = self.cfg
        row, col = self.embed(nodes, row_feat, col_feat, dist, angle, dur)
        gk, gv, lk = self.keys(col).chunk(3, -1)
        h, dh = cfg.heads, cfg.d // cfg.heads
        gk = gk.reshape(gk.shape[0], gk.shape[1], h, dh).transpose(1, 2)
        gv = gv.reshape(gv.shape[0], gv.shape[1], h, dh).transpose(1, 2)
        return row, gk, gv, lk

    def embed(self, nodes, row_feat, col_feat, dist, angle, dur: Optional[torch.Tensor] = None):
        """The row and column node embeddings after the AFT layers (CAMP-S reuses them)."""
        cfg = self.cfg
        c = cfg.coord_features
        coord = self.coord(nodes[:, :, :c])
        row = self.row_gate(coord, self.row_dist(row_feat))
        col = self.col_gate(coord, self.col_dist(col_feat))
        if cfg.attr_features:
            attr = self.attr(nodes[:, :, c:])
            row = self.row_mix(torch.cat([row, attr], -1))
            col = self.col_mix(torch.cat([col, attr], -1))
        dist_t = dist.transpose(1, 2)
        angle_t = angle.transpose(1, 2)
        pr = [dist, torch.sin(angle), torch.cos(angle)]
        pc = [dist_t, torch.sin(angle_t), torch.cos(angle_t)]
        if dur is not None:
            pr.append(dur)
            pc.append(dur.transpose(1, 2))
        pair_r = torch.stack(pr, -1)
        pair_c = torch.stack(pc, -1)
        # N as a tensor (traced dynamically; never read into a Python number)
        nodes_n = (dist[:, :1, :] * 0 + 1).sum(-1, keepdim=True)
        log2n = torch.log(nodes_n) / math.log(2.0)
        for rb, cb in zip(self.row_blocks, self.col_blocks):
            row, col = rb(row, col, pair_r, dist, log2n), cb(col, row, pair_c, dist_t, log2n)
        return row, col


def mask_bias(mask: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """The decode mask as an additive bias: 0 where allowed, NEG where not. The decoders add it
    (broadcast over heads) instead of a Where on the (A, h, S, N) scores: in onnxruntime that
    broadcasting Where cost as much as the softmax after it (node, one thread: step 2.02 → 1.91 ms
    for ACVRPTW at A = 8, S = 100, N = 101). Same numbers: in float32, NEG + x is exactly NEG for
    |x| < 32, and the scores and the clipped logits (|u| ≤ clip) stay far below that."""
    zero = torch.zeros((), dtype=like.dtype, device=like.device)
    return torch.where(mask, zero, torch.full((), NEG, dtype=like.dtype, device=like.device))


class DecoderStep(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        d = cfg.d
        self.query = nn.Linear(cfg.context, d, bias=False)
        self.mlp = nn.Sequential(nn.Linear(d, cfg.dec_ffn), nn.ReLU(), nn.Linear(cfg.dec_ffn, d))
        self.alpha = nn.Parameter(torch.ones(()))
        if cfg.problem == 'acvrptw':
            self.beta_t = nn.Parameter(torch.ones(()))
        self.scale_head = 1.0 / math.sqrt(d // cfg.heads)
        self.scale = 1.0 / math.sqrt(d)

    def forward(self, context, mask, dist_row, dur_row: Optional[torch.Tensor], gk, gv, lk):
        cfg = self.cfg
        h, dh = cfg.heads, cfg.d // cfg.heads
        bias = mask_bias(mask, context)
        q = self.query(context)  # (A, S, d)
        qh = q.reshape(q.shape[0], q.shape[1], h, dh).transpose(1, 2)  # (A, h, S, dh)
        s = torch.matmul(qh, gk.transpose(-1, -2)) * self.scale_head  # (A, h, S, N)
        s = s + bias.unsqueeze(1)
        att = torch.softmax(s, -1)
        heads = torch.matmul(att, gv).transpose(1, 2).flatten(2)  # (A, S, d)
        g = heads + q
        g = g + self.mlp(g)
        u = torch.matmul(g, lk.transpose(-1, -2)) * self.scale  # (A, S, N)
        u = u - self.alpha * dist_row
        if dur_row is not None:
            u = u - self.beta_t * dur_row
        u = cfg.clip * torch.tanh(u) + bias  # |u| ≤ clip: masked entries are exactly −1e9
        if cfg.depot_penalty:
            u = torch.cat([u[..., :1] - cfg.depot_penalty, u[..., 1:]], -1)
        return torch.log_softmax(u, -1)


class Policy(nn.Module):
    """An encoder and a decoder step: RRNCO-S's by default, CAMP-S's (camp_model.CampPolicy) given."""
    def __init__(self, cfg, encoder: Optional[nn.Module] = None, decoder: Optional[nn.Module] = None):
        super().__init__()
        self.cfg = cfg
        # built in this order (encoder, then decoder) so that a seed gives the same initial weights
        self.encoder = encoder if encoder is not None else Encoder(cfg)
        self.decoder = decoder if decoder is not None else DecoderStep(cfg)

    def param_count(self) -> int:
        return sum(p.numel() for p in self.parameters())


# ------------------------------------------------------------------------------------------------
# Rollouts (training, validation, fixtures). The TS decode loop (src/solvers/neural/decode.ts)
# does the same with the exported graphs.


def build_context(env: RoutingEnv, row: torch.Tensor) -> torch.Tensor:
    bidx = env.bidx
    if env.problem == 'atsp':
        return torch.cat([row[bidx, env.first.clamp(min=0)], row[bidx, env.cur.clamp(min=0)]], -1)
    return torch.cat([row[bidx, env.cur.clamp(min=0)], env.context_scalars()], -1)


def pick_actions(lp: torch.Tensor, decode: str) -> torch.Tensor:
    """Each rollout's next action from its log-probabilities: argmax for 'greedy', else sampled."""
    if decode == 'greedy':
        return lp.argmax(-1)
    return torch.distributions.Categorical(logits=lp).sample()


def forced_logp(lp: torch.Tensor, acts: List[torch.Tensor], lives: List[torch.Tensor], B: int, P: int, S: int):
    """Teacher forcing's sums: the log-probabilities of the forced actions (lp (B, P·S, ·), acts
    and lives S × (B, P)) over the steps each rollout was live, and how many steps those were."""
    act = torch.stack(acts, 2).reshape(B, P * S)
    la = lp.gather(-1, act[..., None]).squeeze(-1).reshape(B, P, S)
    live = torch.stack(lives, 2).float()
    return (la * live).sum(-1), live.sum(-1)


def start_actions(problem: str, B: int, N: int, P: int, device) -> torch.Tensor:
    """POMO first moves: P of the ATSP nodes 0..N-1 or VRP clients 1..N-1, evenly spread over the
    indices (every one when P is their count)."""
    off = 0 if problem == 'atsp' else 1
    return (torch.arange(P, device=device) * (N - off) // P + off)[None, :].expand(B, P).contiguous()


@dataclass
class RolloutResult:
    cost: torch.Tensor  # (B, P) metres
    reward: torch.Tensor  # (B, P) −cost / max D
    logp: torch.Tensor  # (B, P) sum of log-probabilities of the chosen actions (forced start excluded)
    actions: torch.Tensor  # (B, P, T)
    steps: torch.Tensor  # (B, P) number of decisions that counted
    stuck: torch.Tensor  # (B, P) ended with clients unassigned


def rollout(policy: Policy, inst: TensorBatch, enc: EncoderInputs, starts: torch.Tensor, decode: str = 'sample',
            teacher: Optional[torch.Tensor] = None, max_steps: Optional[int] = None) -> RolloutResult:
    """Decodes P rollouts per instance. `starts` (B, P) are forced first moves; `teacher` (B, P, T)
    forces every later action (imitation) — its log-probabilities are returned in `logp`."""
    row, gk, gv, lk = policy.encoder(*enc.as_tuple())
    B, P = starts.shape
    env = RoutingEnv(inst, P)
    env.step(starts)
    logp = torch.zeros(B, P, device=row.device)
    count = torch.zeros(B, P, device=row.device)
    actions = [starts]
    dn, tn = enc.dist, enc.dur
    limit = max_steps or 4 * inst.nodes + 4
    t = 0
    while not env.all_done() and t < limit:
        mask = env.mask()
        ctx = build_context(env, row)
        cur = env.cur.clamp(min=0)
        drow = dn[env.bidx, cur]
        trow = tn[env.bidx, cur] if tn is not None else None
        lp = policy.decoder(ctx, mask, drow, trow, gk, gv, lk)
        if teacher is not None:
            a = teacher[:, :, t] if t < teacher.shape[2] else torch.zeros_like(starts)
        else:
            a = pick_actions(lp, decode)
        live = ~env.done
        if teacher is not None:
            a = torch.where(live, a, lp.argmax(-1))
        la = lp.gather(-1, a[..., None]).squeeze(-1)
        logp = logp + torch.where(live, la, torch.zeros_like(la))
        count = count + live.float()
        env.step(a)
        actions.append(a)
        t += 1
    return RolloutResult(env.cost, env.reward(), logp, torch.stack(actions, -1), count, env.stuck() | ~env.done)


@dataclass
class TeacherResult:
    logp: torch.Tensor  # (B, P) sum of the teacher actions' log-probabilities (forced start excluded)
    steps: torch.Tensor  # (B, P) decisions that counted
    cost: torch.Tensor  # (B, P) metres of the teacher sequences (checks the labels replay)


def teacher_forced(policy: Policy, inst: TensorBatch, enc: EncoderInputs, teacher: torch.Tensor) -> TeacherResult:
    """Imitation in one decoder call. The POMO decoder has no recurrent state: a step's input is
    the context (embeddings of the current / first node, load, time), the mask and D'[cur]. So the
    env is stepped along the teacher first (no model, cheap), and every step's query goes through
    the decoder at once as S = P·T queries — ~T× fewer small kernels than `rollout(teacher=…)`,
    which is what a CPU step spends its time on. `teacher` (B, P, T): full sequences incl. start,
    padded with 0 (VRPs: the depot) / anything (finished rollouts ignore their actions)."""
    row, gk, gv, lk = policy.encoder(*enc.as_tuple())
    B, P, T = teacher.shape
    env = RoutingEnv(inst, P)
    env.step(teacher[:, :, 0])
    masks, curs, firsts, scalars, lives, acts = [], [], [], [], [], []
    for t in range(1, T):
        if env.all_done():
            break
        live = ~env.done
        masks.append(env.mask())
        curs.append(env.cur.clamp(min=0))
        firsts.append(env.first.clamp(min=0))
        sc = env.context_scalars()
        if sc is not None:
            scalars.append(sc)
        a = torch.where(live, teacher[:, :, t], masks[-1].float().argmax(-1))
        lives.append(live)
        acts.append(a)
        env.step(a)
    S = len(masks)
    mask = torch.stack(masks, 2).reshape(B, P * S, -1)
    cur = torch.stack(curs, 2).reshape(B, P * S)
    bidx = torch.arange(B, device=row.device)[:, None].expand(B, P * S)
    if inst.problem == 'atsp':
        first = torch.stack(firsts, 2).reshape(B, P * S)
        ctx = torch.cat([row[bidx, first], row[bidx, cur]], -1)
    else:
        ctx = torch.cat([row[bidx, cur], torch.stack(scalars, 2).reshape(B, P * S, -1)], -1)
    drow = enc.dist[bidx, cur]
    trow = enc.dur[bidx, cur] if enc.dur is not None else None
    lp = policy.decoder(ctx, mask, drow, trow, gk, gv, lk)
    return TeacherResult(*forced_logp(lp, acts, lives, B, P, S), env.cost)
