/**
 * What the planner downloads (each export of a run reads back to the same solution and cost) and
 * what is saved for a reload (the snapshot keeps the scenario and its runs; running runs come
 * back interrupted). IndexedDB itself is exercised by the e2e persistence story.
 */
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { evaluate } from '../../src/core/evaluate';
import { parseProblemFile, parseSolutionFile } from '../../src/core/formats/index';
import { nearestNeighbour } from '../../src/solvers/construct/nearest';
import { useAppStore, type AppState } from '../../src/store';
import { buildExport, exportName, exportTarget, type ExportTarget } from '../../src/store/exports';
import { HISTORY_SAVE_BYTES, makeSnapshot, restoredRuns } from '../../src/store/persist';
import { instances } from '../../src/store/registries';
import type { Run } from '../../src/store/runs-slice';
import { bundledCity } from '../helpers';

const inst = sampleInstance(bundledCity('Monaco'), { problem: 'acvrp', n: 30, seed: 3 });
const solution = nearestNeighbour(inst);
const evaluation = evaluate(inst, solution);

function run(id: string, patch: Partial<Run> = {}): Run {
  return {
    id,
    instanceId: 'inst-a',
    solverId: 'nearest',
    seed: 1,
    timeLimitMs: 1000,
    status: 'done',
    solution,
    evaluation,
    timings: { startedAt: 1, solverMs: 12, timeToBestMs: 3 },
    progressCount: 2,
    ...patch,
  };
}

const enc = (text: string) => new TextEncoder().encode(text);

describe('exports of a run', () => {
  const target: ExportTarget = { instanceId: 'inst-a', instance: inst, run: run('run-4') };

  it('names files after the instance, the solver and the run', () => {
    expect(exportName(target, 'geojson')).toMatch(/\.nearest-run-4\.geojson$/);
    expect(exportName({ ...target, run: null }, 'routelab')).not.toContain('run-');
  });

  it('writes RouteLab JSON that reads back to the same instance and solution', () => {
    const file = buildExport(target, 'routelab');
    const back = parseProblemFile(file.name, enc(file.text));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const again = back.value.instance(0);
    expect(again.n).toBe(inst.n);
    expect(evaluate(again, back.value.solution!).cost).toBeCloseTo(evaluation.cost, 9);
  });

  it('writes the solve output shape, which the evaluator scores to the same cost', () => {
    const file = buildExport(target, 'solve');
    const back = parseSolutionFile(file.name, enc(file.text), inst);
    expect(back.ok).toBe(true);
    if (back.ok) expect(evaluate(inst, back.value.solution).cost).toBeCloseTo(evaluation.cost, 9);
    expect(JSON.parse(file.text)).toMatchObject({ solver: 'nearest', seed: 1, timeMs: 12, timeToBestMs: 3 });
  });

  it('writes VROOM JSON, GeoJSON (one LineString per route), CSV and .sol that agree with the run', () => {
    const vroom = buildExport(target, 'vroom');
    const reread = parseProblemFile(vroom.name, enc(vroom.text));
    expect(reread.ok && reread.value.solution).toBeTruthy();
    const geo = JSON.parse(buildExport(target, 'geojson').text) as { features: { geometry: { type: string } }[] };
    expect(geo.features.filter((f) => f.geometry.type === 'LineString')).toHaveLength(evaluation.routes.filter((r) => r.stops.length > 0).length);
    const csv = buildExport(target, 'csv').text.trim().split('\n');
    expect(csv).toHaveLength(1 + inst.n - 1);
    const sol = buildExport(target, 'sol');
    const parsed = parseSolutionFile(sol.name, enc(sol.text), inst);
    expect(parsed.ok && parsed.value.statedCost).toBeCloseTo(evaluation.cost, 6);
  });

  it('says why a run-less export cannot be made', () => {
    expect(() => buildExport({ ...target, run: null }, 'geojson')).toThrow(/Run a solver first/);
  });

  it('exports the selected run, else the best feasible one', () => {
    instances.set('inst-a', inst);
    const worse = run('run-1', { evaluation: { ...evaluation, cost: evaluation.cost + 10 } });
    const best = run('run-2');
    const going = run('run-3', { status: 'running', evaluation: { ...evaluation, cost: evaluation.cost - 10 } });
    const base = { ...useAppStore.getState(), instance: { id: 'inst-a', city: 'Monaco', kind: 'acvrp' as const, stops: 30 }, runs: [worse, best, going] };
    expect(exportTarget({ ...base, selectedRunId: null } as AppState)?.run?.id).toBe('run-2');
    expect(exportTarget({ ...base, selectedRunId: 'run-1' } as AppState)?.run?.id).toBe('run-1');
  });
});

describe('the saved session', () => {
  it('keeps the current instance and the runs on kept instances, and the UI settings', () => {
    const registry = new Map([
      ['inst-a', inst],
      ['inst-b', inst],
    ]);
    const state = {
      ...useAppStore.getState(),
      instance: { id: 'inst-a', city: 'Monaco', kind: 'acvrp' as const, stops: 30 },
      runs: [run('run-1'), run('run-2', { instanceId: 'inst-b' }), run('run-3', { instanceId: 'gone' })],
      solverId: 'sisr',
      osrmUrl: 'http://osrm.test:5000',
    } as AppState;
    const { session, instances: kept } = makeSnapshot(state, registry);
    expect(session.instanceIds).toEqual(['inst-a', 'inst-b']);
    expect([...kept.keys()]).toEqual(['inst-a', 'inst-b']);
    expect(session.runs.map((r) => r.id)).toEqual(['run-1', 'run-2']);
    expect(session.ui).toMatchObject({ solverId: 'sisr', osrmUrl: 'http://osrm.test:5000' });
    expect(Object.values(session.ui).some((v) => typeof v === 'function')).toBe(false);
    // What IndexedDB does to it: a structured clone keeps typed arrays and Infinity.
    const copy = structuredClone(kept.get('inst-a')!);
    expect(copy.distance).toBeInstanceOf(Float64Array);
    expect(evaluate(copy, solution).cost).toBe(evaluation.cost);
  });

  it('keeps the undo history and its versions, newest first, as far as they fit', () => {
    const registry = new Map([
      ['inst~e2', inst],
      ['inst', inst],
      ['inst~e1', inst],
    ]);
    const state = {
      ...useAppStore.getState(),
      instance: { id: 'inst~e2', city: 'Monaco', kind: 'acvrp' as const, stops: 30 },
      runs: [run('run-1', { instanceId: 'inst' })],
      editHistory: ['gone', 'inst', 'inst~e1'],
    } as AppState;
    const { session, instances: kept } = makeSnapshot(state, registry);
    // A version no longer in the registry ends the history there: undo cannot jump over it.
    expect(session.editHistory).toEqual(['inst', 'inst~e1']);
    expect([...kept.keys()].sort()).toEqual(['inst', 'inst~e1', 'inst~e2']);
    const big = Math.floor(HISTORY_SAVE_BYTES / inst.distance.byteLength / 2) + 1;
    const many = Array.from({ length: big }, (_, k) => `v${k}`);
    const huge = makeSnapshot({ ...state, runs: [], editHistory: many } as AppState, new Map([['inst~e2', inst], ...many.map((id) => [id, inst] as const)]));
    expect(huge.session.editHistory!.length).toBeLessThan(many.length);
    expect(huge.session.editHistory!.at(-1)).toBe(many.at(-1));
  });

  it('brings running and queued runs back as interrupted, with their best solution', () => {
    const back = restoredRuns([run('run-1', { status: 'running', workerId: 'w1', liveCost: 5 }), run('run-2', { status: 'queued' }), run('run-3')]);
    expect(back.map((r) => r.status)).toEqual(['interrupted', 'interrupted', 'done']);
    expect(back[0].solution).toBe(solution);
    expect(back[0].workerId).toBeUndefined();
  });
});
