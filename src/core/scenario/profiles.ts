/** Vehicle profiles, painted per vehicle: zone bans (PVRP-ZC) and preferences (PVRP-P). */
import { depotMask, type Instance } from '../instance';
import { traitsOf } from '../problems';
import { EditError, checkNode, checkVehicle } from './edit-checks';
import { cloneInstance } from './instance-copy';

export interface BanResult {
  instance: Instance;
  /** Nodes whose status changed. */
  changed: number[];
  /** Nodes left allowed because no other vehicle may serve them. */
  kept: number[];
}

/**
 * Bans vehicle k from (or allows it again on) the given nodes; depots are skipped. With
 * keepCoverage (the default), a stop that no other vehicle may serve stays allowed, so that
 * every stop keeps a vehicle and the scenario stays solvable.
 */
export function setZone(inst: Instance, k: number, nodes: Iterable<number>, banned: boolean, keepCoverage = true): BanResult {
  checkVehicle(inst, k);
  if (traitsOf(inst.kind).tour) throw new EditError('an ATSP tour has no vehicle profiles');
  const next = cloneInstance(inst);
  const v = next.vehicles[k];
  const allowed = v.allowed ?? new Uint8Array(inst.n).fill(1);
  const mask = depotMask(inst);
  const changed: number[] = [];
  const kept: number[] = [];
  for (const j of new Set(nodes)) {
    checkNode(inst, j);
    if (mask[j]) continue;
    const want = banned ? 0 : 1;
    if (allowed[j] === want) continue;
    if (banned && keepCoverage && !next.vehicles.some((w, x) => x !== k && (!w.allowed || w.allowed[j]))) {
      kept.push(j);
      continue;
    }
    allowed[j] = want;
    changed.push(j);
  }
  v.allowed = allowed;
  changed.sort((a, b) => a - b);
  kept.sort((a, b) => a - b);
  return { instance: next, changed, kept };
}

/** Sets vehicle k's preference score on the given nodes (depots stay 0). */
export function setPreference(inst: Instance, k: number, nodes: Iterable<number>, value: number): Instance {
  checkVehicle(inst, k);
  if (traitsOf(inst.kind).tour) throw new EditError('an ATSP tour has no vehicle profiles');
  if (!Number.isFinite(value)) throw new EditError(`a preference must be a number, got ${value}`, 'preference');
  const next = cloneInstance(inst);
  const v = next.vehicles[k];
  const pref = v.preference ?? new Float64Array(inst.n);
  const mask = depotMask(inst);
  for (const j of nodes) {
    checkNode(inst, j);
    if (!mask[j]) pref[j] = value;
  }
  v.preference = pref;
  return next;
}

/** Nodes vehicle k is banned from. */
export function bannedNodes(inst: Instance, k: number): number[] {
  const a = inst.vehicles[k]?.allowed;
  if (!a) return [];
  const mask = depotMask(inst);
  const out: number[] = [];
  for (let j = 0; j < inst.n; j++) if (!a[j] && !mask[j]) out.push(j);
  return out;
}
