"""models/manifest.json entries, one per exported model (read by src/solvers/neural/manifest.ts).

Entry fields: id, family, problem, featureVersion, files {encoder, step} (relative to the
manifest's folder), bytes, opset, params, config (ModelConfig), nodeFeatures / context (feature
layouts), io (the ONNX contract: names, dtypes, symbolic shapes), sizes (trained node counts),
training (algorithm, data, cities, seed policy, steps, instances, wall time, hardware, command)
and validation (metrics on the fixed TS-reproducible validation set).
"""
from __future__ import annotations

import json
import os
from typing import Any, Dict

from .data import LABEL_SEED0, TRAIN_CITIES, VALIDATION_SEED0
from .export import OPSET, contract
from .features import CONTEXT_LAYOUT, NODE_LAYOUT
from .model import ModelConfig, Policy

MODELS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
FEATURE_VERSION = 1


def entry_from_checkpoint(ckpt: Dict[str, Any], policy: Policy, encoder_path: str, step_path: str,
                          out_dir: str) -> Dict[str, Any]:
    cfg: ModelConfig = policy.cfg
    meta = ckpt.get('meta', {})
    from .train import model_id
    return {
        'id': model_id(cfg),
        'family': 'rrnco-s',
        'problem': cfg.problem,
        'featureVersion': FEATURE_VERSION,
        **graph_fields(policy, encoder_path, step_path, out_dir),
        'nodeFeatures': NODE_LAYOUT[cfg.problem],
        'context': CONTEXT_LAYOUT[cfg.problem],
        'io': contract(cfg),
        'sizes': {'trainedN': sorted(set(meta.get('trained_n', []))), 'minN': 2},
        'training': {
            'algorithm': meta.get('algorithm', 'POMO REINFORCE (shared baseline) and/or imitation of classical labels'),
            'data': 'instances sampled from RRNCO-style city matrices (data/cities/*.npz: the bundled OSRM cities and '
                    'cities built from OSM extracts by src/core/osm) with the src/core/cities/sampler.ts recipe (uniform points)',
            'cities': list(meta.get('cities', TRAIN_CITIES)),
            'heldOutCities': [c for c in (meta.get('validation', {}).get('cities') or meta.get('val_cities', []))
                              if c not in meta.get('cities', TRAIN_CITIES)],
            'labels': meta.get('labels', {}),
            'init': meta.get('init'),
            'cpuHours': round(meta.get('wall_s', 0.0) / 3600.0, 2),
            'seeds': f'RL: numpy PCG64 streams [stream, run seed, step]; imitation labels: TS sampler seeds >= {LABEL_SEED0}; '
                     f'validation: TS sampler seeds {VALIDATION_SEED0}+i; evaluation (bench): seeds <= 99999',
            **run_fields(meta),
            'phases': merge_phases(meta.get('phases', [])),
            'command': meta.get('command', ''),
        },
        'validation': meta.get('validation', {}),
    }


def graph_fields(policy, encoder_path: str, step_path: str, out_dir: str) -> Dict[str, Any]:
    """The entry fields of the exported graphs (RRNCO-S and CAMP-S): files relative to the
    manifest's folder, their sizes, the opset, the parameter count and the model config."""
    return {
        'files': {'encoder': os.path.relpath(encoder_path, out_dir), 'step': os.path.relpath(step_path, out_dir)},
        'bytes': {'encoder': os.path.getsize(encoder_path), 'step': os.path.getsize(step_path)},
        'opset': OPSET,
        'params': policy.param_count(),
        'config': policy.cfg.to_dict(),
    }


def run_fields(meta: Dict[str, Any]) -> Dict[str, Any]:
    """training's record of the run (both families): steps, instances, wall time, hardware."""
    return {
        'steps': meta.get('steps', 0),
        'instances': meta.get('instances', 0),
        'wallTimeS': round(meta.get('wall_s', 0.0), 1),
        'hardware': meta.get('hardware', []),
    }


def merge_phases(phases):
    """One row per stretch of imitation: it draws n = 70 or 100 per step, which would otherwise
    log a new phase at every switch. RL phases (the curriculum's sizes) stay apart."""
    out = []
    for ph in phases:
        mode = ph['phase'].split(' ')[0]
        # a merged row ("imitation n=70/100") comes back here on resume: split it again
        ns = ph['phase'].split('n=')[-1].split('/')
        if out and out[-1]['mode'] == mode == 'imitation':
            out[-1]['steps'] += ph['steps']
            out[-1]['n'] += [n for n in ns if n not in out[-1]['n']]
        else:
            out.append({'mode': mode, 'n': ns, 'from_step': ph['from_step'], 'steps': ph['steps']})
    return [{'phase': f"{p['mode']} n={'/'.join(sorted(p['n'], key=lambda v: int(v.split('-')[0])))}", 'from_step': p['from_step'], 'steps': p['steps']}
            for p in out]


def read_manifest(path: str) -> Dict[str, Any]:
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    return {'version': 1, 'models': []}


def write_entry(path: str, entry: Dict[str, Any]) -> None:
    doc = read_manifest(path)
    models = [m for m in doc.get('models', []) if m.get('id') != entry['id']]
    models.append(entry)
    models.sort(key=lambda m: m['id'])
    doc['models'] = models
    doc.setdefault('version', 1)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')
