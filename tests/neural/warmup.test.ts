/**
 * Warming a neural solver up (issue 13: the first neural run of a page paid for the runtime's
 * start): the warm-up loads the runtime and the sessions of the asked problem's model only, and
 * the runs after it, of any neural variant, use those sessions instead of loading again; a run
 * reports how long it waited for them (startupMs).
 */
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { fileSource, readManifest } from '../../src/solvers/neural/node-source';
import { neuralSolvers, type ModelSource } from '../../src/solvers/neural/solver';
import { bundledCity } from '../helpers';

function countingSource(): ModelSource & { reads: string[] } {
  const files = fileSource();
  const reads: string[] = [];
  return { reads, read: (file) => (reads.push(file), files.read(file)) };
}

describe('neural warm-up', () => {
  it("loads only the asked problem's model, once, and the runs after it start without loading", async () => {
    const manifest = await readManifest();
    const acvrp = manifest.models.find((m) => m.problem === 'acvrp')!;
    const atsp = manifest.models.find((m) => m.problem === 'atsp')!;
    const source = countingSource();
    const solvers = neuralSolvers(manifest, source);
    const greedy = solvers.find((s) => s.id === 'neural-greedy')!;
    const pomo = solvers.find((s) => s.id === 'neural')!;

    const report = await greedy.warm!('acvrp', { backend: 'node' });
    expect(report.backend).toBe('node');
    expect(source.reads.sort()).toEqual([acvrp.files.encoder, acvrp.files.step].sort());

    // Warm already: nothing read again, whichever variant asks.
    await pomo.warm!('acvrp', { backend: 'node' });
    expect(source.reads).toHaveLength(2);

    const instance = sampleInstance(bundledCity('Monaco'), { problem: 'acvrp', n: 20, seed: 4 });
    const run = await pomo.solve(instance, { timeLimitMs: 200, seed: 1, backend: 'node', params: { samplingRounds: 0 } });
    expect(source.reads).toHaveLength(2);
    expect(run.backend).toBe('node');
    expect(run.solution.routes.length).toBeGreaterThan(0);
    // It waited for a promise already settled, not for a load like the warm-up's.
    expect(run.startupMs).toBeLessThan(report.ms);

    // A problem not warmed: its first run loads its model and says how long that took.
    const tsp = sampleInstance(bundledCity('Monaco'), { problem: 'atsp', n: 20, seed: 4 });
    const cold = await greedy.solve(tsp, { timeLimitMs: 200, seed: 1, backend: 'node' });
    expect(source.reads.slice(2).sort()).toEqual([atsp.files.encoder, atsp.files.step].sort());
    expect(cold.startupMs).toBeGreaterThan(run.startupMs!);
  });

  it('warms every problem with a model (the warm-up decodes a small synthetic instance of its kind)', async () => {
    const manifest = await readManifest();
    const source = countingSource();
    const greedy = neuralSolvers(manifest, source).find((s) => s.id === 'neural-greedy')!;
    for (const problem of greedy.problems) {
      const report = await greedy.warm!(problem, { backend: 'node' });
      expect(report.backend, problem).toBe('node');
    }
    // Each model read once at most (the first test's models are loaded already in this module).
    expect(source.reads.length).toBe(new Set(source.reads).size);
    expect(source.reads.length).toBeGreaterThan(0);
    expect(greedy.problems).toEqual(expect.arrayContaining(['atsp', 'acvrp', 'acvrptw', 'pvrp-p', 'pvrp-zc']));
  });

  it('refuses a problem without a model', async () => {
    const solvers = neuralSolvers(await readManifest(), countingSource());
    await expect(solvers.find((s) => s.id === 'neural-greedy')!.warm!('tsptw' as never, {})).rejects.toThrow(/no model for tsptw/);
  });
});
