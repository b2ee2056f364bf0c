"""Batched ATSP / ACVRP / ACVRPTW environments that mirror src/core/rules.ts exactly.

Every quantity the rules compare is kept in float64 and in RouteLab's units (metres, seconds,
raw demands), so masks and costs match the TypeScript rules bit for bit; the model only ever
sees normalised copies (features.py). tests/neural/rules-parity.test.ts replays the fixture
traces written by make_fixtures.py through the TS rules to keep the two in step.

Action space: node indices 0..N-1. For the VRPs node 0 is the depot and choosing it closes
the current route (finishRoute) and starts a new one (beginRoute). Decode mask per rollout:

* client j is allowed iff not visited and ``checkNext(inst, state, j) == 'ok'``:
  - arcs cur→j (and j→depot for VRPs) reachable (finite distance and duration);
  - ``load + demand[j] <= capacity + LOAD_EPS``;
  - ACVRPTW: arrival = time + T[cur, j]; start = max(arrival, ready[j]);
    ``start <= due[j] + TIME_EPS`` and ``start + service[j] + T[j, depot] <= deadline + TIME_EPS``;
* the depot is forbidden only when the vehicle is already at the depot and some client is
  still allowed (no empty routes); at the depot with nothing allowed it is the only action and
  choosing it ends the episode (any unvisited clients are unassigned: cannot happen on the
  sampler's instances);
* finished rollouts get a mask with only the depot (ATSP: the current node) so that the
  decoder always sees one allowed action; their choices are ignored.

Cost = total distance (metres) incl. the return arcs (ATSP: closing arc back to the first node).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import torch

from .data import Batch

LOAD_EPS = 1e-6
TIME_EPS = 1e-6


@dataclass
class TensorBatch:
    problem: str
    distance: torch.Tensor  # (B, N, N) float64
    duration: torch.Tensor
    demand: torch.Tensor  # (B, N)
    service: torch.Tensor
    ready: torch.Tensor
    due: torch.Tensor
    capacity: torch.Tensor  # (B,)
    deadline: torch.Tensor  # (B,)
    lonlat: torch.Tensor  # (B, N, 2)

    @property
    def size(self) -> int:
        return self.distance.shape[0]

    @property
    def nodes(self) -> int:
        return self.distance.shape[1]


def to_torch(batch: Batch, device: torch.device | str = 'cpu') -> TensorBatch:
    t = lambda a: torch.as_tensor(np.ascontiguousarray(a), dtype=torch.float64, device=device)  # noqa: E731
    return TensorBatch(batch.problem, t(batch.distance), t(batch.duration), t(batch.demand), t(batch.service),
                       t(batch.ready), t(batch.due), t(batch.capacity), t(batch.deadline), t(batch.lonlat))


class RoutingEnv:
    """P rollouts per instance, state tensors shaped (B, P)."""

    def __init__(self, inst: TensorBatch, rollouts: int):
        self.inst = inst
        self.problem = inst.problem
        self.vrp = inst.problem != 'atsp'
        self.tw = inst.problem == 'acvrptw'
        B, N = inst.size, inst.nodes
        P = rollouts
        dev = inst.distance.device
        self.B, self.N, self.P = B, N, P
        self.bidx = torch.arange(B, device=dev)[:, None].expand(B, P)
        self.visited = torch.zeros(B, P, N, dtype=torch.bool, device=dev)
        start = 0 if self.vrp else -1
        self.cur = torch.full((B, P), start, dtype=torch.long, device=dev)
        self.first = torch.full((B, P), -1, dtype=torch.long, device=dev)
        self.load = torch.zeros(B, P, dtype=torch.float64, device=dev)
        self.time = torch.zeros(B, P, dtype=torch.float64, device=dev)
        self.cost = torch.zeros(B, P, dtype=torch.float64, device=dev)
        self.done = torch.zeros(B, P, dtype=torch.bool, device=dev)
        self.routes = torch.zeros(B, P, dtype=torch.long, device=dev)
        self.steps = 0
        reach = torch.isfinite(inst.distance) & torch.isfinite(inst.duration)
        self.reach = reach  # (B, N, N)
        if self.vrp:
            self.reach_home = reach[:, :, 0]  # (B, N): j → depot
        self.max_d = max_finite(inst.distance)  # (B,)
        self.max_t = max_finite(inst.duration)

    # ---------------------------------------------------------------------------------------
    def _rows(self, m: torch.Tensor) -> torch.Tensor:
        """m[b, cur[b, p], :] for every rollout → (B, P, N); cur must be ≥ 0."""
        return m[self.bidx, self.cur.clamp(min=0)]

    def client_mask(self) -> torch.Tensor:
        inst = self.inst
        ok = ~self.visited
        if self.vrp:
            ok[:, :, 0] = False
        has_cur = (self.cur >= 0)[:, :, None]
        ok &= ~has_cur | self._rows(self.reach)
        if self.vrp:
            ok &= self.reach_home[:, None, :]
            cap = inst.capacity[:, None, None]
            ok &= ~(self.load[:, :, None] + inst.demand[:, None, :] > cap + LOAD_EPS)
        if self.tw:
            arrival = self.time[:, :, None] + self._rows(inst.duration)
            start = torch.maximum(arrival, inst.ready[:, None, :])
            ok &= ~(start > inst.due[:, None, :] + TIME_EPS)
            back = start + inst.service[:, None, :] + inst.duration[:, :, 0][:, None, :]
            ok &= ~(back > inst.deadline[:, None, None] + TIME_EPS)
        return ok

    def mask(self) -> torch.Tensor:
        ok = self.client_mask()
        if self.vrp:
            any_client = ok.any(-1)
            ok[:, :, 0] = (self.cur != 0) | ~any_client
            ok[self.done] = False
            ok[:, :, 0] |= self.done
        else:
            ok[self.done] = False
            ok |= _one_hot(self.cur.clamp(min=0), self.N) & self.done[:, :, None]
        return ok

    # ---------------------------------------------------------------------------------------
    def step(self, action: torch.Tensor) -> None:
        """Moves every unfinished rollout to `action` (B, P). Finished rollouts ignore it."""
        inst = self.inst
        live = ~self.done
        a = action
        if self.vrp:
            cur = self.cur
            d = inst.distance[self.bidx, cur, a]
            to_depot = (a == 0) & live
            stay = to_depot & (cur == 0)  # at the depot with nothing allowed: episode ends
            close = to_depot & (cur != 0)
            serve = (a != 0) & live
            self.cost = torch.where(close | serve, self.cost + d, self.cost)
            tt = inst.duration[self.bidx, cur, a]
            arrival = self.time + tt
            if self.tw:
                start = torch.maximum(arrival, inst.ready[self.bidx, a])
            else:
                start = arrival
            new_time = start + inst.service[self.bidx, a]
            self.time = torch.where(serve, new_time, torch.where(close, torch.zeros_like(self.time), self.time))
            self.load = torch.where(serve, self.load + inst.demand[self.bidx, a],
                                    torch.where(close, torch.zeros_like(self.load), self.load))
            self.routes += (close).long()
            self.visited |= _one_hot(a, self.N) & serve[:, :, None]
            self.cur = torch.where(serve | close, a, self.cur)
            all_served = self.visited[:, :, 1:].all(-1)
            self.done |= stay | (all_served & (self.cur == 0) & live)
        else:
            cur = self.cur
            has_cur = cur >= 0
            d = inst.distance[self.bidx, cur.clamp(min=0), a]
            self.cost = torch.where(live & has_cur, self.cost + d, self.cost)
            self.first = torch.where(live & ~has_cur, a, self.first)
            self.visited |= _one_hot(a, self.N) & live[:, :, None]
            self.cur = torch.where(live, a, self.cur)
            finished = live & self.visited.all(-1)
            back = inst.distance[self.bidx, self.cur, self.first.clamp(min=0)]
            self.cost = torch.where(finished, self.cost + back, self.cost)
            self.done |= finished
        self.steps += 1

    def stuck(self) -> torch.Tensor:
        """(B, P) rollouts that ended with clients unvisited (unassigned)."""
        start = 1 if self.vrp else 0
        return self.done & ~self.visited[:, :, start:].all(-1)

    def all_done(self) -> bool:
        return bool(self.done.all())

    # ---------------------------------------------------------------------------------------
    def context_scalars(self) -> Optional[torch.Tensor]:
        """The decoder context's state part, normalised: ACVRP remaining capacity fraction;
        ACVRPTW remaining capacity fraction and time / max T. float32 (B, P, c)."""
        if not self.vrp:
            return None
        cap = self.inst.capacity[:, None]
        parts = [(cap - self.load) / cap]
        if self.tw:
            parts.append(self.time / self.max_t[:, None])
        return torch.stack(parts, -1).float()

    def reward(self) -> torch.Tensor:
        """−cost / max D per instance (normalised tour length), float64 (B, P)."""
        return -self.cost / self.max_d[:, None]


def max_finite(m: torch.Tensor) -> torch.Tensor:
    """Largest finite entry per instance (B,); 1 when there is none (or it is 0)."""
    f = torch.where(torch.isfinite(m), m, torch.zeros_like(m))
    mx = f.flatten(1).max(1).values
    return torch.where(mx > 0, mx, torch.ones_like(mx))


def _one_hot(a: torch.Tensor, n: int) -> torch.Tensor:
    return torch.nn.functional.one_hot(a.clamp(min=0), n).bool()
