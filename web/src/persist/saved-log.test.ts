import { describe, expect, it } from 'vitest';
import type { StoreState } from '../../../workers/client/store-state.ts';
import { ChangeFeed, type FeedBatch } from '../../../workers/etcd/change-feed.ts';
import { memberState } from '../../../workers/etcd/etcd.ts';
import { RevisionTimes } from '../../../workers/etcd/history.ts';
import { Lessor } from '../../../workers/etcd/lessor.ts';
import { MvccStore } from '../../../workers/etcd/mvcc-store.ts';
import { VirtualClock } from '../../../workers/host/clock.ts';
import {
  PendingWrite,
  Persister,
  SAVED_FORMAT,
  SavedLogError,
  restoreState,
  type LogBackend,
  type LogWrite,
  type SavedLog,
} from './saved-log.ts';

interface Session {
  editor: string;
}

/**
 * Storage laid out as IndexedDB holds it, with IndexedDB's guarantee: a write applies whole or
 * not at all. `interrupt` makes the next writes end as a tab closed mid-transaction does.
 */
class MemoryBackend implements LogBackend<Session> {
  revisions = new Map<number, FeedBatch['revisions'][number]>();
  saved: Omit<SavedLog<Session>, 'revisions'> | null = null;
  writes = 0;
  interrupt = false;
  /** Counts discards: a write that was in flight during one is abandoned. */
  private discards = 0;
  /** Holds writes until released, as a slow disk would. */
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = null;
  }

  load(): Promise<SavedLog<Session> | null> {
    if (!this.saved) return Promise.resolve(null);
    const revisions = [...this.revisions].sort(([a], [b]) => a - b).map(([, record]) => record);
    return Promise.resolve(structuredClone({ ...this.saved, revisions }));
  }

  async write(write: LogWrite<Session>): Promise<void> {
    this.writes++;
    const discards = this.discards;
    await this.gate;
    if (this.interrupt || discards !== this.discards)
      throw new Error('the transaction was aborted');
    const copy = structuredClone(write);
    if (copy.checkpoint) this.revisions.clear();
    for (const record of copy.revisions) this.revisions.set(record.revision, record);
    const checkpoint = copy.checkpoint ?? this.saved?.checkpoint;
    if (!checkpoint) throw new Error('a write continued a log that has no checkpoint');
    this.saved = { checkpoint, marker: copy.marker, session: copy.session };
  }

  clear(): Promise<void> {
    this.revisions.clear();
    this.saved = null;
    return Promise.resolve();
  }

  discard(): Promise<void> {
    this.discards++;
    return this.clear();
  }
}

/** An etcd member's store, lessor and clock, with its feed going to a Persister. */
function member() {
  const clock = new VirtualClock();
  const store = new MvccStore();
  const lessor = new Lessor(store, clock);
  const times = new RevisionTimes(store, clock);
  const exportState = (): StoreState => memberState(store, times, lessor, clock.now());
  const batches: FeedBatch[] = [];
  const feed = new ChangeFeed(
    { store, exportState, exportLeases: () => lessor.exportLeases(), now: () => clock.now() },
    (batch) => batches.push(batch),
  );
  feed.start();
  return { clock, store, lessor, exportState, batches };
}

const flushMicrotasks = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function persisterOn(backend: MemoryBackend, errors: unknown[] = []): Persister<Session> {
  return new Persister(
    backend,
    () => ({ editor: 'kind: Pod' }),
    (error) => errors.push(error),
  );
}

async function restored(backend: MemoryBackend): Promise<StoreState> {
  const log = await backend.load();
  if (!log) throw new Error('nothing saved');
  return restoreState(log);
}

describe('ChangeFeed', () => {
  it('sends the full state with the first commit, then one record per write txn', async () => {
    const { store, clock, batches } = member();
    await flushMicrotasks();
    expect(batches).toEqual([]);
    store.put({ key: '/registry/a', value: '1' });
    await flushMicrotasks();
    store.txn({
      compare: [],
      success: [
        { request_put: { key: '/registry/b', value: '2' } },
        { request_delete_range: { key: '/registry/a' } },
      ],
      failure: [],
    });
    clock.advanceTo(clock.now() + 5000);
    store.put({ key: '/registry/c', value: '3' });
    await flushMicrotasks();
    expect(batches.map((batch) => [batch.checkpoint?.revision, batch.revisions])).toEqual([
      [2, []],
      [
        undefined,
        [
          {
            revision: 3,
            changes: [
              { key: '/registry/b', value: '2', create_revision: 3, mod_revision: 3, version: 1 },
              { key: '/registry/a', value: '', create_revision: 0, mod_revision: 3, version: 0 },
            ],
            time: clock.now() - 5000,
          },
          {
            revision: 4,
            changes: [
              { key: '/registry/c', value: '3', create_revision: 4, mod_revision: 4, version: 1 },
            ],
            time: clock.now(),
          },
        ],
      ],
    ]);
  });

  it('starts again from a full state after a compaction', async () => {
    const { store, batches } = member();
    store.put({ key: '/registry/a', value: '1' });
    store.put({ key: '/registry/a', value: '2' });
    await flushMicrotasks();
    store.compact(3);
    store.put({ key: '/registry/a', value: '3' });
    await flushMicrotasks();
    expect(batches.at(-1)?.checkpoint).toMatchObject({ revision: 4, compactRevision: 3 });
  });
});

describe('Persister', () => {
  it('restores exactly the state the member had, leases and time included', async () => {
    const { store, lessor, clock, exportState, batches } = member();
    const backend = new MemoryBackend();
    const persister = persisterOn(backend);
    const lease = lessor.grant(3600).ID;
    store.put({ key: '/registry/events/default/e1', value: '{}', lease });
    await flushMicrotasks();
    for (let i = 0; i < 5; i++) store.put({ key: `/registry/pods/default/p${i}`, value: `${i}` });
    clock.advanceTo(clock.now() + 30_000);
    store.deleteRange({ key: '/registry/pods/default/p0' });
    await flushMicrotasks();
    for (const batch of batches) persister.feed(batch);
    await persister.flushed();
    expect(await restored(backend)).toEqual(exportState());
    expect((await backend.load())?.session).toEqual({ editor: 'kind: Pod' });
  });

  it('writes what arrives during a write in one next transaction', async () => {
    const { store, batches } = member();
    const backend = new MemoryBackend();
    const persister = persisterOn(backend);
    store.put({ key: '/registry/a', value: '0' });
    await flushMicrotasks();
    backend.hold();
    persister.feed(batches.shift() as FeedBatch);
    for (let i = 1; i <= 20; i++) {
      store.put({ key: '/registry/a', value: String(i) });
      await flushMicrotasks();
    }
    for (const batch of batches) persister.feed(batch);
    backend.release();
    await persister.flushed();
    expect(backend.writes).toBe(2);
    expect((await restored(backend)).revision).toBe(store.revision);
  });

  it('restores the last whole write when a write is interrupted', async () => {
    const { store, exportState, batches } = member();
    const backend = new MemoryBackend();
    const errors: unknown[] = [];
    const persister = persisterOn(backend, errors);
    store.put({ key: '/registry/a', value: '1' });
    await flushMicrotasks();
    persister.feed(batches.shift() as FeedBatch);
    await persister.flushed();
    const before = exportState();
    store.put({ key: '/registry/a', value: '2' });
    store.put({ key: '/registry/b', value: '3' });
    await flushMicrotasks();
    backend.interrupt = true;
    for (const batch of batches.splice(0)) persister.feed(batch);
    await persister.flushed();
    expect(errors).toEqual([new Error('the transaction was aborted')]);
    expect(await restored(backend)).toEqual(before);
    // The next write after the failure carries the revisions the failed one lost.
    backend.interrupt = false;
    store.put({ key: '/registry/c', value: '4' });
    await flushMicrotasks();
    for (const batch of batches.splice(0)) persister.feed(batch);
    await persister.flushed();
    expect(await restored(backend)).toEqual(exportState());
  });

  it('keeps only the revisions after the newest checkpoint', async () => {
    const { store, batches } = member();
    const backend = new MemoryBackend();
    const persister = persisterOn(backend);
    for (let i = 0; i < 4; i++) {
      store.put({ key: '/registry/a', value: String(i) });
      await flushMicrotasks();
    }
    store.compact(store.revision);
    store.put({ key: '/registry/a', value: 'after' });
    await flushMicrotasks();
    for (const batch of batches) persister.feed(batch);
    await persister.flushed();
    expect([...backend.revisions.keys()]).toEqual([]);
    expect((await restored(backend)).compactRevision).toBe(5);
  });

  it('forgets the save at once while a write hangs, and the abandoned write never lands', async () => {
    const { store, batches } = member();
    const backend = new MemoryBackend();
    const errors: unknown[] = [];
    const persister = persisterOn(backend, errors);
    store.put({ key: '/registry/a', value: '1' });
    await flushMicrotasks();
    persister.feed(batches.shift() as FeedBatch);
    await persister.flushed();
    store.put({ key: '/registry/a', value: '2' });
    await flushMicrotasks();
    backend.hold();
    persister.feed(batches.shift() as FeedBatch);
    let forgotten = false;
    void persister.discard().then(() => {
      forgotten = true;
    });
    await flushMicrotasks();
    expect(forgotten).toBe(true);
    expect(await backend.load()).toBeNull();
    backend.release();
    await persister.flushed();
    store.put({ key: '/registry/a', value: '3' });
    await flushMicrotasks();
    for (const batch of batches.splice(0)) persister.feed(batch);
    persister.sessionChanged();
    await persister.flushed();
    expect(await backend.load()).toBeNull();
    expect(errors).toEqual([]);
  });

  it('writes nothing before the feed has sent a full state', async () => {
    const backend = new MemoryBackend();
    const persister = persisterOn(backend);
    persister.feed({
      revisions: [{ revision: 9, changes: [] }],
      marker: { revision: 9, compactRevision: 0, leases: [], nextLeaseId: 1, time: 0 },
    });
    persister.sessionChanged();
    await persister.flushed();
    expect(backend.writes).toBe(0);
  });
});

describe('restoreState', () => {
  const checkpoint: StoreState = {
    revision: 2,
    compactRevision: 0,
    base: [],
    historyStart: 2,
    history: [[{ key: 'a', value: '1', create_revision: 2, mod_revision: 2, version: 1 }]],
    leases: [],
    nextLeaseId: 1,
    time: 0,
  };
  const marker = {
    format: SAVED_FORMAT,
    checkpointRevision: 2,
    revision: 4,
    compactRevision: 0,
    leases: [],
    nextLeaseId: 1,
    time: 1000,
  };
  const change = (revision: number) => ({
    revision,
    changes: [
      {
        key: 'a',
        value: String(revision),
        create_revision: 2,
        mod_revision: revision,
        version: revision - 1,
      },
    ],
  });

  it('ignores revisions past the marker, which no finished write owns', () => {
    const state = restoreState({
      marker,
      checkpoint,
      revisions: [change(3), change(4), change(5)],
      session: {},
    });
    expect(state.revision).toBe(4);
    expect(state.history).toHaveLength(3);
  });

  it.each([
    [
      'a missing revision',
      { revisions: [change(4)] },
      'The saved cluster is damaged: revision 3 of 4 is missing.',
    ],
    [
      'another checkpoint than the marker names',
      { marker: { ...marker, checkpointRevision: 1 } },
      'The saved cluster is damaged: its checkpoint is at revision 2, its marker expects 1.',
    ],
    [
      'another format',
      { marker: { ...marker, format: 0 } },
      'The saved cluster was written by another version of the playground (format 0, this one reads 1).',
    ],
  ])('refuses a save with %s', (_case, override, message) => {
    expect(() =>
      restoreState({
        marker,
        checkpoint,
        revisions: [change(3), change(4)],
        session: {},
        ...override,
      }),
    ).toThrow(new SavedLogError(message));
  });
});

describe('PendingWrite', () => {
  it('puts a failed write back in front of what arrived since', () => {
    const pending = new PendingWrite();
    const marker = { revision: 2, compactRevision: 0, leases: [], nextLeaseId: 1, time: 0 };
    pending.add({ checkpoint: { ...checkpointAt(2) }, revisions: [], marker });
    const first = pending.take({});
    pending.add({ revisions: [{ revision: 3, changes: [] }], marker: { ...marker, revision: 3 } });
    if (!first) throw new Error('no write');
    pending.putBack(first);
    const retry = pending.take({});
    expect(retry?.checkpoint?.revision).toBe(2);
    expect(retry?.revisions.map((record) => record.revision)).toEqual([3]);
    expect(retry?.marker).toMatchObject({ revision: 3, checkpointRevision: 2 });
  });
});

function checkpointAt(revision: number): StoreState {
  return {
    revision,
    compactRevision: 0,
    base: [],
    historyStart: revision + 1,
    history: [],
    leases: [],
    nextLeaseId: 1,
    time: 0,
  };
}
