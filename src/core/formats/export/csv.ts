/**
 * One CSV row per served stop, for spreadsheets and dispatch tools. Times are seconds from the
 * instance's time origin; cumulative distance and travel time are measured on arrival at the
 * stop. lat/lon are left empty for planar benchmarks (their x/y are not degrees).
 */
import Papa from 'papaparse';
import type { Evaluation } from '../../evaluate';
import type { Instance } from '../../instance';
import type { Solution } from '../../solution';
import { exportedRoutes, round3, type ExportMeta } from './common';

export const STOPS_CSV_FIELDS = [
  'run',
  'solver',
  'vehicle',
  'seq',
  'job',
  'lat',
  'lon',
  'arrival',
  'departure',
  'wait',
  'load_after',
  'cum_distance_m',
  'cum_duration_s',
] as const;

export function exportStopsCsv(inst: Instance, solution: Solution, evaluation?: Evaluation, meta: ExportMeta = {}): string {
  const lonlat = inst.coordSystem === 'lonlat' ? inst.coords : null;
  const { routes } = exportedRoutes(inst, solution, evaluation);
  const data = routes.flatMap((r) =>
    r.eval.stops.map((s, k) => [
      meta.run ?? '',
      meta.solver ?? '',
      r.name,
      k + 1,
      inst.labels[s.node],
      lonlat ? lonlat[2 * s.node + 1] : '',
      lonlat ? lonlat[2 * s.node] : '',
      round3(s.arrival),
      round3(s.departure),
      round3(s.wait),
      round3(s.loadAfter),
      round3(s.distance),
      round3(s.travel),
    ]),
  );
  return Papa.unparse({ fields: [...STOPS_CSV_FIELDS], data });
}
