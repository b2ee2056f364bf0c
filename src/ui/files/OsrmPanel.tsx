/** A live OSRM server builds the road matrices for the current stops (see osrm-live.ts). */
import { useAppStore } from '../../store';
import { buildOsrmMatrix } from '../../store/osrm-live';

export function OsrmPanel() {
  const url = useAppStore((s) => s.osrmUrl);
  const setUrl = useAppStore((s) => s.setOsrmUrl);
  const osrm = useAppStore((s) => s.osrm);
  const lonlat = useAppStore((s) => s.instance !== null);
  return (
    <section className="panel osrm-panel" aria-labelledby="osrm-title">
      <h2 id="osrm-title">Live OSRM</h2>
      <label className="field">
        <span>OSRM server URL</span>
        <input type="url" data-testid="osrm-url" value={url} placeholder="http://localhost:5000" spellCheck={false} onChange={(e) => setUrl(e.target.value)} />
      </label>
      <button type="button" data-testid="osrm-build" disabled={!lonlat || osrm.tone === 'busy'} onClick={() => void buildOsrmMatrix()}>
        Build matrix for these stops
      </button>
      {osrm.text && (
        <p className={`osrm-status tone-${osrm.tone}`} data-testid="osrm-status" data-tone={osrm.tone} role={osrm.tone === 'error' ? 'alert' : 'status'}>
          {osrm.text}
        </p>
      )}
    </section>
  );
}
