import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCity } from '../../src/core/cities/encoding';
import { openLegRouter } from '../../src/core/roads/leg-router';
import { RoadsHost } from '../../src/workers/roads-host';
import type { RpcReply } from '../../src/workers/rpc';

const city = decodeCity('Monaco.rlc', readFileSync('public/cities/Monaco.rlc'));
const fetchBytes = async (url: string) => new Uint8Array(readFileSync(`public${url}`));

function host(replies: RpcReply[] = []) {
  return new RoadsHost((r) => replies.push(r), fetchBytes, openLegRouter);
}

describe('the roads worker', () => {
  const source = { city: 'Monaco', basemapUrl: '/cities/Monaco.basemap', roadsUrl: '/cities/Monaco.roads' };

  it('serves a city basemap as GeoJSON text', async () => {
    const basemap = await host().basemap(source);
    const gj = JSON.parse(new TextDecoder().decode(basemap!.geojson));
    const detail = JSON.parse(new TextDecoder().decode(basemap!.detail));
    expect(gj.features.length + detail.features.length).toBe(basemap!.features);
    // Footways and tunnels come apart, for the map to load once it shows them.
    expect(detail.features.every((f: { properties: { class: string; tunnel?: boolean } }) => f.properties.class === 'path' || f.properties.tunnel)).toBe(true);
    expect(gj.features.some((f: { properties: { class: string } }) => f.properties.class === 'path')).toBe(false);
    expect(basemap!.attribution).toContain('OpenStreetMap');
    expect(basemap!.box[0]).toBeLessThan(7.42);
  });

  it('loads a network ahead of its first legs', async () => {
    const replies: RpcReply[] = [];
    const h2 = new RoadsHost((r) => replies.push(r), fetchBytes, openLegRouter);
    await h2.handle({ kind: 'rpc', id: 1, method: 'prepare', params: source });
    expect(replies[0]).toMatchObject({ id: 1, result: { ok: true, value: { edges: expect.any(Number), vertices: expect.any(Number) } } });
    await h2.handle({ kind: 'rpc', id: 2, method: 'prepare', params: { city: 'Nowhere' } });
    expect(replies[1]).toMatchObject({ id: 2, result: { ok: true, value: null } });
  });

  it('answers legs along the roads, and an empty leg where there is no network', async () => {
    const h = host();
    const p = (i: number) => [city.lonlat[2 * i], city.lonlat[2 * i + 1]];
    const pairs = Float64Array.from([...p(0), ...p(1), ...p(1), ...p(2)]);
    const legs = await h.legs(source, pairs);
    expect(legs.offsets).toHaveLength(3);
    expect(legs.offsets[1]).toBeGreaterThan(2);
    expect(legs.offsets[2]).toBeGreaterThan(legs.offsets[1]);
    // The first leg starts on the road at the first point (a city point is on the road).
    expect(legs.coords[0]).toBeCloseTo(p(0)[0], 5);
    const none = await h.legs({ city: 'Nowhere' }, pairs.slice());
    expect(Array.from(none.offsets)).toEqual([0, 0, 0]);
  });

  it('replies with an error, never throws, when a file cannot be had', async () => {
    const replies: RpcReply[] = [];
    const h = new RoadsHost((r) => replies.push(r), async () => {
      throw new Error('HTTP 404');
    }, openLegRouter);
    await h.handle({ kind: 'rpc', id: 7, method: 'legs', params: { ...source, pairs: new Float64Array(4) } });
    expect(replies).toEqual([{ kind: 'rpc', id: 7, result: { ok: false, error: { name: 'Error', message: 'HTTP 404' } } }]);
  });
});
