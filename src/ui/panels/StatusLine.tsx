/** What the app is doing now, announced politely to screen readers. */
import { useAppStore } from '../../store';

export function StatusLine() {
  const status = useAppStore((s) => s.status);
  return (
    <p className={`status status-${status.tone}`} data-testid="status" data-tone={status.tone} role="status" aria-live="polite">
      {status.tone === 'busy' && <span className="spinner" aria-hidden="true" />}
      {status.text}
    </p>
  );
}
