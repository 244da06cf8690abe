import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../host/clock.ts';
import { LocalEtcdClient } from '../../host/local-etcd-client.ts';
import { LEASE_MAX_OBJECT_COUNT, LeaseManager } from './lease-manager.ts';

const HOUR = 3600;

function manager(): { leases: LeaseManager; clock: VirtualClock; etcd: LocalEtcdClient } {
  const clock = new VirtualClock();
  const etcd = new LocalEtcdClient(undefined, clock);
  return { leases: new LeaseManager(etcd, clock), clock, etcd };
}

describe('LeaseManager', () => {
  it('grants the TTL plus the reuse window (5 % of it, at most 60 s)', async () => {
    const { leases, etcd } = manager();
    const id = await leases.getLease(HOUR);
    expect(etcd.lessor.timeToLive(id, false)).toMatchObject({ grantedTTL: HOUR + 60 });
  });

  it.each([
    ['reuses the lease a moment later', 1, true],
    ['reuses it up to the end of the reuse window', 59, true],
    ['grants a new one once the lease would end before the TTL', 60, false],
  ])('%s', async (_case, laterSeconds, reused) => {
    const { leases, clock } = manager();
    const first = await leases.getLease(HOUR);
    clock.advanceTo(clock.now() + laterSeconds * 1000);
    expect((await leases.getLease(HOUR)) === first).toBe(reused);
  });

  it('grants one lease to requests that arrive together', async () => {
    const { leases } = manager();
    const ids = await Promise.all([leases.getLease(HOUR), leases.getLease(HOUR)]);
    expect(ids[0]).toBe(ids[1]);
  });

  it(`attaches at most ${LEASE_MAX_OBJECT_COUNT} objects to one lease`, async () => {
    const { leases } = manager();
    const first = await leases.getLease(HOUR);
    for (let i = 1; i < LEASE_MAX_OBJECT_COUNT; i++)
      expect(await leases.getLease(HOUR)).toBe(first);
    expect(await leases.getLease(HOUR)).not.toBe(first);
  });

  it('reuses no lease for a short TTL whose window rounds to 0 s', async () => {
    const { leases, clock } = manager();
    const first = await leases.getLease(10);
    clock.advanceTo(clock.now() + 1);
    expect(await leases.getLease(10)).not.toBe(first);
  });
});
