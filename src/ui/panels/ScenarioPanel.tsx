/** City, problem and sampling settings; changing a choice resamples, numbers apply on Enter. */
import { useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { CityOptions } from './CityOptions';
import { DISTRIBUTIONS, type Distribution } from '../../core/cities/sampler';
import { PROBLEM_KINDS, PROBLEM_LABELS, type ProblemKind } from '../../core/instance';
import { useAppStore } from '../../store';
import { problemName, sampleScenario } from '../../store/actions';
import { selectCity } from '../../store/city-actions';
import { cityPointCount, cityTitle } from '../../store/city-lookup';
import type { ScenarioSpec } from '../../store/scenario-slice';
import { UserCities } from '../cities/UserCities';

function applyAndSample(patch: Partial<ScenarioSpec>): void {
  useAppStore.getState().setScenario(patch);
  void sampleScenario();
}

function NumberField(props: { label: string; testId: string; value: number; min: number; max: number; onCommit: (v: number) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const v = Number(draft);
    if (Number.isInteger(v) && v >= props.min && v <= props.max) props.onCommit(v);
    setDraft(null);
  };
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type="number"
        data-testid={props.testId}
        min={props.min}
        max={props.max}
        step={1}
        value={draft ?? String(props.value)}
        onChange={(e: ChangeEvent<HTMLInputElement>) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') {
            commit();
            void sampleScenario();
          }
        }}
      />
    </label>
  );
}

export function ScenarioPanel() {
  const scenario = useAppStore((s) => s.scenario);
  const setScenario = useAppStore((s) => s.setScenario);
  const instance = useAppStore((s) => s.instance);
  const busy = useAppStore((s) => s.status.tone === 'busy' && s.instance === null);
  const userCities = useAppStore((s) => s.userCities);
  // Every road point can be a node; a VRP needs one of them for the depot.
  const points = cityPointCount(scenario.city, userCities);
  const maxN = scenario.problem === 'atsp' ? points : points - 1;

  return (
    <section className="panel" aria-labelledby="scenario-title">
      <h2 id="scenario-title">Scenario</h2>
      <label className="field">
        <span>City</span>
        <select
          data-testid="city-select"
          value={scenario.city}
          onChange={(e) => void selectCity(e.target.value)}
        >
          <CityOptions userCities={userCities} />
        </select>
      </label>
      <UserCities />
      <label className="field">
        <span>Problem</span>
        <select
          data-testid="problem-select"
          value={scenario.problem}
          onChange={(e) => applyAndSample({ problem: e.target.value as ProblemKind })}
        >
          {PROBLEM_KINDS.map((k) => (
            <option key={k} value={k} title={PROBLEM_LABELS[k]}>
              {problemName(k)} — {PROBLEM_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <div className="field-row">
        <NumberField label="Stops (n)" testId="n-input" value={scenario.n} min={2} max={maxN} onCommit={(n) => setScenario({ n })} />
        <NumberField label="Seed" testId="seed-input" value={scenario.seed} min={0} max={2 ** 31 - 1} onCommit={(seed) => setScenario({ seed })} />
      </div>
      <label className="field">
        <span>Distribution</span>
        <select
          data-testid="distribution-select"
          value={scenario.distribution}
          onChange={(e) => applyAndSample({ distribution: e.target.value as Distribution })}
        >
          {DISTRIBUTIONS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
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
