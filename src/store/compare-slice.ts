/**
 * How the planner is comparing runs: which run is selected (its routes numbered on the map, its
 * stops in the route list), which other runs she put on the map beside it (the map shows the
 * selected run alone unless she does: more than two runs' routes at once are unreadable), which
 * run a second map shows side by side, how the table is sorted, and what the pointer is over (a
 * run, or one route of it). Plain data, safe to persist.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './index';

export type CompareSortKey =
  | 'number'
  | 'solver'
  | 'backend'
  | 'seed'
  | 'status'
  | 'cost'
  | 'distance'
  | 'duration'
  | 'vehicles'
  | 'violations'
  | 'unassigned'
  | 'timeToBest'
  | 'total'
  | 'gap';

export interface CompareSort {
  key: CompareSortKey;
  dir: 'asc' | 'desc';
}

/** What the pointer is over: a whole run (table row) or one route of it (list, map). */
export interface CompareHover {
  runId: string;
  route: number | null;
}

export interface CompareSlice {
  /** The run the planner picked; null follows the latest run with a solution. */
  selectedRunId: string | null;
  /** Runs drawn on the map beside the selected one (which always is). */
  shownRunIds: string[];
  /** The run a second map shows beside the main one, in step with it; null: one map. */
  sideRunId: string | null;
  compareSort: CompareSort;
  hover: CompareHover | null;
  selectRun: (runId: string | null) => void;
  setRunShown: (runId: string, shown: boolean) => void;
  setSideRun: (runId: string | null) => void;
  /** A new key sorts ascending; the same key again flips the direction. */
  sortRunsBy: (key: CompareSortKey) => void;
  setHover: (hover: CompareHover | null) => void;
}

/** Whether the map draws a run: the selected one always, others when the planner put them on it. */
export function drawnOnMap(runId: string, selectedId: string | null, shownRunIds: readonly string[]): boolean {
  return runId === selectedId || shownRunIds.includes(runId);
}

export const createCompareSlice: StateCreator<AppState, [], [], CompareSlice> = (set) => ({
  selectedRunId: null,
  shownRunIds: [],
  sideRunId: null,
  compareSort: { key: 'number', dir: 'asc' },
  hover: null,
  selectRun: (runId) => set({ selectedRunId: runId }),
  setRunShown: (runId, shown) =>
    set((s) => {
      if (s.shownRunIds.includes(runId) === shown) return {};
      return { shownRunIds: shown ? [...s.shownRunIds, runId] : s.shownRunIds.filter((id) => id !== runId) };
    }),
  setSideRun: (runId) => set({ sideRunId: runId }),
  sortRunsBy: (key) =>
    set((s) => ({
      compareSort: { key, dir: s.compareSort.key === key && s.compareSort.dir === 'asc' ? 'desc' : 'asc' },
    })),
  setHover: (hover) =>
    set((s) => {
      const same = hover === s.hover || (hover && s.hover && hover.runId === s.hover.runId && hover.route === s.hover.route);
      return same ? {} : { hover };
    }),
});
