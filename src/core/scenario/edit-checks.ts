/** The error every edit throws, and the checks of what an edit names (a node, a vehicle, a number). */
import type { Instance } from '../instance';

export class EditError extends Error {
  constructor(
    message: string,
    /** The field the message is about (demand, due, capacity, …), for inline display. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'EditError';
  }
}

export function checkNode(inst: Instance, node: number): void {
  if (!Number.isInteger(node) || node < 0 || node >= inst.n) throw new EditError(`node ${node} does not exist`);
}

export function checkVehicle(inst: Instance, k: number): void {
  if (!Number.isInteger(k) || k < 0 || k >= inst.vehicles.length) throw new EditError(`vehicle ${k} does not exist`);
}

export function isNonNegative(x: number): boolean {
  return typeof x === 'number' && !Number.isNaN(x) && x >= 0;
}
