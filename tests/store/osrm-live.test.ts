/** The live OSRM request: its URL, the server check, and failures that name the server. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkOsrmBase, fetchTable, osrmTableUrl } from '../../src/store/osrm-live';

afterEach(() => vi.unstubAllGlobals());

describe('live OSRM', () => {
  it('asks /table for every node, lon,lat in order, with durations and distances', () => {
    const url = osrmTableUrl('http://localhost:5000/', Float64Array.from([7.4, 43.7, 7.41234567, 43.75]));
    expect(url).toBe('http://localhost:5000/table/v1/driving/7.400000,43.700000;7.412346,43.750000?annotations=duration,distance');
  });

  it('accepts http(s) base URLs only', () => {
    expect(checkOsrmBase(' http://osrm.local:5000/ ')).toEqual({ base: 'http://osrm.local:5000' });
    expect(checkOsrmBase('localhost:5000')).toHaveProperty('error');
    expect(checkOsrmBase('ftp://x')).toHaveProperty('error');
  });

  it('gives up after the timeout and says which server did not answer', async () => {
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))));
    await expect(fetchTable('http://slow:5000', 'http://slow:5000/table/v1/driving/0,0', 30)).rejects.toThrow('OSRM at http://slow:5000 did not answer within 30 ms');
  });

  it('names the server when it cannot be reached', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(fetchTable('http://down:5000', 'http://down:5000/table', 1000)).rejects.toThrow('Could not reach OSRM at http://down:5000: Failed to fetch');
  });
});
