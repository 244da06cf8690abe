import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../host/clock.ts';
import { HISTORY_PATH, RevisionTimes, readHistory, serveHistory } from './history.ts';
import { MvccStore } from './mvcc-store.ts';

const T0 = Date.UTC(2025, 0, 1);

/** A store with a clock: a put at T0, one 5 s later, then a delete 5 s after that. */
function writtenStore(): { store: MvccStore; times: RevisionTimes } {
  const store = new MvccStore();
  const clock = new VirtualClock(T0);
  const times = new RevisionTimes(store, clock);
  store.put({ key: '/registry/pods/default/a', value: '{"kind":"Pod"}' });
  clock.advanceTo(T0 + 5000);
  store.txn({
    compare: [],
    success: [
      { request_put: { key: '/registry/pods/default/b', value: '{"kind":"Pod"}' } },
      { request_put: { key: '/other/x', value: 'outside the prefix' } },
    ],
    failure: [],
  });
  clock.advanceTo(T0 + 10_000);
  store.deleteRange({ key: '/registry/pods/default/a' });
  return { store, times };
}

const summary = (store: MvccStore, times: RevisionTimes) => {
  const history = readHistory(store, times, '/registry/');
  return {
    ...history,
    base: history.base.map((kv) => `${kv.key}@${kv.mod_revision}`),
    revisions: history.revisions.map(
      ({ revision, time, changes }) =>
        `${revision} ${time === null ? '-' : (time - T0) / 1000}s ${changes
          .map((kv) => `${kv.create_revision === 0 ? 'DELETE' : 'PUT'} ${kv.key}`)
          .join(', ')}`,
    ),
  };
};

describe('readHistory', () => {
  it('lists every revision from 1 with its virtual time and its writes under the prefix', () => {
    const { store, times } = writtenStore();
    expect(summary(store, times)).toEqual({
      revision: 4,
      compactRevision: 0,
      first: 1,
      base: [],
      revisions: [
        '1 -s ',
        '2 0s PUT /registry/pods/default/a',
        '3 5s PUT /registry/pods/default/b',
        '4 10s DELETE /registry/pods/default/a',
      ],
    });
  });

  it('starts at the compact revision, with the keys as they were there, and forgets older times', () => {
    const { store, times } = writtenStore();
    store.compact(3);
    expect(summary(store, times)).toEqual({
      revision: 4,
      compactRevision: 3,
      first: 3,
      base: ['/registry/pods/default/a@2', '/registry/pods/default/b@3'],
      revisions: ['3 5s PUT /registry/pods/default/b', '4 10s DELETE /registry/pods/default/a'],
    });
    expect([times.timeOf(2), times.timeOf(3)]).toEqual([null, T0 + 5000]);
  });
});

describe('RevisionTimes of a restored store', () => {
  /** The store rebuilt from its state, its clock starting a minute after the last write. */
  function restored(withTimes: boolean): { store: MvccStore; times: RevisionTimes } {
    const { store, times } = writtenStore();
    const state = store.exportState();
    const store2 = MvccStore.fromState({
      ...state,
      leases: [],
      nextLeaseId: 1,
      time: T0 + 70_000,
    });
    const initial = withTimes
      ? { historyStart: state.historyStart, historyTimes: times.export(state.historyStart) }
      : undefined;
    const times2 = new RevisionTimes(store2, new VirtualClock(T0 + 70_000), initial);
    return { store: store2, times: times2 };
  }

  it('exports one time per revision of the history', () => {
    const { store, times } = writtenStore();
    expect(times.export(store.exportState().historyStart)).toEqual([T0, T0 + 5000, T0 + 10_000]);
  });

  it('keeps the time of every revision its state carries', () => {
    const { store, times } = restored(true);
    expect(summary(store, times).revisions).toEqual([
      '1 -s ',
      '2 0s PUT /registry/pods/default/a',
      '3 5s PUT /registry/pods/default/b',
      '4 10s DELETE /registry/pods/default/a',
    ]);
  });

  it('knows only the current revision, from its clock, when the state carries no times', () => {
    const { store, times } = restored(false);
    expect(summary(store, times).revisions).toEqual([
      '1 -s ',
      '2 -s PUT /registry/pods/default/a',
      '3 -s PUT /registry/pods/default/b',
      '4 70s DELETE /registry/pods/default/a',
    ]);
  });

  it('after compaction exports the times from the compact revision on', () => {
    const { store, times } = restored(true);
    store.compact(3);
    expect(times.export(store.exportState().historyStart)).toEqual([T0 + 5000, T0 + 10_000]);
  });
});

describe('serveHistory', () => {
  it.each([
    ['GET', `https://127.0.0.1:2379${HISTORY_PATH}`, 200],
    ['GET', 'https://127.0.0.1:2379/metrics', 404],
    ['POST', `https://127.0.0.1:2379${HISTORY_PATH}`, 405],
  ])('answers %s %s with %i', (verb, url, code) => {
    const { store, times } = writtenStore();
    expect(serveHistory(store, times, verb, url).code).toBe(code);
  });

  it('reads the prefix the query names', () => {
    const { store, times } = writtenStore();
    const response = serveHistory(
      store,
      times,
      'GET',
      `https://127.0.0.1:2379${HISTORY_PATH}?prefix=/other/`,
    );
    expect(JSON.parse(String(response.body))).toMatchObject({
      revisions: [
        { changes: [] },
        { changes: [] },
        { changes: [{ key: '/other/x', value: 'outside the prefix' }] },
        { changes: [] },
      ],
    });
  });
});
