"""Model inputs computed outside the ONNX graphs; src/solvers/neural/features.ts is the TS twin.

All arithmetic is float64 and every tensor is cast to float32 once, at the end, as in TS:

* D' = D / max D and T' = T / max T per instance (max over finite entries; a non-finite entry,
  an unreachable pair, becomes 1.0, the largest normal value: the rules mask such arcs anyway).
* coordinates: per-axis min–max of [lon, lat] (normalisedCoords in the sampler); x = lon.
  Missing coordinates (matrix-only files) are all 0.5.
* ×8 dihedral augmentation t = 0..7 of (x, y): (x,y) (1−x,y) (x,1−y) (1−x,1−y) (y,x) (1−y,x)
  (y,1−x) (1−y,1−x). Matrices are unchanged.
* angle matrix φ_ij = atan2(y_j − y_i, x_j − x_i) of the augmented coordinates.
* node features (F per node):
  - atsp:    [x, y]
  - acvrp:   [x, y, angle_to_depot / π, is_depot, demand / capacity]
  - acvrptw: [x, y, angle_to_depot / π, is_depot, demand / capacity, ready / maxT,
              min(due / maxT, 10), service / maxT]
  angle_to_depot_i = atan2(y_i − y_0, x_i − x_0) (0 for the depot itself).
* ANE neighbour sampling: for node i draw k distinct j ≠ i with probability ∝ 1 / (D'_ij + 1e-6)
  by Gumbel-top-k: key_ij = −log(D'_ij + 1e-6) − log(−log(u_ij)), u ~ U(0,1), top k keys
  (ties: lower j first). If N − 1 < k the Gumbel order of all N − 1 others repeats cyclically.
  row feature i = sort↑(D'[i, S_i]); column feature i = sort↑(D'[S_i, i]) (same S_i).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import torch

from .envs import TensorBatch, max_finite

NODE_FEATURES = {'atsp': 2, 'acvrp': 5, 'acvrptw': 8}
NODE_LAYOUT = {
    'atsp': ['x', 'y'],
    'acvrp': ['x', 'y', 'angle_to_depot/pi', 'is_depot', 'demand/capacity'],
    'acvrptw': ['x', 'y', 'angle_to_depot/pi', 'is_depot', 'demand/capacity', 'ready/maxT', 'min(due/maxT,10)',
                'service/maxT'],
}
CONTEXT_STATE = {'atsp': 0, 'acvrp': 1, 'acvrptw': 2}
CONTEXT_LAYOUT = {
    'atsp': ['row_emb[first]', 'row_emb[current]'],
    'acvrp': ['row_emb[current]', '(capacity-load)/capacity'],
    'acvrptw': ['row_emb[current]', '(capacity-load)/capacity', 'time/maxT'],
}
DUE_CAP = 10.0
SAMPLE_EPS = 1e-6


def normalise_matrix(m: torch.Tensor) -> torch.Tensor:
    """(B, N, N) float64 → float64 normalised, non-finite → 1."""
    mx = max_finite(m)
    out = m / mx[:, None, None]
    return torch.where(torch.isfinite(out), out, torch.ones_like(out))


def normalised_coords(lonlat: torch.Tensor) -> torch.Tensor:
    """(B, N, 2) → per-axis min–max, float64."""
    lo = lonlat.min(1, keepdim=True).values
    hi = lonlat.max(1, keepdim=True).values
    span = hi - lo
    span = torch.where(span == 0, torch.ones_like(span), span)
    return (lonlat - lo) / span


def augment(xy: torch.Tensor, t: int) -> torch.Tensor:
    x, y = xy[..., 0], xy[..., 1]
    pairs = [(x, y), (1 - x, y), (x, 1 - y), (1 - x, 1 - y), (y, x), (1 - y, x), (y, 1 - x), (1 - y, 1 - x)]
    a, b = pairs[t]
    return torch.stack([a, b], -1)


def angle_matrix(xy: torch.Tensor) -> torch.Tensor:
    dx = xy[:, None, :, 0] - xy[:, :, None, 0]
    dy = xy[:, None, :, 1] - xy[:, :, None, 1]
    return torch.atan2(dy, dx)


def node_features(problem: str, xy: torch.Tensor, inst: TensorBatch, max_t: torch.Tensor) -> torch.Tensor:
    if problem == 'atsp':
        return xy
    B, N, _ = xy.shape
    ang = torch.atan2(xy[:, :, 1] - xy[:, :1, 1], xy[:, :, 0] - xy[:, :1, 0]) / math.pi
    is_depot = torch.zeros(B, N, dtype=xy.dtype, device=xy.device)
    is_depot[:, 0] = 1
    dem = inst.demand / inst.capacity[:, None]
    parts = [xy[..., 0], xy[..., 1], ang, is_depot, dem]
    if problem == 'acvrptw':
        mt = max_t[:, None]
        due = inst.due / mt
        due = torch.where(torch.isfinite(due), torch.clamp(due, max=DUE_CAP), torch.full_like(due, DUE_CAP))
        parts += [inst.ready / mt, due, inst.service / mt]
    return torch.stack(parts, -1)


def gumbel_topk(dn: torch.Tensor, k: int, u: Optional[torch.Tensor] = None,
                generator: Optional[torch.Generator] = None) -> torch.Tensor:
    """Neighbour indices (B, N, k) long. dn: (B, N, N) float64 normalised distances; u: optional
    (B, N, N) uniforms in (0, 1) (float64) to make the draw reproducible across languages."""
    B, N, _ = dn.shape
    if u is None:
        u = torch.rand(dn.shape, dtype=torch.float64, device=dn.device, generator=generator)
        u = u.clamp(1e-12, 1 - 1e-12)
    key = -torch.log(dn + SAMPLE_EPS) - torch.log(-torch.log(u))
    eye = torch.eye(N, dtype=torch.bool, device=dn.device)
    key = key.masked_fill(eye, -math.inf)
    # stable descending order: ties keep the lower index first
    order = torch.sort(-key, dim=-1, stable=True).indices
    m = N - 1
    if m <= 0:
        return torch.zeros(B, N, k, dtype=torch.long, device=dn.device)
    pick = torch.arange(k, device=dn.device) % m
    return order[:, :, :m][:, :, pick]


def sorted_features(dn32: torch.Tensor, idx: torch.Tensor):
    """row (B, N, k) = sort↑ D'[i, S_i]; col (B, N, k) = sort↑ D'[S_i, i]. dn32 float32."""
    B, N, _ = dn32.shape
    row = torch.gather(dn32, 2, idx)
    dt = dn32.transpose(1, 2)
    col = torch.gather(dt, 2, idx)
    return row.sort(-1).values, col.sort(-1).values


@dataclass
class EncoderInputs:
    nodes: torch.Tensor  # (B, N, F) float32
    row_feat: torch.Tensor  # (B, N, k)
    col_feat: torch.Tensor
    dist: torch.Tensor  # (B, N, N)
    angle: torch.Tensor  # (B, N, N)
    dur: Optional[torch.Tensor]  # (B, N, N) (acvrptw)
    idx: torch.Tensor  # (B, N, k) the sampled neighbours

    def as_tuple(self):
        base = (self.nodes, self.row_feat, self.col_feat, self.dist, self.angle)
        return base + ((self.dur,) if self.dur is not None else ())


@dataclass
class Normalised:
    dn: torch.Tensor  # float64
    tn: torch.Tensor
    xy: torch.Tensor  # float64 normalised coordinates (before augmentation)
    max_t: torch.Tensor


def normalise(inst: TensorBatch, has_coords: bool = True) -> Normalised:
    dn = normalise_matrix(inst.distance)
    tn = normalise_matrix(inst.duration)
    if has_coords:
        xy = normalised_coords(inst.lonlat)
    else:
        xy = torch.full_like(inst.lonlat, 0.5)
    return Normalised(dn, tn, xy, max_finite(inst.duration))


def encoder_inputs(problem: str, inst: TensorBatch, norm: Normalised, k: int, aug: int = 0,
                   idx: Optional[torch.Tensor] = None, u: Optional[torch.Tensor] = None,
                   generator: Optional[torch.Generator] = None) -> EncoderInputs:
    xy = augment(norm.xy, aug)
    if idx is None:
        idx = gumbel_topk(norm.dn, k, u=u, generator=generator)
    dn32 = norm.dn.float()
    row, col = sorted_features(dn32, idx)
    nodes = node_features(problem, xy, inst, norm.max_t).float()
    angle = angle_matrix(xy).float()
    dur = norm.tn.float() if problem == 'acvrptw' else None
    return EncoderInputs(nodes, row, col, dn32, angle, dur, idx)
