import { clientNodes, usesTimeWindows, type Instance } from '../instance';
import { traitsOf } from '../problems';

/**
 * What makes the scenario hard or impossible to solve, without refusing it: the planner may
 * want to see how solvers cope. Capped at `limit` lines.
 */
export function scenarioWarnings(inst: Instance, limit = 8): string[] {
  const out: string[] = [];
  if (traitsOf(inst.kind).tour) return out;
  const clients = clientNodes(inst);
  const maxCap = Math.max(...inst.vehicles.map((v) => v.capacity));
  const heavy = clients.filter((j) => inst.demand[j] > maxCap + 1e-9);
  if (heavy.length) out.push(`${heavy.length} stop${heavy.length > 1 ? 's' : ''} (${heavy.slice(0, 3).map((j) => inst.labels[j]).join(', ')}${heavy.length > 3 ? ', …' : ''}) demand more than any vehicle carries (${maxCap})`);
  let fleetLoad = 0;
  for (const v of inst.vehicles) fleetLoad += v.count * v.trips * v.capacity;
  const total = clients.reduce((s, j) => s + inst.demand[j], 0);
  if (Number.isFinite(fleetLoad) && total > fleetLoad + 1e-9) out.push(`total demand ${total} exceeds what the fleet can carry (${fleetLoad})`);
  if (traitsOf(inst.kind).zones && clients.every((j) => inst.vehicles.every((v) => !v.allowed || v.allowed[j]))) {
    out.push('No vehicle is banned from any stop: the zone rules change nothing here (paint bans in the editor, or sample sector zones)');
  }
  if (inst.vehicles.some((v) => v.allowed)) {
    const orphans = clients.filter((j) => !inst.vehicles.some((v) => !v.allowed || v.allowed[j]));
    if (orphans.length) out.push(`${orphans.length} stop${orphans.length > 1 ? 's have' : ' has'} no allowed vehicle (${orphans.slice(0, 3).map((j) => inst.labels[j]).join(', ')}${orphans.length > 3 ? ', …' : ''})`);
  }
  if (usesTimeWindows(inst.kind) && inst.depot >= 0) {
    const d = inst.depot;
    const v = inst.vehicles[0];
    const horizon = Math.min(v.shift[1], inst.due[d]);
    const late = clients.filter((j) => {
      const arrive = Math.max(v.shift[0] + inst.duration[d * inst.n + j] / v.speed, inst.ready[j]);
      return arrive > inst.due[j] + 1e-6 || arrive + inst.service[j] + inst.duration[j * inst.n + d] / v.speed > horizon + 1e-6;
    });
    if (late.length) out.push(`${late.length} stop${late.length > 1 ? 's' : ''} cannot be served on time even by a direct trip (${late.slice(0, 3).map((j) => inst.labels[j]).join(', ')}${late.length > 3 ? ', …' : ''})`);
  }
  return out.slice(0, limit);
}
