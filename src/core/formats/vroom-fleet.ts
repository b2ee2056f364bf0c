/**
 * What a VROOM problem cannot say about a RouteLab scenario, written beside it under the top-level
 * key `routelab` (VROOM and vroom-frontend read only the keys they know): the problem kind and its
 * objective, and which VROOM vehicles are copies of one RouteLab vehicle (the trips of a PVRP
 * vehicle that reloads, the members of an unlimited fleet) with that vehicle's count, trips and
 * preferences. Bans need no note: they travel as VROOM skills. Without the note a re-import would
 * read every copy as a vehicle of its own and guess the kind from the jobs.
 */
import { isProblemKind, type Instance, type Objective, type ProblemKind } from '../instance';
import { fail } from './text';
import { asArray, asRecord, foundText, nonNegativeInt } from './json-fields';

export const FLEET_NOTE_KEY = 'routelab';

export interface FleetNoteVehicle {
  id: string;
  /** null: unlimited (JSON has no Infinity). */
  count: number | null;
  trips: number | null;
  /** The ids of its VROOM vehicles. */
  vroom: number[];
  /** Preference score per job, in the order of the problem's `jobs`. */
  preference?: number[];
}

export interface FleetNote {
  version: 1;
  kind: ProblemKind;
  objective: Objective;
  vehicles: FleetNoteVehicle[];
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The note for an export whose VROOM vehicles are `copies` (type = RouteLab vehicle index) and jobs are `clients`. */
export function writeFleetNote(inst: Instance, copies: readonly { type: number; id: number }[], clients: readonly number[]): FleetNote {
  return {
    version: 1,
    kind: inst.kind,
    objective: { ...inst.objective },
    vehicles: inst.vehicles.map((v, k) => ({
      id: v.id,
      count: finiteOrNull(v.count),
      trips: finiteOrNull(v.trips),
      vroom: copies.filter((c) => c.type === k).map((c) => c.id),
      ...(v.preference ? { preference: clients.map((j) => v.preference![j]) } : {}),
    })),
  };
}

/** A RouteLab vehicle read back: which VROOM vehicles (by position in `vehicles`) it was written as. */
export interface NotedVehicle {
  id: string;
  count: number;
  trips: number;
  members: number[];
  preference?: number[];
}

export interface ReadNote {
  kind: ProblemKind;
  objective: Objective;
  vehicles: NotedVehicle[];
}

const OBJECTIVE_KEYS = ['distanceWeight', 'timeWeight', 'preferenceWeight', 'preferenceUnit'] as const;

/** Checks the note against the problem it sits in; every VROOM vehicle must belong to one RouteLab vehicle. */
export function readFleetNote(file: string, raw: unknown, vroomIds: readonly number[], jobCount: number): ReadNote {
  const base = FLEET_NOTE_KEY;
  const rec = asRecord(file, raw, base, 'RouteLab’s note on the fleet (kind, objective, vehicles)');
  if (!isProblemKind(rec.kind)) fail(file, 'a RouteLab problem kind', { field: `${base}.kind`, found: foundText(rec.kind) });
  const obj = asRecord(file, rec.objective, `${base}.objective`, 'the objective’s weights');
  const objective = {} as Objective;
  for (const key of OBJECTIVE_KEYS) {
    const x = obj[key];
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(file, 'a finite number', { field: `${base}.objective.${key}`, found: foundText(x) });
    objective[key] = x;
  }
  const position = new Map(vroomIds.map((id, k) => [id, k]));
  const owner = new Map<number, string>();
  const vehicles = asArray(file, rec.vehicles, `${base}.vehicles`, 'an array of vehicles').map((v, k): NotedVehicle => {
    const at = `${base}.vehicles[${k}]`;
    const r = asRecord(file, v, at, 'a vehicle (id, count, trips, vroom)');
    if (typeof r.id !== 'string' || r.id === '') fail(file, 'a vehicle id', { field: `${at}.id`, found: foundText(r.id) });
    const limit = (key: 'count' | 'trips'): number => {
      if (r[key] === null) return Infinity;
      const x = nonNegativeInt(file, r[key], `${at}.${key}`, 'a positive integer, or null for no limit');
      if (x < 1) fail(file, 'a positive integer, or null for no limit', { field: `${at}.${key}`, found: String(x) });
      return x;
    };
    const members = asArray(file, r.vroom, `${at}.vroom`, 'the ids of its VROOM vehicles').map((id, i) => {
      const k2 = typeof id === 'number' ? position.get(id) : undefined;
      if (k2 === undefined) fail(file, 'the id of a vehicle of the problem', { field: `${at}.vroom[${i}]`, found: foundText(id) });
      if (owner.has(id as number)) fail(file, `a VROOM vehicle of one RouteLab vehicle only (also in ${owner.get(id as number)})`, { field: `${at}.vroom[${i}]`, found: String(id) });
      owner.set(id as number, r.id as string);
      return k2;
    });
    if (members.length === 0) fail(file, 'at least one VROOM vehicle', { field: `${at}.vroom`, found: 'an empty array' });
    const out: NotedVehicle = { id: r.id, count: limit('count'), trips: limit('trips'), members };
    if (r.preference !== undefined) {
      const pref = asArray(file, r.preference, `${at}.preference`, `a preference per job (${jobCount})`);
      if (pref.length !== jobCount) fail(file, `a preference per job (${jobCount})`, { field: `${at}.preference`, found: `${pref.length} values` });
      out.preference = pref.map((x, i) => {
        if (typeof x !== 'number' || !Number.isFinite(x)) fail(file, 'a finite preference', { field: `${at}.preference[${i}]`, found: foundText(x) });
        return x;
      });
    }
    return out;
  });
  const loose = vroomIds.filter((id) => !owner.has(id));
  if (loose.length > 0) fail(file, 'every VROOM vehicle in the note of one RouteLab vehicle', { field: `${base}.vehicles`, found: `vehicles ${loose.slice(0, 5).join(', ')} in none` });
  return { kind: rec.kind, objective, vehicles };
}
