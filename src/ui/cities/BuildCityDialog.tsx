/**
 * The dialog a dropped OpenStreetMap extract opens: where to centre the city (the densest part
 * of the extract, or a point picked on the map), the box, how many road points and the seed;
 * then the build's progress, with Cancel. It floats over the map so that the map stays
 * clickable for picking the centre.
 */
import { useState, type ChangeEvent } from 'react';
import { useAppStore } from '../../store';
import { BUILD_LIMITS, SAVING_STAGE, cancelCityBuild, runCityBuild, setBuildSettings, startPickingCentre } from '../../store/city-build-actions';
import { pickedCentre, type BuildSettings } from '../../store/cities-slice';
import './cities.css';

function megabytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

function NumberInput(props: { label: string; testId: string; value: number; min: number; max: number; step: number; integer: boolean; onChange: (v: number) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const valid = (text: string) => {
    const v = Number(text);
    return text.trim() !== '' && Number.isFinite(v) && v >= props.min && v <= props.max && (!props.integer || Number.isInteger(v));
  };
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type="number"
        data-testid={props.testId}
        min={props.min}
        max={props.max}
        step={props.step}
        aria-invalid={draft !== null && !valid(draft)}
        value={draft ?? String(props.value)}
        onChange={(e: ChangeEvent<HTMLInputElement>) => {
          setDraft(e.target.value);
          if (valid(e.target.value)) props.onChange(Number(e.target.value));
        }}
        onBlur={() => setDraft(null)}
      />
    </label>
  );
}

function centreText(settings: BuildSettings): string {
  const centre = pickedCentre(settings.centre);
  if (!centre) return '';
  const [lon, lat] = centre;
  return `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}

export function BuildCityDialog() {
  const build = useAppStore((s) => s.cityBuild);
  if (!build) return null;
  const { settings, progress, picking } = build;
  const busy = progress !== null;
  const percent = progress ? Math.round(progress.fraction * 100) : 0;
  const set = (patch: Partial<BuildSettings>) => setBuildSettings(patch);

  return (
    <section className="build-city" role="dialog" aria-labelledby="build-city-title" data-testid="city-build-dialog" data-state={busy ? 'building' : 'setup'}>
      <h2 id="build-city-title">Build a city</h2>
      <p className="build-city-file">
        From <strong data-testid="build-file">{build.file}</strong> <span className="hint">({megabytes(build.bytes)}, OpenStreetMap extract)</span>
      </p>
      <fieldset className="build-centre group-box" disabled={busy}>
        <legend>Centre</legend>
        <label>
          <input type="radio" name="build-centre" data-testid="build-centre-densest" checked={pickedCentre(settings.centre) === null} onChange={() => set({ centre: { kind: 'densest' } })} />
          Densest part of the extract
        </label>
        <label>
          <input type="radio" name="build-centre" data-testid="build-centre-point" checked={pickedCentre(settings.centre) !== null} onChange={() => startPickingCentre()} />
          A point on the map
        </label>
        <div className="build-pick">
          <button type="button" data-testid="build-pick" onClick={() => startPickingCentre()} aria-pressed={picking}>
            {picking ? 'Click the map…' : 'Pick on the map'}
          </button>
          <span className="hint" data-testid="build-centre">
            {picking ? 'the next click on the map sets the centre' : centreText(settings) || (build.extent ? '' : 'the map shows where the extract lies once read')}
          </span>
        </div>
      </fieldset>
      <div className="field-row">
        <NumberInput label="Box (km)" testId="build-box-km" value={settings.boxKm} {...BUILD_LIMITS.boxKm} step={0.5} integer={false} onChange={(boxKm) => set({ boxKm })} />
        <NumberInput label="Points" testId="build-points" value={settings.points} {...BUILD_LIMITS.points} step={50} integer onChange={(points) => set({ points })} />
        <NumberInput label="Seed" testId="build-seed" value={settings.seed} {...BUILD_LIMITS.seed} step={1} integer onChange={(seed) => set({ seed })} />
      </div>
      {busy && (
        <div className="build-progress" data-testid="build-progress" data-fraction={progress.fraction.toFixed(3)} data-stage={progress.stage}>
          <progress max={1} value={progress.fraction} aria-label="Build progress" />
          <span>
            {progress.stage} · {percent} %
          </span>
        </div>
      )}
      {build.error && !busy && (
        <p className="build-error" role="alert" data-testid="build-error">
          {build.error}
        </p>
      )}
      <div className="build-actions">
        <button type="button" className="primary" data-testid="build-start" disabled={busy || picking} onClick={() => void runCityBuild()}>
          {build.error ? 'Build again' : 'Build city'}
        </button>
        <button type="button" data-testid="build-cancel" disabled={progress?.stage === SAVING_STAGE} onClick={() => cancelCityBuild()}>
          Cancel
        </button>
      </div>
    </section>
  );
}
