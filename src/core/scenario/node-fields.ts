/** A node's demand, service time and window: which the editor shows, their defaults, their checks. */
import { clientNodes, usesTimeWindows, type Instance } from '../instance';
import { traitsOf } from '../problems';
import { EditError, checkNode, isNonNegative } from './edit-checks';
import { cloneInstance } from './instance-copy';

export interface NodeFields {
  demand: number;
  service: number;
  ready: number;
  due: number;
}

/** Writes a node's fields into an instance this module just cloned (never a shared one). */
export function writeFields(inst: Instance, node: number, f: NodeFields): void {
  inst.demand[node] = f.demand;
  inst.service[node] = f.service;
  inst.ready[node] = f.ready;
  inst.due[node] = f.due;
}

/** Which node fields mean something for the instance's kind (what the editor shows). */
export function editableFields(inst: Instance): (keyof NodeFields)[] {
  if (traitsOf(inst.kind).tour) return [];
  if (usesTimeWindows(inst.kind)) return ['demand', 'service', 'ready', 'due'];
  return ['demand'];
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The end of the planning day: the depot's due date, else the first vehicle's shift end. */
export function horizonOf(inst: Instance): number {
  if (inst.depot >= 0 && Number.isFinite(inst.due[inst.depot])) return inst.due[inst.depot];
  return inst.vehicles[0]?.shift[1] ?? Infinity;
}

/**
 * What a new stop gets when the planner states nothing: the median demand and service of the
 * existing stops (1 and 0 when there are none), and for time-window kinds the whole day as its
 * window, shortened so that a vehicle that starts serving it on time still gets back to the
 * depot (due = horizon − service − travel back).
 */
export function defaultFields(inst: Instance, node: number, excluding: readonly number[] = []): NodeFields {
  const clients = clientNodes(inst).filter((j) => j !== node && !excluding.includes(j));
  let demand = 0;
  if (!traitsOf(inst.kind).tour) {
    const d = median(clients.map((j) => inst.demand[j]));
    demand = Number.isFinite(d) ? d : 1;
    if (clients.every((j) => Number.isInteger(inst.demand[j]))) demand = Math.max(clients.length ? 0 : 1, Math.round(demand));
  }
  const s = median(clients.map((j) => inst.service[j]));
  const service = Number.isFinite(s) ? s : 0;
  if (!usesTimeWindows(inst.kind) || inst.depot < 0) {
    return { demand, service, ready: 0, due: inst.depot >= 0 ? inst.due[inst.depot] : Infinity };
  }
  const horizon = horizonOf(inst);
  const back = inst.duration[node * inst.n + inst.depot];
  const latest = horizon - service - back;
  return { demand, service, ready: 0, due: Number.isFinite(latest) && latest >= 0 ? latest : horizon };
}

/** Every reason the fields are invalid for the node (empty when they are fine). */
export function fieldProblems(inst: Instance, node: number, f: NodeFields): EditError[] {
  const out: EditError[] = [];
  const depot = node === inst.depot;
  if (!isNonNegative(f.demand) || !Number.isFinite(f.demand)) out.push(new EditError(`demand must be a number ≥ 0, got ${f.demand}`, 'demand'));
  else if (depot && f.demand !== 0) out.push(new EditError('the depot has no demand', 'demand'));
  if (!isNonNegative(f.service) || !Number.isFinite(f.service)) out.push(new EditError(`service time must be a number ≥ 0, got ${f.service}`, 'service'));
  if (!isNonNegative(f.ready) || !Number.isFinite(f.ready)) out.push(new EditError(`ready time must be a number ≥ 0, got ${f.ready}`, 'ready'));
  if (!isNonNegative(f.due)) out.push(new EditError(`due time must be a number ≥ 0 (or unbounded), got ${f.due}`, 'due'));
  if (isNonNegative(f.ready) && isNonNegative(f.due) && f.ready > f.due) out.push(new EditError('the window opens after it closes: ready must be ≤ due', 'due'));
  return out;
}

export function nodeFields(inst: Instance, node: number): NodeFields {
  return { demand: inst.demand[node], service: inst.service[node], ready: inst.ready[node], due: inst.due[node] };
}

/** Sets a node's demand / service / window; throws the first problem if the result is invalid. */
export function setNodeFields(inst: Instance, node: number, patch: Partial<NodeFields>): Instance {
  checkNode(inst, node);
  const merged = { ...nodeFields(inst, node), ...patch };
  const problems = fieldProblems(inst, node, merged);
  if (problems.length > 0) throw problems[0];
  const next = cloneInstance(inst);
  writeFields(next, node, merged);
  return next;
}
