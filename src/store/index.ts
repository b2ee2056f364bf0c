/**
 * The app store: small, serialisable state only (ids, settings, summaries, evaluated runs).
 * Heavy objects (instances, city points, the map, the worker) live in module-level registries
 * so that zustand never copies or diffs them.
 */
import { create } from 'zustand';
import { createCitiesSlice, type CitiesSlice } from './cities-slice';
import { createCompareSlice, type CompareSlice } from './compare-slice';
import { createEditorSlice, type EditorSlice } from './editor-slice';
import { createFilesSlice, type FilesSlice } from './files-slice';
import { createRunsSlice, type RunsSlice } from './runs-slice';
import { createScenarioSlice, type ScenarioSlice } from './scenario-slice';
import { createStatusSlice, type StatusSlice } from './status-slice';

export type AppState = ScenarioSlice & RunsSlice & StatusSlice & CompareSlice & FilesSlice & EditorSlice & CitiesSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createScenarioSlice(...a),
  ...createRunsSlice(...a),
  ...createStatusSlice(...a),
  ...createCompareSlice(...a),
  ...createFilesSlice(...a),
  ...createEditorSlice(...a),
  ...createCitiesSlice(...a),
}));
