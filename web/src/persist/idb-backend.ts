// The saved cluster in IndexedDB (through `idb`): store `revisions` holds each revision's changes
// under its number, store `saved` the checkpoint, the marker and the session. A write is one
// readwrite transaction over both, which IndexedDB commits entirely or not at all.

import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RevisionRecord } from '../../../workers/etcd/change-feed.ts';
import type { StoreState } from '../../../workers/client/store-state.ts';
import type { LogBackend, LogWrite, SavedLog, SavedMarker } from './saved-log.ts';

export const DATABASE_NAME = 'k8s-playground';
const DATABASE_VERSION = 1;

/** A revision's changes and time; saves from before times were kept hold the bare changes. */
type StoredRevision = Omit<RevisionRecord, 'revision'> | RevisionRecord['changes'];

interface SavedSchema<Session> extends DBSchema {
  revisions: { key: number; value: StoredRevision };
  saved: {
    key: 'checkpoint' | 'marker' | 'session';
    value: StoreState | SavedMarker | Session;
  };
}

type Database<Session> = IDBPDatabase<SavedSchema<Session>>;

export class IdbBackend<Session> implements LogBackend<Session> {
  /** The write transaction in flight, which discard() aborts. */
  private writing: { abort(): void } | null = null;

  private constructor(private readonly db: Database<Session>) {}

  /** Opens (or creates) the database; fails when a newer version of the app upgraded it. */
  static async open<Session>(name = DATABASE_NAME): Promise<IdbBackend<Session>> {
    const db = await openDB<SavedSchema<Session>>(name, DATABASE_VERSION, {
      upgrade(database) {
        database.createObjectStore('revisions');
        database.createObjectStore('saved');
      },
    });
    return new IdbBackend(db);
  }

  /** Removes the database entirely, whatever version wrote it. */
  static async destroy(name = DATABASE_NAME): Promise<void> {
    await deleteDB(name);
  }

  async load(): Promise<SavedLog<Session> | null> {
    const tx = this.db.transaction(['revisions', 'saved'], 'readonly');
    const saved = tx.objectStore('saved');
    const [marker, checkpoint, session] = await Promise.all([
      saved.get('marker') as Promise<SavedMarker | undefined>,
      saved.get('checkpoint') as Promise<StoreState | undefined>,
      saved.get('session') as Promise<Session | undefined>,
    ]);
    if (!marker || !checkpoint || session === undefined) {
      await tx.done;
      return null;
    }
    const range = IDBKeyRange.lowerBound(checkpoint.revision, true);
    const revisions = tx.objectStore('revisions');
    const [keys, values] = await Promise.all([
      revisions.getAllKeys(range),
      revisions.getAll(range),
    ]);
    await tx.done;
    return {
      marker,
      checkpoint,
      session,
      revisions: keys.map((revision, index) => {
        const stored = values[index] ?? [];
        return Array.isArray(stored) ? { revision, changes: stored } : { revision, ...stored };
      }),
    };
  }

  async write(write: LogWrite<Session>): Promise<void> {
    const started = performance.now();
    const tx = this.db.transaction(['revisions', 'saved'], 'readwrite');
    this.writing = tx;
    const revisions = tx.objectStore('revisions');
    const saved = tx.objectStore('saved');
    const requests: Promise<unknown>[] = [];
    if (write.checkpoint) {
      // The log restarts here: nothing stored before belongs to it (not even a revision from an
      // older cluster with higher numbers).
      requests.push(revisions.clear());
      requests.push(saved.put(write.checkpoint, 'checkpoint'));
    }
    for (const record of write.revisions) {
      const { revision, ...stored } = record;
      requests.push(revisions.put(stored, revision));
    }
    requests.push(saved.put(write.marker, 'marker'));
    requests.push(saved.put(write.session, 'session'));
    try {
      await Promise.all([...requests, tx.done]);
    } finally {
      if (this.writing === tx) this.writing = null;
    }
    // For `npm run bench` (bench/persist-bench.ts): what each transaction carried, and how long.
    performance.measure('k8s:persist-write', {
      start: started,
      detail: { revisions: write.revisions.length, bytes: bytesOf(write) },
    });
  }

  async clear(): Promise<void> {
    const tx = this.db.transaction(['revisions', 'saved'], 'readwrite');
    await Promise.all([
      tx.objectStore('revisions').clear(),
      tx.objectStore('saved').clear(),
      tx.done,
    ]);
  }

  async discard(): Promise<void> {
    const writing = this.writing;
    this.writing = null;
    try {
      // IndexedDB rolls an aborted transaction back entirely, and the clear need not queue behind it.
      writing?.abort();
    } catch {
      // It had already committed (or was committing): the clear below comes after it.
    }
    await this.clear();
  }

  close(): void {
    this.db.close();
  }
}

/** The stored keys and values' length in UTF-16 code units, ASCII in practice: about the bytes. */
function bytesOf(write: LogWrite<unknown>): number {
  let bytes = 0;
  const count = (kvs: readonly { key: string; value: string }[]): void => {
    for (const kv of kvs) bytes += kv.key.length + kv.value.length;
  };
  for (const record of write.revisions) count(record.changes);
  if (write.checkpoint) {
    count(write.checkpoint.base);
    for (const changes of write.checkpoint.history) count(changes);
  }
  return bytes;
}
