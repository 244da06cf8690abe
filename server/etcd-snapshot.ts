// Maintenance.Snapshot's counterpart over a real etcd (--etcd-servers): the playground's store state
// (workers/client/store-state.ts) read at one revision R, as etcdctl's clientv3 reads would: the
// watch history from the compact revision up to R, the keys at the compact revision before it, and
// the lessor's leases. etcd keeps no write times and forgets revoked leases, so neither is in it.

import type { KeyValue, WatchResponse } from '../workers/client/protocol.ts';
import type { StoreState } from '../workers/client/store-state.ts';
import type { GrpcEtcd } from './etcd-grpc.ts';

/** Every key: etcd's "from the smallest key on" range end. */
const ALL_KEYS = { key: '\0', range_end: '\0' } as const;

/** The revisions after the empty store's revision 1 are write txns: the history starts at 2. */
const FIRST_WRITE = 2;

/**
 * The changes of revisions `from` to `revision`, in op order, from a watch on every key; a watch
 * etcd cancels because `from` is compacted yields the compact revision instead.
 */
async function history(
  etcd: GrpcEtcd,
  from: number,
  revision: number,
): Promise<{ changes: KeyValue[][] } | { compacted: number }> {
  const changes: KeyValue[][] = Array.from({ length: revision - from + 1 }, () => []);
  let created: Promise<number> | undefined;
  let done = false;
  const outcome = await new Promise<{ changes: KeyValue[][] } | { compacted: number }>(
    (resolve, reject) => {
      const listener = (response: WatchResponse): void => {
        if (done) return;
        if (response.canceled) {
          done = true;
          resolve({ compacted: response.compact_revision ?? 0 });
          return;
        }
        for (const { kv } of response.events) {
          if (kv.mod_revision <= revision) changes[kv.mod_revision - from]?.push(kv);
          // Every revision is a write txn with at least one change: once R's arrives, the
          // history up to R is whole (a response carries whole revisions).
          if (kv.mod_revision >= revision) done = true;
        }
        if (done) resolve({ changes });
      };
      created = etcd.watch({ ...ALL_KEYS, start_revision: from }, listener);
      created.catch(reject);
    },
  );
  // A watch etcd canceled is gone already.
  if (created && !('compacted' in outcome)) await etcd.cancelWatch(await created);
  return outcome;
}

/**
 * The state of the etcd behind `etcd` at its current revision, with `time` as the virtual time it
 * was taken. Leases are read after the revision: one revoked in between is missing, and keys at
 * the revision that name it do not expire in a store booted from the state.
 */
export async function readStoreState(etcd: GrpcEtcd, time: number): Promise<StoreState> {
  const { header } = await etcd.range({ ...ALL_KEYS, count_only: true });
  const revision = header.revision;
  let compactRevision = 0;
  let historyStart = FIRST_WRITE;
  let read = revision >= FIRST_WRITE ? await history(etcd, FIRST_WRITE, revision) : { changes: [] };
  if ('compacted' in read) {
    // History starts at the compact revision, which a watch may still start from.
    compactRevision = read.compacted;
    historyStart = Math.max(compactRevision, FIRST_WRITE);
    read = await history(etcd, historyStart, revision);
    if ('compacted' in read) {
      throw new Error(`etcd compacted to revision ${String(read.compacted)} during the snapshot`);
    }
  }
  // What reads at the compact revision see besides its own changes, which the history holds.
  const base =
    compactRevision > 0
      ? (await etcd.range({ ...ALL_KEYS, revision: compactRevision })).kvs.filter(
          (kv) => kv.mod_revision < historyStart,
        )
      : [];
  const leases = await etcd.leases();
  const named = [...base, ...read.changes.flat()].map((kv) => kv.lease ?? 0);
  const nextLeaseId = Math.max(0, ...named, ...leases.map((lease) => lease.id)) + 1;
  return {
    revision,
    compactRevision,
    base,
    historyStart,
    history: read.changes,
    leases,
    nextLeaseId,
    time,
  };
}
