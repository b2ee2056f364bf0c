/**
 * (a) The Python training environment (models/training/envs.py) and the TS rules agree: the same
 * instance (re-sampled here by the TS sampler from the fixture's city and seed), the same action
 * sequence, the same decode mask after every step and the same final cost.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { checkNext, type NextCheck } from '../../src/core/rules';
import { NEURAL_PROBLEMS, RolloutEnv } from '../../src/solvers/neural/env';
import { fixtureInstance, loadFixture } from './fixtures';

describe.each(NEURAL_PROBLEMS)('%s: Python env vs TS rules', (problem) => {
  const fx = loadFixture(problem);

  it.each(fx.meta.instances.map((m, i) => [i, m.city, m.n] as const))('instance %i (%s, n = %i): the TS sampler re-creates the Python instance exactly', (i) => {
    const inst = fixtureInstance(fx, i);
    expect(Array.from(inst.distance)).toEqual(Array.from(fx.f64(`inst${i}_distance`)));
    expect(Array.from(inst.duration)).toEqual(Array.from(fx.f64(`inst${i}_duration`)));
    for (const key of ['demand', 'service', 'ready', 'due'] as const) {
      expect(Array.from(inst[key]), key).toEqual(Array.from(fx.f64(`inst${i}_${key}`)));
    }
    expect(Array.from(inst.coords!)).toEqual(Array.from(fx.f64(`inst${i}_lonlat`)));
  });

  it('masks and costs agree along the fixed action sequences, and the rules that refuse clients are exercised', () => {
    const refused = new Map<NextCheck, number>();
    fx.meta.instances.forEach((m, i) => {
      const inst = fixtureInstance(fx, i);
      const actions = fx.i32(`inst${i}_actions`);
      const masks = fx.u8(`inst${i}_masks`);
      const n = inst.n;
      expect(fx.shape(`inst${i}_masks`)).toEqual([actions.length + 1, n]);
      const env = new RolloutEnv(inst);
      const buf = new Uint8Array(n);
      for (let t = 0; t <= actions.length; t++) {
        env.mask(buf);
        const want = masks.subarray(t * n, (t + 1) * n);
        if (!buf.every((v, j) => v === want[j])) {
          throw new Error(`${problem} instance ${i} step ${t}: TS mask ${Array.from(buf).join('')} vs Python ${Array.from(want).join('')}`);
        }
        if (t === actions.length) break;
        for (let j = 0; j < n; j++) {
          if (env.visited[j] || j === inst.depot) continue;
          const why = checkNext(inst, env.state, j);
          if (why !== 'ok') refused.set(why, (refused.get(why) ?? 0) + 1);
        }
        env.step(actions[t]);
      }
      expect(env.done).toBe(true);
      const cost = fx.f64(`inst${i}_cost`)[0];
      expect(Math.abs(env.cost - cost)).toBeLessThanOrEqual(1e-9 * cost);
      expect(env.routes.length).toBe(problem === 'atsp' ? 1 : m.routes);
      const ev = evaluate(inst, env.solution());
      expect(ev.feasible).toBe(true);
      expect(Math.abs(ev.cost - cost)).toBeLessThanOrEqual(1e-6);
    });
    if (problem !== 'atsp') expect(refused.get('capacity') ?? 0).toBeGreaterThan(0);
    if (problem === 'acvrptw') expect((refused.get('time-window') ?? 0) + (refused.get('return') ?? 0)).toBeGreaterThan(0);
  });
});
