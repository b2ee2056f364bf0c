/**
 * The interleaved teacher order of the CAMP-S imitation (models/training/pvrp_env.py
 * interleave_pairs, `camp_train.py --teacher-order interleaved`): a vehicle-major label sequence is
 * replayed with the vehicles side by side. It must keep every trip as it was (same cost, accepted by
 * the env) and always extend the vehicle that has driven the least time so far.
 * Runs Debian's PyTorch (skipped without it, as the training smoke test is).
 */
import { describe, expect, it } from 'vitest';
import { pythonHas, pythonJson } from './python';

const hasTorch = pythonHas('torch', 'interleave');

const CHECK = `
import json
import numpy as np
from models.training.data import load_city
from models.training.pvrp_data import sample_pvrp_ts
from models.training.pvrp_env import interleave_pairs, random_feasible_pairs, replay_pvrp, teacher_pairs
out = []
for problem, profile, seed in (('pvrp-p', 'random', 11), ('pvrp-zc', 'random', 12), ('pvrp-zc', 'angular', 13)):
    inst = sample_pvrp_ts(load_city('Monaco'), problem, 24, seed, 4, profile)
    N = inst.n
    rng = np.random.default_rng(seed)
    # a random solution as routes per vehicle (the shape of a label)
    routes, vehicles, open_ = [], [], {}
    for a in random_feasible_pairs(inst, rng, 0.2):
        k, j = divmod(a, N)
        if j == 0:
            routes.append(open_.pop(k)); vehicles.append(k)
        else:
            open_.setdefault(k, []).append(j)
    for k, r in open_.items():
        routes.append(r); vehicles.append(k)
    order = [int(k) for k in rng.permutation(inst.m)]
    major = teacher_pairs(routes, vehicles, N, order)
    inter = interleave_pairs(major, inst, order)
    ok_m, cost_m, _ = replay_pvrp(inst, major)
    ok_i, cost_i, _ = replay_pvrp(inst, inter)
    # the least-travel rule, checked along the interleaved sequence
    travel, cur, left, rule = [0.0] * inst.m, [0] * inst.m, {k: sum(1 for a in major if a // N == k) for k in range(inst.m)}, True
    switches = 0
    for i, a in enumerate(inter):
        k, j = divmod(a, N)
        live = [kk for kk in range(inst.m) if left[kk] > 0]
        rule &= travel[k] <= min(travel[kk] for kk in live) + 1e-9
        switches += i > 0 and inter[i - 1] // N != k
        travel[k] += float(inst.duration[cur[k], j]) / float(inst.speed[k]); cur[k] = j; left[k] -= 1
    out.append({'ok': ok_m and ok_i, 'cost': [cost_m, cost_i], 'same_actions': sorted(major) == sorted(inter),
                'rule': bool(rule), 'switches': switches, 'vehicles': len(set(vehicles)),
                'major_switches': sum(1 for i in range(1, len(major)) if major[i - 1] // N != major[i] // N)})
print(json.dumps(out))
`;

describe.skipIf(!hasTorch)('interleaved teacher order (CAMP-S imitation)', () => {
  it('keeps the routes and their cost, and always extends the vehicle with the least travel', () => {
    const out = pythonJson<{ ok: boolean; cost: number[]; same_actions: boolean; rule: boolean; switches: number; vehicles: number; major_switches: number }[]>(CHECK, 120_000);
    expect(out).toHaveLength(3);
    for (const o of out) {
      expect(o.ok).toBe(true);
      expect(o.cost[1]).toBeCloseTo(o.cost[0]!, 6);
      expect(o.same_actions).toBe(true);
      expect(o.rule).toBe(true);
      // vehicle-major switches vehicle once per vehicle; interleaved switches far more often
      expect(o.major_switches).toBe(o.vehicles - 1);
      expect(o.switches).toBeGreaterThan(o.major_switches);
    }
  });
});
