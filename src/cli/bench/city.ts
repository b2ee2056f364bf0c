/**
 * bench city: the city builder against OSRM. For each bundled city, rebuild its matrices from the
 * same OSM extract on the same points (its npz points, snapped to the nearest road) and compare
 * with OSRM's: distance error, duration rank agreement and ratio, asymmetry, build time.
 *
 *   npm run bench -- city [--against data/cities] [--osm-dir data/osm] [--cities Monaco,Andorra]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_CITIES } from '../../core/cities/city';
import { readNpz } from '../../core/formats/npy';
import { cityFromNpz } from '../../core/formats/rrnco-city';
import { buildCity } from '../../core/osm/build-city';
import { stringFlag, type Args } from '../args';
import { located, readInput } from '../city-io';
import { REPO_ROOT } from '../io';
import { formatTable } from '../table';

export interface Agreement {
  pairs: number;
  distMedianAbsRel: number;
  distP90AbsRel: number;
  durSpearman: number;
  durMedianRatio: number;
  asymBuilder: number;
  asymOsrm: number;
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
}

/** Ranks with ties averaged. */
function ranks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]] = avg;
    i = j + 1;
  }
  return r;
}

export function spearman(a: Float64Array, b: Float64Array): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += ra[i];
    mb += rb[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = ra[i] - ma;
    const y = rb[i] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}

function asymShare(n: number, d: Float64Array): number {
  let count = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = d[i * n + j];
      const b = d[j * n + i];
      pairs++;
      if (Math.abs(a - b) > 0.01 * Math.max(a, b)) count++;
    }
  }
  return count / pairs;
}

/** Builder vs reference matrices (metres, seconds), over all ordered pairs i ≠ j. */
export function agreement(n: number, bd: Float64Array, bt: Float64Array, od: Float64Array, ot: Float64Array): Agreement {
  const m = n * (n - 1);
  const rel = new Float64Array(m);
  const ratio = new Float64Array(m);
  const bDur = new Float64Array(m);
  const oDur = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const x = i * n + j;
      rel[k] = od[x] > 0 ? Math.abs(bd[x] / od[x] - 1) : bd[x] > 0 ? 1 : 0;
      ratio[k] = ot[x] > 0 ? bt[x] / ot[x] : 1;
      bDur[k] = bt[x];
      oDur[k] = ot[x];
      k++;
    }
  }
  rel.sort();
  ratio.sort();
  return {
    pairs: m,
    distMedianAbsRel: quantile(rel, 0.5),
    distP90AbsRel: quantile(rel, 0.9),
    durSpearman: spearman(bDur, oDur),
    durMedianRatio: quantile(ratio, 0.5),
    asymBuilder: asymShare(n, bd),
    asymOsrm: asymShare(n, od),
  };
}

const pct = (x: number, d = 2) => `${(100 * x).toFixed(d)} %`;

export async function benchCity(args: Args): Promise<string> {
  const against = stringFlag(args, 'against') ?? join(REPO_ROOT, 'data', 'cities');
  const osmDir = stringFlag(args, 'osm-dir') ?? join(REPO_ROOT, 'data', 'osm');
  const cities = stringFlag(args, 'cities')?.split(',') ?? [...BUNDLED_CITIES];
  const rows: (string | number)[][] = [];
  const verdicts: string[] = [];
  for (const name of cities) {
    const npzPath = join(against, `${name}_data.npz`);
    const meta = JSON.parse(new TextDecoder().decode(readInput(join(against, `${name}.meta.json`))));
    const extractPath = join(osmDir, String(meta.extract.file).split('/').pop() ?? '');
    let osrm;
    try {
      osrm = cityFromNpz(npzPath, readNpz(npzPath, readInput(npzPath)));
    } catch (err) {
      located(err);
    }
    process.stderr.write(`${name}: building from ${extractPath} on ${osrm.n} points…\n`);
    let built;
    try {
      built = await buildCity(extractPath, readFileSync(extractPath), { name, pointsFrom: { file: `${name}_data.npz`, lonlat: osrm.lonlat } });
    } catch (err) {
      located(err);
    }
    const a = agreement(osrm.n, built.city.distance, built.city.duration, osrm.distance, osrm.duration);
    const m = built.meta as { timing_s: { total_s: number; matrix_s: number }; points_from: { snap_distance_m: { max: number } } };
    const asymRel = a.asymBuilder / a.asymOsrm - 1;
    rows.push([
      name,
      osrm.n,
      pct(a.distMedianAbsRel),
      pct(a.distP90AbsRel),
      a.durSpearman.toFixed(4),
      a.durMedianRatio.toFixed(3),
      `${pct(a.asymBuilder, 1)} / ${pct(a.asymOsrm, 1)} (${asymRel >= 0 ? '+' : ''}${pct(asymRel, 1)})`,
      m.points_from.snap_distance_m.max.toFixed(2),
      m.timing_s.total_s.toFixed(1),
      m.timing_s.matrix_s.toFixed(1),
    ]);
    const ok =
      a.distMedianAbsRel <= 0.03 && a.distP90AbsRel <= 0.1 && a.durSpearman >= 0.95 && a.durMedianRatio >= 0.8 && a.durMedianRatio <= 1.25 && Math.abs(asymRel) <= 0.2;
    verdicts.push(`${name}: ${ok ? 'all targets met' : 'TARGET MISSED'}`);
  }
  const table = formatTable(
    ['city', 'points', 'dist |b/o−1| median', 'p90', 'dur Spearman', 'dur ratio median', 'asym >1 %: builder / OSRM (rel.)', 'snap max m', 'build s', 'matrix s'],
    rows,
  );
  return `${table}\n\ntargets: distance median ≤ 3 %, p90 ≤ 10 %; duration Spearman ≥ 0.95, median ratio 0.8–1.25; asymmetry share within ±20 % of OSRM's\n${verdicts.join('\n')}`;
}
