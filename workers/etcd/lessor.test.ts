import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../host/clock.ts';
import { ErrLeaseTTLTooLarge, Lessor, MAX_LEASE_TTL, MIN_LEASE_TTL } from './lessor.ts';
import { MvccStore } from './mvcc-store.ts';
import { EtcdStoreError, ErrLeaseNotFound } from './request-checks.ts';

function setup(): { store: MvccStore; clock: VirtualClock; lessor: Lessor } {
  const store = new MvccStore();
  const clock = new VirtualClock(0);
  return { store, clock, lessor: new Lessor(store, clock) };
}

function leaseError(action: () => unknown): [string, string] {
  try {
    action();
  } catch (error) {
    if (error instanceof EtcdStoreError) return [error.code, error.message];
    throw error;
  }
  throw new Error('expected an EtcdStoreError');
}

describe('Lessor', () => {
  it.each([
    [1, MIN_LEASE_TTL],
    [MIN_LEASE_TTL, MIN_LEASE_TTL],
    [60, 60],
  ])('grants a lease asked for %i s with a TTL of %i s', (asked, granted) => {
    expect(setup().lessor.grant(asked)).toEqual({ header: { revision: 1 }, ID: 1, TTL: granted });
  });

  it('rejects a TTL above the maximum', () => {
    const { lessor } = setup();
    expect(leaseError(() => lessor.grant(MAX_LEASE_TTL + 1))).toEqual([
      'OutOfRange',
      ErrLeaseTTLTooLarge,
    ]);
  });

  it('deletes the keys of an expired lease when its TTL passes without a keep-alive', () => {
    const { store, clock, lessor } = setup();
    const { ID } = lessor.grant(10);
    store.put({ key: 'a', value: '', lease: ID });
    clock.advanceTo(9_999);
    expect(store.range({ key: 'a' }).count).toBe(1);
    clock.advanceTo(10_000);
    expect([store.range({ key: 'a' }).count, store.revision]).toEqual([0, 3]);
    expect(lessor.timeToLive(ID, true)).toEqual({
      header: { revision: 3 },
      ID,
      TTL: -1,
      grantedTTL: 0,
      keys: [],
    });
  });

  it('restarts the TTL on keep-alive and reports whole seconds left', () => {
    const { store, clock, lessor } = setup();
    const { ID } = lessor.grant(10);
    store.put({ key: 'a', value: '', lease: ID });
    clock.advanceTo(8_000);
    expect(lessor.keepAlive(ID)).toEqual({ header: { revision: 2 }, ID, TTL: 10 });
    clock.advanceTo(12_500);
    expect(lessor.timeToLive(ID, true)).toEqual({
      header: { revision: 2 },
      ID,
      TTL: 5,
      grantedTTL: 10,
      keys: ['a'],
    });
    clock.advanceTo(18_000);
    expect(store.range({ key: 'a' }).count).toBe(0);
  });

  it('answers TTL 0 to a keep-alive of a revoked lease and NotFound to revoking it again', () => {
    const { lessor } = setup();
    const { ID } = lessor.grant(10);
    lessor.revoke(ID);
    expect(lessor.keepAlive(ID).TTL).toBe(0);
    expect(leaseError(() => lessor.revoke(ID))).toEqual(['NotFound', ErrLeaseNotFound]);
  });

  it('remembers a revoked lease with its granted TTL and the revision that revoked it', () => {
    const { store, clock, lessor } = setup();
    const kept = lessor.grant(60).ID;
    const revoked = lessor.grant(30).ID;
    store.put({ key: '/registry/events/a', value: 'a', lease: revoked });
    store.put({ key: '/registry/events/b', value: 'b', lease: kept });
    clock.advanceTo(30_000);
    expect(store.revision).toBe(4);
    expect(lessor.exportLeases()).toEqual({
      leases: [{ id: kept, ttl: 60, remainingMs: 30_000 }],
      nextLeaseId: 3,
      revokedLeases: [{ id: revoked, ttl: 30, revision: 4 }],
    });
  });

  it.each([
    [3, [{ id: 1, ttl: 30, revision: 4 }]],
    [4, []],
  ])('after compaction at %i keeps the revoked leases keys there may name', (at, revoked) => {
    const { store, lessor } = setup();
    const lease = lessor.grant(30).ID;
    store.put({ key: '/registry/events/a', value: 'a', lease });
    store.put({ key: '/registry/events/b', value: 'b' });
    lessor.revoke(lease);
    store.compact(at);
    expect(lessor.exportLeases().revokedLeases).toEqual(revoked);
  });

  it('takes over revoked leases on restore', () => {
    const { lessor } = setup();
    lessor.restore([], 5, [{ id: 4, ttl: 30, revision: 9 }]);
    expect(lessor.exportLeases().revokedLeases).toEqual([{ id: 4, ttl: 30, revision: 9 }]);
  });
});
