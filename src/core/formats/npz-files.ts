/**
 * NumPy .npz files, told apart by their keys: an RRNCO city, an RRNCO test batch (atsp, rcvrp,
 * rcvrptw) or a CAMP PVRP batch. Shapes and every value are checked when the file is read, so a
 * bad cell is reported as a located error at load time; instances of a batch are only built when
 * asked for (RRNCO test files hold 1280 instances).
 *
 * Units: RRNCO batch distances are km (→ m); their durations and time windows are normalised per
 * instance and stay in that abstract unit (atsp and rcvrp batches have no durations at all); their coordinates are normalised planar features.
 * CAMP instances live on the unit square: Euclidean distance, duration = distance, vehicle speeds
 * apply on top (Vehicle.speed).
 */
import { defaultObjective, defaultVehicle, makeInstance, type Instance, type ProblemKind, type Vehicle } from '../instance';
import { traitsOf } from '../problems';
import { readNpz, type NpyArray } from './npy';
import { cityFromNpz, isRrncoCity, RRNCO_UNREACHABLE } from './rrnco-city';
import { instanceFromMatrices } from './matrix-instance';
import { checkDimension, fail } from './text';
import type { LoadedFile, ParseOptions } from './types';

type Layout = 'rrnco-city' | 'rrnco-atsp' | 'rrnco-rcvrp' | 'rrnco-rcvrptw' | 'camp-pvrp';

const LAYOUT_KEYS: Record<Layout, string[]> = {
  'rrnco-city': ['points', 'distance', 'duration'],
  'rrnco-atsp': ['locs', 'distance_matrix'],
  'rrnco-rcvrp': ['depot', 'locs', 'demand', 'capacity', 'distance_matrix'],
  'rrnco-rcvrptw': ['locs', 'demand_linehaul', 'vehicle_capacity', 'time_windows', 'service_time', 'distance_matrix', 'duration_matrix'],
  'camp-pvrp': ['depot', 'locs', 'demand', 'capacity', 'speed', 'preference'],
};

const LAYOUTS = Object.keys(LAYOUT_KEYS) as Layout[];

const KNOWN_LAYOUTS = (Object.entries(LAYOUT_KEYS) as [Layout, string[]][]).map(([name, keys]) => `${name} (${keys.join(', ')})`).join('; ');

type LayoutChoice = { layout: Layout } | { near: Layout; missing: string[] } | null;

/**
 * The layout whose required keys are all in the file, the most specific first (an rcvrp batch
 * also has every key an atsp batch needs); extra keys never decide, so a batch that carries
 * `points` is still a batch. A file that holds more of another layout's keys than the winner
 * asks for is that other layout with keys missing (an rcvrptw batch without service_time is
 * not an atsp batch), and so is a file that completes no layout.
 */
function chooseLayout(keys: ReadonlySet<string>): LayoutChoice {
  const scored = LAYOUTS.map((layout) => {
    const missing = LAYOUT_KEYS[layout].filter((k) => !keys.has(k));
    return { layout, missing, present: LAYOUT_KEYS[layout].length - missing.length };
  });
  const byPresent = (a: (typeof scored)[number], b: (typeof scored)[number]) => b.present - a.present || a.missing.length - b.missing.length;
  const complete = scored.filter((s) => s.missing.length === 0).sort(byPresent)[0];
  const nearest = scored.filter((s) => s.missing.length > 0 && s.present > 0).sort(byPresent)[0];
  if (nearest && (!complete || nearest.present > complete.present)) return { near: nearest.layout, missing: nearest.missing };
  return complete ? { layout: complete.layout } : null;
}

type Values = ArrayLike<number>;

/** Reads arrays by key with located shape and value errors. */
class NpzReader {
  constructor(
    readonly file: string,
    readonly arrays: Map<string, NpyArray>,
    readonly layout: Layout,
  ) {}

  get(key: string): NpyArray {
    const a = this.arrays.get(key);
    if (!a) {
      fail(this.file, `an array '${key}' (the ${this.layout} layout has ${LAYOUT_KEYS[this.layout].join(', ')})`, {
        field: `npz:${key}`,
        found: `keys ${[...this.arrays.keys()].join(', ')}`,
      });
    }
    return a;
  }

  /** `dims` gives each expected size with its symbolic name, e.g. [['B', 2], ['N+1', 6]]. */
  shaped(key: string, dims: [string, number][], alternatives: [string, number][][] = []): Values {
    const a = this.get(key);
    const matches = (d: [string, number][]) => a.shape.length === d.length && d.every(([, size], i) => a.shape[i] === size);
    if (!matches(dims) && !alternatives.some(matches)) {
      const text = (d: [string, number][]) => `(${d.map(([s]) => s).join(', ')}) = (${d.map(([, v]) => v).join(', ')}${d.length === 1 ? ',' : ''})`;
      fail(this.file, `shape ${[dims, ...alternatives].map(text).join(' or ')}`, { field: `npz:${key}`, found: `(${a.shape.join(', ')})` });
    }
    return numeric(a);
  }

  /** Fails on the first value `ok` refuses, naming its full index. */
  check(key: string, values: Values, ok: (x: number) => boolean, expected: string): void {
    for (let k = 0; k < values.length; k++) {
      if (!ok(values[k])) {
        const shape = this.get(key).shape;
        fail(this.file, expected, { field: `npz:${key}${indexPath(shape, k)}`, found: String(values[k]) });
      }
    }
  }
}

function numeric(a: NpyArray): Values {
  return a.data instanceof BigInt64Array ? Float64Array.from(a.data, (x) => Number(x)) : a.data;
}

function indexPath(shape: number[], flat: number): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return idx.map((i) => `[${i}]`).join('');
}

const isFiniteNumber = (x: number) => Number.isFinite(x);
const nonNegative = (x: number) => Number.isFinite(x) && x >= 0;
const positive = (x: number) => Number.isFinite(x) && x > 0;
/** Matrices may hold +Infinity or RRNCO's huge values for unreachable pairs, never NaN or < 0. */
const matrixCell = (x: number) => x >= 0;

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.npz$/i, '');
}

/** Warnings go to `warn` when given; batch instances also carry them in meta.warnings. */
export function parseNpz(file: string, bytes: Uint8Array, opts: ParseOptions, warn: (w: string) => void = () => {}): LoadedFile {
  const arrays = readNpz(file, bytes);
  const choice = chooseLayout(new Set(arrays.keys()));
  if (!choice || 'near' in choice) {
    const hint = choice ? ` (nearest: ${choice.near}, missing ${choice.missing.join(', ')})` : '';
    fail(file, `the arrays of a known .npz layout${hint}: ${KNOWN_LAYOUTS}`, {
      field: choice ? `npz:${choice.missing[0]}` : '(keys)',
      found: arrays.size === 0 ? 'no .npy arrays' : `keys ${[...arrays.keys()].join(', ')}`,
    });
  }
  const { layout } = choice;
  const r = new NpzReader(file, arrays, layout);
  // File-level warnings are copied into every instance built later, so they are not lost when
  // the caller only keeps instances.
  const notes: string[] = [];
  const note = (w: string): void => {
    notes.push(w);
    warn(w);
  };
  switch (layout) {
    case 'rrnco-city':
      return cityFile(file, arrays, opts, warn);
    case 'camp-pvrp':
      return campBatch(r, opts, note, notes);
    default:
      return rrncoBatch(r, layout, opts, note, notes);
  }
}

function cityFile(file: string, arrays: Map<string, NpyArray>, opts: ParseOptions, warn: (w: string) => void): LoadedFile {
  const city = cityFromNpz(file, arrays);
  // Built now (a million cells, cheap) so that a bad option fails at load rather than later.
  const whole = instanceFromMatrices({
    file,
    name: city.name,
    kind: opts.problem ?? 'atsp',
    n: city.n,
    distance: city.distance,
    duration: city.duration,
    coords: city.lonlat,
    coordSystem: 'lonlat',
    units: { distance: 'm', time: 's' },
    capacity: opts.capacity,
    format: 'rrnco-city',
    warn,
  });
  whole.meta.city = city.name;
  whole.meta.attribution = city.attribution;
  return { format: 'rrnco-city', file, count: 1, city, instance: () => whole };
}

const KIND_OF: Record<Exclude<Layout, 'rrnco-city' | 'camp-pvrp'>, ProblemKind> = {
  'rrnco-atsp': 'atsp',
  'rrnco-rcvrp': 'acvrp',
  'rrnco-rcvrptw': 'acvrptw',
};

/** Batch size and points per instance, read off the (B, N, 2) coordinate array. */
function batchSize(r: NpzReader, key: string): [number, number] {
  const shape = r.get(key).shape;
  if (shape.length !== 3 || shape[2] !== 2) {
    fail(r.file, 'shape (B, N, 2) of planar coordinates', { field: `npz:${key}`, found: `(${shape.join(', ')})` });
  }
  if (shape[0] < 1) fail(r.file, 'at least one instance', { field: `npz:${key}`, found: `(${shape.join(', ')})` });
  return [shape[0], shape[1]];
}

function lazyBatch(format: 'rrnco-batch' | 'camp-pvrp', file: string, count: number, notes: string[], build: (b: number) => Instance): LoadedFile {
  return {
    format,
    file,
    count,
    instance(b: number): Instance {
      if (!Number.isInteger(b) || b < 0 || b >= count) throw new RangeError(`${file}: instance ${b} does not exist (0..${count - 1})`);
      const inst = build(b);
      inst.meta.warnings = [...notes];
      return inst;
    },
  };
}

/** The arrays of one RRNCO test batch, checked; `n` counts the nodes of one instance, depot included. */
interface RrncoArrays {
  B: number;
  n: number;
  locs: Values;
  depot: Values | null;
  dist: Values;
  demand: Values | null;
  capacity: Values | null;
  duration: Values | null;
  windows: Values | null;
  service: Values | null;
}

function readRrnco(r: NpzReader, layout: keyof typeof KIND_OF): RrncoArrays {
  const [B, points] = batchSize(r, 'locs');
  // rcvrp keeps the depot apart from locs; rcvrptw puts it first in locs; atsp has none.
  const n = layout === 'rrnco-rcvrp' ? points + 1 : points;
  checkDimension(r.file, n, { field: 'npz:locs' });
  const nodes = layout === 'rrnco-atsp' ? 'N' : 'N+1';
  const locs = r.shaped('locs', [['B', B], [layout === 'rrnco-rcvrptw' ? 'N+1' : 'N', points], ['2', 2]]);
  r.check('locs', locs, isFiniteNumber, 'a finite coordinate');
  const square: [string, number][] = [['B', B], [nodes, n], [nodes, n]];
  const dist = r.shaped('distance_matrix', square);
  r.check('distance_matrix', dist, matrixCell, 'a non-negative distance in km');
  const a: RrncoArrays = { B, n, locs, depot: null, dist, demand: null, capacity: null, duration: null, windows: null, service: null };
  if (layout === 'rrnco-atsp') return a;

  const demandKey = layout === 'rrnco-rcvrp' ? 'demand' : 'demand_linehaul';
  a.demand = r.shaped(demandKey, [['B', B], ['N', n - 1]]);
  r.check(demandKey, a.demand, nonNegative, 'a non-negative demand');
  const capacityKey = layout === 'rrnco-rcvrp' ? 'capacity' : 'vehicle_capacity';
  a.capacity = r.shaped(capacityKey, [['B', B]], [[['B', B], ['1', 1]]]);
  r.check(capacityKey, a.capacity, positive, 'a positive capacity');
  if (layout === 'rrnco-rcvrp') {
    a.depot = r.shaped('depot', [['B', B], ['2', 2]]);
    r.check('depot', a.depot, isFiniteNumber, 'a finite coordinate');
    return a;
  }

  a.duration = r.shaped('duration_matrix', square);
  r.check('duration_matrix', a.duration, matrixCell, 'a non-negative (normalised) duration');
  const windows = r.shaped('time_windows', [['B', B], ['N+1', n], ['2', 2]]);
  r.check('time_windows', windows, (x) => x >= 0, 'a non-negative time');
  for (let k = 0; k < windows.length; k += 2) {
    if (windows[k] > windows[k + 1]) {
      fail(r.file, 'a window [ready, due] with ready ≤ due', { field: `npz:time_windows${indexPath([B, n], k / 2)}`, found: `[${windows[k]}, ${windows[k + 1]}]` });
    }
  }
  a.windows = windows;
  a.service = r.shaped('service_time', [['B', B], ['N+1', n]]);
  r.check('service_time', a.service, nonNegative, 'a non-negative service time');
  return a;
}

/** Instance b of a batch: km → m, RRNCO's huge values → unreachable, durations kept abstract. */
function rrncoInstance(a: RrncoArrays, kind: ProblemKind, b: number, name: string, file: string, layout: string): Instance {
  const { n } = a;
  const nn = n * n;
  const distance = new Float64Array(nn);
  for (let k = 0; k < nn; k++) {
    const x = a.dist[b * nn + k];
    distance[k] = x > RRNCO_UNREACHABLE ? Infinity : x * 1000;
  }
  let duration = distance;
  if (a.duration) {
    duration = new Float64Array(nn);
    for (let k = 0; k < nn; k++) {
      const x = a.duration[b * nn + k];
      duration[k] = x > RRNCO_UNREACHABLE ? Infinity : x;
    }
  }
  const coords = new Float64Array(2 * n);
  if (a.depot) {
    coords[0] = a.depot[2 * b];
    coords[1] = a.depot[2 * b + 1];
    for (let k = 0; k < 2 * (n - 1); k++) coords[2 + k] = a.locs[b * 2 * (n - 1) + k];
  } else {
    for (let k = 0; k < 2 * n; k++) coords[k] = a.locs[b * 2 * n + k];
  }
  const common = {
    name,
    kind,
    n,
    distance,
    duration,
    coords,
    coordSystem: 'planar' as const,
    units: { distance: 'm' as const, time: a.duration ? ('abstract' as const) : ('none' as const) },
    meta: { sourceFile: file, format: 'rrnco-batch', generator: layout },
  };
  if (traitsOf(kind).tour) return makeInstance({ ...common, depot: -1 });

  const demand = new Float64Array(n);
  for (let i = 1; i < n; i++) demand[i] = a.demand![b * (n - 1) + i - 1];
  const capacity = a.capacity![b];
  if (!a.windows) return makeInstance({ ...common, depot: 0, demand, vehicles: [defaultVehicle(kind, 0, Infinity, capacity)] });

  const ready = new Float64Array(n);
  const due = new Float64Array(n);
  const service = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ready[i] = a.windows[(b * n + i) * 2];
    due[i] = a.windows[(b * n + i) * 2 + 1];
    service[i] = a.service![b * n + i];
  }
  // RRNCO's depot window is the working day of every vehicle.
  const vehicle: Vehicle = { ...defaultVehicle(kind, 0, due[0], capacity), shift: [ready[0], due[0]] };
  return makeInstance({ ...common, depot: 0, demand, ready, due, service, vehicles: [vehicle] });
}

function rrncoBatch(r: NpzReader, layout: keyof typeof KIND_OF, opts: ParseOptions, warn: (w: string) => void, notes: string[]): LoadedFile {
  const kind = KIND_OF[layout];
  if (opts.problem && opts.problem !== kind) warn(`${r.file}: the file holds ${kind} instances; the requested problem ${opts.problem} is ignored`);
  if (opts.capacity !== undefined && !traitsOf(kind).tour) warn(`${r.file}: the file states its capacities; the capacity option is ignored`);
  const arrays = readRrnco(r, layout);
  const base = baseName(r.file);
  return lazyBatch('rrnco-batch', r.file, arrays.B, notes, (b) => rrncoInstance(arrays, kind, b, `${base}#${b}`, r.file, layout));
}

function campBatch(r: NpzReader, opts: ParseOptions, warn: (w: string) => void, notes: string[]): LoadedFile {
  const { file } = r;
  const kind: ProblemKind = opts.problem === 'pvrp-zc' ? 'pvrp-zc' : 'pvrp-p';
  if (opts.problem && opts.problem !== kind) warn(`${file}: CAMP files hold PVRP instances; loaded as ${kind}, the requested problem ${opts.problem} is ignored`);
  const [B, clients] = batchSize(r, 'locs');
  const n = checkDimension(file, clients + 1, { field: 'npz:locs' });
  const mShape = r.get('capacity').shape;
  if (mShape.length !== 2 || mShape[0] !== B || mShape[1] < 1) {
    fail(file, `shape (B, m) = (${B}, m ≥ 1) of vehicle capacities`, { field: 'npz:capacity', found: `(${mShape.join(', ')})` });
  }
  const m = mShape[1];
  const depot = r.shaped('depot', [['B', B], ['2', 2]]);
  const locs = r.shaped('locs', [['B', B], ['n', clients], ['2', 2]]);
  const demand = r.shaped('demand', [['B', B], ['n', clients]]);
  const capacity = r.shaped('capacity', [['B', B], ['m', m]]);
  const speed = r.shaped('speed', [['B', B], ['m', m]]);
  const preference = r.shaped('preference', [['B', B], ['m', m], ['n', clients]]);
  r.check('depot', depot, isFiniteNumber, 'a finite coordinate');
  r.check('locs', locs, isFiniteNumber, 'a finite coordinate');
  r.check('demand', demand, nonNegative, 'a non-negative demand');
  r.check('capacity', capacity, positive, 'a positive capacity');
  r.check('speed', speed, positive, 'a positive speed');
  r.check('preference', preference, isFiniteNumber, 'a finite preference');
  if (traitsOf(kind).zones) {
    let uncovered = 0;
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < clients; i++) {
        let any = false;
        for (let k = 0; k < m && !any; k++) any = preference[(b * m + k) * clients + i] > 0;
        if (!any) uncovered++;
      }
    }
    if (uncovered > 0) warn(`${file}: ${uncovered} clients (over all instances) are banned for every vehicle and cannot be served`);
  }

  const base = baseName(file);
  return lazyBatch('camp-pvrp', file, B, notes, (b) => {
    const coords = new Float64Array(2 * n);
    coords[0] = depot[2 * b];
    coords[1] = depot[2 * b + 1];
    for (let k = 0; k < 2 * clients; k++) coords[2 + k] = locs[b * 2 * clients + k];
    const distance = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        distance[i * n + j] = Math.hypot(coords[2 * j] - coords[2 * i], coords[2 * j + 1] - coords[2 * i + 1]);
      }
    }
    const dem = new Float64Array(n);
    for (let i = 1; i < n; i++) dem[i] = demand[b * clients + i - 1];
    const vehicles: Vehicle[] = [];
    for (let k = 0; k < m; k++) {
      const v: Vehicle = {
        ...defaultVehicle(kind, 0),
        id: `vehicle ${k + 1}`,
        capacity: capacity[b * m + k],
        speed: speed[b * m + k],
        count: 1,
        trips: Infinity,
      };
      const row = (b * m + k) * clients;
      if (traitsOf(kind).preferences) {
        v.preference = new Float64Array(n);
        for (let i = 1; i < n; i++) v.preference[i] = preference[row + i - 1];
      } else {
        v.allowed = new Uint8Array(n);
        v.allowed[0] = 1;
        for (let i = 1; i < n; i++) v.allowed[i] = preference[row + i - 1] > 0 ? 1 : 0;
      }
      vehicles.push(v);
    }
    return makeInstance({
      name: `${base}#${b}`,
      kind,
      n,
      distance,
      coords,
      coordSystem: 'planar',
      depot: 0,
      demand: dem,
      vehicles,
      objective: defaultObjective(kind),
      units: { distance: 'abstract', time: 'abstract' },
      meta: { sourceFile: file, format: 'camp-pvrp' },
    });
  });
}
