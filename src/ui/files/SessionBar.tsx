/** Whether the session is saved in this browser, and "New scenario" to start afresh. */
import { useAppStore } from '../../store';
import { clearSession } from '../../store/persist';

const LABELS: Record<string, string> = { saving: 'Saving…', saved: 'Saved', restoring: 'Restoring…', unavailable: 'Not saved' };

export function SessionBar() {
  const persistence = useAppStore((s) => s.persistence);
  return (
    <div className="session-bar">
      <span
        className={`persist-status state-${persistence.state}`}
        data-testid="persist-status"
        data-state={persistence.state}
        data-saved-at={persistence.savedAt ?? ''}
        title={persistence.text}
      >
        {/* While runs stream progress a save is always pending: "Saved" once one has landed. */}
        {persistence.state === 'saving' && persistence.savedAt ? 'Saved' : (LABELS[persistence.state] ?? '')}
      </span>
      <button
        type="button"
        className="link"
        data-testid="new-scenario"
        title="Forget the saved scenario and runs, and start again on Monaco"
        onClick={() => {
          if (useAppStore.getState().runs.length === 0 || window.confirm('Start a new scenario? The runs and the saved session are cleared.')) void clearSession();
        }}
      >
        New scenario
      </button>
    </div>
  );
}
