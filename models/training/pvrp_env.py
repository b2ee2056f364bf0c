"""Batched PVRP environment (PVRP-P, PVRP-ZC) that mirrors src/core/rules.ts and costs.ts.

src/solvers/neural/pvrp-env.ts is the TS twin; tests/neural/pvrp-parity.test.ts replays the
fixture traces of make_fixtures.py through it. Quantities the rules compare stay float64 in
RouteLab's units.

Action space: pairs (vehicle k, node j), flattened a = k·N + j (k < m, j < N, node 0 = depot).
Every vehicle keeps its own route state (node, load, travel time so far); the load resets when it
is back at the depot, so a vehicle drives any number of trips (CAMP's multi-trip rule). Mask
(B, P, m, N):

* (k, j), j a client: j not yet served and ``checkNext(inst, state_k, j) == 'ok'``: vehicle k is
  not banned from j (allowed row), the arcs cur_k → j and j → depot are reachable, and
  ``load_k + demand_j <= capacity_k + LOAD_EPS``;
* (k, depot): vehicle k is away from the depot (it closes its trip). A vehicle at the depot never
  "returns" (no empty trips);
* nothing allowed (every vehicle home, no client servable by anyone: the rest is unassigned): only
  (0, depot), and taking it ends the rollout;
* finished rollouts: only (0, depot); their choices are ignored.

When the last client is served, every vehicle still out drives home and the rollout ends.

Cost (costs.ts, per arc of vehicle k): dw·D + tw·T/speed_k, and serving j adds −pw·pref[k, j]
where pw = preferenceWeight · preferenceUnit. ``travel_cost`` keeps the first part apart: the
weighted travel term the benchmark's gap is divided by.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Sequence

import numpy as np
import torch

from .data import MatrixBatch
from .envs import max_finite
from .pvrp_data import PvrpInstance

LOAD_EPS = 1e-6


@dataclass
class PvrpBatch(MatrixBatch):
    problem: str
    distance: torch.Tensor  # (B, N, N) float64
    duration: torch.Tensor
    lonlat: torch.Tensor  # (B, N, 2)
    demand: torch.Tensor  # (B, N)
    capacity: torch.Tensor  # (B, M)
    speed: torch.Tensor  # (B, M)
    preference: torch.Tensor  # (B, M, N)
    allowed: torch.Tensor  # (B, M, N) bool
    weights: torch.Tensor  # (B, 3) distance, time, preference·unit

    @property
    def vehicles(self) -> int:
        return self.capacity.shape[1]


def pvrp_batch(instances: Sequence[PvrpInstance], device='cpu') -> PvrpBatch:
    t = lambda xs: torch.as_tensor(np.ascontiguousarray(np.stack(xs)), dtype=torch.float64, device=device)  # noqa: E731
    return PvrpBatch(instances[0].problem,
                     t([i.distance for i in instances]), t([i.duration for i in instances]),
                     t([i.lonlat for i in instances]), t([i.demand for i in instances]),
                     t([i.capacity for i in instances]), t([i.speed for i in instances]),
                     t([i.preference for i in instances]),
                     torch.as_tensor(np.stack([i.allowed for i in instances]) != 0, device=device),
                     t([np.array(i.weights, dtype=np.float64) for i in instances]))


# parity-fingerprint: begin (the rules; see fingerprint.py)
class PvrpEnv:
    """P rollouts per instance; state tensors (B, P) and per vehicle (B, P, M)."""

    def __init__(self, inst: PvrpBatch, rollouts: int):
        self.inst = inst
        B, N, M, P = inst.size, inst.nodes, inst.vehicles, rollouts
        dev = inst.distance.device
        self.B, self.N, self.M, self.P = B, N, M, P
        self.bidx = torch.arange(B, device=dev)[:, None].expand(B, P)
        self.bidx3 = torch.arange(B, device=dev)[:, None, None].expand(B, P, M)
        self.visited = torch.zeros(B, P, N, dtype=torch.bool, device=dev)
        self.cur = torch.zeros(B, P, M, dtype=torch.long, device=dev)
        self.load = torch.zeros(B, P, M, dtype=torch.float64, device=dev)
        self.travel = torch.zeros(B, P, M, dtype=torch.float64, device=dev)  # travel time per vehicle
        self.trips = torch.zeros(B, P, M, dtype=torch.long, device=dev)
        self.cost = torch.zeros(B, P, dtype=torch.float64, device=dev)
        self.travel_cost = torch.zeros(B, P, dtype=torch.float64, device=dev)
        self.done = torch.zeros(B, P, dtype=torch.bool, device=dev)
        self.steps = 0
        self.reach = torch.isfinite(inst.distance) & torch.isfinite(inst.duration)
        self.max_t = max_finite(inst.duration)
        self.clients = N - 1

    def _arc(self, frm: torch.Tensor, to: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
        """Weighted travel cost of arcs frm → to driven by vehicle k, (B, P)."""
        inst = self.inst
        d = inst.distance[self.bidx, frm, to]
        tt = inst.duration[self.bidx, frm, to] / inst.speed[self.bidx, k]
        w = inst.weights[self.bidx]
        return _weighted(w[..., 0], d) + _weighted(w[..., 1], tt)

    def client_mask(self) -> torch.Tensor:
        """(B, P, M, N): (k, j) allowed for clients j (the depot column False)."""
        inst = self.inst
        ok = ~self.visited[:, :, None, :].expand(-1, -1, self.M, -1).clone()
        ok[..., 0] = False
        ok &= inst.allowed[:, None, :, :]
        ok &= self.reach[self.bidx3, self.cur]  # cur_k → j
        ok &= self.reach[:, :, 0][:, None, None, :]  # j → depot
        cap = inst.capacity[:, None, :, None]
        ok &= ~(self.load[..., None] + inst.demand[:, None, None, :] > cap + LOAD_EPS)
        return ok

    def mask(self) -> torch.Tensor:
        ok = self.client_mask()
        ok[..., 0] = self.cur != 0
        none = ~ok.flatten(2).any(-1)
        ok[:, :, 0, 0] |= none
        ok[self.done] = False
        ok[:, :, 0, 0] |= self.done
        return ok

    def step(self, action: torch.Tensor) -> None:
        """Moves every unfinished rollout by its flat action (B, P) = k·N + j."""
        inst = self.inst
        live = ~self.done
        k = torch.div(action, self.N, rounding_mode='floor')
        j = action % self.N
        cur_k = self.cur.gather(2, k[..., None]).squeeze(-1)
        home = (j == 0) & live
        stuck = home & (cur_k == 0)
        close = home & (cur_k != 0)
        serve = (j != 0) & live
        moving = close | serve
        arc = self._arc(cur_k, j, k)
        tt = inst.duration[self.bidx, cur_k, j] / inst.speed[self.bidx, k]
        gain = _weighted(inst.weights[self.bidx][..., 2], inst.preference[self.bidx, k, j])
        self.travel_cost = torch.where(moving, self.travel_cost + arc, self.travel_cost)
        self.cost = torch.where(moving, self.cost + arc, self.cost)
        self.cost = torch.where(serve, self.cost - gain, self.cost)
        onehot_k = torch.nn.functional.one_hot(k, self.M).bool() & moving[..., None]
        self.travel = torch.where(onehot_k, self.travel + tt[..., None], self.travel)
        new_load = torch.where(serve, self.load.gather(2, k[..., None]).squeeze(-1) + inst.demand[self.bidx, j],
                               torch.zeros_like(cur_k, dtype=torch.float64))
        self.load = torch.where(onehot_k, new_load[..., None], self.load)
        self.trips = self.trips + (onehot_k & close[..., None]).long()
        self.cur = torch.where(onehot_k, j[..., None], self.cur)
        self.visited |= torch.nn.functional.one_hot(j, self.N).bool() & serve[..., None]
        all_served = self.visited[:, :, 1:].all(-1) & live
        self._return_all(all_served)
        self.done |= stuck | all_served
        self.steps += 1

    def _return_all(self, which: torch.Tensor) -> None:
        """Drives every vehicle that is out home (vehicle order 0..M-1), for rollouts `which`."""
        for kk in range(self.M):
            cur_k = self.cur[:, :, kk]
            out = which & (cur_k != 0)
            if not bool(out.any()):
                continue
            kt = torch.full_like(cur_k, kk)
            arc = self._arc(cur_k, torch.zeros_like(cur_k), kt)
            tt = self.inst.duration[self.bidx, cur_k, 0] / self.inst.speed[self.bidx, kt]
            self.travel_cost = torch.where(out, self.travel_cost + arc, self.travel_cost)
            self.cost = torch.where(out, self.cost + arc, self.cost)
            self.travel[:, :, kk] = torch.where(out, self.travel[:, :, kk] + tt, self.travel[:, :, kk])
            self.load[:, :, kk] = torch.where(out, torch.zeros_like(self.load[:, :, kk]), self.load[:, :, kk])
            self.trips[:, :, kk] += out.long()
            self.cur[:, :, kk] = torch.where(out, torch.zeros_like(cur_k), cur_k)

    def stuck(self) -> torch.Tensor:
        return self.done & ~self.visited[:, :, 1:].all(-1)

    def all_done(self) -> bool:
        return bool(self.done.all())

    def vehicle_state(self) -> torch.Tensor:
        """The decoder context's state part per vehicle, float32 (B, P, M, 4):
        [(capacity − load) / capacity, travel / max T, at the depot, share of clients unserved]."""
        cap = self.inst.capacity[:, None, :]
        left = 1.0 - self.visited[:, :, 1:].double().sum(-1) / max(1, self.clients)
        parts = [(cap - self.load) / cap, self.travel / self.max_t[:, None, None], (self.cur == 0).double(),
                 left[..., None].expand(-1, -1, self.M)]
        return torch.stack(parts, -1).float()

    def reward(self) -> torch.Tensor:
        """−cost / max T (float64, (B, P)): the objective is in seconds of weighted travel."""
        return -self.cost / self.max_t[:, None]


def _weighted(w: torch.Tensor, amount: torch.Tensor) -> torch.Tensor:
    """costs.ts `weighted`: a zero weight adds nothing, even to an infinite amount."""
    return torch.where(w == 0, torch.zeros_like(amount), w * amount)
# parity-fingerprint: end


def start_pairs(inst: PvrpBatch, count: int) -> torch.Tensor:
    """POMO first moves (B, count): client j = 1 + s (cyclic), driven by the allowed vehicle with
    the highest profile score for j (ties: the first from j mod M on). TS: pvrp-decode.ts."""
    B, N, M = inst.size, inst.nodes, inst.vehicles
    dev = inst.preference.device
    out = torch.zeros(B, count, dtype=torch.long, device=dev)
    score = torch.where(inst.allowed, inst.preference, torch.full_like(inst.preference, -1e9))  # (B, M, N)
    for s in range(count):
        j = 1 + s % (N - 1)
        order = [(j + t) % M for t in range(M)]
        best_k = torch.full((B,), order[0], dtype=torch.long, device=dev)
        best_v = score[:, order[0], j].clone()
        for kk in order[1:]:
            v = score[:, kk, j]
            better = v > best_v
            best_k = torch.where(better, torch.full_like(best_k, kk), best_k)
            best_v = torch.where(better, v, best_v)
        out[:, s] = best_k * N + j
    return out


def teacher_pairs(routes: List[List[int]], vehicles: List[int], n_nodes: int, order: Sequence[int]) -> List[int]:
    """One solution as flat pair actions, vehicle by vehicle in `order`, each trip closed at the depot."""
    by_vehicle = {}
    for r, k in zip(routes, vehicles):
        by_vehicle.setdefault(k, []).append(r)
    seq: List[int] = []
    for k in order:
        for r in by_vehicle.get(k, []):
            seq += [k * n_nodes + j for j in r] + [k * n_nodes]
    return seq


def interleave_pairs(seq: List[int], inst: PvrpInstance, order: Sequence[int]) -> List[int]:
    """A vehicle-major pair sequence replayed with the vehicles interleaved: each next action is the
    next one of the vehicle that has driven the least time so far (ties: first in `order`), so the
    vehicles' days grow side by side (as CAMP's parallel decoding builds them) and each action is a
    local choice. The same routes, trip for trip: the same cost."""
    N = inst.n
    queues = {k: [] for k in range(inst.m)}
    for a in seq:
        queues[a // N].append(a)
    rank = {int(k): r for r, k in enumerate(order)}
    travel = [0.0] * inst.m
    cur = [0] * inst.m
    pos = [0] * inst.m
    out: List[int] = []
    while True:
        live = [k for k in range(inst.m) if pos[k] < len(queues[k])]
        if not live:
            return out
        k = min(live, key=lambda kk: (travel[kk], rank.get(kk, kk)))
        a = queues[k][pos[k]]
        pos[k] += 1
        j = a % N
        travel[k] += float(inst.duration[cur[k], j]) / float(inst.speed[k])
        cur[k] = j
        out.append(a)


def replay_pvrp(inst: PvrpInstance, seq: List[int]):
    """(every action allowed and every client served, cost, weighted travel term) for one sequence."""
    env = PvrpEnv(pvrp_batch([inst]), 1)
    for a in seq:
        if env.all_done():
            break
        m = env.mask().flatten(2)
        if not bool(m[0, 0, a]):
            return False, float('nan'), float('nan')
        env.step(torch.tensor([[a]]))
    ok = env.all_done() and not bool(env.stuck().any())
    return ok, float(env.cost[0, 0]), float(env.travel_cost[0, 0])


def random_feasible_pairs(inst: PvrpInstance, rng: np.random.Generator, depot_bias: float = 0.1) -> List[int]:
    """A random allowed action sequence (fixtures, smoke labels)."""
    env = PvrpEnv(pvrp_batch([inst]), 1)
    N = inst.n
    seq = []
    while not env.all_done():
        m = env.mask()[0, 0].numpy()
        allowed = np.argwhere(m)
        clients = [(k, j) for k, j in allowed if j != 0]
        homes = [(k, j) for k, j in allowed if j == 0]
        if homes and (not clients or rng.random() < depot_bias):
            k, j = homes[int(rng.integers(len(homes)))]
        else:
            k, j = clients[int(rng.integers(len(clients)))]
        a = int(k) * N + int(j)
        seq.append(a)
        env.step(torch.tensor([[a]]))
    return seq
