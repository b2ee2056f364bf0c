/** What the planner asked for (city, problem, size, seed) and which sampled instance is shown. */
import type { StateCreator } from 'zustand';
import type { Distribution, ProfileGenerator } from '../core/cities/sampler';
import type { ProblemKind } from '../core/instance';
import type { AppState } from './index';

export interface ScenarioSpec {
  /** A bundled city's name, or the id of one of the planner's own cities. */
  city: string;
  problem: ProblemKind;
  n: number;
  seed: number;
  distribution: Distribution;
  /**
   * How PVRP vehicles' preferences or zone bans are drawn. Sectors by default: CAMP's random
   * draw leaves a third of PVRP-ZC scenarios (the first seed among them) without a single ban.
   */
  profile: ProfileGenerator;
}

export const DEFAULT_SCENARIO: ScenarioSpec = {
  city: 'Monaco',
  problem: 'acvrp',
  n: 100,
  seed: 1,
  distribution: 'uniform',
  profile: 'angular',
};

/** Summary of the instance on screen; the Instance itself lives in the instance registry. */
export interface InstanceSummary {
  id: string;
  city: string;
  kind: ProblemKind;
  /** Nodes the routes must serve (the depot excluded). */
  stops: number;
  /** What it came from when it was not sampled here (a file's name): the scenario panel shows it. */
  source?: string;
}

export interface ScenarioSlice {
  scenario: ScenarioSpec;
  /** The city whose road points are on the map (its points are in the city registry). */
  shownCity: string | null;
  instance: InstanceSummary | null;
  setScenario: (patch: Partial<ScenarioSpec>) => void;
  showCity: (name: string | null) => void;
  showInstance: (summary: InstanceSummary | null) => void;
}

export const createScenarioSlice: StateCreator<AppState, [], [], ScenarioSlice> = (set) => ({
  scenario: DEFAULT_SCENARIO,
  shownCity: null,
  instance: null,
  setScenario: (patch) => set((s) => ({ scenario: { ...s.scenario, ...patch } })),
  showCity: (name) => set({ shownCity: name }),
  showInstance: (summary) => set({ instance: summary }),
});
