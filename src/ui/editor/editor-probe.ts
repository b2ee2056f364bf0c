/**
 * The editor's test hook, window.__routelab.editor: what the shown instance is (plain arrays),
 * where things are on screen, and what the runs served, so end-to-end tests can check the
 * edits and the solvers against the data rather than against pixels. Test-only: loaded by the
 * probe entry (src/ui/probes.ts), like every `*-probe.ts`.
 */
import { depotMask } from '../../core/instance';
import { useAppStore } from '../../store';
import { probe } from '../../store/probe';
import { cityPoints, instances } from '../../store/registries';
import { currentRouteMap } from '../map/route-map';

export interface ProbedInstance {
  id: string;
  kind: string;
  n: number;
  depot: number;
  stops: number;
  labels: string[];
  /** [lon, lat] pairs flattened, or null. */
  coords: number[] | null;
  cityPoints: number[] | null;
  city: string | null;
  demand: number[];
  /** Per vehicle: its allow-mask, or null when it may serve every node. */
  allowed: (number[] | null)[];
  vehicles: { id: string; capacity: number; count: number }[];
}

export interface ProbedRun {
  id: string;
  instanceId: string;
  status: string;
  feasible: boolean | null;
  violations: string[];
  routes: { vehicle: number; stops: number[] }[];
  unassigned: number[];
}

export interface EditorProbe {
  instance(id?: string): ProbedInstance | null;
  /** The road points of a loaded city, [lon, lat] flattened. */
  cityLonLat(city: string): number[] | null;
  /** Viewport pixels of [lon, lat] pairs (flattened in and out), on the map as drawn now. */
  toScreen(lonlat: number[]): number[] | null;
  /** The map's canvas in viewport pixels. */
  mapBox(): { x: number; y: number; width: number; height: number } | null;
  runs(): ProbedRun[];
}

declare module '../../store/probe' {
  interface RoutelabProbe {
    editor?: EditorProbe;
  }
}

const editorProbe: EditorProbe = {
  instance(id) {
    const wanted = id ?? useAppStore.getState().instance?.id;
    const inst = wanted ? instances.get(wanted) : undefined;
    if (!wanted || !inst) return null;
    const mask = depotMask(inst);
    return {
      id: wanted,
      kind: inst.kind,
      n: inst.n,
      depot: inst.depot,
      stops: mask.reduce((s, m) => s + (m ? 0 : 1), 0),
      labels: inst.labels.slice(),
      coords: inst.coords ? Array.from(inst.coords) : null,
      cityPoints: inst.meta.cityPoints?.slice() ?? null,
      city: inst.meta.city ?? null,
      demand: Array.from(inst.demand),
      allowed: inst.vehicles.map((v) => (v.allowed ? Array.from(v.allowed) : null)),
      vehicles: inst.vehicles.map((v) => ({ id: v.id, capacity: v.capacity, count: v.count })),
    };
  },
  cityLonLat(city) {
    const points = cityPoints.get(city);
    return points ? Array.from(points.lonlat) : null;
  },
  toScreen(lonlat) {
    const map = currentRouteMap()?.maplibre;
    if (!map) return null;
    const rect = map.getCanvas().getBoundingClientRect();
    const out: number[] = [];
    for (let i = 0; i + 1 < lonlat.length; i += 2) {
      const p = map.project([lonlat[i], lonlat[i + 1]]);
      out.push(rect.left + p.x, rect.top + p.y);
    }
    return out;
  },
  mapBox() {
    const map = currentRouteMap()?.maplibre;
    if (!map) return null;
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  },
  runs() {
    return useAppStore.getState().runs.map((r) => ({
      id: r.id,
      instanceId: r.instanceId,
      status: r.status,
      feasible: r.evaluation ? r.evaluation.feasible : null,
      violations: r.evaluation ? r.evaluation.violations.map((v) => v.message) : [],
      routes: r.solution ? r.solution.routes.map((rt) => ({ vehicle: rt.vehicle, stops: rt.stops.slice() })) : [],
      unassigned: r.solution ? r.solution.unassigned.map((u) => u.node) : [],
    }));
  },
};

probe.editor = editorProbe;
