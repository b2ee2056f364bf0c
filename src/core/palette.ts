/**
 * Vehicle colours: one per route or vehicle, the same on the map, in tables and in exports.
 * Ordered so that neighbouring indices contrast strongly (a CVRP solution's first routes are
 * often spatial neighbours), and all of them readable on a light background and against the
 * grey road points.
 */
export const VEHICLE_COLORS: string[] = [
  '#1f77b4', // blue
  '#e6550d', // orange
  '#2ca02c', // green
  '#d62728', // red
  '#9467bd', // purple
  '#8c564b', // brown
  '#e377c2', // pink
  '#17becf', // cyan
  '#bcbd22', // olive
  '#393b79', // indigo
  '#ad494a', // brick
  '#637939', // moss
  '#ce6dbd', // orchid
  '#3182bd', // sky
  '#fd8d3c', // apricot
  '#31a354', // leaf
];

/** Colours repeat past the palette's end: more routes than colours is common for large CVRPs. */
export function vehicleColor(i: number): string {
  const k = ((Math.trunc(i) % VEHICLE_COLORS.length) + VEHICLE_COLORS.length) % VEHICLE_COLORS.length;
  return VEHICLE_COLORS[k];
}

/**
 * One colour per vehicle when the fleet is a set of named vehicles (PVRP), one per route when it
 * is an unlimited pool of identical ones (CVRP), where "vehicle 0" would colour every route alike.
 * The map, the tables and every export use this rule.
 */
export function routeColor(vehicleCount: number, vehicle: number, routeIndex: number): string {
  return vehicleColor(vehicleCount > 1 ? vehicle : routeIndex);
}
