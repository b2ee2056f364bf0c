/**
 * CVRPLIB `.sol`: `Route #k: c1 c2 ...` lines and `Cost v`. Customers are numbered 1.. in node
 * order with the depot left out, so customer c is the c-th client node: node index c whenever
 * the depot is node 0 (CVRPLIB, Solomon), and the 1-based node id for an ATSP tour.
 */
import { clientNodes, type Instance } from '../instance';
import { roundKpi } from '../evaluate';
import { usedRoutes, type Route, type Solution } from '../solution';
import { fail, int, num, splitLines } from './text';
import type { LoadedSolution } from './types';

const ROUTE = /^Route\s*#?\s*(\d+)\s*:(.*)$/i;
const COST = /^Cost\b\s*:?\s*(.*)$/i;

export function parseCvrplibSol(file: string, text: string, instance: Instance): LoadedSolution {
  const clients = clientNodes(instance);
  const routes: Route[] = [];
  let statedCost: number | undefined;
  let costLine = 0;
  const lines = splitLines(text);
  for (const { no, text: raw } of lines) {
    const t = raw.trim();
    if (t === '') continue;
    const route = ROUTE.exec(t);
    const cost = route ? null : COST.exec(t);
    if (route) {
      const stops = route[2].trim() === '' ? [] : route[2].trim().split(/\s+/);
      routes.push({
        vehicle: 0,
        stops: stops.map((token) => {
          const c = int(file, token, { line: no }, `an integer customer number 1..${clients.length}`);
          if (c < 1 || c > clients.length) {
            fail(file, `a customer number between 1 and ${clients.length} (${instance.name} has ${clients.length} customers; the depot is not listed)`, { line: no, found: token });
          }
          return clients[c - 1];
        }),
      });
    } else if (cost) {
      if (costLine) fail(file, `one Cost line (the first is line ${costLine})`, { line: no, found: t });
      statedCost = num(file, cost[1], { line: no }, 'a number after Cost');
      costLine = no;
    } else if (/^route/i.test(t)) {
      fail(file, 'a route line "Route #k: c1 c2 ..."', { line: no, found: t });
    } else if (!/^[A-Za-z]/.test(t)) {
      // Lines that start with a word are other solvers' extras (Time, Gap ...); numbers alone are not.
      fail(file, 'a "Route #k: c1 c2 ..." or "Cost v" line', { line: no, found: t });
    }
  }
  if (routes.length === 0) {
    fail(file, 'at least one "Route #k: c1 c2 ..." line', { line: lines.length ? lines[lines.length - 1].no : 1, found: 'no routes' });
  }
  return { format: 'cvrplib-sol', file, solution: { routes, unassigned: [] }, statedCost };
}

/** The inverse of parseCvrplibSol: non-empty routes numbered from 1, then the cost. */
export function writeCvrplibSol(instance: Instance, solution: Solution, cost: number): string {
  const customer = new Int32Array(instance.n);
  clientNodes(instance).forEach((node, k) => {
    customer[node] = k + 1;
  });
  const lines = usedRoutes(solution).map((route, k) => {
    const numbers = route.stops.map((j) => {
      if (!(j >= 0 && j < instance.n && customer[j] > 0)) throw new Error(`node ${j} is not a customer of ${instance.name}: it has no .sol number`);
      return customer[j];
    });
    return `Route #${k + 1}: ${numbers.join(' ')}`;
  });
  lines.push(`Cost ${roundKpi(cost)}`);
  return `${lines.join('\n')}\n`;
}
