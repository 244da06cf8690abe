// The retained history of our etcd, served on the etcd component's own port for the UI's time
// travel, as `etcdctl get --rev` and `etcdctl watch --rev` would read it from etcd's client port.
// One thing is ours, not etcd's: the virtual time each revision was written, which etcd keeps nowhere.

import type { ApiResponse, KeyValue } from '../client/protocol.ts';
import type { StoreState } from '../client/store-state.ts';
import type { Clock } from '../host/clock.ts';
import { MvccStore, prefixEnd } from './mvcc-store.ts';

/** etcd's client port, which kube-apiserver's --etcd-servers names. */
export const ETCD_CLIENT_PORT = 2379;
export const HISTORY_PATH = '/history';

/** One retained revision: when it was written and the keys its write txn changed, in op order. */
export interface RevisionEntry {
  revision: number;
  /** Virtual ms since the epoch; null for a revision written before this store's process began. */
  time: number | null;
  /** The kvs as written; a delete is a kv with create_revision 0, as etcd's watch events carry it. */
  changes: KeyValue[];
}

export interface HistoryResponse {
  /** The store's current revision. */
  revision: number;
  /** The revision of the last compaction; 0 when the store was never compacted. */
  compactRevision: number;
  /** The oldest revision a read can still see: the compact revision, or 1 on a fresh store. */
  first: number;
  /** Every key under the prefix as it was at `first`, in key order. */
  base: KeyValue[];
  /** `first` through `revision`, oldest first. */
  revisions: RevisionEntry[];
}

/**
 * Notes the virtual time of each revision as it commits, forgetting what compaction drops. A
 * restored store starts from the times its state carries (StoreState.historyTimes).
 */
export class RevisionTimes {
  /** Revision to virtual time, in revision order (a Map iterates in insertion order). */
  private readonly times = new Map<number, number>();

  constructor(
    private readonly store: MvccStore,
    clock: Clock,
    initial?: Pick<StoreState, 'historyStart' | 'historyTimes'>,
  ) {
    initial?.historyTimes?.forEach((time, offset) => {
      if (time !== null) this.times.set(initial.historyStart + offset, time);
    });
    // A restored store stands at its revision from the moment the clock starts, unless the state
    // says when it was written: a fork's clock starts at the time of the revision it forked from.
    if (store.revision > 1 && !this.times.has(store.revision)) {
      this.times.set(store.revision, clock.now());
    }
    // A watch on every key hears each write txn once, synchronously, as it commits.
    store.watch({ key: '\0', range_end: '\0' }, (response) => {
      const revision = response.events[0]?.kv.mod_revision;
      if (revision === undefined) return;
      this.times.set(revision, clock.now());
      this.forgetCompacted();
    });
  }

  /** The times of revisions `historyStart` onwards up to the current one, as StoreState keeps them. */
  export(historyStart: number): (number | null)[] {
    const times: (number | null)[] = [];
    for (let revision = historyStart; revision <= this.store.revision; revision++) {
      times.push(this.timeOf(revision));
    }
    return times;
  }

  /** When `revision` was written, or null when it is unknown or compacted away. */
  timeOf(revision: number): number | null {
    this.forgetCompacted();
    return this.times.get(revision) ?? null;
  }

  private forgetCompacted(): void {
    for (const revision of this.times.keys()) {
      if (revision >= this.store.compactRevision) return;
      this.times.delete(revision);
    }
  }
}

/**
 * Everything a reader needs to rebuild the keys under `prefix` at any retained revision: the
 * range at the oldest retained revision, then every later write, replayed by a watch from there.
 */
export function readHistory(
  store: MvccStore,
  times: RevisionTimes,
  prefix: string,
): HistoryResponse {
  const first = Math.max(store.compactRevision, 1);
  const rangeEnd = prefixEnd(prefix);
  const base = store.range({ key: prefix, range_end: rangeEnd, revision: first }).kvs;
  const changes = new Map<number, KeyValue[]>();
  const watchId = store.watch(
    { key: prefix, range_end: rangeEnd, start_revision: first },
    (response) => {
      for (const event of response.events) {
        const revision = event.kv.mod_revision;
        changes.set(revision, [...(changes.get(revision) ?? []), event.kv]);
      }
    },
  );
  store.cancelWatch(watchId);
  const revisions: RevisionEntry[] = [];
  for (let revision = first; revision <= store.revision; revision++) {
    revisions.push({
      revision,
      time: times.timeOf(revision),
      changes: changes.get(revision) ?? [],
    });
  }
  return {
    revision: store.revision,
    compactRevision: store.compactRevision,
    first,
    base,
    revisions,
  };
}

function text(code: number, body: string): ApiResponse {
  return { code, body, contentType: 'text/plain; charset=utf-8' };
}

/** Answers a request to the etcd component's port: `GET /history?prefix=/registry/`. */
export function serveHistory(
  store: MvccStore,
  times: RevisionTimes,
  verb: string,
  url: string,
): ApiResponse {
  if (verb !== 'GET') return text(405, 'Method Not Allowed');
  const { pathname, searchParams } = new URL(url);
  if (pathname !== HISTORY_PATH) return text(404, '404 page not found');
  const history = readHistory(store, times, searchParams.get('prefix') ?? '/registry/');
  return { code: 200, body: JSON.stringify(history), contentType: 'application/json' };
}
