/**
 * A live OSRM server builds the road matrices for the current stops: one `/table` request with
 * every node's coordinates, parsed (in the file worker) by the same OSRM parser as uploaded
 * tables. The new matrices replace the scenario's; demands, windows and the fleet stay. The
 * request has a timeout, and every failure names the server and what went wrong.
 */
import { OSM_ATTRIBUTION } from '../core/cities/city';
import type { Instance } from '../core/instance';
import { filesEngine } from '../workers/files-client';
import type { FileImport } from '../workers/files-protocol';
import { messageOf } from './actions';
import { freshInstanceId, showOwnInstance } from './file-actions';
import { useAppStore } from './index';
import { instances } from './registries';

export const OSRM_TIMEOUT_MS = 10_000;

/** `{base}/table/v1/driving/{lon,lat;…}?annotations=duration,distance` (6 decimals ≈ 0.1 m). */
export function osrmTableUrl(base: string, lonlat: Float64Array): string {
  const points: string[] = [];
  for (let i = 0; i + 1 < lonlat.length; i += 2) points.push(`${lonlat[i].toFixed(6)},${lonlat[i + 1].toFixed(6)}`);
  return `${base.replace(/\/+$/, '')}/table/v1/driving/${points.join(';')}?annotations=duration,distance`;
}

/** The server's base URL, or an error in words. */
export function checkOsrmBase(text: string): { base: string } | { error: string } {
  const base = text.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return { error: `"${text}" is not a URL: write it like http://localhost:5000` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `${base} is not an http(s) URL` };
  return { base };
}

/** GET with a timeout; failures name the server. */
export async function fetchTable(base: string, url: string, timeoutMs: number): Promise<{ status: number; bytes: Uint8Array }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal, mode: 'cors', credentials: 'omit' });
    return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
  } catch (err) {
    if (controller.signal.aborted) throw new Error(`OSRM at ${base} did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`);
    throw new Error(`Could not reach OSRM at ${base}: ${messageOf(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** The scenario with the server's matrices in place of its own. */
export function withMatrices(inst: Instance, table: Instance, base: string, warnings: string[]): Instance {
  return {
    ...inst,
    distance: table.distance,
    duration: table.duration,
    estimated: table.estimated,
    units: { distance: 'm', time: 's' },
    meta: { ...inst.meta, attribution: inst.meta.attribution ?? OSM_ATTRIBUTION, warnings: [`matrices from OSRM at ${base}`, ...warnings] },
  };
}

/** The problem an import read; anything else throws, `message` saying why the answer is of no use. */
function problemOf(result: FileImport, message: (why: string) => string): Extract<FileImport, { kind: 'problem' }> {
  switch (result.kind) {
    case 'problem':
      return result;
    case 'error':
      throw new Error(message(result.error.message));
    default:
      throw new Error(message(`a ${result.kind}, not a table`));
  }
}

export async function buildOsrmMatrix(timeoutMs = OSRM_TIMEOUT_MS): Promise<void> {
  const store = useAppStore.getState();
  const report = (tone: 'ok' | 'error', text: string) => {
    useAppStore.getState().setOsrm(tone, text);
    useAppStore.getState().setStatus(tone === 'ok' ? 'ready' : 'error', text);
  };
  const checked = checkOsrmBase(store.osrmUrl);
  if ('error' in checked) return report('error', checked.error);
  const { base } = checked;
  const summary = store.instance;
  const inst = summary ? instances.get(summary.id) : undefined;
  if (!summary || !inst) return report('error', 'No scenario: sample or load one first');
  if (inst.coordSystem !== 'lonlat' || !inst.coords) {
    return report('error', `OSRM needs longitude/latitude; ${inst.name} has ${inst.coords ? 'planar coordinates' : 'no coordinates'}`);
  }
  store.setOsrm('busy', `Asking ${base} for a ${inst.n}×${inst.n} table…`);
  store.setStatus('busy', `Asking OSRM at ${base}…`);
  try {
    const { status, bytes } = await fetchTable(base, osrmTableUrl(base, inst.coords), timeoutMs);
    const result = problemOf(await filesEngine().importBytes(`${base}/table`, bytes, { problem: inst.kind, problemOnly: true }), (why) => `OSRM at ${base} answered HTTP ${status}, not a usable table: ${why}`);
    if (result.format !== 'osrm-table' || result.instance.n !== inst.n) {
      throw new Error(`OSRM at ${base} answered a ${result.instance.n}×${result.instance.n} table for ${inst.n} points`);
    }
    // The planner may have moved on while the server thought.
    if (useAppStore.getState().instance?.id !== summary.id) return report('error', `OSRM at ${base} answered, but the scenario changed meanwhile`);
    const next = withMatrices(inst, result.instance, base, result.warnings);
    const id = freshInstanceId(`${summary.id.replace(/\+osrm(~\d+)?$/, '')}+osrm`);
    showOwnInstance(id, next, summary.city);
    const estimated = next.estimated ? next.estimated.reduce((a, b) => a + b, 0) : 0;
    report('ok', `Matrices from OSRM at ${base}: ${inst.n}×${inst.n}${estimated ? `, ${estimated} cells estimated` : ''}${result.warnings.length ? ` (${result.warnings.length} warnings)` : ''}`);
  } catch (err) {
    report('error', messageOf(err));
  }
}
