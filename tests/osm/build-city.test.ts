/** The whole build on a small real extract, its files, and rebuilding on given points. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCity } from '../../src/core/cities/encoding';
import { readCityFile } from '../../src/core/cities/city-file';
import { buildCity, cityToNpz, cityToRlc, readPointsFile, roadPath } from '../../src/core/osm';
import { ROOT, repoPath } from '../helpers';

const pbf = readFileSync(repoPath('tests', 'fixtures', 'osm', 'amager.osm.pbf'));

describe('buildCity', () => {
  it('builds a seeded city whose matrices match road paths, and rebuilds it from its own points', async () => {
    const stages = new Set<string>();
    const built = await buildCity('amager.osm.pbf', pbf, { points: 40, seed: 3, boxKm: 1.5, onProgress: (s) => stages.add(s) });
    expect([...stages]).toEqual(['read', 'graph', 'points', 'matrix']);
    const { city, meta, graph, positions } = built;
    expect(city.n).toBe(40);
    expect(meta.attribution).toBe('© OpenStreetMap contributors (ODbL)');
    expect(meta.seed).toBe(3);
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 40; j++) {
        const d = city.distance[i * 40 + j];
        expect(Number.isFinite(d)).toBe(true);
        expect(Math.round(d * 10)).toBeCloseTo(d * 10, 6);
        if (i !== j) expect(d).toBeGreaterThan(0);
      }
    }
    const p = roadPath(graph, positions[0], positions[7])!;
    expect(p.distanceM).toBeCloseTo(city.distance[7], 0);
    expect(p.durationS).toBeCloseTo(city.duration[7], 0);

    const again = await buildCity('amager.osm.pbf', pbf, { points: 40, seed: 3, boxKm: 1.5 });
    expect(Array.from(again.city.lonlat)).toEqual(Array.from(city.lonlat));

    // Same points given back: snapped in place (< 0.1 m), same matrices to rounding.
    const npz = cityToNpz(city);
    const lonlat = readPointsFile('a.npz', npz);
    const rebuilt = await buildCity('amager.osm.pbf', pbf, { pointsFrom: { file: 'a.npz', lonlat } });
    expect((rebuilt.meta.points_from as { snap_distance_m: { max: number } }).snap_distance_m.max).toBeLessThan(0.1);
    let worst = 0;
    for (let k = 0; k < 40 * 40; k++) worst = Math.max(worst, Math.abs(rebuilt.city.distance[k] - city.distance[k]));
    expect(worst).toBeLessThan(0.5);

    // The two file formats decode to the same city.
    const fromNpz = readCityFile('a_data.npz', npz);
    expect(fromNpz?.ok).toBe(true);
    const fromRlc = decodeCity('a.rlc', cityToRlc(city));
    expect(Array.from(fromRlc.distance)).toEqual(Array.from(city.distance));
    if (fromNpz?.ok) expect(fromNpz.value.city.distance[5]).toBeCloseTo(city.distance[5], 6);
  });

  it('npm run city -- build writes the npz, the rlc and the meta, and prints a JSON summary', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'routelab-city-')), 'Amager_data.npz');
    const r = spawnSync(
      repoPath('node_modules', '.bin', 'tsx'),
      [repoPath('src', 'cli', 'city.ts'), 'build', 'tests/fixtures/osm/amager.osm.pbf', '--center', '55.656,12.578', '--box-km', '1.5', '--points', '30', '--seed', '9', '--out', out],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout.trim());
    expect(summary.n).toBe(30);
    expect(summary.files).toHaveLength(3);
    const meta = JSON.parse(readFileSync(out.replace('Amager_data.npz', 'Amager.meta.json'), 'utf8'));
    expect(meta.extract.attribution).toContain('OpenStreetMap');
    expect(meta.centre).toEqual({ lat: 55.656, lon: 12.578 });
    const rlc = decodeCity('Amager.rlc', readFileSync(out.replace('_data.npz', '.rlc')));
    expect(rlc.n).toBe(30);
  }, 60_000);
});
