/**
 * A run as a GeoJSON FeatureCollection that opens as-is in geojson.io or QGIS: one LineString
 * per non-empty route (start depot, stops, end depot; straight segments, since the matrices carry
 * no road geometry), one Point per stop, per depot and per unassigned client, styled with
 * simplestyle properties. Planar benchmark coordinates are written unchanged and flagged, since
 * GeoJSON readers will take them for degrees.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { clientNodes, depotMask, type Instance } from '../../instance';
import { traitsOf } from '../../problems';
import type { Evaluation } from '../../evaluate';
import type { Solution } from '../../solution';
import { exportedRoutes, positionOf, round3, type ExportMeta } from './common';

const DEPOT_COLOR = '#222222';
const UNASSIGNED_COLOR = '#9e9e9e';

export interface RouteLabCollection extends FeatureCollection {
  /** A foreign member (RFC 7946 §6.1): how to read the coordinates. */
  routelab: { coordinates: 'lonlat' | 'planar' | 'none'; note?: string };
}

export function exportGeoJson(inst: Instance, solution: Solution, evaluation?: Evaluation, meta: ExportMeta = {}): RouteLabCollection {
  if (!inst.coords) {
    return { type: 'FeatureCollection', features: [], routelab: { coordinates: 'none', note: 'the instance has no coordinates: nothing to draw' } };
  }
  const planar = inst.coordSystem === 'planar';
  const base: Record<string, unknown> = { solver: meta.solver ?? null, run: meta.run ?? null, ...(planar ? { coordinates: 'planar' } : {}) };
  const at = (j: number) => positionOf(inst, j)!;
  const point = (j: number, properties: Record<string, unknown>): Feature => feature({ type: 'Point', coordinates: at(j) }, { ...base, ...properties });

  const { ev, routes } = exportedRoutes(inst, solution, evaluation);
  const lines: Feature[] = [];
  const stops: Feature[] = [];
  for (const r of routes) {
    const nodes = r.eval.stops.map((s) => s.node);
    const path = [...(r.vehicle.start >= 0 ? [r.vehicle.start] : []), ...nodes];
    if (r.vehicle.end >= 0) path.push(r.vehicle.end);
    else if (traitsOf(inst.kind).tour || path.length < 2) path.push(nodes[0]);
    lines.push(
      feature(
        { type: 'LineString', coordinates: path.map(at) },
        {
          ...base,
          vehicle: r.name,
          route: r.index,
          stops: nodes.length,
          distance: round3(r.eval.distance),
          duration: round3(r.eval.duration),
          cost: round3(r.eval.cost),
          load: round3(r.eval.load),
          color: r.color,
          stroke: r.color,
          'stroke-width': 3,
          'stroke-opacity': 0.9,
        },
      ),
    );
    r.eval.stops.forEach((s, k) =>
      stops.push(
        point(s.node, {
          vehicle: r.name,
          route: r.index,
          seq: k + 1,
          job: inst.labels[s.node],
          arrival: round3(s.arrival),
          departure: round3(s.departure),
          wait: round3(s.wait),
          load: round3(s.loadAfter),
          'marker-color': r.color,
          'marker-size': 'small',
        }),
      ),
    );
  }

  const isDepot = depotMask(inst);
  const depots: Feature[] = [];
  for (let j = 0; j < inst.n; j++) {
    if (isDepot[j]) depots.push(point(j, { role: 'depot', job: inst.labels[j], 'marker-color': DEPOT_COLOR, 'marker-symbol': 'warehouse' }));
  }

  const routed = new Set(routes.flatMap((r) => r.eval.stops.map((s) => s.node)));
  const declared = new Map(ev.unassigned.map((u) => [u.node, u.reason]));
  const unassigned = clientNodes(inst)
    .filter((j) => !routed.has(j))
    .map((j) => point(j, { role: 'unassigned', job: inst.labels[j], reason: declared.get(j) ?? 'not-routed', 'marker-color': UNASSIGNED_COLOR }));

  return {
    type: 'FeatureCollection',
    features: [...lines, ...stops, ...depots, ...unassigned],
    routelab: planar
      ? { coordinates: 'planar', note: 'planar benchmark coordinates written as they are: they are not longitude/latitude' }
      : { coordinates: 'lonlat' },
  };
}

function feature(geometry: Geometry, properties: Record<string, unknown>): Feature {
  return { type: 'Feature', geometry, properties };
}
