/**
 * What the scenario panel asks for: load a city and sample the scenario, in the data worker.
 * Heavy results go to the registries, small summaries to the store. Nothing here throws:
 * failures become a status line. Runs are in run-actions.ts.
 */
import { Latest } from '../core/cells';
import { clientNodes, isProfiled, type ProblemKind } from '../core/instance';
import { dataEngine } from '../workers/engines';
import { cityTitle, isKnownCity } from './city-lookup';
import { useAppStore } from './index';
import { cityPoints, instances } from './registries';
import { DEFAULT_SCENARIO } from './scenario-slice';

export function problemName(kind: ProblemKind): string {
  return kind.toUpperCase();
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Later requests win: a slow load must not overwrite the scenario the planner asked for since. */
const sampling = new Latest();

/** Another source (an uploaded file, a restored session) replaces the scenario: a sample still in flight must not land. */
export function supersedeSampling(): void {
  sampling.supersede();
}

export async function sampleScenario(): Promise<void> {
  const token = sampling.begin();
  const store = useAppStore.getState();
  let note = '';
  if (!isKnownCity(store.scenario.city)) {
    // A city removed from the library (maybe in another tab): the default city takes its place.
    note = ` (${store.scenario.city} is no longer among your cities)`;
    store.setScenario({ city: DEFAULT_SCENARIO.city });
  }
  let spec = useAppStore.getState().scenario;
  const label = cityTitle(spec.city);
  const engine = dataEngine();
  let phase = 'load';
  try {
    if (store.instance && store.instance.city !== spec.city) store.showInstance(null);
    if (!cityPoints.has(spec.city)) store.setStatus('busy', `Loading ${label}…`);
    // Asked every time: the client caches it, and a restarted worker needs the city again.
    const points = await engine.loadCity(spec.city);
    if (!sampling.isCurrent(token)) return;
    cityPoints.set(spec.city, points);
    store.showCity(spec.city);
    // A small city of the planner's may hold fewer points than the stops asked for.
    const most = points.n - (spec.problem === 'atsp' ? 0 : 1);
    if (spec.n > most) {
      store.setScenario({ n: Math.max(2, most) });
      spec = useAppStore.getState().scenario;
    }

    phase = 'sample';
    store.setStatus('busy', `Sampling ${problemName(spec.problem)} with ${spec.n} stops in ${label}…`);
    const { instanceId, instance } = await engine.sample(spec.city, {
      problem: spec.problem,
      n: spec.n,
      seed: spec.seed,
      distribution: spec.distribution,
      // Only profiled kinds take it: the ids of other samples stay as they were.
      ...(isProfiled(spec.problem) ? { profile: spec.profile } : {}),
    });
    if (!sampling.isCurrent(token)) return;
    instances.set(instanceId, instance);
    const stops = clientNodes(instance).length;
    store.showInstance({ id: instanceId, city: spec.city, kind: instance.kind, stops });
    store.setStatus('ready', `${label} · ${problemName(instance.kind)} · ${stops} stops · seed ${spec.seed}${note}`);
  } catch (err) {
    if (!sampling.isCurrent(token)) return;
    store.setStatus('error', `Could not ${phase} ${label}: ${messageOf(err)}`);
  }
}
