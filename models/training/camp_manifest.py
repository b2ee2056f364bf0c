"""models/manifest.json entries of CAMP-S models (read by src/solvers/neural/manifest.ts).

Same fields as manifest.py's RRNCO-S entries; family 'camp-s', the CAMP-S contract
(camp_export.py) and feature layouts (pvrp_features.py), and the vehicle count range.
"""
from __future__ import annotations

import os
from typing import Any, Dict

from .camp_export import camp_contract
from .camp_model import CampPolicy
from .data import LABEL_SEED0
from .manifest import graph_fields, run_fields
from .pvrp_data import PVRP_RL_SEED0
from .pvrp_features import PVRP_CONTEXT_LAYOUT, PVRP_NODE_LAYOUT, PVRP_VEHICLE_LAYOUT

CAMP_FEATURE_VERSION = 1


def camp_entry(ckpt: Dict[str, Any], policy: CampPolicy, encoder_path: str, step_path: str, out_dir: str) -> Dict[str, Any]:
    from .camp_train import VALIDATION_SEED0, camp_model_id
    cfg = policy.cfg
    meta = ckpt.get('meta', {})
    cities = list(meta.get('cities', []))
    init = meta.get('init') or {}
    return {
        'id': camp_model_id(cfg),
        'family': 'camp-s',
        'problem': cfg.problem,
        'featureVersion': CAMP_FEATURE_VERSION,
        **graph_fields(policy, encoder_path, step_path, out_dir),
        'nodeFeatures': PVRP_NODE_LAYOUT,
        'vehicleFeatures': PVRP_VEHICLE_LAYOUT,
        'context': PVRP_CONTEXT_LAYOUT,
        'io': camp_contract(cfg),
        'sizes': {'trainedN': sorted(set(meta.get('trained_n', [])) | set(init.get('trained_n', []))), 'minN': 2,
                  'vehicles': [3, 7]},
        'training': {
            'algorithm': meta.get('algorithm', ''),
            'data': 'PVRP instances sampled from the city matrices (data/cities/*.npz) with the src/core/cities/sampler.ts '
                    'recipe: CAMP generators (random / angular / cluster profiles), capacity 40, demands 1-9',
            'cities': cities,
            'heldOutCities': [c for c in meta.get('val_cities', []) if c not in cities]
            or [c for c in meta.get('validation', {}).get('cities', []) if c not in cities],
            'labels': meta.get('labels') or init.get('labels', {}),
            'init': {k: v for k, v in init.items() if k not in ('labels', 'trained_n')} or None,
            # the run's own CPU time plus its init's (an RL run from the imitation model)
            'cpuHours': round((meta.get('wall_s', 0.0) + init.get('wall_s', 0.0)) / 3600.0, 3),
            'seeds': f'labels: TS sampler seeds >= {LABEL_SEED0}; RL: TS sampler seeds >= {PVRP_RL_SEED0}; '
                     f'validation: {VALIDATION_SEED0}+i or held-out labels; evaluation (bench): seeds <= 99999',
            **run_fields(meta),
            'phases': meta.get('phases', []),
            'command': meta.get('command', ''),
        },
        'validation': meta.get('validation', {}),
    }
