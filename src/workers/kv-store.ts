/**
 * A key–value store on the raw IndexedDB API, with a tiny promise helper. Values go in by
 * structured clone, so typed arrays (an Instance's matrices) and Infinity are stored as they
 * are. Opening fails (returns null) where the browser refuses storage, e.g. in private mode.
 * It runs in the page (the session, store/persist.ts) and in workers (the city library).
 */
export const DB_NAME = 'routelab';
const DB_VERSION = 1;
const STORE = 'kv';
const OPEN_TIMEOUT_MS = 3000;

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

export function finished(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export class KvStore {
  private constructor(private readonly db: IDBDatabase) {}

  /** The app's database, or null (with the reason) where IndexedDB is missing or refused. */
  static async open(name = DB_NAME): Promise<{ store: KvStore } | { error: string }> {
    try {
      if (typeof indexedDB === 'undefined') return { error: 'this browser has no IndexedDB' };
      const req = indexedDB.open(name, DB_VERSION);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
      };
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('IndexedDB did not open in time')), OPEN_TIMEOUT_MS));
      const db = await Promise.race([request(req), timeout]);
      // Another tab upgrading the schema closes this connection rather than blocking it.
      db.onversionchange = () => db.close();
      return { store: new KvStore(db) };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  async get<T>(key: string): Promise<T | undefined> {
    const tx = this.db.transaction(STORE, 'readonly');
    return (await request(tx.objectStore(STORE).get(key))) as T | undefined;
  }

  async keys(): Promise<string[]> {
    const tx = this.db.transaction(STORE, 'readonly');
    return (await request(tx.objectStore(STORE).getAllKeys())).map(String);
  }

  /** Puts and deletes in one transaction: all of them land, or none. */
  async write(puts: [string, unknown][], deletes: string[] = []): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    for (const [key, value] of puts) store.put(value, key);
    for (const key of deletes) store.delete(key);
    await finished(tx);
  }

  async clear(): Promise<void> {
    const tx = this.db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).clear();
    await finished(tx);
  }
}
