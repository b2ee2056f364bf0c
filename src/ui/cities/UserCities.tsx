/**
 * The planner's own cities under the city picker: each with where it came from and a Remove
 * that asks once (the scenarios and runs made on it stay), and a way in for OSM extracts.
 */
import { useRef, useState, type ChangeEvent } from 'react';
import { useAppStore } from '../../store';
import { removeCity } from '../../store/city-actions';
import { importFiles } from '../../store/file-actions';
import type { CityEntry } from '../../workers/city-library';

const SOURCES: Record<CityEntry['source'], string> = {
  built: 'built from',
  'rrnco-city': 'read from',
  'routelab-city': 'read from',
};

/** Extensions the extract picker offers. */
export const OSM_FILES = '.pbf,.osm,.gz,.xml';

/** How a built city was made, for its tooltip: the box, the points and the seed. */
function buildNote(entry: CityEntry): string {
  const b = entry.build;
  if (!b) return entry.file;
  const box = b.box as { width_km?: number | null } | null | undefined;
  const parts = [entry.file, box?.width_km ? `${box.width_km} km box` : '', `${entry.n} points`, b.seed !== undefined && b.seed !== null ? `seed ${String(b.seed)}` : ''];
  return parts.filter(Boolean).join(' · ');
}

function CityRow({ entry }: { entry: CityEntry }) {
  const [asking, setAsking] = useState(false);
  return (
    <li className="user-city" data-testid="user-city" data-city-id={entry.id} title={buildNote(entry)}>
      <div className="user-city-head">
        <strong>{entry.name}</strong>
        <span className="hint">{entry.n} points</span>
      </div>
      <div className="hint user-city-source">
        {SOURCES[entry.source]} {entry.file}
      </div>
      {asking ? (
        <div className="user-city-confirm">
          <span>Remove {entry.name}? Scenarios and runs made on it stay.</span>
          <button type="button" data-testid="confirm-remove-city" onClick={() => void removeCity(entry.id).then(() => setAsking(false))}>
            Remove
          </button>
          <button type="button" className="link" onClick={() => setAsking(false)}>
            Keep
          </button>
        </div>
      ) : (
        <button type="button" className="link" data-testid="remove-city" onClick={() => setAsking(true)}>
          Remove
        </button>
      )}
    </li>
  );
}

export function UserCities() {
  const cities = useAppStore((s) => s.userCities);
  const storage = useAppStore((s) => s.cityStorage);
  const building = useAppStore((s) => s.cityBuild !== null);
  const inputRef = useRef<HTMLInputElement>(null);

  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    void importFiles(files);
  };

  return (
    <div className="user-cities" data-testid="user-cities">
      {cities.length > 0 && (
        <ul>
          {cities.map((c) => (
            <CityRow key={c.id} entry={c} />
          ))}
        </ul>
      )}
      {!storage.persistent && cities.length > 0 && <p className="hint">This browser does not keep your cities: they last until the page is closed.</p>}
      <button type="button" className="link" data-testid="build-city-open" disabled={building} onClick={() => inputRef.current?.click()}>
        Build a city from an OSM extract…
      </button>
      <input
        ref={inputRef}
        type="file"
        accept={OSM_FILES}
        data-testid="osm-input"
        className="visually-hidden"
        aria-label="Open an OpenStreetMap extract"
        onChange={onPick}
      />
    </div>
  );
}
