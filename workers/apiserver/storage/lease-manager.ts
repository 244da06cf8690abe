// The API server's etcd lease manager (k8s.io/apiserver/pkg/storage/etcd3/lease_manager.go):
// objects written with a TTL (Events, --event-ttl) share one lease while its expiry stays within
// a reuse window of what a new grant would give, for at most 1,000 objects, since lease
// operations are expensive for etcd. Time is the injected virtual clock.

import type { Clock } from '../../host/clock.ts';
import type { EtcdClient } from './etcd-client.ts';

/** defaultLeaseReuseDurationSeconds. */
export const LEASE_REUSE_DURATION_SECONDS = 60;
/** newDefaultLeaseManager's leaseReuseDurationPercent. */
export const LEASE_REUSE_DURATION_PERCENT = 0.05;
/** defaultLeaseMaxObjectCount. */
export const LEASE_MAX_OBJECT_COUNT = 1000;

export class LeaseManager {
  private prevLeaseId = 0;
  /** Virtual ms; 0 before the first grant, which no lease can be reused against. */
  private prevLeaseExpiration = 0;
  private attachedObjectCount = 0;
  /** leaseMu: one request at a time, so writes arriving together share the lease one grants. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly etcd: EtcdClient,
    private readonly clock: Clock,
  ) {}

  /** A lease that outlives `ttl` seconds from now by at most the reuse window. */
  getLease(ttl: number): Promise<number> {
    const lease = this.queue.then(() => this.reuseOrGrant(ttl));
    this.queue = lease.catch(() => undefined);
    return lease;
  }

  private async reuseOrGrant(ttl: number): Promise<number> {
    const now = this.clock.now();
    const reuse = reuseDurationSeconds(ttl);
    const valid = now + ttl * 1000 < this.prevLeaseExpiration;
    // Upstream's strict After relies on a nanosecond wall clock never repeating; on the virtual
    // clock writes share a millisecond, and they must share the lease too.
    const sufficient = now + (ttl + reuse) * 1000 >= this.prevLeaseExpiration;
    // Every request counts against the lease, whether or not its write succeeds.
    this.attachedObjectCount++;
    if (valid && sufficient && this.attachedObjectCount <= LEASE_MAX_OBJECT_COUNT) {
      return this.prevLeaseId;
    }
    const granted = await this.etcd.leaseGrant(ttl + reuse);
    this.prevLeaseId = granted.ID;
    this.prevLeaseExpiration = now + (ttl + reuse) * 1000;
    this.attachedObjectCount = 1;
    return granted.ID;
  }
}

/** getReuseDurationSecondsLocked: 5 % of the TTL, capped at 60 s. */
function reuseDurationSeconds(ttl: number): number {
  return Math.min(Math.trunc(LEASE_REUSE_DURATION_PERCENT * ttl), LEASE_REUSE_DURATION_SECONDS);
}
