/**
 * Where experiments outlive the page: the IndexedDB database `routelab-experiments`, apart from
 * the session (a new scenario keeps them). Each finished run is written as it arrives, keyed by
 * (experiment, run key), so a reload loses at most the runs that were going and can never record
 * one twice. A problem file an experiment reads is stored with it, so it resumes without the
 * planner dropping the file again. Where the browser refuses storage the memory store stands in.
 */
import type { ExperimentDefinition } from '../core/experiment/definition';
import type { RunRecord } from '../core/experiment/record';
import { finished, request } from '../workers/kv-store';

export type ExperimentStatus = 'running' | 'paused' | 'cancelled' | 'done' | 'failed';

export interface StoredExperiment {
  id: string;
  definition: ExperimentDefinition;
  /** The name the definition is reported under in errors (the problem file's, or the experiment's). */
  definitionFile: string;
  status: ExperimentStatus;
  createdAt: number;
  /** Runs in the plan, once known. */
  total?: number;
  /** Why it stopped, for status 'failed'. */
  error?: string;
}

export interface ExperimentStorage {
  readonly persistent: boolean;
  list(): Promise<StoredExperiment[]>;
  put(exp: StoredExperiment): Promise<void>;
  putSource(id: string, bytes: Uint8Array): Promise<void>;
  source(id: string): Promise<Uint8Array | undefined>;
  putRecords(id: string, records: readonly RunRecord[]): Promise<void>;
  records(id: string): Promise<RunRecord[]>;
  remove(id: string): Promise<void>;
}

export const EXPERIMENT_DB = 'routelab-experiments';
const VERSION = 1;
const EXPERIMENTS = 'experiments';
const SOURCES = 'sources';
const RECORDS = 'records';
/**
 * Generous: on a busy machine, opening the database while the page starts (map, workers, the
 * session) has taken more than 3 s, and an experiment that falls back to memory does not resume.
 */
const OPEN_TIMEOUT_MS = 20_000;

type StoredRecord = RunRecord & { experiment: string };

/** Every record key of one experiment: [id, <any string>] sorts between [id] and [id, []]. */
function recordsOf(id: string): IDBKeyRange {
  return IDBKeyRange.bound([id], [id, []]);
}

export class IdbExperimentStorage implements ExperimentStorage {
  readonly persistent = true;
  private constructor(private readonly db: IDBDatabase) {}

  static async open(name = EXPERIMENT_DB): Promise<IdbExperimentStorage | { error: string }> {
    try {
      if (typeof indexedDB === 'undefined') return { error: 'this browser has no IndexedDB' };
      const req = indexedDB.open(name, VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains(EXPERIMENTS)) db.createObjectStore(EXPERIMENTS, { keyPath: 'id' });
        if (!db.objectStoreNames.contains(SOURCES)) db.createObjectStore(SOURCES);
        if (!db.objectStoreNames.contains(RECORDS)) db.createObjectStore(RECORDS, { keyPath: ['experiment', 'key'] });
      };
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('IndexedDB did not open in time')), OPEN_TIMEOUT_MS));
      const db = await Promise.race([request(req), timeout]);
      db.onversionchange = () => db.close();
      return new IdbExperimentStorage(db);
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  async list(): Promise<StoredExperiment[]> {
    const tx = this.db.transaction(EXPERIMENTS, 'readonly');
    const all = (await request(tx.objectStore(EXPERIMENTS).getAll())) as StoredExperiment[];
    return all.sort((a, b) => a.createdAt - b.createdAt);
  }

  async put(exp: StoredExperiment): Promise<void> {
    const tx = this.db.transaction(EXPERIMENTS, 'readwrite');
    tx.objectStore(EXPERIMENTS).put(exp);
    await finished(tx);
  }

  async putSource(id: string, bytes: Uint8Array): Promise<void> {
    const tx = this.db.transaction(SOURCES, 'readwrite');
    tx.objectStore(SOURCES).put(bytes, id);
    await finished(tx);
  }

  async source(id: string): Promise<Uint8Array | undefined> {
    const tx = this.db.transaction(SOURCES, 'readonly');
    return (await request(tx.objectStore(SOURCES).get(id))) as Uint8Array | undefined;
  }

  async putRecords(id: string, records: readonly RunRecord[]): Promise<void> {
    if (records.length === 0) return;
    const tx = this.db.transaction(RECORDS, 'readwrite');
    const store = tx.objectStore(RECORDS);
    for (const r of records) store.put({ ...r, experiment: id } satisfies StoredRecord);
    await finished(tx);
  }

  async records(id: string): Promise<RunRecord[]> {
    const tx = this.db.transaction(RECORDS, 'readonly');
    const all = (await request(tx.objectStore(RECORDS).getAll(recordsOf(id)))) as StoredRecord[];
    return all.map(({ experiment: _experiment, ...r }) => r);
  }

  async remove(id: string): Promise<void> {
    const tx = this.db.transaction([EXPERIMENTS, SOURCES, RECORDS], 'readwrite');
    tx.objectStore(EXPERIMENTS).delete(id);
    tx.objectStore(SOURCES).delete(id);
    tx.objectStore(RECORDS).delete(recordsOf(id));
    await finished(tx);
  }
}

/** For this visit only: where IndexedDB is refused, and in tests. */
export class MemoryExperimentStorage implements ExperimentStorage {
  readonly persistent = false;
  private readonly experiments = new Map<string, StoredExperiment>();
  private readonly sources = new Map<string, Uint8Array>();
  private readonly stored = new Map<string, Map<string, RunRecord>>();

  async list(): Promise<StoredExperiment[]> {
    return [...this.experiments.values()].map((e) => structuredClone(e)).sort((a, b) => a.createdAt - b.createdAt);
  }

  async put(exp: StoredExperiment): Promise<void> {
    this.experiments.set(exp.id, structuredClone(exp));
  }

  async putSource(id: string, bytes: Uint8Array): Promise<void> {
    this.sources.set(id, bytes.slice());
  }

  async source(id: string): Promise<Uint8Array | undefined> {
    return this.sources.get(id)?.slice();
  }

  async putRecords(id: string, records: readonly RunRecord[]): Promise<void> {
    let map = this.stored.get(id);
    if (!map) this.stored.set(id, (map = new Map()));
    for (const r of records) map.set(r.key, structuredClone(r));
  }

  async records(id: string): Promise<RunRecord[]> {
    return [...(this.stored.get(id)?.values() ?? [])].map((r) => structuredClone(r));
  }

  async remove(id: string): Promise<void> {
    this.experiments.delete(id);
    this.sources.delete(id);
    this.stored.delete(id);
  }
}
