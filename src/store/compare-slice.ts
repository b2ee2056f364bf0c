/**
 * How the planner is comparing runs: which run is selected (its routes numbered on the map, its
 * stops in the route list), which runs' layers are hidden, how the table is sorted, and what the
 * pointer is over (a run, or one route of it). Plain data, safe to persist.
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
  hiddenRunIds: string[];
  compareSort: CompareSort;
  hover: CompareHover | null;
  selectRun: (runId: string | null) => void;
  setRunVisible: (runId: string, visible: boolean) => void;
  /** A new key sorts ascending; the same key again flips the direction. */
  sortRunsBy: (key: CompareSortKey) => void;
  setHover: (hover: CompareHover | null) => void;
}

export const createCompareSlice: StateCreator<AppState, [], [], CompareSlice> = (set) => ({
  selectedRunId: null,
  hiddenRunIds: [],
  compareSort: { key: 'number', dir: 'asc' },
  hover: null,
  selectRun: (runId) => set({ selectedRunId: runId }),
  setRunVisible: (runId, visible) =>
    set((s) => {
      const hidden = s.hiddenRunIds.includes(runId);
      if (hidden === !visible) return {};
      return { hiddenRunIds: visible ? s.hiddenRunIds.filter((id) => id !== runId) : [...s.hiddenRunIds, runId] };
    }),
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
