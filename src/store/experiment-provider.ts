/**
 * An experiment's instances as the page gets them: built in a worker one at a time (a file or
 * inline source in the experiment source worker, city samples in the data worker, both with the
 * core code the CLI runs), with only the few being solved kept on the page.
 */
import { sourceFile, type ExperimentDefinition, type FileSource, type InlineSource, type SampleSource } from '../core/experiment/definition';
import { sampledCount, sampleSpecOf } from '../core/experiment/instances';
import type { Instance } from '../core/instance';
import type { EngineClient } from '../workers/engine-client';
import { SourceError, type SourceClient } from '../workers/experiment-source-client';
import { SOURCE_NOT_OPEN } from '../workers/experiment-source-protocol';

export interface InstanceProvider {
  count: number;
  /** Source index of position 0 (file index or sampler seed); positions count up from it. */
  first: number;
  get(position: number): Promise<Instance>;
  dispose(): void;
}

/** Instances kept on the page: runs go instance by instance, a few at a time. */
const KEEP = 6;

export interface ProviderDeps {
  source: SourceClient;
  data: EngineClient;
}

function cached(count: number, first: number, build: (position: number) => Promise<Instance>, dispose: () => void): InstanceProvider {
  const kept = new Map<number, Promise<Instance>>();
  return {
    count,
    first,
    get(position) {
      let p = kept.get(position);
      if (p) {
        kept.delete(position);
        kept.set(position, p);
        return p;
      }
      p = build(position);
      kept.set(position, p);
      // A failed build is not kept: the next run on it asks again.
      p.catch(() => kept.delete(position));
      while (kept.size > KEEP) kept.delete(kept.keys().next().value as number);
      return p;
    },
    dispose() {
      kept.clear();
      dispose();
    },
  };
}

/**
 * Opens the source of `def`. A file source reads the file's bytes through `readBytes` (from the
 * experiment store: the page does not keep them). Rejects with the located error (SourceError)
 * when the source cannot be read.
 */
export async function openProvider(
  key: string,
  def: ExperimentDefinition,
  definitionFile: string,
  deps: ProviderDeps,
  readBytes: () => Promise<Uint8Array | undefined> = async () => undefined,
): Promise<InstanceProvider> {
  const source = def.instances;
  switch (source.kind) {
    case 'sample':
      return openSamples(source, deps);
    case 'file':
    case 'inline':
      return openSource(key, source, definitionFile, deps, readBytes);
  }
}

/** City samples, drawn in the data worker. */
async function openSamples(source: SampleSource, deps: ProviderDeps): Promise<InstanceProvider> {
  await deps.data.loadCity(source.city);
  const build = async (position: number) => (await deps.data.sample(source.city, sampleSpecOf(source, position))).instance;
  return cached(sampledCount(source), source.seeds.from, build, () => {});
}

/** A problem file or inline instances, held by the experiment source worker. */
async function openSource(
  key: string,
  source: FileSource | InlineSource,
  definitionFile: string,
  deps: ProviderDeps,
  readBytes: () => Promise<Uint8Array | undefined>,
): Promise<InstanceProvider> {
  const reopen = async () => deps.source.open(key, source, definitionFile, sourceFile(source) !== null ? await readBytes() : undefined);
  const opened = await reopen();
  const build = async (position: number) => {
    try {
      return await deps.source.instance(key, position);
    } catch (err) {
      // A broken instance stays broken; a source worker that died and came back forgot the file.
      if (err instanceof SourceError && err.located.expected !== SOURCE_NOT_OPEN) throw err;
      await reopen();
      return deps.source.instance(key, position);
    }
  };
  return cached(opened.count, opened.first, build, () => deps.source.close(key));
}
