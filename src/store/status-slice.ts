/** The one-line status the planner reads while things load, sample and solve. */
import type { StateCreator } from 'zustand';
import type { AppState } from './index';

export type StatusTone = 'busy' | 'ready' | 'error';

export interface Status {
  tone: StatusTone;
  text: string;
}

export interface StatusSlice {
  status: Status;
  setStatus: (tone: StatusTone, text: string) => void;
}

export const createStatusSlice: StateCreator<AppState, [], [], StatusSlice> = (set) => ({
  status: { tone: 'busy', text: 'Starting…' },
  setStatus: (tone, text) => set({ status: { tone, text } }),
});
