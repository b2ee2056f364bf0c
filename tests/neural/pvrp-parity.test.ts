/**
 * CAMP-S (PVRP-P, PVRP-ZC): the Python side (models/training/pvrp_*.py, camp_model.py) and the
 * TS side agree, on the fixtures written by models/training/pvrp_fixtures.py:
 * (a) the TS sampler re-creates the Python instances (points, demands, preference rows, bans);
 * (b) pair masks, vehicle states and costs along fixed action sequences (PvrpRolloutEnv on the
 *     core rules vs pvrp_env.py), and the evaluator scores the routes at the same cost;
 * (c) the model inputs (pvrp-features.ts vs pvrp_features.py) and the POMO first moves;
 * (d) onnxruntime-node runs the exported tiny model like PyTorch within 1e-4: encoder outputs, a
 *     random batched step, and every step along the fixture actions fed by the TS env.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campSquareInstance } from '../../src/core/cities/camp-square';
import type { ProfileGenerator } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import type { Instance } from '../../src/core/instance';
import { Rng } from '../../src/core/random';
import { checkNext, type NextCheck } from '../../src/core/rules';
import { PVRP_PROBLEMS, PVRP_STATE, PvrpRolloutEnv, type PvrpProblem } from '../../src/solvers/neural/pvrp-env';
import { pvrpStarts, type PvrpModel } from '../../src/solvers/neural/pvrp-decode';
import { PVRP_ENCODER_OUTPUTS, pvrpFixtureInstance, pvrpParityReport, type PvrpFixtureCase } from '../../src/workers/neural-probe-pvrp';
import { pvrpFeeds, pvrpNormalise, timeRow } from '../../src/solvers/neural/pvrp-features';
import { createSession } from '../../src/solvers/neural/session';
import type { NeuralProblem } from '../../src/solvers/neural/env';
import { parseFixture, type Fixture } from '../../src/workers/neural-probe-fixture';
import { bundledCity } from '../helpers';
import { expectNeighbourFeatures, expectTrajectoryMatches, FIXTURE_DIR, maxAbsDiff } from './fixtures';

const TOL = 1e-4;

type PvrpCase = PvrpFixtureCase;

function loadPvrpFixture(problem: PvrpProblem): Fixture {
  return parseFixture(problem as unknown as NeuralProblem, readFileSync(`${FIXTURE_DIR}/${problem}.json`, 'utf8'), readFileSync(`${FIXTURE_DIR}/${problem}.npz`));
}

function cases(fx: Fixture): PvrpCase[] {
  return fx.meta.instances as unknown as PvrpCase[];
}

/** The fixture's instance i, re-sampled by the TS sampler (then the fixture's speeds, if any). */
function pvrpInstance(problem: PvrpProblem, fx: Fixture, i: number): Instance {
  return pvrpFixtureInstance(problem, fx, bundledCity(cases(fx)[i].city), i);
}

describe.each(PVRP_PROBLEMS)('%s: CAMP-S Python vs TS', (problem) => {
  const fx = loadPvrpFixture(problem);
  const { d, k } = fx.meta.config;

  it.each(cases(fx).map((c, i) => [i, c.city, c.profile] as const))('instance %i (%s, %s profiles): the TS sampler re-creates the Python instance', (i) => {
    const inst = pvrpInstance(problem, fx, i);
    const m = inst.vehicles.length;
    expect(Array.from(inst.distance)).toEqual(Array.from(fx.f64(`inst${i}_distance`)));
    expect(Array.from(inst.duration)).toEqual(Array.from(fx.f64(`inst${i}_duration`)));
    expect(Array.from(inst.demand)).toEqual(Array.from(fx.f64(`inst${i}_demand`)));
    expect(Array.from(inst.coords!)).toEqual(Array.from(fx.f64(`inst${i}_lonlat`)));
    expect(inst.vehicles.map((v) => v.speed)).toEqual(Array.from(fx.f64(`inst${i}_speed`)));
    const pref = fx.f64(`inst${i}_preference`);
    const allowed = fx.u8(`inst${i}_allowed`);
    for (let v = 0; v < m; v++) {
      const row = inst.vehicles[v].preference ?? new Float64Array(inst.n);
      expect(maxAbsDiff(row, pref.subarray(v * inst.n, (v + 1) * inst.n))).toBeLessThanOrEqual(1e-12);
      const ok = inst.vehicles[v].allowed ?? new Uint8Array(inst.n).fill(1);
      expect(Array.from(ok)).toEqual(Array.from(allowed.subarray(v * inst.n, (v + 1) * inst.n)));
    }
  });

  it("CAMP's unit-square generator: the Python port draws the same instance (points, demands, profiles, bans)", () => {
    const c = (fx.meta as unknown as { camp: { n: number; seed: number; vehicles: number; profile: ProfileGenerator } }).camp;
    const inst = campSquareInstance({ problem, n: c.n, seed: c.seed, vehicles: c.vehicles, profile: c.profile });
    expect(Array.from(inst.coords!)).toEqual(Array.from(fx.f64('camp_lonlat')));
    expect(Array.from(inst.demand)).toEqual(Array.from(fx.f64('camp_demand')));
    expect(maxAbsDiff(inst.distance, fx.f64('camp_distance'))).toBeLessThanOrEqual(1e-15);
    const n = inst.n;
    const pref = fx.f64('camp_preference');
    const allowed = fx.u8('camp_allowed');
    inst.vehicles.forEach((v, k) => {
      expect(maxAbsDiff(v.preference ?? new Float64Array(n), pref.subarray(k * n, (k + 1) * n))).toBeLessThanOrEqual(1e-12);
      expect(Array.from(v.allowed ?? new Uint8Array(n).fill(1))).toEqual(Array.from(allowed.subarray(k * n, (k + 1) * n)));
    });
    if (problem === 'pvrp-zc') expect(allowed.some((a, i) => i % n !== 0 && a === 0)).toBe(true);
  });

  it('pair masks, vehicle states and costs agree along the fixed action sequences; the evaluator agrees on the routes', () => {
    const refused = new Map<NextCheck, number>();
    let closedByAction = 0;
    cases(fx).forEach((c, i) => {
      const inst = pvrpInstance(problem, fx, i);
      const n = inst.n;
      const m = inst.vehicles.length;
      const actions = fx.i32(`inst${i}_actions`);
      const masks = fx.u8(`inst${i}_masks`);
      const states = fx.f32(`inst${i}_state`);
      expect(fx.shape(`inst${i}_masks`)).toEqual([actions.length + 1, m * n]);
      const env = new PvrpRolloutEnv(inst);
      const buf = new Uint8Array(m * n);
      const state = new Float32Array(m * PVRP_STATE);
      for (let t = 0; t <= actions.length; t++) {
        env.mask(buf);
        const want = masks.subarray(t * m * n, (t + 1) * m * n);
        if (!buf.every((v, j) => v === want[j])) throw new Error(`${problem} instance ${i} step ${t}: TS mask differs from Python`);
        env.vehicleState(state, 0);
        expect(maxAbsDiff(state, states.subarray(t * m * PVRP_STATE, (t + 1) * m * PVRP_STATE))).toBeLessThanOrEqual(1e-6);
        if (t === actions.length) break;
        for (let v = 0; v < m; v++) {
          for (let j = 1; j < n; j++) {
            if (env.visited[j]) continue;
            const why = checkNext(inst, env.states[v], j);
            if (why !== 'ok') refused.set(why, (refused.get(why) ?? 0) + 1);
          }
        }
        if (actions[t] % n === 0) closedByAction++;
        env.step(actions[t]);
      }
      expect(env.done).toBe(true);
      const [cost, travel] = fx.f64(`inst${i}_cost`);
      expect(Math.abs(env.cost - cost)).toBeLessThanOrEqual(1e-9 * Math.abs(travel));
      expect(Math.abs(env.travelCost - travel)).toBeLessThanOrEqual(1e-9 * travel);
      expect(env.routes.length).toBe(c.trips);
      const ev = evaluate(inst, env.solution());
      expect(ev.feasible).toBe(true);
      expect(ev.unassigned).toHaveLength(0);
      expect(Math.abs(ev.cost - cost)).toBeLessThanOrEqual(1e-6 * travel);
    });
    // The sequences exercise multi-trip (vehicles closing trips mid-way) and the capacity rule, and PVRP-ZC's bans.
    expect(closedByAction).toBeGreaterThan(0);
    expect(refused.get('capacity') ?? 0).toBeGreaterThan(0);
    if (problem === 'pvrp-zc') expect(refused.get('zone') ?? 0).toBeGreaterThan(0);
  });

  it('model inputs (features, profiles, vehicles, time rows) and the POMO first moves agree', () => {
    const inst = pvrpInstance(problem, fx, 0);
    const n = inst.n;
    const m = inst.vehicles.length;
    const norm = pvrpNormalise(inst);
    expect(maxAbsDiff(norm.dist, fx.f32('feat_dist'))).toBe(0);
    expect(maxAbsDiff(norm.dur, fx.f32('feat_dur'))).toBe(0);
    const idx = expectNeighbourFeatures(fx, norm, n, k);
    const augs = Array.from(fx.i32('feat_aug'));
    const f = pvrpFeeds(problem, inst, norm, k, augs, new Rng(1), idx);
    expect(maxAbsDiff(f.nodes, fx.f32('feat_nodes'))).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDiff(f.angle, fx.f32('feat_angle'))).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDiff(f.profile.subarray(0, m * n), fx.f32('feat_profile'))).toBe(0);
    expect(maxAbsDiff(f.vehicles.subarray(0, 2 * m), fx.f32('feat_vehicles'))).toBe(0);
    expect(pvrpStarts(inst, n - 1)).toEqual(Array.from(fx.i32('starts')));
    // the time rows of the first trajectory step (after the forced first move)
    const env = new PvrpRolloutEnv(inst);
    env.step(fx.i32('inst0_actions')[0]);
    const time = new Float32Array(m * n);
    for (let v = 0; v < m; v++) timeRow(norm, env.node(v), inst.vehicles[v].speed, time, v * n);
    expect(maxAbsDiff(time, fx.f32('traj_time_row').subarray(0, m * n))).toBe(0);
  });

  describe('onnxruntime-node vs PyTorch (tiny CAMP-S)', () => {
    let model: PvrpModel;
    beforeAll(async () => {
      const encoder = await createSession(readFileSync(`${FIXTURE_DIR}/${fx.meta.files.encoder}`), { backend: 'node' });
      const step = await createSession(readFileSync(`${FIXTURE_DIR}/${fx.meta.files.step}`), { backend: 'node' });
      model = { problem, d, k, encoder, step };
    });
    afterAll(async () => {
      await model?.encoder.release();
      await model?.step.release();
    });

    it('encoder outputs, a random batched step and every step along the fixture actions match within 1e-4', async () => {
      const report = await pvrpParityReport(model, fx, pvrpInstance(problem, fx, 0));
      expect(report.backend).toBe('node');
      expect(report.encoder.map((o) => o.key)).toEqual([...PVRP_ENCODER_OUTPUTS]);
      for (const o of report.encoder) {
        expect(o.dims, o.key).toEqual(o.expectedDims);
        expect(o.maxDiff, o.key).toBeLessThanOrEqual(TOL);
      }
      expect(report.randomStep).toBeLessThanOrEqual(TOL);
      expect(report.trajectory.expectedSteps).toBeGreaterThan(5);
      expectTrajectoryMatches(report, TOL);
    });
  });
});
