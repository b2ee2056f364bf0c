/** Exports of a run: one module per format, re-exported here for the UI and the CLI. */
export { exportGeoJson, type RouteLabCollection } from './geojson';
export { exportStopsCsv, STOPS_CSV_FIELDS } from './csv';
export type { ExportMeta } from './common';
export { exportVroom } from '../vroom-export';
