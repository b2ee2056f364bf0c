/** Solver runs: what was asked, how it is going, and the evaluated result. */
import type { StateCreator } from 'zustand';
import type { Evaluation } from '../core/evaluate';
import type { Solution } from '../core/solution';
import type { ConvergencePoint } from './convergence';
import type { AppState } from './index';

/**
 * 'queued' waits for a free worker; 'done' … 'failed' are final. 'edited' is a solution the
 * planner changed by hand (see editedFrom); it was never solved, so it has no timings.
 * 'interrupted': the page was reloaded while the run went; it keeps its last best solution.
 */
export type RunStatus = 'queued' | 'running' | 'done' | 'stopped' | 'cancelled' | 'failed' | 'edited' | 'interrupted';

export interface RunTimings {
  /** Date.now() when the run was requested. */
  startedAt: number;
  /** Solver wall time, as measured inside the worker. */
  solverMs?: number;
  /** Neural: of solverMs, the wait for the runtime and model sessions (≈ 0 when warmed up ahead). */
  startupMs?: number;
  timeToBestMs?: number;
  /** Request to final result, as the planner waited for it (includes messaging). */
  wallMs?: number;
}

export interface Run {
  id: string;
  instanceId: string;
  solverId: string;
  /** The choice the planner made when it was an alias (`classical`). */
  alias?: string;
  /** The solver's seed (not the scenario's). */
  seed: number;
  /** The sampler seed of the instance, where it was sampled: with `seed`, what reproduces the run. */
  scenarioSeed?: number;
  timeLimitMs: number;
  status: RunStatus;
  /** Best so far while running, final once done. */
  solution?: Solution;
  /** Always evaluate(instance, solution): the only source of the KPIs shown. */
  evaluation?: Evaluation;
  timings: RunTimings;
  error?: string;
  /** The pool worker solving it (stays set after the run ends). */
  workerId?: string;
  /** Progress events received so far. */
  progressCount: number;
  /** The solver's own latest fraction done and best cost (display only, not a KPI). */
  fraction?: number;
  liveCost?: number;
  /** Backend the solver ran on (`js`, `wasm`, `webgpu`, …) where it has a choice. */
  backend?: string;
  /** Evaluator cost over solver time: [elapsedMs, cost] pairs (see convergence.ts). */
  convergence?: ConvergencePoint[];
  /** For status 'edited': the run whose solution was edited. */
  editedFrom?: string;
}

export const NEURAL_BACKENDS = ['auto', 'webgpu', 'wasm'] as const;
export type NeuralBackendChoice = (typeof NEURAL_BACKENDS)[number];

export interface RunsSlice {
  runs: Run[];
  /** The solver the next run will use. */
  solverId: string;
  timeLimitS: number;
  /** The solver seed of the next run; null: 1, 2, 3, … per solver and instance. */
  solverSeed: number | null;
  /** Where neural solvers run: WebGPU when an adapter exists (auto), or forced. */
  neuralBackend: NeuralBackendChoice;
  setSolverId: (id: string) => void;
  setNeuralBackend: (backend: NeuralBackendChoice) => void;
  setTimeLimitS: (seconds: number) => void;
  setSolverSeed: (seed: number | null) => void;
  addRun: (run: Run) => void;
  patchRun: (id: string, patch: Partial<Run>) => void;
  /** Several runs' patches in one store update (one re-render for all of them). */
  patchRuns: (patches: ReadonlyMap<string, Partial<Run>>) => void;
  /** Takes a run out of the table (only runs with nothing to keep: see isRemovable). */
  removeRun: (id: string) => void;
}

export const createRunsSlice: StateCreator<AppState, [], [], RunsSlice> = (set) => ({
  runs: [],
  solverId: 'nearest',
  timeLimitS: 10,
  solverSeed: null,
  neuralBackend: 'auto',
  setSolverId: (id) => set({ solverId: id }),
  setNeuralBackend: (backend) => set({ neuralBackend: backend }),
  setTimeLimitS: (seconds) => set({ timeLimitS: seconds }),
  setSolverSeed: (seed) => set({ solverSeed: seed }),
  addRun: (run) => set((s) => ({ runs: [...s.runs, run] })),
  patchRun: (id, patch) => set((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, ...patch } : r)) })),
  patchRuns: (patches) => {
    if (patches.size === 0) return;
    set((s) => ({ runs: s.runs.map((r) => (patches.has(r.id) ? { ...r, ...patches.get(r.id) } : r)) }));
  },
  removeRun: (id) =>
    set((s) => {
      const run = s.runs.find((r) => r.id === id);
      if (!run || !isRemovable(run)) return {};
      return {
        runs: s.runs.filter((r) => r.id !== id),
        ...(s.selectedRunId === id ? { selectedRunId: null } : {}),
        ...(s.shownRunIds.includes(id) ? { shownRunIds: s.shownRunIds.filter((h) => h !== id) } : {}),
        ...(s.sideRunId === id ? { sideRunId: null } : {}),
      };
    }),
});

export function isActive(run: Run): boolean {
  return run.status === 'queued' || run.status === 'running';
}

/** Cancelled and failed runs hold no result: the planner may clear them away one by one. */
export function isRemovable(run: Run): boolean {
  return run.status === 'cancelled' || run.status === 'failed';
}
