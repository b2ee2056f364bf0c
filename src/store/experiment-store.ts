/**
 * The experiments' own store, apart from the planner's: thousands of run summaries streaming
 * in must not wake the map, the compare table or the session saver. Records arrive in batches
 * (experiment-actions flushes them a few times a second), the table and the statistics read the
 * array as it is.
 */
import { create } from 'zustand';
import type { RunSummary } from '../core/experiment/record';
import type { RunnerProgress, RunnerState } from '../core/experiment/runner';
import type { StoredExperiment } from './experiment-db';

export type ExperimentTab = 'setup' | 'results' | 'aggregate';

export interface ExperimentState {
  /** The experiment view is shown over the map. */
  open: boolean;
  tab: ExperimentTab;
  saved: StoredExperiment[];
  current: StoredExperiment | null;
  /** Run summaries of the current experiment, in the order they finished. */
  records: RunSummary[];
  progress: RunnerProgress | null;
  runner: RunnerState | null;
  /** The baseline the aggregate compares with (the definition's unless the planner picks another). */
  baseline: string | null;
  /** Whether experiments outlive the page (IndexedDB), and why not. */
  persistent: boolean;
  note: string;
  /** A located problem with the last definition or source, for the setup form. */
  error: string | null;
  setOpen: (open: boolean) => void;
  setTab: (tab: ExperimentTab) => void;
  setBaseline: (baseline: string | null) => void;
}

export const useExperimentStore = create<ExperimentState>()((set) => ({
  open: false,
  tab: 'setup',
  saved: [],
  current: null,
  records: [],
  progress: null,
  runner: null,
  baseline: null,
  persistent: false,
  note: '',
  error: null,
  setOpen: (open) => set({ open }),
  setTab: (tab) => set({ tab }),
  setBaseline: (baseline) => set({ baseline }),
}));
