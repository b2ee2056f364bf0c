"""PVRP-P / PVRP-ZC instances (CAMP's problems on RouteLab's city matrices).

``sample_pvrp_ts(city, problem, n, seed, vehicles, profile)`` is a port of the profiled branch
of ``sampleInstance`` (src/core/cities/sampler.ts): the same (city, problem, n, seed, m, profile)
gives the same points, demands, preference rows and zone bans as in TS. Labels
(scripts/neural-labels.ts), validation, fixtures and the RL batches all come from it (the RL
batches from their own seed range), so every instance the model ever sees is one TS can rebuild.

Units and objective (src/core/problems.ts, src/core/costs.ts): metres and seconds; travel time on
an arc = duration / speed; cost = distanceWeight·distance + timeWeight·travel
− preferenceWeight·preferenceUnit·preference. City samples: timeWeight 0.8, preferenceWeight 0.2
(PVRP-P) or 1 and 0 (PVRP-ZC), preferenceUnit = the instance's largest duration (so a point of
preference weighs what it weighs on CAMP's unit square). Every vehicle: capacity 40, speed 1,
one vehicle of each profile, any number of trips (the load resets at the depot).

Seed ranges (disjoint from data.py's): evaluation ≤ 99 999; validation VALIDATION_SEED0 + i;
labels LABEL_SEED0 + i (training) and 15 000 000 + i (held-out cities); RL batches
PVRP_RL_SEED0 + step · batch + b.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List, Optional, Sequence

import numpy as np

from .data import City, TsRng, _max_finite, _sample_points, load_city

PVRP_PROBLEMS = ('pvrp-p', 'pvrp-zc')
PROFILE_GENERATORS = ('random', 'angular', 'cluster')
PVRP_RL_SEED0 = 30_000_000

# parity-fingerprint: begin (the TS sampler's profiled branch; see fingerprint.py)
PVRP_CAPACITY = 40.0
OBJECTIVE = {'pvrp-p': (0.0, 0.8, 0.2), 'pvrp-zc': (0.0, 1.0, 0.0)}  # distance, time, preference weights


@dataclass
class PvrpInstance:
    """One PVRP instance in RouteLab's units; node 0 is the depot, vehicles k = 0..m-1."""
    problem: str
    n: int  # nodes (clients + 1)
    distance: np.ndarray  # (n, n) metres, inf = unreachable
    duration: np.ndarray  # (n, n) seconds
    lonlat: np.ndarray  # (n, 2)
    demand: np.ndarray  # (n,)
    capacity: np.ndarray  # (m,)
    speed: np.ndarray  # (m,)
    preference: np.ndarray  # (m, n) scores (zeros for PVRP-ZC)
    allowed: np.ndarray  # (m, n) 1 = may serve (ones for PVRP-P)
    weights: tuple  # (distanceWeight, timeWeight, preferenceWeight · preferenceUnit)
    city: str = ''
    seed: int = -1
    profile: str = 'random'
    points: Optional[List[int]] = None

    @property
    def m(self) -> int:
        return self.capacity.shape[0]


def normalised_coords_np(lonlat: np.ndarray) -> np.ndarray:
    lo = lonlat.min(0)
    hi = lonlat.max(0)
    span = hi - lo
    span = np.where(span == 0, 1.0, span)
    return (lonlat - lo) / span


def _sector(xy: np.ndarray, i: int, m: int) -> int:
    angle = math.atan2(xy[i, 1] - xy[0, 1], xy[i, 0] - xy[0, 0])
    return min(m - 1, math.floor(((angle + math.pi) / (2 * math.pi)) * m))


def preference_scores(xy: np.ndarray, m: int, generator: str, rng: TsRng) -> np.ndarray:
    count = xy.shape[0]
    out = np.zeros((m, count))
    if generator == 'random':
        for k in range(m):
            for i in range(1, count):
                out[k, i] = rng.next()
    elif generator == 'angular':
        for i in range(1, count):
            out[_sector(xy, i, m), i] = 1.0
    else:
        centres = [c + 1 for c in rng.sample(count - 1, min(m, count - 1))]
        for k in range(m):
            c = centres[k % len(centres)]
            for i in range(1, count):
                out[k, i] = 1 - math.hypot(xy[i, 0] - xy[c, 0], xy[i, 1] - xy[c, 1]) / math.sqrt(2)
    return out


def zone_bans(xy: np.ndarray, m: int, generator: str, rng: TsRng) -> np.ndarray:
    count = xy.shape[0]
    allowed = np.ones((m, count), dtype=np.uint8)
    if generator == 'random':
        banned = math.floor(rng.uniform(0, 2 / 3) * m)
        for i in range(1, count):
            for k in rng.sample(m, banned):
                allowed[k, i] = 0
    elif generator == 'angular':
        bans = math.floor((2 / 3) * m)
        while True:
            sector_bans = [rng.sample(m, bans) for _ in range(m)]
            if not any(all(s in b for b in sector_bans) for s in range(m)):
                break
        for i in range(1, count):
            s = _sector(xy, i, m)
            for k in range(m):
                if s in sector_bans[k]:
                    allowed[k, i] = 0
    else:
        scores = preference_scores(xy, m, 'cluster', rng)
        for k in range(m):
            ordered = sorted(scores[k, 1:].tolist())
            median = ordered[len(ordered) // 2] if ordered else 0.0
            for i in range(1, count):
                if scores[k, i] < median:
                    allowed[k, i] = 0
    for i in range(1, count):
        if not allowed[:, i].any():
            allowed[rng.int(m), i] = 1
    return allowed


def sample_pvrp_ts(city: City, problem: str, n: int, seed: int, vehicles: int = 5, profile: str = 'random',
                   distribution: str = 'uniform') -> PvrpInstance:
    """Port of ``sampleInstance`` (src/core/cities/sampler.ts) for pvrp-p / pvrp-zc."""
    if problem not in PVRP_PROBLEMS:
        raise ValueError(f'unsupported problem {problem}')
    rng = TsRng(seed)
    point_rng = rng.fork(1)
    demand_rng = rng.fork(2)
    rng.fork(3)  # the window stream: drawn in TS for every kind, unused here
    profile_rng = rng.fork(4)
    count = n + 1
    points = _sample_points(city, count, point_rng, distribution)
    idx = np.array(points)
    distance = city.distance[np.ix_(idx, idx)].copy()
    duration = city.duration[np.ix_(idx, idx)].copy()
    lonlat = city.lonlat[idx].copy()
    max_t = _max_finite(duration)
    xy = normalised_coords_np(lonlat)
    m = vehicles
    scores = preference_scores(xy, m, profile, profile_rng)
    allowed = zone_bans(xy, m, profile, profile_rng) if problem == 'pvrp-zc' else np.ones((m, count), dtype=np.uint8)
    demand = np.zeros(count)
    for i in range(1, count):
        demand[i] = demand_rng.int_in(1, 9)
    dw, tw, pw = OBJECTIVE[problem]
    preference = scores if problem == 'pvrp-p' else np.zeros((m, count))
    return PvrpInstance(problem, count, distance, duration, lonlat, demand, np.full(m, PVRP_CAPACITY), np.ones(m),
                        preference, allowed, (dw, tw, pw * max_t), city.name, seed, profile, points)
# parity-fingerprint: end


def camp_square_ts(problem: str, n: int, seed: int, vehicles: int = 5, profile: str = 'random') -> PvrpInstance:
    """Port of ``campSquareInstance`` (src/core/cities/camp-square.ts): CAMP's unit-square instances
    (Euclidean distance = travel time, demands 1-9, capacity 40, speed 1, preference unit 1)."""
    rng = TsRng(seed)
    point_rng = rng.fork(1)
    demand_rng = rng.fork(2)
    profile_rng = rng.fork(4)
    count = n + 1
    coords = np.array([point_rng.next() for _ in range(2 * count)]).reshape(count, 2)
    dist = np.zeros((count, count))
    for i in range(count):
        for j in range(count):
            dist[i, j] = math.hypot(coords[j, 0] - coords[i, 0], coords[j, 1] - coords[i, 1])
    demand = np.zeros(count)
    for i in range(1, count):
        demand[i] = demand_rng.int_in(1, 9)
    m = vehicles
    scores = preference_scores(coords, m, profile, profile_rng)
    allowed = zone_bans(coords, m, profile, profile_rng) if problem == 'pvrp-zc' else np.ones((m, count), dtype=np.uint8)
    dw, tw, pw = OBJECTIVE[problem]
    preference = scores if problem == 'pvrp-p' else np.zeros((m, count))
    return PvrpInstance(problem, count, dist, dist.copy(), coords, demand, np.full(m, PVRP_CAPACITY), np.ones(m),
                        preference, allowed, (dw, tw, pw * 1.0), 'camp', seed, profile, None)


def validation_set_pvrp(problem: str, n: int, m: int, count: int, cities: Sequence[str], seed0: int) -> List[PvrpInstance]:
    """TS-reproducible instances: seeds seed0 + i, cities round-robin, profiles random / angular / cluster in turn."""
    out = []
    for i in range(count):
        out.append(sample_pvrp_ts(load_city(cities[i % len(cities)]), problem, n, seed0 + i, m,
                                  PROFILE_GENERATORS[i % len(PROFILE_GENERATORS)]))
    return out
