/**
 * Files in and out: what each uploaded file gave (or why it failed), the choices for files that
 * cannot tell everything themselves (batch index, problem kind), the live OSRM server, and
 * whether the session is saved in the browser.
 */
import type { StateCreator } from 'zustand';
import type { ProblemKind } from '../core/instance';
import type { LocatedError } from '../workers/files-protocol';
import type { AppState } from './index';

export interface FileReport {
  id: number;
  file: string;
  ok: boolean;
  /** Format id, and what became of the file ("X-n101-k25: ACVRP, 100 stops"). */
  format?: string;
  summary?: string;
  error?: LocatedError;
  warnings: string[];
}

/** The last problem file that holds several instances, or whose kind the planner chose. */
export interface FileChoice {
  file: string;
  format: string;
  count: number;
  index: number;
  /** The problem kind is the planner's choice (the file cannot tell). */
  kindChosen: boolean;
}

export type OsrmTone = 'idle' | 'busy' | 'ok' | 'error';
export type PersistState = 'off' | 'restoring' | 'saving' | 'saved' | 'unavailable';

export interface FilesSlice {
  fileReports: FileReport[];
  importing: boolean;
  /** Problem kind for files that cannot tell; null follows the current problem. */
  importProblem: ProblemKind | null;
  fileChoice: FileChoice | null;
  osrmUrl: string;
  osrm: { tone: OsrmTone; text: string };
  /** 'saving' while changes wait to be written; savedAt is when the last write landed. */
  persistence: { state: PersistState; text: string; savedAt?: number };
  addFileReport: (report: Omit<FileReport, 'id'>) => void;
  clearFileReports: () => void;
  setImporting: (busy: boolean) => void;
  setImportProblem: (kind: ProblemKind | null) => void;
  setFileChoice: (choice: FileChoice | null) => void;
  setOsrmUrl: (url: string) => void;
  setOsrm: (tone: OsrmTone, text: string) => void;
  setPersistence: (state: PersistState, text: string, savedAt?: number) => void;
}

/** The newest reports first; old ones fall off. */
const MAX_REPORTS = 20;

export const createFilesSlice: StateCreator<AppState, [], [], FilesSlice> = (set) => ({
  fileReports: [],
  importing: false,
  importProblem: null,
  fileChoice: null,
  osrmUrl: 'http://localhost:5000',
  osrm: { tone: 'idle', text: '' },
  persistence: { state: 'off', text: '' },
  // Newest first, so the first report has the highest id: ids stay unique among those shown.
  addFileReport: (report) => set((s) => ({ fileReports: [{ ...report, id: (s.fileReports[0]?.id ?? 0) + 1 }, ...s.fileReports].slice(0, MAX_REPORTS) })),
  clearFileReports: () => set({ fileReports: [] }),
  setImporting: (busy) => set({ importing: busy }),
  setImportProblem: (kind) => set({ importProblem: kind }),
  setFileChoice: (choice) => set({ fileChoice: choice }),
  setOsrmUrl: (url) => set({ osrmUrl: url }),
  setOsrm: (tone, text) => set({ osrm: { tone, text } }),
  setPersistence: (state, text, savedAt) => set((s) => ({ persistence: { state, text, savedAt: savedAt ?? s.persistence.savedAt } })),
});
