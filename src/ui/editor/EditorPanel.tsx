/**
 * The scenario editor in the side panel: edit mode and its tools, undo, what the last edit did
 * (or why it was refused), pre-solve warnings, the fleet and the stops table.
 */
import { useMemo } from 'react';
import { isProfiled, type Instance } from '../../core/instance';
import { scenarioWarnings } from '../../core/scenario';
import { useAppStore } from '../../store';
import { clickPlacement, finishArea, roadPointsUnavailable, undoEdit } from '../../store/editor-actions';
import type { EditTool } from '../../store/editor-slice';
import { instances } from '../../store/registries';
import { FleetPanel } from './FleetPanel';
import { StopsTable } from './StopsTable';
import './editor.css';

export function useShownInstance(): Instance | null {
  const id = useAppStore((s) => s.instance?.id ?? null);
  return id ? (instances.get(id) ?? null) : null;
}

interface ToolInfo {
  tool: EditTool;
  label: string;
  hint: (inst: Instance) => string;
  /** Why the tool cannot be used on this instance, or null. */
  unavailable: (inst: Instance) => string | null;
}

const needsProfiles = (inst: Instance) => (isProfiled(inst.kind) ? null : 'Vehicle profiles exist in PVRP-P and PVRP-ZC only');
const needsDepot = (inst: Instance) => (inst.depot < 0 ? 'An ATSP tour has no depot' : roadPointsUnavailable(inst));

const where = (inst: Instance) =>
  clickPlacement(inst) === 'free' ? 'at the clicked position (no city: its arcs are straight-line estimates until live OSRM rebuilds the matrices)' : 'at the nearest free road point';

const TOOLS: ToolInfo[] = [
  { tool: 'add', label: 'Add stop', hint: (inst) => `Click the map: a stop is added ${where(inst)}. Click a stop to edit or remove it.`, unavailable: roadPointsUnavailable },
  { tool: 'depot', label: 'Move depot', hint: (inst) => `Click the map: the depot moves ${where(inst)}.`, unavailable: needsDepot },
  { tool: 'area', label: 'Paint area', hint: () => 'Click corners of an area around stops, then click the first corner (or Close area) to apply the paint action to the selected vehicle.', unavailable: needsProfiles },
  { tool: 'sector', label: 'Paint sectors', hint: () => 'Click a wedge around the depot to apply the paint action to the selected vehicle for its stops.', unavailable: needsProfiles },
];

export function EditorPanel() {
  const instance = useShownInstance();
  const editMode = useAppStore((s) => s.editMode);
  const setEditMode = useAppStore((s) => s.setEditMode);
  const tool = useAppStore((s) => s.editTool);
  const setEditTool = useAppStore((s) => s.setEditTool);
  const history = useAppStore((s) => s.editHistory.length);
  const message = useAppStore((s) => s.editMessage);
  const pending = useAppStore((s) => s.editPending);
  const draftCorners = useAppStore((s) => s.draftArea.length);
  const setDraftArea = useAppStore((s) => s.setDraftArea);
  const warnings = useMemo(() => (instance ? scenarioWarnings(instance) : []), [instance]);
  const noRoads = instance ? roadPointsUnavailable(instance) : null;
  const current = TOOLS.find((t) => t.tool === tool)!;
  const currentBlocked = instance ? current.unavailable(instance) : 'No scenario yet';

  return (
    <section className="panel editor-panel" aria-labelledby="editor-title" data-testid="editor-panel">
      <h2 id="editor-title">Edit scenario</h2>
      <div className="editor-bar">
        <button
          type="button"
          data-testid="edit-mode-toggle"
          aria-pressed={editMode}
          className={editMode ? 'primary' : undefined}
          // Without coordinates nothing of the scenario is on the map: the table below edits it.
          disabled={!instance || (!instance.coords && !editMode)}
          title={instance && !instance.coords ? 'This scenario has no coordinates: there is nothing to edit on the map; edit its stops in the table' : undefined}
          onClick={() => setEditMode(!editMode)}
        >
          {editMode ? 'Done editing' : 'Edit on map'}
        </button>
        <button type="button" data-testid="undo-edit" disabled={history === 0} onClick={() => undoEdit()} title="Go back to the version before the last edit">
          Undo{history > 0 ? ` (${history})` : ''}
        </button>
      </div>
      {editMode && instance && (
        <>
          <div className="editor-tools" role="radiogroup" aria-label="What a click on the map does">
            {TOOLS.map((t) => {
              const why = t.unavailable(instance);
              if (why && (t.tool === 'area' || t.tool === 'sector')) return null;
              return (
                <button
                  key={t.tool}
                  type="button"
                  role="radio"
                  aria-checked={tool === t.tool}
                  className={tool === t.tool ? 'active' : undefined}
                  data-testid={`tool-${t.tool}`}
                  disabled={!!why}
                  title={why ?? t.hint(instance)}
                  onClick={() => setEditTool(t.tool)}
                >
                  {t.label}
                </button>
              );
            })}
          </div>
          <p className="editor-hint" data-testid="edit-hint">
            {currentBlocked ?? current.hint(instance)}
          </p>
          {tool === 'area' && draftCorners > 0 && (
            <div className="editor-bar">
              <button type="button" data-testid="finish-area" disabled={draftCorners < 3} onClick={() => finishArea()}>
                Close area ({draftCorners} corners)
              </button>
              <button type="button" data-testid="cancel-area" onClick={() => setDraftArea([])}>
                Cancel
              </button>
            </div>
          )}
        </>
      )}
      {noRoads && instance && (
        <p className="editor-note" data-testid="edit-planar-note">
          {noRoads}
        </p>
      )}
      {pending > 0 && <p className="editor-hint">Finding the road point…</p>}
      {message && (
        <p className={`edit-message edit-${message.tone}`} data-testid="edit-message" data-tone={message.tone} role={message.tone === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {warnings.length > 0 && (
        <ul className="editor-warnings" data-testid="scenario-warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {instance && <FleetPanel instance={instance} />}
      {instance && <StopsTable instance={instance} />}
    </section>
  );
}
