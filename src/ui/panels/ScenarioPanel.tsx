/**
 * City, problem and sampling settings; changing a choice resamples, numbers apply on Enter or
 * when the field is left. A scenario read from a file is shown as it is (its kind, size, seed,
 * and the file in place of a city) until the planner samples again.
 */
import { CityOptions } from './CityOptions';
import { NumberField } from './NumberField';
import { DISTRIBUTIONS, PROFILE_GENERATORS, type Distribution, type ProfileGenerator } from '../../core/cities/sampler';
import { isProfiled, PROBLEM_KINDS, PROBLEM_LABELS, type ProblemKind } from '../../core/instance';
import { nodeCount, traitsOf } from '../../core/problems';
import { useAppStore } from '../../store';
import { problemName, sampleScenario } from '../../store/actions';
import { selectCity } from '../../store/city-actions';
import { cityPointCount, cityTitle, isKnownCity } from '../../store/city-lookup';
import { instances } from '../../store/registries';
import type { ScenarioSpec } from '../../store/scenario-slice';
import { UserCities } from '../cities/UserCities';

function applyAndSample(patch: Partial<ScenarioSpec>): void {
  useAppStore.getState().setScenario(patch);
  void sampleScenario();
}

const PROFILE_LABELS: Record<ProfileGenerator, string> = {
  angular: 'sectors around the depot',
  cluster: 'territories around centres',
  random: 'random per stop (CAMP)',
};

/** The value the city select shows for a scenario that came from a file without a known city. */
const FROM_FILE = '\u0000file';

export function ScenarioPanel() {
  const scenario = useAppStore((s) => s.scenario);
  const instance = useAppStore((s) => s.instance);
  const busy = useAppStore((s) => s.status.tone === 'busy' && s.instance === null);
  const userCities = useAppStore((s) => s.userCities);
  const points = cityPointCount(scenario.city, userCities);
  // Every road point can be a node: a VRP's depot takes one of them.
  const maxN = points - (nodeCount(scenario.problem, 1) - 1);
  const depot = traitsOf(scenario.problem).tour ? '' : ', one of them for the depot';
  const fromFile = instance?.source !== undefined && !isKnownCity(instance.city, userCities) ? instance.source : null;
  const fileSeed = instance?.source !== undefined ? instances.get(instance.id)?.meta.seed : undefined;
  const seed = instance?.source !== undefined && fileSeed === undefined ? null : scenario.seed;
  const zones = traitsOf(scenario.problem).zones;

  return (
    <section className="panel" aria-labelledby="scenario-title">
      <h2 id="scenario-title">Scenario</h2>
      <label className="field">
        <span>City</span>
        <select data-testid="city-select" value={fromFile !== null ? FROM_FILE : scenario.city} onChange={(e) => void selectCity(e.target.value)}>
          {fromFile !== null && (
            <option value={FROM_FILE} disabled>
              File: {fromFile}
            </option>
          )}
          <CityOptions userCities={userCities} />
        </select>
      </label>
      <UserCities />
      <label className="field">
        <span>Problem</span>
        <select data-testid="problem-select" value={scenario.problem} onChange={(e) => applyAndSample({ problem: e.target.value as ProblemKind })}>
          {PROBLEM_KINDS.map((k) => (
            <option key={k} value={k} title={PROBLEM_LABELS[k]}>
              {problemName(k)} — {PROBLEM_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <div className="field-row">
        <NumberField
          label="Stops (n)"
          testId="n-input"
          value={scenario.n}
          min={2}
          max={maxN}
          rangeText={`2 to ${maxN} stops in ${cityTitle(scenario.city, userCities)} (its ${points} road points${depot})`}
          onCommit={(n) => applyAndSample({ n })}
          onRepeat={() => void sampleScenario()}
        />
        <NumberField
          label="Seed"
          testId="seed-input"
          value={seed}
          min={0}
          max={2 ** 31 - 1}
          rangeText={`A seed is a whole number from 0 to ${2 ** 31 - 1}`}
          onCommit={(s) => applyAndSample({ seed: s })}
          onRepeat={() => void sampleScenario()}
        />
      </div>
      <label className="field">
        <span>Distribution</span>
        <select data-testid="distribution-select" value={scenario.distribution} onChange={(e) => applyAndSample({ distribution: e.target.value as Distribution })}>
          {DISTRIBUTIONS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      {isProfiled(scenario.problem) && (
        <label className="field" title={zones ? 'How each vehicle’s banned stops are drawn' : 'How each vehicle’s preferred stops are drawn'}>
          <span>{zones ? 'Zones' : 'Preferences'}</span>
          <select data-testid="profile-select" value={scenario.profile} onChange={(e) => applyAndSample({ profile: e.target.value as ProfileGenerator })}>
            {PROFILE_GENERATORS.map((g) => (
              <option key={g} value={g}>
                {PROFILE_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" data-testid="sample-button" disabled={busy} onClick={() => void sampleScenario()}>
        Sample
      </button>
      <p className="summary" data-testid="instance-summary">
        {instance ? (
          <>
            {problemName(instance.kind)} in {cityTitle(instance.city, userCities)}: <strong data-testid="stop-count">{instance.stops}</strong> stops
          </>
        ) : (
          'No scenario yet'
        )}
      </p>
    </section>
  );
}
