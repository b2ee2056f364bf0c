/** Progress of several runs reaches the store as one update (see run-actions.ts PROGRESS_FLUSH_MS). */
import { afterEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../../src/store';
import type { Run } from '../../src/store/runs-slice';

function run(id: string, patch: Partial<Run> = {}): Run {
  return { id, instanceId: 'i', solverId: 'sisr', seed: 1, timeLimitMs: 1000, status: 'running', timings: { startedAt: 0 }, progressCount: 0, ...patch };
}

afterEach(() => useAppStore.setState({ runs: [] }));

describe('patching several runs at once', () => {
  it('applies every patch in one store update and leaves other runs as they were', () => {
    const untouched = run('c');
    useAppStore.setState({ runs: [run('a'), run('b'), untouched] });
    let updates = 0;
    const unsubscribe = useAppStore.subscribe(() => updates++);
    useAppStore.getState().patchRuns(
      new Map([
        ['a', { progressCount: 3, fraction: 0.2 }],
        ['b', { progressCount: 5, liveCost: 42 }],
        ['gone', { progressCount: 9 }],
      ]),
    );
    unsubscribe();
    expect(updates).toBe(1);
    const { runs } = useAppStore.getState();
    expect(runs.map((r) => [r.id, r.progressCount])).toEqual([
      ['a', 3],
      ['b', 5],
      ['c', 0],
    ]);
    expect(runs[0].fraction).toBe(0.2);
    expect(runs[1].liveCost).toBe(42);
    expect(runs[2]).toBe(untouched);
  });

  it('does not touch the store for no patches', () => {
    useAppStore.setState({ runs: [run('a')] });
    const before = useAppStore.getState().runs;
    useAppStore.getState().patchRuns(new Map());
    expect(useAppStore.getState().runs).toBe(before);
  });
});

describe('removing a run', () => {
  it('removes a cancelled or failed run, with its selection and visibility, and nothing else', () => {
    useAppStore.setState({ runs: [run('a', { status: 'cancelled' }), run('b', { status: 'done' }), run('c', { status: 'failed' })], selectedRunId: 'a', shownRunIds: ['a', 'b'], sideRunId: 'a' });
    useAppStore.getState().removeRun('a');
    expect(useAppStore.getState().runs.map((r) => r.id)).toEqual(['b', 'c']);
    expect(useAppStore.getState().selectedRunId).toBeNull();
    expect(useAppStore.getState().shownRunIds).toEqual(['b']);
    expect(useAppStore.getState().sideRunId).toBeNull();
    useAppStore.getState().removeRun('c');
    // A run with a result stays: its row is the record of what the solver found.
    useAppStore.getState().removeRun('b');
    expect(useAppStore.getState().runs.map((r) => r.id)).toEqual(['b']);
  });
});
