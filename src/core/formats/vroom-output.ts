/**
 * VROOM output (code, summary, unassigned, routes of steps) read against an instance: job ids
 * map to nodes through Instance.labels, vehicle ids through Vehicle.id. Times and costs in the
 * file are ignored except summary.cost (kept as the stated cost): RouteLab re-evaluates.
 */
import { depotMask, type Instance } from '../instance';
import type { Route, Solution, Unassigned } from '../solution';
import { fail, isRecord } from './text';
import { asArray, asRecord, foundText, optionalText } from './json-fields';
import type { LoadedSolution } from './types';

export function vroomOutputFromJson(file: string, json: Record<string, unknown>, instance: Instance): LoadedSolution {
  const { solution, statedCost } = vroomSolutionFromJson(file, json, instance, '');
  return { format: 'vroom-output', file, solution, statedCost };
}

/**
 * `prefix` locates fields of an embedded output (`solution.routes[0]...`); `vehicleOf` maps VROOM
 * vehicle ids to vehicles where they are not the vehicles' own ids (copies of one vehicle).
 */
export function vroomSolutionFromJson(
  file: string,
  json: Record<string, unknown>,
  inst: Instance,
  prefix: string,
  vehicleOf?: ReadonlyMap<string, number>,
): { solution: Solution; statedCost?: number } {
  if (json.code !== undefined && json.code !== 0) {
    fail(file, 'code 0 (a solved problem)', { field: `${prefix}code`, found: `${foundText(json.code)}${typeof json.error === 'string' ? `: ${json.error}` : ''}` });
  }
  const jobNode = new Map<string, number>();
  const isDepot = depotMask(inst);
  inst.labels.forEach((label, j) => {
    if (!isDepot[j] && !jobNode.has(label)) jobNode.set(label, j);
  });
  const vehicleIndex = new Map<string, number>(vehicleOf);
  if (!vehicleOf) {
    inst.vehicles.forEach((v, k) => {
      if (!vehicleIndex.has(v.id)) vehicleIndex.set(v.id, k);
    });
  }

  const lookupJob = (id: unknown, field: string): number => {
    const key = optionalText(id);
    const node = key === undefined ? undefined : jobNode.get(key);
    if (node === undefined) fail(file, 'the id of a job of the problem', { field, found: foundText(id) });
    return node;
  };

  const routes: Route[] = [];
  const routesJson = json.routes === undefined ? [] : asArray(file, json.routes, `${prefix}routes`, 'an array of routes');
  routesJson.forEach((r, ri) => {
    const base = `${prefix}routes[${ri}]`;
    const rec = asRecord(file, r, base, 'a route object');
    const vid = optionalText(rec.vehicle);
    const vehicle = vid === undefined ? undefined : vehicleIndex.get(vid);
    if (vehicle === undefined) {
      const known = inst.vehicles.slice(0, 5).map((v) => v.id).join(', ');
      fail(file, `the id of a vehicle of the problem (${known}${inst.vehicles.length > 5 ? ', …' : ''})`, { field: `${base}.vehicle`, found: foundText(rec.vehicle) });
    }
    const stops: number[] = [];
    asArray(file, rec.steps, `${base}.steps`, 'an array of steps').forEach((s, si) => {
      const sbase = `${base}.steps[${si}]`;
      const step = asRecord(file, s, sbase, 'a step object');
      switch (step.type) {
        case 'start':
        case 'end':
        case 'break':
          return;
        case 'job':
          stops.push(lookupJob(step.id, `${sbase}.id`));
          return;
        case 'pickup':
        case 'delivery':
          fail(file, 'a start, job, break or end step (shipments are not supported yet)', { field: `${sbase}.type`, found: foundText(step.type) });
        default:
          fail(file, 'a step type: start, job, break or end', { field: `${sbase}.type`, found: foundText(step.type) });
      }
    });
    routes.push({ vehicle, stops });
  });

  const unassigned: Unassigned[] = [];
  if (json.unassigned !== undefined) {
    asArray(file, json.unassigned, `${prefix}unassigned`, 'an array of unassigned tasks').forEach((u, ui) => {
      const base = `${prefix}unassigned[${ui}]`;
      const rec = asRecord(file, u, base, 'an unassigned task object');
      if (rec.type !== undefined && rec.type !== 'job') {
        fail(file, 'an unassigned job (shipments are not supported yet)', { field: `${base}.type`, found: foundText(rec.type) });
      }
      // VROOM gives no reason for unassigned tasks.
      unassigned.push({ node: lookupJob(rec.id, `${base}.id`), reason: 'no-reason' });
    });
  }

  const cost = isRecord(json.summary) ? json.summary.cost : undefined;
  const statedCost = typeof cost === 'number' ? cost : undefined;
  return { solution: { routes, unassigned }, statedCost };
}
