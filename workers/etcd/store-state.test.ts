// A store rebuilt from its exported state answers every read, watch and lease question as the
// original does, before and after compaction.

import { describe, expect, it } from 'vitest';
import type { WatchCreateRequest, WatchResponse } from '../client/protocol.ts';
import type { StoreState } from '../client/store-state.ts';
import { VirtualClock } from '../host/clock.ts';
import { Lessor } from './lessor.ts';
import { MvccStore, prefixEnd } from './mvcc-store.ts';

const PODS = '/registry/pods/';

function history(): { store: MvccStore; clock: VirtualClock; lessor: Lessor } {
  const clock = new VirtualClock(1_000_000);
  const store = new MvccStore();
  const lessor = new Lessor(store, clock);
  store.put({ key: `${PODS}a`, value: 'a1' });
  store.put({ key: `${PODS}b`, value: 'b1' });
  store.txn({
    compare: [],
    success: [
      { request_put: { key: `${PODS}c`, value: 'c1' } },
      { request_put: { key: `${PODS}a`, value: 'a2' } },
    ],
    failure: [],
  });
  store.deleteRange({ key: `${PODS}b` });
  const { ID } = lessor.grant(30);
  store.put({ key: '/registry/events/e', value: 'e1', lease: ID });
  store.put({ key: `${PODS}a`, value: 'a3' });
  clock.advanceTo(1_010_000);
  return { store, clock, lessor };
}

function exported(store: MvccStore, lessor: Lessor, clock: VirtualClock): StoreState {
  return { ...store.exportState(), ...lessor.exportLeases(), time: clock.now() };
}

function restore(state: StoreState): { store: MvccStore; clock: VirtualClock; lessor: Lessor } {
  const clock = new VirtualClock(state.time);
  const store = MvccStore.fromState(state);
  const lessor = new Lessor(store, clock);
  lessor.restore(state.leases, state.nextLeaseId);
  return { store, clock, lessor };
}

function watched(store: MvccStore, request: WatchCreateRequest): WatchResponse[] {
  const responses: WatchResponse[] = [];
  store.watch(request, (response) => responses.push(response));
  return responses;
}

const everything = { key: '/', range_end: prefixEnd('/') };

describe('a store rebuilt from its state', () => {
  it('exports the revision, the watch history in op order and the leases with their time left', () => {
    const { store, clock, lessor } = history();
    const state = exported(store, lessor, clock);
    expect(state).toMatchObject({
      revision: 7,
      compactRevision: 0,
      base: [],
      historyStart: 2,
      leases: [{ id: 1, ttl: 30, remainingMs: 20_000 }],
      nextLeaseId: 2,
      time: 1_010_000,
    });
    expect(state.history.map((changes) => changes.map((kv) => `${kv.key}=${kv.value}`))).toEqual([
      [`${PODS}a=a1`],
      [`${PODS}b=b1`],
      [`${PODS}c=c1`, `${PODS}a=a2`],
      [`${PODS}b=`],
      ['/registry/events/e=e1'],
      [`${PODS}a=a3`],
    ]);
  });

  it.each([0, 1, 3, 5, 7])('reads every key as the original at revision %i', (revision) => {
    const { store, clock, lessor } = history();
    const copy = restore(exported(store, lessor, clock)).store;
    expect(copy.range({ ...everything, revision })).toEqual(
      store.range({ ...everything, revision }),
    );
  });

  it.each([
    ['from the start with prev_kv', { ...everything, start_revision: 2, prev_kv: true }],
    ['from a txn on one prefix', { key: PODS, range_end: prefixEnd(PODS), start_revision: 4 }],
    ['a single key', { key: `${PODS}a`, start_revision: 1, prev_kv: true }],
  ])('replays the same watch events %s', (_name, request: WatchCreateRequest) => {
    const { store, clock, lessor } = history();
    const copy = restore(exported(store, lessor, clock)).store;
    expect(watched(copy, request)).toEqual(watched(store, request));
  });

  it.each([3, 4, 5, 7])(
    'after compaction at %i keeps what reads and watches from there see',
    (compactAt) => {
      const { store, clock, lessor } = history();
      store.compact(compactAt);
      const copy = restore(exported(store, lessor, clock)).store;
      for (let revision = compactAt; revision <= 7; revision++) {
        expect(copy.range({ ...everything, revision })).toEqual(
          store.range({ ...everything, revision }),
        );
      }
      const request = { ...everything, start_revision: compactAt };
      expect(watched(copy, request)).toEqual(watched(store, request));
      // What a change at the compact revision replaced is gone, as etcd's watch server finds
      // when it reads prev_kv at mod_revision - 1; later changes keep theirs.
      const withPrev = { ...everything, start_revision: compactAt + 1, prev_kv: true };
      expect(watched(copy, withPrev)).toEqual(watched(store, withPrev));
      expect(copy.compactRevision).toBe(compactAt);
      expect(exported(copy, lessor, clock)).toEqual(exported(store, lessor, clock));
    },
  );

  it('goes on from the same revision and lease ID', () => {
    const { store, clock, lessor } = history();
    const copy = restore(exported(store, lessor, clock));
    expect(copy.store.put({ key: `${PODS}d`, value: 'd1' })).toEqual({ header: { revision: 8 } });
    expect(copy.lessor.grant(10).ID).toBe(2);
  });

  it('expires a lease after the time it had left, deleting its keys', () => {
    const { store, clock, lessor } = history();
    const copy = restore(exported(store, lessor, clock));
    expect(copy.lessor.timeToLive(1, true)).toMatchObject({
      TTL: 20,
      keys: ['/registry/events/e'],
    });
    copy.clock.advanceTo(clock.now() + 19_999);
    expect(copy.store.range({ key: '/registry/events/e' }).count).toBe(1);
    copy.clock.advanceTo(clock.now() + 20_000);
    expect(copy.store.range({ key: '/registry/events/e' }).count).toBe(0);
  });

  it('keeps a lease keep-alive renewing to its granted TTL', () => {
    const { store, clock, lessor } = history();
    const copy = restore(exported(store, lessor, clock));
    expect(copy.lessor.keepAlive(1).TTL).toBe(30);
    copy.clock.advanceTo(clock.now() + 29_000);
    expect(copy.store.range({ key: '/registry/events/e' }).count).toBe(1);
  });

  it('survives structured cloning, as it travels to a worker', () => {
    const { store, clock, lessor } = history();
    const state = structuredClone(exported(store, lessor, clock));
    expect(exported(restore(state).store, restore(state).lessor, clock)).toEqual(
      exported(store, lessor, clock),
    );
  });
});
