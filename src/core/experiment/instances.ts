/**
 * The instances of an experiment, built on demand from its source: a problem file (a batch of
 * up to 1280 instances is never built all at once), a city and sampler seeds, or RouteLab JSON
 * carried in the definition. The app's source worker and the CLI both build them here, so an
 * experiment sees the same instances wherever it runs.
 */
import type { CityData } from '../cities/city';
import { sampleInstance, type SampleSpec } from '../cities/sampler';
import { FormatError } from '../errors';
import { parseProblemFile } from '../formats/index';
import { routelabFromJson } from '../formats/routelab-json';
import { fail } from '../formats/text';
import type { Instance } from '../instance';
import type { FileSource, InlineSource, SampleSource } from './definition';

export interface InstanceSet {
  count: number;
  /** What names instance i in its source: the index in the file, or the sampler seed. */
  sourceIndex(i: number): number;
  instance(i: number): Instance;
}

function checkPosition(i: number, count: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= count) throw new RangeError(`instance ${i} is not in the experiment (0..${count - 1})`);
}

/**
 * A range of a problem file. `definitionFile` is named when the range does not fit the file;
 * a broken problem file is reported against itself.
 */
export function fileInstances(source: FileSource, bytes: Uint8Array, definitionFile: string): InstanceSet {
  const parsed = parseProblemFile(source.file, bytes, source.problem ? { problem: source.problem } : {});
  if (!parsed.ok) throw new FormatError(parsed.error);
  const loaded = parsed.value;
  const from = source.from ?? 0;
  const to = source.to ?? loaded.count - 1;
  if (from >= loaded.count) fail(definitionFile, `a first index below ${loaded.count} (${source.file} holds ${loaded.count} instances)`, { field: 'instances.from', found: String(from) });
  if (to >= loaded.count) fail(definitionFile, `a last index below ${loaded.count} (${source.file} holds ${loaded.count} instances)`, { field: 'instances.to', found: String(to) });
  const count = to - from + 1;
  return {
    count,
    sourceIndex: (i) => from + i,
    instance(i) {
      checkPosition(i, count);
      return loaded.instance(from + i);
    },
  };
}

export function sampledCount(source: SampleSource): number {
  return source.seeds.to - source.seeds.from + 1;
}

/** The sampler's input for instance i (the app's data worker samples from it too). */
export function sampleSpecOf(source: SampleSource, i: number): SampleSpec {
  checkPosition(i, sampledCount(source));
  return {
    problem: source.problem,
    n: source.n,
    seed: source.seeds.from + i,
    ...(source.distribution ? { distribution: source.distribution } : {}),
    ...(source.vehicles !== undefined ? { vehicles: source.vehicles } : {}),
    ...(source.profile ? { profile: source.profile } : {}),
  };
}

export function sampledInstances(source: SampleSource, city: CityData): InstanceSet {
  return {
    count: sampledCount(source),
    sourceIndex: (i) => source.seeds.from + i,
    instance: (i) => sampleInstance(city, sampleSpecOf(source, i)),
  };
}

/** Each entry is read when first asked for; a broken one names its place in the definition. */
export function inlineInstances(source: InlineSource, definitionFile: string): InstanceSet {
  const count = source.instances.length;
  return {
    count,
    sourceIndex: (i) => i,
    instance(i) {
      checkPosition(i, count);
      try {
        return routelabFromJson(`${definitionFile} instances.instances[${i}]`, source.instances[i]).instance(0);
      } catch (err) {
        if (err instanceof FormatError) fail(definitionFile, err.info.expected, { field: `instances.instances[${i}].${err.info.field ?? ''}`, found: err.info.found });
        throw err;
      }
    },
  };
}
