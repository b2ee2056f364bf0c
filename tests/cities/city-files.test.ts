/**
 * City files and OSM extracts as the app tells them apart: an RRNCO city .npz and an .rlc are
 * read as cities (any other .npz is left to the problem parsers), a broken city file is a
 * located error, extracts are recognised by name or bytes, and a city's id follows its content.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCityFile } from '../../src/core/cities/city-file';
import { cityHash, citySlug, sameCityContent, userCityId } from '../../src/core/cities/city-id';
import { encodeCity } from '../../src/core/cities/encoding';
import { isOsmExtractName, looksLikeOsmExtract } from '../../src/core/cities/osm-file';
import { importFile } from '../../src/workers/files-host';
import { bundledCity, repoPath } from '../helpers';

const read = (...parts: string[]) => new Uint8Array(readFileSync(repoPath(...parts)));
const fixture = (name: string) => new Uint8Array(readFileSync(repoPath('e2e', 'fixtures', name)));

describe('city files', () => {
  it('reads an RRNCO city .npz as a city in metres, seconds and [lon, lat]', () => {
    const r = readCityFile('Monaco_data.npz', read('data/cities/Monaco_data.npz'));
    expect(r?.ok).toBe(true);
    if (!r?.ok) return;
    expect(r.value.format).toBe('rrnco-city');
    expect(r.value.city.n).toBe(1000);
    expect(r.value.city.name).toBe('Monaco');
    const bundled = bundledCity('Monaco');
    expect(r.value.city.distance[1]).toBeCloseTo(bundled.distance[1], 1);
  });

  it('reads a .rlc as the city it encodes', () => {
    const r = readCityFile('Monaco.rlc', read('public/cities/Monaco.rlc'));
    expect(r?.ok && r.value.format).toBe('routelab-city');
    if (r?.ok) expect(Array.from(r.value.city.duration.subarray(0, 50))).toEqual(Array.from(bundledCity('Monaco').duration.subarray(0, 50)));
  });

  it('leaves other files to the problem parsers', () => {
    expect(readCityFile('b.npz', read('e2e/fixtures/rrnco-rcvrp-batch.npz'))).toBeNull();
    expect(readCityFile('x.json', new TextEncoder().encode('{}'))).toBeNull();
    expect(readCityFile('broken.npz', new Uint8Array([1, 2, 3]))).toBeNull();
  });

  it('reports a broken .rlc against the file', () => {
    const bytes = read('public/cities/Monaco.rlc').slice(0, 5000);
    const r = readCityFile('Cut.rlc', bytes);
    expect(r?.ok).toBe(false);
    if (r && !r.ok) expect(r.error.file).toBe('Cut.rlc');
  });

  it('the file worker answers a city, not a scenario', () => {
    const a = importFile({ file: 'Monaco_data.npz', bytes: read('data/cities/Monaco_data.npz'), problem: 'atsp' });
    expect(a.kind).toBe('city');
    const city = bundledCity('Monaco');
    const b = importFile({ file: 'Mine.rlc', bytes: encodeCity({ ...city, name: 'Mine' }) });
    expect(b.kind === 'city' && b.city.name).toBe('Mine');
    const bad = importFile({ file: 'Bad.rlc', bytes: new Uint8Array([0x1f, 0x8b, 1, 2]) });
    expect(bad.kind).toBe('error');
  });
});

describe('OSM extracts', () => {
  it('are told by their names', () => {
    for (const name of ['amager.osm.pbf', 'x.pbf', 'town.osm', 'town.osm.gz', 'TOWN.OSM.PBF']) expect(isOsmExtractName(name)).toBe(true);
    for (const name of ['a.npz', 'a.rlc', 'a.json', 'a.gz', 'osm.txt']) expect(isOsmExtractName(name)).toBe(false);
  });

  it('and by their first bytes', () => {
    const xml = new TextEncoder().encode('<?xml version="1.0"?>\n<osm version="0.6"><node id="1" lat="1" lon="2"/></osm>');
    expect(looksLikeOsmExtract('download', xml)).toBe(true);
    expect(looksLikeOsmExtract('download', new TextEncoder().encode('<?xml version="1.0"?><gpx></gpx>'))).toBe(false);
    expect(looksLikeOsmExtract('a.json', new TextEncoder().encode('{"osm": 1}'))).toBe(false);
  });

  it('a PBF without its extension is still an extract, and the file worker says so', () => {
    const pbf = fixture('hoyerswerda.osm.pbf');
    expect(looksLikeOsmExtract('download.bin', pbf)).toBe(true);
    expect(importFile({ file: 'download.bin', bytes: pbf }).kind).toBe('osm');
  });
});

describe('city ids', () => {
  const city = bundledCity('Monaco');

  it('follow the content, not the name', () => {
    const a = userCityId('Monaco', city);
    expect(a).toMatch(/^Monaco-[0-9a-f]{10}$/);
    expect(userCityId('Monaco', city)).toBe(a);
    const b = userCityId('Somewhere else', city);
    expect(sameCityContent(a, b)).toBe(true);
    const changed = { ...city, distance: city.distance.slice() };
    changed.distance[12345] += 0.1;
    expect(cityHash(changed)).not.toBe(cityHash(city));
    expect(sameCityContent(a, userCityId('Monaco', changed))).toBe(false);
    expect(sameCityContent('Monaco', 'Monaco')).toBe(false);
  });

  it('have a readable stem', () => {
    expect(citySlug('Hoyerswerda (Sachsen)')).toBe('Hoyerswerda_Sachsen');
    expect(citySlug('Siegessäule')).toBe('Siegessaule');
    expect(citySlug('???')).toBe('city');
  });
});
