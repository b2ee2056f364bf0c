/**
 * An Instance from bare matrices (an OSRM table, a whole city file): the file says where the
 * nodes are and how far apart, nothing about demands, windows or fleets. Whatever has to be
 * assumed is assumed here, once, and announced through `warn` (and kept in meta.warnings, so
 * that the assumption travels with the instance).
 *
 * PVRP kinds are accepted rather than rejected: a city file must load whatever problem the user
 * has selected, and the sampler adds real profiles later. Without profiles a PVRP instance is one
 * vehicle that may reload at the depot any number of times, with preference 0 everywhere
 * (pvrp-p) or every node allowed (pvrp-zc), and the warning says so.
 */
import { defaultObjective, defaultVehicle, makeInstance, type Instance, type ProblemKind, type Units, type Vehicle } from '../instance';
import { traitsOf } from '../problems';
import { checkDimension, fail } from './text';

export interface MatrixInstanceArgs {
  file: string;
  name: string;
  kind: ProblemKind;
  n: number;
  distance: Float64Array;
  duration: Float64Array;
  coords: Float64Array | null;
  coordSystem: 'lonlat' | 'planar';
  units: Units;
  estimated?: Uint8Array;
  capacity?: number;
  labels?: string[];
  format: string;
  warn?: (w: string) => void;
}

export function instanceFromMatrices(args: MatrixInstanceArgs): Instance {
  const { file, kind } = args;
  const n = checkDimension(file, args.n, { field: '(matrix)' });
  const sized = (field: string, length: number | undefined, expected: number): void => {
    if (length !== undefined && length !== expected) fail(file, `${expected} values for ${n} nodes`, { field, found: `${length} values` });
  };
  sized('distance', args.distance.length, n * n);
  sized('duration', args.duration.length, n * n);
  sized('coords', args.coords?.length, 2 * n);
  sized('estimated', args.estimated?.length, n * n);
  sized('labels', args.labels?.length, n);
  if (args.capacity !== undefined && !(args.capacity > 0)) {
    fail(file, 'a positive vehicle capacity', { field: '(options).capacity', found: String(args.capacity) });
  }

  const warnings: string[] = [];
  const warn = (w: string): void => {
    warnings.push(w);
    args.warn?.(w);
  };

  const common = {
    name: args.name,
    kind,
    n,
    distance: args.distance,
    duration: args.duration,
    labels: args.labels,
    coords: args.coords,
    coordSystem: args.coordSystem,
    estimated: args.estimated,
    objective: defaultObjective(kind),
    units: args.units,
    meta: { sourceFile: file, format: args.format, warnings },
  };
  const traits = traitsOf(kind);
  if (traits.tour) return makeInstance({ ...common, depot: -1 });

  if (n < 2) fail(file, `at least 2 nodes for ${kind} (node 0 is the depot)`, { field: '(matrix)', found: `${n} node` });
  const demand = new Float64Array(n).fill(1);
  demand[0] = 0;
  const capacity = args.capacity ?? Infinity;
  const capacityText = args.capacity === undefined ? 'no capacity limit (none was given)' : `capacity ${capacity}`;
  warn(`${file}: the file has no demands; node 0 is the depot, every other node has demand 1, ${capacityText}`);
  if (traits.timeWindows) warn(`${file}: the file has no time windows; every window is open`);

  let vehicles: Vehicle[];
  if (traits.preferences || traits.zones) {
    const vehicle: Vehicle = { ...defaultVehicle(kind, 0, Infinity, capacity), id: 'vehicle 1', count: 1, trips: Infinity };
    if (traits.preferences) vehicle.preference = new Float64Array(n);
    else vehicle.allowed = new Uint8Array(n).fill(1);
    vehicles = [vehicle];
    warn(
      `${file}: the file has no vehicle profiles; one vehicle reloading at the depot as often as needed, ` +
        (traits.preferences ? 'preference 0 for every node' : 'allowed at every node'),
    );
  } else {
    vehicles = [defaultVehicle(kind, 0, Infinity, capacity)];
  }
  return makeInstance({ ...common, depot: 0, demand, vehicles });
}
