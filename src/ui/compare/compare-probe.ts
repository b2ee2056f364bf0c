/**
 * What the end-to-end tests read from the page for comparing runs: a run's solution and
 * evaluator cost, and the current instance as a RouteLab JSON file, so a spec can score the
 * same solution with `npm run eval` and check that the numbers agree. Hung on
 * window.__routelab.compare (see src/store/probe.ts). Test-only: loaded by the probe entry
 * (src/ui/probes.ts).
 */
import { routelabToJson } from '../../core/formats/routelab-json';
import type { Solution } from '../../core/solution';
import { useAppStore } from '../../store';
import { probe } from '../../store/probe';
import { instances } from '../../store/registries';

export interface CompareRunInfo {
  id: string;
  solverId: string;
  status: string;
  editedFrom?: string;
  cost?: number;
  feasible?: boolean;
  violations: { kind: string; route?: number; stop?: number }[];
  routes: { index: number; vehicle: number; stops: number[]; load: number; capacity: number }[];
  solution?: Solution;
}

export interface CompareProbe {
  runs: () => CompareRunInfo[];
  /** The current instance as `routelab-instance@1` JSON text (null when none). */
  instanceJson: () => string | null;
  demand: () => number[];
}

declare module '../../store/probe' {
  interface RoutelabProbe {
    compare?: CompareProbe;
  }
}

export const compareProbe: CompareProbe = {
  runs: () => {
    const { runs, instance } = useAppStore.getState();
    return runs
      .filter((r) => r.instanceId === instance?.id)
      .map((r) => ({
        id: r.id,
        solverId: r.solverId,
        status: r.status,
        editedFrom: r.editedFrom,
        cost: r.evaluation?.cost,
        feasible: r.evaluation?.feasible,
        violations: (r.evaluation?.violations ?? []).map((v) => ({ kind: v.kind, route: v.route, stop: v.stop })),
        routes: (r.evaluation?.routes ?? []).map((e) => ({
          index: e.index,
          vehicle: e.vehicle,
          stops: e.stops.map((s) => s.node),
          load: e.load,
          capacity: e.capacity,
        })),
        solution: r.solution,
      }));
  },
  instanceJson: () => {
    const id = useAppStore.getState().instance?.id;
    const inst = id ? instances.get(id) : undefined;
    return inst ? JSON.stringify(routelabToJson(inst)) : null;
  },
  demand: () => {
    const id = useAppStore.getState().instance?.id;
    const inst = id ? instances.get(id) : undefined;
    return inst ? Array.from(inst.demand) : [];
  },
};

probe.compare = compareProbe;
