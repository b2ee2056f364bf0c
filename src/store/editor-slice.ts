/**
 * The scenario editor's state: whether the map is in edit mode, which tool a click uses, the
 * selected stop and vehicle, the area being drawn, and the undo history (ids of the instances
 * the edits replaced; every version stays in the instance registry, so runs on older versions
 * keep theirs). The edits themselves are in editor-actions.ts.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './index';

/**
 * What a click on the empty map does in edit mode: add a stop, move the depot there, add a
 * vertex to the area being drawn, or toggle the sector under the pointer. A click on a stop
 * always selects it (except while drawing an area).
 */
export type EditTool = 'add' | 'depot' | 'area' | 'sector';

/** What painting an area or a sector does to the selected vehicle's profile. */
export type PaintAction = 'ban' | 'allow' | 'prefer';

export interface EditMessage {
  tone: 'ok' | 'error';
  text: string;
}

export interface EditorSlice {
  editMode: boolean;
  editTool: EditTool;
  /** Node index in the shown instance, or null. */
  selectedNode: number | null;
  /** The vehicle whose profile is shown and painted (PVRP). */
  selectedVehicle: number;
  paintAction: PaintAction;
  /** The preference score painting with 'prefer' sets. */
  paintPreference: number;
  /** Sectors around the depot for the sector tool. */
  sectorCount: number;
  /** [lon, lat] vertices of the area being drawn. */
  draftArea: [number, number][];
  /** Instance ids to go back to, most recent last. */
  editHistory: string[];
  editMessage: EditMessage | null;
  /** Edits waiting on the data worker (adding a stop, moving the depot to a road point). */
  editPending: number;
  setEditMode: (on: boolean) => void;
  setEditTool: (tool: EditTool) => void;
  selectNode: (node: number | null) => void;
  selectVehicle: (k: number) => void;
  setPaintAction: (action: PaintAction) => void;
  setPaintPreference: (value: number) => void;
  setSectorCount: (n: number) => void;
  setDraftArea: (vertices: [number, number][]) => void;
  setEditMessage: (message: EditMessage | null) => void;
}

export const createEditorSlice: StateCreator<AppState, [], [], EditorSlice> = (set) => ({
  editMode: false,
  editTool: 'add',
  selectedNode: null,
  selectedVehicle: 0,
  paintAction: 'ban',
  paintPreference: 1,
  sectorCount: 8,
  draftArea: [],
  editHistory: [],
  editMessage: null,
  editPending: 0,
  setEditMode: (on) => set(on ? { editMode: true } : { editMode: false, selectedNode: null, draftArea: [] }),
  setEditTool: (tool) => set({ editTool: tool, draftArea: [] }),
  selectNode: (node) => set({ selectedNode: node }),
  selectVehicle: (k) => set({ selectedVehicle: k }),
  setPaintAction: (action) => set({ paintAction: action }),
  setPaintPreference: (value) => set({ paintPreference: value }),
  setSectorCount: (n) => set({ sectorCount: n }),
  setDraftArea: (vertices) => set({ draftArea: vertices }),
  setEditMessage: (message) => set({ editMessage: message }),
});
