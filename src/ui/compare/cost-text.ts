/**
 * What the cost of a run counts, in words, from the instance's objective: the PVRP objective
 * (travel time minus collected preference) is not what a planner expects a cost to be.
 */
import type { Instance } from '../../core/instance';
import { traitsOf } from '../../core/problems';

function times(weight: number, what: string): string {
  return weight === 1 ? what : `${weight} × ${what}`;
}

export function costExplanation(inst: Instance): string {
  const o = inst.objective;
  const seconds = inst.units.time === 's';
  const terms: string[] = [];
  if (o.distanceWeight !== 0) terms.push(times(o.distanceWeight, `distance (${inst.units.distance === 'm' ? 'm' : 'the file’s unit'})`));
  if (o.timeWeight !== 0) terms.push(times(o.timeWeight, `travel time (${seconds ? 's' : 'the file’s unit'})`));
  let text = `Cost = ${terms.join(' + ') || '0'}`;
  const rewarded = o.preferenceWeight !== 0 && inst.vehicles.some((v) => v.preference);
  if (rewarded) {
    const unit = `${Math.round(o.preferenceUnit * 10) / 10}${seconds ? ' s' : ''}`;
    text += ` − ${o.preferenceWeight} × preference collected × ${unit}. Serving the stops a vehicle prefers lowers the cost: one preference point counts as ${unit} of driving`;
    if (inst.meta.city) text += ', the longest trip between two stops';
  }
  text += '.';
  if (traitsOf(inst.kind).zones) text += ' Zone bans are a rule, not a price: a stop on a vehicle banned from it makes the run infeasible.';
  if (inst.vehicles.some((v) => v.trips > 1)) text += ' Vehicles reload at the depot, so one vehicle may drive several trips.';
  return text;
}
