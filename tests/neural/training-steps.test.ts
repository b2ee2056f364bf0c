/**
 * Report headers name how much training a model had (src/solvers/neural/manifest.ts,
 * trainingSteps): an RL run started from an imitation checkpoint counts only its own steps in
 * `training.steps`; the init's steps are in `training.init.step`, and the header names both.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkManifest, trainingSteps } from '../../src/solvers/neural/manifest';
import { repoPath } from '../helpers';

describe('trainingSteps', () => {
  it('own steps, with the init checkpoint’s steps when the run started from one', () => {
    expect(trainingSteps({ training: { steps: 1300, init: { from: 'x/best.pt', step: 20626 } } })).toBe('1300 steps after 20626 of its init');
    expect(trainingSteps({ training: { steps: 4482 } })).toBe('4482 steps');
    expect(trainingSteps({ training: { steps: 5, init: null } })).toBe('5 steps');
    expect(trainingSteps({})).toBe('steps unknown');
  });

  it('the committed CAMP-S models were trained from an init, and say so', () => {
    const manifest = checkManifest(JSON.parse(readFileSync(repoPath('models', 'manifest.json'), 'utf8')));
    for (const e of manifest.models.filter((m) => m.family === 'camp-s')) {
      const init = (e.training?.init ?? null) as { step?: number } | null;
      if (init?.step !== undefined) expect(trainingSteps(e)).toContain(`after ${init.step} of its init`);
    }
  });
});
