/**
 * bench parse: the parse + evaluate path on whole 1000-point city files (RRNCO .npz) and on the
 * bundled encoding, median of several repeats. The bar is "under a second".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_CITIES } from '../../core/cities/city';
import { decodeCity } from '../../core/cities/encoding';
import { evaluate } from '../../core/evaluate';
import { parseProblemFile } from '../../core/formats/index';
import { nearestNeighbour } from '../../solvers/construct/nearest';
import { REPO_ROOT } from '../io';
import { formatTable, median } from '../table';

export async function benchParse(repeats = 5): Promise<string> {
  const rows: (string | number)[][] = [];
  for (const city of BUNDLED_CITIES) {
    const npz = readFileSync(join(REPO_ROOT, 'data', 'cities', `${city}_data.npz`));
    const rlc = readFileSync(join(REPO_ROOT, 'public', 'cities', `${city}.rlc`));
    const parseMs: number[] = [];
    const evalMs: number[] = [];
    const decodeMs: number[] = [];
    let n = 0;
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      const res = parseProblemFile(`${city}_data.npz`, npz);
      if (!res.ok) throw new Error(res.error.message);
      const inst = res.value.instance(0);
      const t1 = performance.now();
      const sol = nearestNeighbour(inst);
      const t2 = performance.now();
      const ev = evaluate(inst, sol);
      const t3 = performance.now();
      if (!ev.feasible) throw new Error(`${city}: nearest-neighbour tour is not feasible`);
      decodeCity(city, rlc);
      const t4 = performance.now();
      n = inst.n;
      parseMs.push(t1 - t0);
      evalMs.push(t3 - t2);
      decodeMs.push(t4 - t3);
    }
    const total = median(parseMs) + median(evalMs);
    rows.push([city, n, median(parseMs).toFixed(1), median(evalMs).toFixed(2), total.toFixed(1), median(decodeMs).toFixed(1)]);
  }
  return formatTable(['city', 'nodes', 'parse npz ms', 'evaluate ms', 'parse+evaluate ms', 'decode .rlc ms'], rows);
}
