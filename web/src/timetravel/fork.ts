// "Fork from here": the store state a new cluster boots from, cut at a past revision, as if etcd's
// snapshot had been taken then (workers/client/store-state.ts). Later revisions are dropped; the
// leases are those keys at the revision name, each with its granted TTL from the fork's start, as
// a new etcd leader's lessor.Promote refreshes every lease (etcd-io/etcd server/lease/lessor.go).

import type { KeyValue } from '../../../workers/client/protocol.ts';
import type { StoreState, StoredLease } from '../../../workers/client/store-state.ts';
import { ELECTION_TIMEOUT_MS } from '../../../workers/etcd/lessor.ts';
import { CompactedRevisionError } from './timeline.ts';

export function stateAtRevision(state: StoreState, revision: number, time: number): StoreState {
  const first = Math.max(state.compactRevision, 1);
  if (revision < first || revision > state.revision)
    throw new CompactedRevisionError(revision, first);
  const kept = Math.max(0, revision - state.historyStart + 1);
  const history = state.history.slice(0, kept);
  const cut: StoreState = {
    ...state,
    revision,
    history,
    leases: leasesAt(state, history),
    // A lease revoked after the revision is alive again in the fork.
    revokedLeases: (state.revokedLeases ?? []).filter((lease) => lease.revision <= revision),
    time,
  };
  if (state.historyTimes) cut.historyTimes = state.historyTimes.slice(0, kept);
  return cut;
}

/**
 * The leases the keys of `history`'s last revision name. etcd's lessor keeps no history of
 * expiries, and on becoming leader Promote(electionTimeout) sets each lease's expiry to now +
 * electionTimeout + its TTL (lease.go refresh; no checkpointed remainder, as etcd's default),
 * which is what the fork's etcd, a new member, does. A lease neither alive nor among the revoked
 * ones (a state saved before they were kept) is left out: its keys then never expire.
 */
function leasesAt(state: StoreState, history: readonly KeyValue[][]): StoredLease[] {
  const keys = new Map<string, KeyValue>();
  for (const kv of [...state.base, ...history.flat()]) {
    if (kv.create_revision === 0) keys.delete(kv.key);
    else keys.set(kv.key, kv);
  }
  const granted = new Map<number, number>();
  for (const lease of [...(state.revokedLeases ?? []), ...state.leases]) {
    granted.set(lease.id, lease.ttl);
  }
  const named = new Set<number>();
  for (const kv of keys.values()) if (kv.lease) named.add(kv.lease);
  const leases: StoredLease[] = [];
  for (const id of [...named].sort((a, b) => a - b)) {
    const ttl = granted.get(id);
    if (ttl !== undefined) leases.push({ id, ttl, remainingMs: ttl * 1000 + ELECTION_TIMEOUT_MS });
  }
  return leases;
}
