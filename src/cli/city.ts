/**
 * npm run city -- build <extract.osm.pbf|.osm|.osm.gz> --out <file.npz|file.rlc>
 *     [--center lat,lon] [--box-km 3] [--points 1000] [--seed s] [--min-spacing 10]
 *     [--points-from city.npz|city.rlc|points.json] [--poly area.poly] [--name Name]
 *     [--profile car-profile.json] [--only] [--max-nodes n]
 *
 * Writes the --out file, the other city format beside it (unless --only: `X_data.npz` ↔ `X.rlc`)
 * and `X.meta.json`; a progress bar on stderr; a JSON summary on stdout. Input errors exit 2
 * with a JSON object naming the file.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parsePoly } from '../core/osm/area';
import { buildCity } from '../core/osm/build-city';
import { parseCarProfile } from '../core/osm/car-profile';
import { cityToNpz, cityToRlc, metaToJson, readPointsFile } from '../core/osm/city-files';
import { UsageError, numberFlag, parseArgs, stringFlag } from './args';
import { runCli } from './io';
import { cityOutputs, located, progressBar, readInput, wrap } from './city-io';

const USAGE =
  'city build <extract> --out <file.npz|file.rlc> [--center lat,lon] [--box-km 3] [--points 1000] [--seed s] [--min-spacing 10] [--points-from file] [--poly file.poly] [--name Name] [--profile file.json] [--only] [--max-nodes n]';

function parseCentre(text: string): [number, number] {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || !parts.every(Number.isFinite) || Math.abs(parts[0]) > 90 || Math.abs(parts[1]) > 180) {
    throw new UsageError(`--center expects "lat,lon" in degrees, got "${text}"`);
  }
  return [parts[1], parts[0]];
}

async function build(args: ReturnType<typeof parseArgs>): Promise<void> {
  const [, extractPath] = args.positional;
  const out = stringFlag(args, 'out');
  if (!extractPath || !out) throw new UsageError(USAGE);
  const outputs = cityOutputs(out);
  const centreText = stringFlag(args, 'center') ?? stringFlag(args, 'centre');
  const pointsFromPath = stringFlag(args, 'points-from');
  const polyPath = stringFlag(args, 'poly');
  const profilePath = stringFlag(args, 'profile');
  const maxNodes = stringFlag(args, 'max-nodes');
  const opts = {
    name: stringFlag(args, 'name') ?? outputs.name,
    centre: centreText ? parseCentre(centreText) : undefined,
    boxKm: numberFlag(args, 'box-km', 3, (x) => x > 0 && x <= 100),
    points: numberFlag(args, 'points', 1000, (x) => Number.isInteger(x) && x >= 2 && x <= 5000),
    seed: numberFlag(args, 'seed', 1, Number.isInteger),
    minSpacingM: numberFlag(args, 'min-spacing', 10, (x) => x >= 0),
    limits: maxNodes !== undefined ? { maxNodes: numberFlag(args, 'max-nodes', 0, (x) => Number.isInteger(x) && x > 0) } : undefined,
  };
  const bytes = readInput(extractPath);
  const pointsFrom = pointsFromPath ? { file: basename(pointsFromPath), lonlat: wrap(pointsFromPath, () => readPointsFile(pointsFromPath, readInput(pointsFromPath))) } : undefined;
  const polygon = polyPath ? wrap(polyPath, () => parsePoly(polyPath, new TextDecoder().decode(readInput(polyPath)))) : undefined;
  const profile = profilePath ? wrap(profilePath, () => parseCarProfile(profilePath, new TextDecoder().decode(readInput(profilePath)))) : undefined;
  const bar = progressBar();
  let built;
  try {
    built = await buildCity(extractPath, bytes, {
      ...opts,
      pointsFrom,
      polygon,
      profile,
      profileSource: profilePath,
      onProgress: bar.update,
    });
  } catch (err) {
    bar.done();
    located(err);
  }
  bar.done();
  const files: string[] = [];
  const only = args.flags.has('only');
  if (outputs.primary === 'npz' || !only) {
    writeFileSync(outputs.npz, cityToNpz(built.city));
    files.push(outputs.npz);
  }
  if (outputs.primary === 'rlc' || !only) {
    writeFileSync(outputs.rlc, cityToRlc(built.city));
    files.push(outputs.rlc);
  }
  const meta = { ...built.meta, extract: { ...(built.meta.extract as object), path: extractPath } };
  writeFileSync(outputs.meta, metaToJson(meta));
  files.push(outputs.meta);
  for (const w of built.warnings) process.stderr.write(`warning: ${w}\n`);
  const m = built.meta as Record<string, any>;
  process.stdout.write(
    `${JSON.stringify({
      city: built.city.name,
      files,
      n: built.city.n,
      seed: m.seed,
      centre: m.centre,
      box: m.box,
      snap_distance_m: m.points_from?.snap_distance_m ?? null,
      points_dropped: m.sampling?.points_dropped ?? null,
      stats: m.stats,
      timing_s: m.timing_s,
      warnings: built.warnings,
    })}\n`,
  );
}

await runCli(async () => {
  const args = parseArgs(process.argv.slice(2));
  const [command] = args.positional;
  if (command === 'build') return build(args);
  throw new UsageError(USAGE);
});
