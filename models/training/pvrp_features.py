"""CAMP-S model inputs computed outside the ONNX graphs; src/solvers/neural/pvrp-features.ts is the TS twin.

Float64 arithmetic, one cast to float32 at the end (as features.py):

* D', T', coordinates, ×8 augmentations, angle matrix and the Gumbel-top-k neighbour draw on D':
  exactly features.py's (the RRNCO road-matrix encoder is reused as is).
* node features (5): [x, y, angle_to_depot / π, is_depot, demand / max capacity] (ACVRP's layout).
* profile (M, N): PVRP-P the preference row of each vehicle; PVRP-ZC its allowed row (1 / 0).
* vehicles (M, 2): [speed, capacity / max capacity].
* decoder time rows (per step, per vehicle k): T'[cur_k, :] / speed_k.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import torch

from .features import Normalised, angle_matrix, augment, gumbel_topk, normalise, sorted_features  # noqa: F401
from .pvrp_env import PvrpBatch

PVRP_NODE_FEATURES = 5
PVRP_NODE_LAYOUT = ['x', 'y', 'angle_to_depot/pi', 'is_depot', 'demand/max_capacity']
PVRP_VEHICLE_LAYOUT = ['speed', 'capacity/max_capacity']
PVRP_STATE_LAYOUT = ['(capacity-load)/capacity', 'travel/maxT', 'at_depot', 'unserved_share']
PVRP_CONTEXT_LAYOUT = ['node_emb[current_k]'] + PVRP_STATE_LAYOUT


def profile_rows(inst: PvrpBatch) -> torch.Tensor:
    """(B, M, N) float64: preference rows (PVRP-P) or allowed rows (PVRP-ZC)."""
    return inst.preference if inst.problem == 'pvrp-p' else inst.allowed.double()


def vehicle_features(inst: PvrpBatch) -> torch.Tensor:
    cap_max = inst.capacity.max(1, keepdim=True).values
    return torch.stack([inst.speed, inst.capacity / cap_max], -1)


def pvrp_node_features(xy: torch.Tensor, inst: PvrpBatch) -> torch.Tensor:
    import math
    B, N, _ = xy.shape
    ang = torch.atan2(xy[:, :, 1] - xy[:, :1, 1], xy[:, :, 0] - xy[:, :1, 0]) / math.pi
    is_depot = torch.zeros(B, N, dtype=xy.dtype, device=xy.device)
    is_depot[:, 0] = 1
    dem = inst.demand / inst.capacity.max(1).values[:, None]
    return torch.stack([xy[..., 0], xy[..., 1], ang, is_depot, dem], -1)


@dataclass
class PvrpInputs:
    nodes: torch.Tensor  # (B, N, 5) float32
    row_feat: torch.Tensor  # (B, N, k)
    col_feat: torch.Tensor
    dist: torch.Tensor  # (B, N, N) D'
    angle: torch.Tensor
    dur: torch.Tensor  # (B, N, N) T'
    profile: torch.Tensor  # (B, M, N)
    vehicles: torch.Tensor  # (B, M, 2)
    tn64: torch.Tensor  # (B, N, N) float64 T' (decoder time rows)
    idx: torch.Tensor

    def as_tuple(self):
        return (self.nodes, self.row_feat, self.col_feat, self.dist, self.angle, self.dur, self.profile, self.vehicles)


def pvrp_inputs(inst: PvrpBatch, norm: Normalised, k: int, aug: int = 0, idx: Optional[torch.Tensor] = None,
                u: Optional[torch.Tensor] = None, generator: Optional[torch.Generator] = None) -> PvrpInputs:
    xy = augment(norm.xy, aug)
    if idx is None:
        idx = gumbel_topk(norm.dn, k, u=u, generator=generator)
    dn32 = norm.dn.float()
    row, col = sorted_features(dn32, idx)
    return PvrpInputs(pvrp_node_features(xy, inst).float(), row, col, dn32, angle_matrix(xy).float(), norm.tn.float(),
                      profile_rows(inst).float(), vehicle_features(inst).float(), norm.tn, idx)


def time_rows(tn64: torch.Tensor, cur: torch.Tensor, speed: torch.Tensor) -> torch.Tensor:
    """(B, P, M, N) float32 T'[cur_k, :] / speed_k; cur (B, P, M), speed (B, M)."""
    B = tn64.shape[0]
    bidx = torch.arange(B, device=tn64.device)[:, None, None].expand_as(cur)
    return (tn64[bidx, cur] / speed[:, None, :, None]).float()
