import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CITIES } from '../../src/core/cities/city';
import { decodeCity } from '../../src/core/cities/encoding';
import { parseProblemFile } from '../../src/core/formats';
import { readNpz, toFloat64 } from '../../src/core/formats/npy';

/** Largest |a − b| over a block, and the first index where it exceeds `tol`. */
function worst(count: number, a: (k: number) => number, b: (k: number) => number, tol: number) {
  let max = 0;
  let first = -1;
  for (let k = 0; k < count; k++) {
    const d = Math.abs(a(k) - b(k));
    if (d > max) max = d;
    if (first < 0 && !(d <= tol)) first = k;
  }
  return { max, first };
}

describe.each(BUNDLED_CITIES)('bundled city %s', (name) => {
  const encoded = decodeCity(`${name}.rlc`, readFileSync(`public/cities/${name}.rlc`));
  const npzFile = `data/cities/${name}_data.npz`;
  const npzBytes = readFileSync(npzFile);
  const raw = readNpz(npzFile, npzBytes);
  const n = encoded.n;

  it('has 1000 points in both files', () => {
    expect(n).toBe(1000);
    expect(raw.get('points')!.shape).toEqual([1000, 2]);
    expect(raw.get('distance')!.shape).toEqual([1000, 1000]);
    expect(raw.get('duration')!.shape).toEqual([1000, 1000]);
  });

  it('encodes the npz matrices: metres = km·1000, seconds = min·60', () => {
    const km = toFloat64(raw.get('distance')!);
    const min = toFloat64(raw.get('duration')!);
    const dist = worst(n * n, (k) => encoded.distance[k], (k) => km[k] * 1000, 1e-9);
    const dur = worst(n * n, (k) => encoded.duration[k], (k) => min[k] * 60, 1e-9);
    expect(dist.first).toBe(-1);
    expect(dur.first).toBe(-1);
  });

  it('swaps the npz (lat, lon) to [lon, lat] exactly', () => {
    const p = toFloat64(raw.get('points')!);
    for (let i = 0; i < n; i++) {
      if (encoded.lonlat[2 * i] !== p[2 * i + 1] || encoded.lonlat[2 * i + 1] !== p[2 * i]) {
        throw new Error(`point ${i}: encoded [${encoded.lonlat[2 * i]}, ${encoded.lonlat[2 * i + 1]}], npz (${p[2 * i]}, ${p[2 * i + 1]})`);
      }
    }
  });

  it('matches the raw OSRM table of the first 100 points exactly', () => {
    const file = `${name}_table_100.json`;
    const r = parseProblemFile(file, readFileSync(`data/cities/${file}`));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.format).toBe('osrm-table');
    const t = r.value.instance(0);
    expect(t.n).toBe(100);
    expect(t.units).toEqual({ distance: 'm', time: 's' });
    for (let i = 0; i < 100; i++) {
      for (let j = 0; j < 100; j++) {
        const a = t.distance[i * 100 + j];
        const b = encoded.distance[i * n + j];
        const c = t.duration[i * 100 + j];
        const d = encoded.duration[i * n + j];
        if (a !== b || c !== d) throw new Error(`cell [${i}][${j}]: table ${a} m ${c} s, encoding ${b} m ${d} s`);
      }
    }
    // OSRM's snapped locations sit within centimetres of the sampled points (SOURCE.md: ≤ 0.16 m).
    const coords = t.coords!;
    const off = worst(200, (k) => coords[k], (k) => encoded.lonlat[k], 1e-5);
    expect(off.first).toBe(-1);
  });

  it('loads through the dispatcher as an RRNCO city', () => {
    const r = parseProblemFile(`${name}_data.npz`, npzBytes);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.format).toBe('rrnco-city');
    expect(r.value.count).toBe(1);
    expect(r.value.city?.name).toBe(name);
    expect(r.value.city?.n).toBe(1000);
    const inst = r.value.instance(0);
    expect(inst.n).toBe(1000);
    expect(inst.kind).toBe('atsp');
    expect(inst.coordSystem).toBe('lonlat');
    expect(inst.distance[1]).toBeCloseTo(encoded.distance[1], 9);
    expect(inst.duration[n]).toBeCloseTo(encoded.duration[n], 9);
  });
});
