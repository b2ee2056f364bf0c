/** Why a client was left out, in the words of the rule that keeps it out. */
import type { Instance } from './instance';
import { beginRoute, checkNext, type NextCheck } from './rules';
import type { UnassignedReason } from './solution';

const REASON: Record<Exclude<NextCheck, 'ok' | 'depot'>, UnassignedReason> = {
  zone: 'zone',
  unreachable: 'unreachable',
  capacity: 'capacity',
  'time-window': 'time-window',
  return: 'time-window',
};

/** Why no vehicle took j: 'fleet' if a fresh route could, else the first rule that refused it. */
export function unassignedReason(inst: Instance, j: number, fleetLeft: (k: number) => boolean): UnassignedReason {
  let reason: UnassignedReason = 'no-reason';
  for (let k = 0; k < inst.vehicles.length; k++) {
    const check = checkNext(inst, beginRoute(inst, k), j);
    if (check === 'ok') return fleetLeft(k) ? 'no-reason' : 'fleet';
    if (check !== 'depot' && reason === 'no-reason') reason = REASON[check];
  }
  return reason;
}
