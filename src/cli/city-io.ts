/** File handling shared by the city CLI and the city benchmark. */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FormatError } from '../core/errors';
import type { BuildStage } from '../core/osm/build-city';
import { UsageError } from './args';
import { InputError } from './io';

export function located(err: unknown): never {
  if (err instanceof FormatError) throw new InputError({ ...err.info, message: err.message });
  throw err;
}

export function readInput(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new InputError({ file: path, field: '(file)', expected: 'a readable file', message: `${path}: cannot read (${(err as Error).message})` });
  }
}

/** Output names: `<dir>/<Name>_data.npz`, `<dir>/<Name>.rlc`, `<dir>/<Name>.meta.json`. */
export function cityOutputs(out: string): { name: string; npz: string; rlc: string; meta: string; primary: 'npz' | 'rlc' } {
  const dir = dirname(out);
  const base = basename(out);
  let name: string;
  let primary: 'npz' | 'rlc';
  if (/\.npz$/i.test(base)) {
    name = base.replace(/\.npz$/i, '').replace(/_data$/i, '');
    primary = 'npz';
  } else if (/\.rlc$/i.test(base)) {
    name = base.replace(/\.rlc$/i, '');
    primary = 'rlc';
  } else throw new UsageError(`--out must end in .npz or .rlc, got "${out}"`);
  return {
    name,
    primary,
    npz: primary === 'npz' ? out : join(dir, `${name}_data.npz`),
    rlc: primary === 'rlc' ? out : join(dir, `${name}.rlc`),
    meta: join(dir, `${name}.meta.json`),
  };
}

/** A one-line progress bar on stderr (redrawn in place on a terminal, a line per stage otherwise). */
export function progressBar(): { update: (stage: BuildStage, fraction: number) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  let lastStage = '';
  let lastDraw = 0;
  let lastPct = -1;
  return {
    update(stage, fraction) {
      const pct = Math.floor(fraction * 100);
      const now = Date.now();
      if (tty) {
        if (stage === lastStage && pct === lastPct) return;
        if (stage === lastStage && now - lastDraw < 100 && fraction < 1) return;
        const width = 30;
        const filled = Math.round(fraction * width);
        process.stderr.write(`\r${stage.padEnd(6)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}%`);
        lastDraw = now;
        lastPct = pct;
      } else if (stage !== lastStage || pct >= lastPct + 25) {
        process.stderr.write(`${stage} ${pct}%\n`);
        lastPct = pct;
      }
      lastStage = stage;
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}

export function wrap<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof FormatError) throw new InputError({ ...err.info, file, message: err.message });
    throw err;
  }
}

