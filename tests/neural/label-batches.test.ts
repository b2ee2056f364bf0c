/**
 * How an imitation step picks its batch (models/training/train.py pick_labels, shared by the RRNCO-S
 * and CAMP-S trainers): a group of same-size labels is drawn with weight (its label count) × n^W,
 * so `--il-n-weight 0` follows the label counts and W = 2 moves steps to the large instances.
 * Runs Debian's PyTorch (skipped without it, as the training smoke test is).
 */
import { describe, expect, it } from 'vitest';
import { pythonHas, pythonJson } from './python';

const hasTorch = pythonHas('torch', 'label-batch');

// groups keyed as the CAMP trainer keys them, (nodes, vehicles); 3000 labels at n = 50, 1000 at n = 100
const DRAW = `
import json
import numpy as np
from models.training.train import pick_labels
groups = {(51, 5): [('a', i) for i in range(3000)], (101, 7): [('b', i) for i in range(1000)]}
out = {}
for w in (0, 2):
    large, distinct = 0, True
    for i in range(4000):
        batch = pick_labels(groups, 16, np.random.default_rng([9, i]), float(w), lambda key: key[0])
        large += batch[0][0] == 'b'
        distinct &= len(set(batch)) == len(batch) == 16 and len({b[0] for b in batch}) == 1
    out[str(w)] = {'large': large / 4000, 'distinct': bool(distinct)}
print(json.dumps(out))
`;

describe.skipIf(!hasTorch)('imitation batches by instance size', () => {
  it('draws groups by label count × n^W, one size per batch, no label twice', () => {
    const out = pythonJson<Record<string, { large: number; distinct: boolean }>>(DRAW);
    const share = (w: number) => (1000 * 101 ** w) / (3000 * 51 ** w + 1000 * 101 ** w);
    expect(Math.abs(out['2']!.large - share(2))).toBeLessThan(0.03); // 0.57
    expect(Math.abs(out['0']!.large - share(0))).toBeLessThan(0.03); // 0.25
    expect(out['0']!.distinct && out['2']!.distinct).toBe(true);
  });
});
