/** The cities a planner can pick, bundled first then her own, as the options of a select. */
import { BUNDLED_CITIES, cityLabel } from '../../core/cities/city';
import type { CityEntry } from '../../workers/city-library';

export function CityOptions({ userCities }: { userCities: readonly CityEntry[] }) {
  return (
    <>
      <optgroup label="Bundled">
        {BUNDLED_CITIES.map((c) => (
          <option key={c} value={c}>
            {cityLabel(c)}
          </option>
        ))}
      </optgroup>
      {userCities.length > 0 && (
        <optgroup label="Your cities">
          {userCities.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </optgroup>
      )}
    </>
  );
}
