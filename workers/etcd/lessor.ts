// Models etcd's server/lease/lessor.go as a single leader sees it: grant (clamped to the minimum
// TTL), keep-alive, time-to-live and revoke, with expiry on the injected (virtual) clock revoking
// the lease's keys in one write txn. Leaves out checkpoints, followers and the lease's own ID choice.

import type { Clock, TimerHandle } from '../host/clock.ts';
import type {
  LeaseGrantResponse,
  LeaseKeepAliveResponse,
  LeaseTimeToLiveResponse,
  ResponseHeader,
} from '../client/protocol.ts';
import type { MvccStore } from './mvcc-store.ts';
import type { RevokedLease, StoredLease } from '../client/store-state.ts';
import { EtcdStoreError, ErrLeaseNotFound } from './request-checks.ts';

/** lessor.MaxLeaseTTL, in seconds. */
export const MAX_LEASE_TTL = 9_000_000_000;
/**
 * etcdserver's minimum TTL, ceil(3/2 × election ticks × heartbeat), for etcd's defaults (10
 * ticks of 100 ms): shorter grants are raised to it.
 */
export const MIN_LEASE_TTL = 2;

/**
 * etcd's default election timeout (10 ticks of 100 ms): a new leader's lessor.Promote extends
 * every lease to now + this + its TTL (server/lease/lease.go refresh).
 */
export const ELECTION_TIMEOUT_MS = 1000;

export const ErrLeaseTTLTooLarge = 'etcdserver: too large lease TTL';

interface Lease {
  ttl: number;
  expiry: number;
  timer: TimerHandle;
}

export class Lessor {
  private readonly leases = new Map<number, Lease>();
  private nextId = 1;
  /** Leases gone since the compact revision, oldest first: ours, not etcd's (see StoreState). */
  private revoked: RevokedLease[] = [];

  constructor(
    private readonly store: MvccStore,
    private readonly clock: Clock,
  ) {}

  /** Takes over leases exported from another lessor: each expires after what it had left. */
  restore(
    leases: readonly StoredLease[],
    nextId: number,
    revoked: readonly RevokedLease[] = [],
  ): void {
    this.nextId = nextId;
    this.revoked = [...revoked];
    for (const lease of leases) {
      this.leases.set(lease.id, this.schedule(lease.id, lease.ttl, lease.remainingMs));
    }
  }

  /**
   * The leases with what is left of their TTL now, the next ID to grant, and the leases revoked
   * after the compact revision (before it, no retained revision has a key naming them).
   */
  exportLeases(): { leases: StoredLease[]; nextLeaseId: number; revokedLeases: RevokedLease[] } {
    const now = this.clock.now();
    const leases = [...this.leases].map(([id, lease]) => ({
      id,
      ttl: lease.ttl,
      remainingMs: Math.max(0, lease.expiry - now),
    }));
    this.revoked = this.revoked.filter((lease) => lease.revision > this.store.compactRevision);
    return {
      leases: leases.sort((a, b) => a.id - b.id),
      nextLeaseId: this.nextId,
      revokedLeases: [...this.revoked],
    };
  }

  grant(ttl: number): LeaseGrantResponse {
    if (ttl > MAX_LEASE_TTL) throw new EtcdStoreError('OutOfRange', ErrLeaseTTLTooLarge);
    const id = this.nextId++;
    const granted = Math.max(ttl, MIN_LEASE_TTL);
    this.store.grantLease(id);
    this.leases.set(id, this.schedule(id, granted));
    return { header: this.header(), ID: id, TTL: granted };
  }

  revoke(id: number): { header: ResponseHeader } {
    const lease = this.leases.get(id);
    if (!lease) throw new EtcdStoreError('NotFound', ErrLeaseNotFound);
    this.expire(id, lease);
    return { header: this.header() };
  }

  /** An expired or unknown lease answers TTL 0, as v3rpc's LeaseKeepAlive does. */
  keepAlive(id: number): LeaseKeepAliveResponse {
    const lease = this.leases.get(id);
    if (!lease) return { header: this.header(), ID: id, TTL: 0 };
    this.clock.clearTimeout(lease.timer);
    this.leases.set(id, this.schedule(id, lease.ttl));
    return { header: this.header(), ID: id, TTL: lease.ttl };
  }

  /** Remaining whole seconds, truncated as etcd's int64(Remaining().Seconds()); -1 when gone. */
  timeToLive(id: number, withKeys: boolean): LeaseTimeToLiveResponse {
    const lease = this.leases.get(id);
    if (!lease) {
      const gone: LeaseTimeToLiveResponse = {
        header: this.header(),
        ID: id,
        TTL: -1,
        grantedTTL: 0,
      };
      if (withKeys) gone.keys = [];
      return gone;
    }
    const response: LeaseTimeToLiveResponse = {
      header: this.header(),
      ID: id,
      TTL: Math.trunc((lease.expiry - this.clock.now()) / 1000),
      grantedTTL: lease.ttl,
    };
    if (withKeys) response.keys = this.store.leaseKeys(id) ?? [];
    return response;
  }

  private schedule(id: number, ttl: number, remainingMs = ttl * 1000): Lease {
    const timer = this.clock.setTimeout(() => {
      const lease = this.leases.get(id);
      if (lease) this.expire(id, lease);
    }, remainingMs);
    return { ttl, expiry: this.clock.now() + remainingMs, timer };
  }

  private expire(id: number, lease: Lease): void {
    this.clock.clearTimeout(lease.timer);
    this.leases.delete(id);
    this.store.revokeLease(id);
    this.revoked.push({ id, ttl: lease.ttl, revision: this.store.revision });
  }

  private header(): ResponseHeader {
    return { revision: this.store.revision };
  }
}
