/**
 * When the page asks the pool to warm a neural solver (src/store/neural-warmup.ts): at once when
 * a neural solver is picked; else after WARM_IDLE_MS with nothing going (no run, no loading or
 * sampling); once per problem and backend.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WarmWhen, WarmWish } from '../../src/workers/run-pool';

const wishes: { wish: WarmWish; instanceId?: string; whenIdle?: boolean }[] = [];
vi.mock('../../src/workers/engines', () => ({
  runPool: () => ({ warm: (wish: WarmWish, instanceId?: string, when?: WarmWhen) => wishes.push({ wish, instanceId, whenIdle: when?.whenIdle }) }),
}));

const { useAppStore } = await import('../../src/store');
const { startNeuralWarmup, WARM_IDLE_MS, neuralWarmKey } = await import('../../src/store/neural-warmup');

const summary = (kind: 'acvrp' | 'atsp', id = `${kind}-1`) => ({ id, city: 'Monaco', kind, stops: 100 });

describe('neural warm-up', () => {
  let stop: () => void;
  beforeEach(() => {
    vi.useFakeTimers();
    wishes.length = 0;
    useAppStore.setState({ instance: null, solverId: 'nearest', neuralBackend: 'auto', runs: [], status: { tone: 'ready', text: '' } });
    stop = startNeuralWarmup();
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('warms at once when a neural solver is picked, for the shown problem and the backend setting', () => {
    useAppStore.getState().showInstance(summary('acvrp'));
    useAppStore.getState().setSolverId('neural-greedy');
    expect(wishes).toEqual([{ wish: { key: neuralWarmKey('acvrp', 'auto'), solverId: 'neural-greedy', problem: 'acvrp', options: { backend: 'auto' } }, instanceId: 'acvrp-1', whenIdle: false }]);
    // Another variant of the same problem: warm already.
    useAppStore.getState().setSolverId('neural');
    useAppStore.getState().showInstance(summary('acvrp', 'acvrp-2'));
    expect(wishes).toHaveLength(1);
    // Another backend or problem: warmed again.
    useAppStore.getState().setNeuralBackend('wasm');
    useAppStore.getState().showInstance(summary('atsp'));
    expect(wishes.map((w) => w.wish.key)).toEqual(['neural|acvrp|auto', 'neural|acvrp|wasm', 'neural|atsp|wasm']);
  });

  it('with nothing neural picked, warms once the app has been idle for a while', () => {
    useAppStore.getState().showInstance(summary('acvrp'));
    vi.advanceTimersByTime(WARM_IDLE_MS - 1);
    expect(wishes).toEqual([]);
    // Sampling (busy), then a run: still waiting.
    useAppStore.getState().setStatus('busy', 'Sampling');
    vi.advanceTimersByTime(WARM_IDLE_MS);
    expect(wishes).toEqual([]);
    useAppStore.getState().setStatus('ready', '');
    useAppStore.setState({ runs: [{ id: 'r1', instanceId: 'acvrp-1', solverId: 'nearest', seed: 1, timeLimitMs: 1000, status: 'running', timings: { startedAt: 0 }, progressCount: 0 }] });
    vi.advanceTimersByTime(3 * WARM_IDLE_MS);
    expect(wishes).toEqual([]);
    useAppStore.getState().patchRun('r1', { status: 'done' });
    vi.advanceTimersByTime(WARM_IDLE_MS);
    // Handed as an idle-time warm-up: the pool lets runs started meanwhile go first.
    expect(wishes.map((w) => [w.wish.key, w.wish.solverId, w.whenIdle])).toEqual([['neural|acvrp|auto', 'neural', true]]);
    // Picking a neural solver then hands the same key again, now as urgent; once only.
    useAppStore.getState().setSolverId('neural-greedy');
    useAppStore.getState().setSolverId('neural');
    expect(wishes.map((w) => [w.wish.key, w.whenIdle])).toEqual([
      ['neural|acvrp|auto', true],
      ['neural|acvrp|auto', false],
    ]);
  });
});
