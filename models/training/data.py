"""Cities and instances.

Two ways to get an instance, one recipe (RRNCO's, as src/core/cities/sampler.ts implements it):

* ``sample_instance_ts(city, problem, n, seed)`` is a bit-exact port of the TypeScript sampler,
  including its xoshiro128** generator (src/core/random.ts): the same (city, problem, n, seed)
  gives the same point indices, demands and windows as ``sampleInstance`` in TS. Used for
  validation, fixtures and imitation labels (labels made in Node are re-created here from their
  seed alone).
* ``sample_batch(...)`` draws training batches with numpy's PCG64 (fast, vectorised). It is the
  same recipe with a different random stream, so training instances can never coincide with the
  seeded evaluation instances except by a 1000-choose-n accident.

Units follow the TS city decoder: metres and seconds, exactly as ``decodeCity`` produces them
(the npz stores km and minutes; OSRM's values are whole decimetres / deciseconds, so rounding
``km * 1e4`` and ``min * 600`` recovers them exactly).

Seed ranges (documented in README.md; keep them disjoint):

* evaluation (``npm run bench``, TS sampler): seeds 1 .. 99_999;
* validation during training (TS-exact port here): ``VALIDATION_SEED0 + i``;
* imitation labels (scripts/neural-labels.ts, TS sampler): ``LABEL_SEED0 + i``;
* RL training batches: numpy ``default_rng([TRAIN_STREAM, run_seed, step])``, not a TS seed.
"""
from __future__ import annotations

import json
import sys
import math
import os
from dataclasses import dataclass, field, replace
from typing import Any, Dict, Iterator, List, Optional, Sequence

import numpy as np

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
CITY_DIR = os.path.join(REPO_ROOT, 'data', 'cities')
BUNDLED_CITIES = ['Monaco', 'Andorra', 'Campo_Grande']
TRAIN_CITIES = list(BUNDLED_CITIES)

EVAL_SEED_MAX = 99_999
VALIDATION_SEED0 = 500_000
LABEL_SEED0 = 10_000_000
TRAIN_STREAM = 0x5EED_7A1

# parity-fingerprint: begin (the TS sampler's port; see fingerprint.py)
RRNCO_UNREACHABLE = 1e5
TW_HORIZON = 4.6
TW_SERVICE = (0.15, 0.18)
TW_LENGTH = (0.18, 0.2)
CVRP_CAPACITY = {10: 20, 15: 25, 20: 30, 30: 33, 40: 37, 50: 40, 60: 43, 75: 45, 100: 50, 125: 55,
                 150: 60, 200: 70, 500: 100, 1000: 150}
PROBLEMS = ('atsp', 'acvrp', 'acvrptw')


def cvrp_capacity(n: int) -> int:
    return CVRP_CAPACITY.get(n, 30 + n // 5)


def cvrptw_capacity(n: int) -> int:
    return 30 + n // 5


def capacity_for(problem: str, n: int) -> float:
    if problem == 'acvrp':
        return float(cvrp_capacity(n))
    if problem == 'acvrptw':
        return float(cvrptw_capacity(n))
    return math.inf
# parity-fingerprint: end


# --------------------------------------------------------------------------------------------
# Cities

# parity-fingerprint: begin (the TS sampler's port; see fingerprint.py)

@dataclass
class City:
    name: str
    n: int
    lonlat: np.ndarray  # (n, 2) [lon, lat] degrees
    distance: np.ndarray  # (n, n) metres, inf = unreachable
    duration: np.ndarray  # (n, n) seconds


_CITIES: Dict[str, City] = {}


def _exact(values: np.ndarray, scale: float) -> np.ndarray:
    """km → m (scale 1e4 then / 10) the way the TS decoder gets them: whole decimetres / 10."""
    out = np.round(values * scale) / 10.0
    out[~np.isfinite(values) | (values > RRNCO_UNREACHABLE)] = np.inf
    return out


def load_city(name: str, city_dir: str = CITY_DIR) -> City:
    city = _CITIES.get(name)
    if city is None:
        with np.load(os.path.join(city_dir, f'{name}_data.npz')) as z:
            points = np.asarray(z['points'], dtype=np.float64)
            dist = np.asarray(z['distance'], dtype=np.float64)
            dur = np.asarray(z['duration'], dtype=np.float64)
        lonlat = np.round(points[:, ::-1] * 1e6) / 1e6
        city = City(name, points.shape[0], np.ascontiguousarray(lonlat), _exact(dist, 1e4), _exact(dur, 600.0))
        _CITIES[name] = city
    return city


# --------------------------------------------------------------------------------------------
# The TS generator (src/core/random.ts), bit for bit

M32 = 0xFFFFFFFF


def _imul(a: int, b: int) -> int:
    return (a * b) & M32


def _rotl(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & M32


class TsRng:
    """xoshiro128** seeded through splitmix32, exactly as ``Rng`` in src/core/random.ts."""

    def __init__(self, seed: int):
        self.seed = seed
        x = seed & M32
        state = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & M32
            z = x
            z = _imul(z ^ (z >> 16), 0x85EBCA6B)
            z = _imul(z ^ (z >> 13), 0xC2B2AE35)
            state.append((z ^ (z >> 16)) & M32)
        self.s = state
        if not any(state):
            self.s[0] = 1

    def next_u32(self) -> int:
        s0, s1, s2, s3 = self.s
        result = _imul(_rotl(_imul(s1, 5), 7), 9)
        t = (s1 << 9) & M32
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result

    def next(self) -> float:
        hi = self.next_u32() >> 5
        lo = self.next_u32() >> 6
        return (hi * 67108864 + lo) / 9007199254740992

    def uniform(self, lo: float, hi: float) -> float:
        return lo + (hi - lo) * self.next()

    def int(self, n: int) -> int:
        return math.floor(self.next() * n)

    def int_in(self, lo: int, hi: int) -> int:
        return lo + self.int(hi - lo + 1)

    def sample(self, n: int, k: int) -> List[int]:
        pool = list(range(n))
        for i in range(k):
            j = i + self.int(n - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]

    def fork(self, salt: int) -> 'TsRng':
        return TsRng((_imul(self.next_u32() ^ salt, 0x9E3779B1) + salt) & M32)


# --------------------------------------------------------------------------------------------
# Instances


@dataclass
class Instance:
    """One problem instance in RouteLab's units (metres, seconds). Node 0 is the depot (VRPs)."""
    problem: str
    n: int  # number of nodes (ATSP: n; VRPs: clients + 1)
    distance: np.ndarray  # (n, n) float64
    duration: np.ndarray
    lonlat: np.ndarray  # (n, 2)
    demand: np.ndarray  # (n,)
    service: np.ndarray
    ready: np.ndarray
    due: np.ndarray  # inf where unconstrained
    capacity: float  # inf for ATSP
    deadline: float  # latest return to the depot: min(shift end, due[depot]); inf without windows
    city: str = ''
    seed: int = -1
    points: List[int] = field(default_factory=list)


def _local_xy(city: City, i: int):
    lon0, lat0 = city.lonlat[0]
    kx = 111_320 * math.cos(lat0 * math.pi / 180)
    return (city.lonlat[i, 0] - lon0) * kx, (city.lonlat[i, 1] - lat0) * 110_540


def _sample_points(city: City, count: int, rng: TsRng, distribution: str) -> List[int]:
    if distribution == 'uniform':
        return rng.sample(city.n, count)
    centre = rng.int(city.n)
    cx, cy = _local_xy(city, centre)
    d2 = []
    for i in range(city.n):
        x, y = _local_xy(city, i)
        d2.append((x - cx) ** 2 + (y - cy) ** 2)
    order = sorted(range(city.n), key=lambda i: (d2[i], i))
    return order[:count]


def _max_finite(a: np.ndarray) -> float:
    f = a[np.isfinite(a)]
    return float(max(0.0, f.max())) if f.size else 0.0


def sample_instance_ts(city: City, problem: str, n: int, seed: int, distribution: str = 'uniform') -> Instance:
    """Port of ``sampleInstance`` (src/core/cities/sampler.ts) for atsp / acvrp / acvrptw."""
    if problem not in PROBLEMS:
        raise ValueError(f'unsupported problem {problem}')
    rng = TsRng(seed)
    point_rng = rng.fork(1)
    demand_rng = rng.fork(2)
    window_rng = rng.fork(3)
    count = n if problem == 'atsp' else n + 1
    points = _sample_points(city, count, point_rng, distribution)
    idx = np.array(points)
    distance = city.distance[np.ix_(idx, idx)].copy()
    duration = city.duration[np.ix_(idx, idx)].copy()
    lonlat = city.lonlat[idx].copy()
    demand = np.zeros(count)
    service = np.zeros(count)
    ready = np.zeros(count)
    due = np.full(count, np.inf)
    capacity = math.inf
    deadline = math.inf
    if problem != 'atsp':
        for i in range(1, count):
            demand[i] = demand_rng.int_in(1, 9)
        capacity = capacity_for(problem, n)
    if problem == 'acvrptw':
        max_t = _max_finite(duration)
        due[0] = TW_HORIZON * max_t
        for i in range(1, count):
            s = window_rng.uniform(*TW_SERVICE)
            w = window_rng.uniform(*TW_LENGTH)
            t0i = duration[0, i] / max_t
            ti0 = duration[i, 0] / max_t
            tmax = max(t0i, ti0)
            h = (TW_HORIZON - s - w) / (tmax + 1e-6) - 1
            e = t0i + (h - 1) * tmax * window_rng.next()
            ready[i] = e * max_t
            due[i] = (e + w) * max_t
            service[i] = s * max_t
        deadline = min(TW_HORIZON * max_t, due[0])
    return Instance(problem, count, distance, duration, lonlat, demand, service, ready, due, capacity, deadline,
                    city.name, seed, points)
# parity-fingerprint: end


def validation_set(problem: str, n: int, count: int, cities: Sequence[str] = TRAIN_CITIES) -> List[Instance]:
    """Fixed, TS-reproducible validation instances: seeds VALIDATION_SEED0 + i, cities round-robin."""
    out = []
    for i in range(count):
        city = load_city(cities[i % len(cities)])
        out.append(sample_instance_ts(city, problem, n, VALIDATION_SEED0 + i))
    return out


# --------------------------------------------------------------------------------------------
# Batches (numpy arrays, float64, stacked)


class MatrixBatch:
    """size (B) and nodes (N) of a batch of instances read off its distance matrices (B, N, N):
    the numpy Batch and pvrp_env.PvrpBatch."""
    distance: Any

    @property
    def size(self) -> int:
        return self.distance.shape[0]

    @property
    def nodes(self) -> int:
        return self.distance.shape[1]


@dataclass
class Batch(MatrixBatch):
    problem: str
    distance: np.ndarray  # (B, N, N)
    duration: np.ndarray
    lonlat: np.ndarray  # (B, N, 2)
    demand: np.ndarray  # (B, N)
    service: np.ndarray
    ready: np.ndarray
    due: np.ndarray
    capacity: np.ndarray  # (B,)
    deadline: np.ndarray  # (B,)


def stack(instances: Sequence[Instance]) -> Batch:
    p = instances[0].problem
    return Batch(p,
                 np.stack([i.distance for i in instances]), np.stack([i.duration for i in instances]),
                 np.stack([i.lonlat for i in instances]), np.stack([i.demand for i in instances]),
                 np.stack([i.service for i in instances]), np.stack([i.ready for i in instances]),
                 np.stack([i.due for i in instances]),
                 np.array([i.capacity for i in instances], dtype=np.float64),
                 np.array([i.deadline for i in instances], dtype=np.float64))


def sample_batch(problem: str, n: int, batch: int, rng: np.random.Generator,
                 cities: Sequence[str] = TRAIN_CITIES) -> Batch:
    """Training batch: the sampler's recipe (uniform points), vectorised, numpy random stream."""
    count = n if problem == 'atsp' else n + 1
    city_of = rng.integers(0, len(cities), size=batch)
    dist = np.empty((batch, count, count))
    dur = np.empty((batch, count, count))
    lonlat = np.empty((batch, count, 2))
    for c, name in enumerate(cities):
        rows = np.nonzero(city_of == c)[0]
        if rows.size == 0:
            continue
        city = load_city(name)
        idx = np.argsort(rng.random((rows.size, city.n)), axis=1)[:, :count]
        dist[rows] = city.distance[idx[:, :, None], idx[:, None, :]]
        dur[rows] = city.duration[idx[:, :, None], idx[:, None, :]]
        lonlat[rows] = city.lonlat[idx]
    demand = np.zeros((batch, count))
    service = np.zeros((batch, count))
    ready = np.zeros((batch, count))
    due = np.full((batch, count), np.inf)
    capacity = np.full(batch, math.inf)
    deadline = np.full(batch, math.inf)
    if problem != 'atsp':
        demand[:, 1:] = rng.integers(1, 10, size=(batch, n))
        capacity[:] = capacity_for(problem, n)
    if problem == 'acvrptw':
        finite = np.where(np.isfinite(dur), dur, 0.0)
        max_t = finite.reshape(batch, -1).max(axis=1)
        s = rng.uniform(*TW_SERVICE, size=(batch, n))
        w = rng.uniform(*TW_LENGTH, size=(batch, n))
        t0i = dur[:, 0, 1:] / max_t[:, None]
        ti0 = dur[:, 1:, 0] / max_t[:, None]
        tmax = np.maximum(t0i, ti0)
        h = (TW_HORIZON - s - w) / (tmax + 1e-6) - 1
        e = t0i + (h - 1) * tmax * rng.random((batch, n))
        ready[:, 1:] = e * max_t[:, None]
        due[:, 1:] = (e + w) * max_t[:, None]
        service[:, 1:] = s * max_t[:, None]
        due[:, 0] = TW_HORIZON * max_t
        deadline[:] = due[:, 0]
    return Batch(problem, dist, dur, lonlat, demand, service, ready, due, capacity, deadline)


def train_rng(run_seed: int, step: int) -> np.random.Generator:
    return np.random.default_rng([TRAIN_STREAM, run_seed, step])


# --------------------------------------------------------------------------------------------
# Imitation labels (scripts/neural-labels.ts writes JSON lines)


@dataclass
class Label:
    instance: Instance
    routes: List[List[int]]
    cost: float


def load_labels(path: str, problem: Optional[str] = None) -> List[Label]:
    out = []
    for rec in label_records(path, problem):
        inst = sample_instance_ts(load_city(rec['city']), rec['problem'], rec['n'], rec['seed'],
                                  rec.get('distribution', 'uniform'))
        # labels made with `--capacity` (the capacity of a large sample, on a smaller one)
        if rec.get('capacity') is not None:
            inst = replace(inst, capacity=float(rec['capacity']))
        check_label_points(path, rec, inst)
        out.append(Label(inst, [list(r) for r in rec['routes']], float(rec['cost'])))
    return out


def label_records(path: str, problem: Optional[str]) -> Iterator[dict]:
    """The records of a label .jsonl (scripts/neural-labels.ts) of `problem` (every one without)."""
    with open(path) as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                # labelling appends line by line: a file still being written may end mid-record
                if not raw.endswith('\n'):
                    print(f'{path}:{number}: skipping the unfinished last line (labelling still running?)', file=sys.stderr)
                    return
                raise ValueError(f'{path}:{number}: not a JSON label record ({e})') from None
            if problem and rec['problem'] != problem:
                continue
            yield rec


def check_label_points(path: str, rec: dict, inst) -> None:
    """A label names its instance by sampler seed; where it lists the points, the Python port of
    the sampler must have drawn the same ones."""
    if rec.get('points') is not None and list(rec['points']) != inst.points:
        raise ValueError(f"{path}: label {rec['city']} seed {rec['seed']} does not match the TS sampler port")
