// The whole state of our etcd as plain, structured-cloneable data: what etcd's bbolt backend holds
// (every revision since the last compaction, keyed by revision, from which mvcc's restore rebuilds
// the key index) plus the lessor's leases with their remaining TTL on the virtual clock, and two
// things etcd keeps nowhere: each retained revision's virtual time, and the granted TTL of leases
// revoked at a retained revision (what a fork from before the revocation brings back).

import type { KeyValue } from './protocol.ts';

export interface StoredLease {
  id: number;
  /** The granted TTL in seconds, what a keep-alive renews to. */
  ttl: number;
  /** Virtual milliseconds left before it expires, counted from `StoreState.time`. */
  remainingMs: number;
}

/** A lease revoked (or expired) at `revision`: keys at earlier revisions may still name it. */
export interface RevokedLease {
  id: number;
  /** The granted TTL in seconds. */
  ttl: number;
  /** The revision current after its revocation (its keys' deletes, when it had keys). */
  revision: number;
}

export interface StoreState {
  /** The store's current revision. */
  revision: number;
  /** The revision of the last compaction; 0 when never compacted. */
  compactRevision: number;
  /**
   * Versions older than the watch history that reads at or after the compact revision still see
   * (at most one per key: its newest version at the compaction, if not a delete), in key order.
   */
  base: KeyValue[];
  /**
   * The watch history: `history[i]` is the write txn of revision `historyStart + i`, its changes
   * in op order (a delete is a kv with create_revision 0). Watches and time travel read it.
   */
  historyStart: number;
  history: KeyValue[][];
  /**
   * `historyTimes[i]` is the virtual time (ms since the epoch) revision `historyStart + i` was
   * written, null when unknown. Absent in states saved before revision times were kept.
   */
  historyTimes?: (number | null)[];
  leases: StoredLease[];
  /**
   * Leases revoked after the compact revision, so keys at a retained revision may name them.
   * Absent in states saved before they were kept.
   */
  revokedLeases?: RevokedLease[];
  /** The ID the lessor grants next. */
  nextLeaseId: number;
  /** Virtual time when the state was taken, ms since the Unix epoch: a restored cluster's clock starts here. */
  time: number;
}

/**
 * How many versions of keys the state holds: etcd's backend keeps one entry per revision in its
 * key bucket, which is what `etcdctl snapshot status` counts as TOTAL KEYS.
 */
export function storedKeyCount(state: StoreState): number {
  return state.base.length + state.history.reduce((sum, changes) => sum + changes.length, 0);
}
