/**
 * The editor's worker call: the data worker returns the arcs of a road point against an
 * instance's nodes, the page adds the stop, and a solve worker that never saw the city solves
 * the edited instance.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { addStop, cityArcs, moveDepotTo } from '../../src/core/scenario';
import { EngineClient, type EngineChannel } from '../../src/workers/engine-client';
import { bundledCity } from '../helpers';
import { inProcess } from '../workers/in-process';

describe('cityArcs call', () => {
  it('returns the same arcs as the city matrices, and the edited instance solves in another worker', async () => {
    const data = new EngineClient(inProcess());
    await data.loadCity('Monaco', 'Monaco.rlc');
    const { instance } = await data.sample('Monaco', { problem: 'acvrp', n: 40, seed: 2 });
    const used = new Set(instance.meta.cityPoints);
    const point = [...Array(1000).keys()].find((q) => !used.has(q))!;
    const arcs = await data.cityArcs('Monaco', instance.meta.cityPoints!, point);
    const local = cityArcs(bundledCity('Monaco'), instance.meta.cityPoints!, point);
    expect(Array.from(arcs.distanceTo)).toEqual(Array.from(local.distanceTo));
    expect(Array.from(arcs.durationFrom)).toEqual(Array.from(local.durationFrom));
    expect(arcs.lonlat).toEqual(local.lonlat);

    const edited = addStop(instance, arcs);
    const solver = new EngineClient(inProcess());
    await solver.putInstance('edited', edited);
    const outcome = await solver.solve({ runId: 'r', instanceId: 'edited', solverId: 'nearest', options: { timeLimitMs: 1000, seed: 1 } });
    expect(outcome.status).toBe('finished');
    if (outcome.status === 'finished') {
      const ev = evaluate(edited, outcome.result.solution);
      expect(ev.feasible).toBe(true);
      expect(outcome.result.solution.routes.some((r) => r.stops.includes(40 + 1))).toBe(true);
    }
    const moved = moveDepotTo(instance, await data.cityArcs('Monaco', instance.meta.cityPoints!, point));
    expect(moved.meta.cityPoints![0]).toBe(point);
  });

  it('fails as a value for an unknown city or a point out of range', async () => {
    const data = new EngineClient(inProcess());
    await expect(data.cityArcs('Atlantis', [0, 1], 2)).rejects.toThrow(/not loaded/);
    await data.loadCity('Monaco', 'Monaco.rlc');
    await expect(data.cityArcs('Monaco', [0, 1], 5000)).rejects.toThrow(/not in Monaco/);
  });
});
