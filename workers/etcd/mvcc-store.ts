// Models etcd's server/storage/mvcc kvstore (revisions, ranges, compaction) and watchable store
// (watchers fed once per write txn, history replayed in batches), with etcdserver/txn's
// compare-then-ops transactions and the lessor's key attachment. Leaves out auth, raft and bbolt;
// lease time lives in lessor.ts.

import type {
  Compare,
  DeleteRangeRequest,
  DeleteRangeResponse,
  KeyValue,
  MvccEvent,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  RequestOp,
  ResponseOp,
  TxnRequest,
  TxnResponse,
  WatchCreateRequest,
  WatchResponse,
} from '../client/protocol.ts';
import { KeyIndex, inRange, isTombstone, type KeyRevision } from './key-index.ts';
import type { StoreState } from '../client/store-state.ts';
import {
  ErrCompacted,
  ErrFutureRev,
  ErrLeaseNotFound,
  EtcdStoreError,
  checkKey,
  checkTxnRequest,
} from './request-checks.ts';

/** watchable_store.go's watchBatchMaxRevs: a history replay sends at most this many revisions at once. */
export const WATCH_BATCH_MAX_REVS = 1000;

export type { DeleteRangeResponse, PutResponse };

/** One key written by a write txn, kept for watchers, with the version it replaced. */
interface Change {
  key: string;
  revision: KeyRevision;
  prev: KeyRevision | undefined;
}

interface Watcher {
  id: number;
  key: string;
  range_end: string | undefined;
  prev_kv: boolean;
  /** The next revision this watcher has not been sent, as etcd's watcher.minRev. */
  minRev: number;
  listener: (response: WatchResponse) => void;
}

const compareResults: Record<Compare['result'], (order: number) => boolean> = {
  EQUAL: (order) => order === 0,
  NOT_EQUAL: (order) => order !== 0,
  GREATER: (order) => order > 0,
  LESS: (order) => order < 0,
};

export class MvccStore {
  private readonly index = new KeyIndex();
  private currentRev = 1;
  private compactMainRev = 0;
  /** The write txn in progress; all its changes carry revision currentRev + 1. */
  private changes: Change[] = [];
  /** `log[i]` holds the changes of revision `logStart + i`: each revision after 1 is one write txn. */
  private log: Change[][] = [];
  private logStart = 2;
  private readonly watchers = new Map<number, Watcher>();
  /** Each granted lease with the keys attached to it, as the lessor's itemSet. */
  private readonly leases = new Map<number, Set<string>>();
  private nextWatchId = 1;
  private delivering = false;

  /**
   * A store holding `state`, as etcd's mvcc restore rebuilds its index from the backend: the
   * kept versions, then each revision of the history in order, which also recovers what every
   * change replaced (for prev_kv) where that is still retained. Leases come from `state.leases`.
   */
  static fromState(state: StoreState): MvccStore {
    const store = new MvccStore();
    store.currentRev = state.revision;
    store.compactMainRev = state.compactRevision;
    store.logStart = state.historyStart;
    for (const kv of state.base) store.index.append(kv.key, toKeyRevision(kv));
    state.history.forEach((kvs, offset) => {
      const revision = state.historyStart + offset;
      const changes = kvs.map((kv): Change => {
        const prev = store.index.get(kv.key, revision - 1);
        return { key: kv.key, revision: toKeyRevision(kv), prev };
      });
      for (const change of changes) {
        // Compaction at this revision already dropped its deletes from the index.
        if (isTombstone(change.revision) && revision <= state.compactRevision) continue;
        store.index.append(change.key, change.revision);
      }
      store.log.push(changes);
    });
    for (const lease of state.leases) store.grantLease(lease.id);
    store.index.forEach('', '\0', state.revision, (key, revision) => {
      if (revision.lease) store.leases.get(revision.lease)?.add(key);
    });
    return store;
  }

  /** The store's data as plain values (the lessor adds leases and the clock its time). */
  exportState(): Omit<StoreState, 'leases' | 'nextLeaseId' | 'time'> {
    const base: KeyValue[] = [];
    for (const [key, history] of this.index.histories()) {
      for (const revision of history) {
        if (revision.mod_revision >= this.logStart) break;
        base.push(toKeyValue(key, revision));
      }
    }
    return {
      revision: this.currentRev,
      compactRevision: this.compactMainRev,
      base,
      historyStart: this.logStart,
      history: this.log.map((changes) =>
        changes.map((change) => toKeyValue(change.key, change.revision)),
      ),
    };
  }

  get revision(): number {
    return this.currentRev;
  }

  get compactRevision(): number {
    return this.compactMainRev;
  }

  range(req: RangeRequest): RangeResponse {
    checkKey(req.key);
    return this.rangeKeys(req);
  }

  put(req: PutRequest): PutResponse {
    checkKey(req.key);
    this.checkLease(req.lease);
    const response = this.applyPut(req);
    this.commit();
    return response;
  }

  deleteRange(req: DeleteRangeRequest): DeleteRangeResponse {
    checkKey(req.key);
    const response = this.applyDeleteRange(req);
    this.commit();
    return response;
  }

  txn(req: TxnRequest): TxnResponse {
    checkTxnRequest(req);
    const succeeded = req.compare.every((compare) => this.applyCompare(compare));
    const ops = succeeded ? req.success : req.failure;
    // Like etcdserver's checkRequests on the chosen branch: reject a bad read revision or a
    // missing lease before any op writes.
    for (const op of ops) {
      if ('request_range' in op && op.request_range.revision) {
        this.resolveRevision(op.request_range.revision, this.currentRev);
      }
      if ('request_put' in op) this.checkLease(op.request_put.lease);
    }
    const responses = ops.map((op) => this.applyOp(op));
    const revision = this.readRevision();
    this.commit();
    return { header: { revision }, succeeded, responses };
  }

  /**
   * Streams events for [key, range_end) to `listener`, one response per write txn. A
   * start_revision at or below the current revision first replays history, one response per
   * revision; below the compact revision the watch is canceled at once, as etcd does.
   */
  watch(req: WatchCreateRequest, listener: (response: WatchResponse) => void): number {
    const id = this.nextWatchId++;
    const start = req.start_revision ?? 0;
    this.watchers.set(id, {
      id,
      key: req.key,
      range_end: req.range_end,
      prev_kv: req.prev_kv ?? false,
      minRev: start > 0 ? start : this.currentRev + 1,
      listener,
    });
    this.deliver();
    return id;
  }

  /** Returns whether the watch existed. */
  cancelWatch(id: number): boolean {
    return this.watchers.delete(id);
  }

  compact(revision: number): void {
    if (revision <= this.compactMainRev) throw outOfRange(ErrCompacted);
    if (revision > this.currentRev) throw outOfRange(ErrFutureRev);
    this.compactMainRev = revision;
    this.index.compact(revision);
    // A watch may start at the compact revision itself, so its changes stay.
    const dropped = Math.min(Math.max(0, revision - this.logStart), this.log.length);
    this.log.splice(0, dropped);
    this.logStart += dropped;
  }

  grantLease(id: number): void {
    this.leases.set(id, new Set());
  }

  hasLease(id: number): boolean {
    return this.leases.has(id);
  }

  /** The keys attached to a lease, in key order, or undefined for an unknown lease. */
  leaseKeys(id: number): string[] | undefined {
    const keys = this.leases.get(id);
    return keys && [...keys].sort();
  }

  /** lessor.Revoke: deletes the lease's keys in one write txn, then forgets the lease. */
  revokeLease(id: number): void {
    const keys = this.leaseKeys(id);
    if (!keys) throw new EtcdStoreError('NotFound', ErrLeaseNotFound);
    for (const key of keys) this.applyDeleteRange({ key });
    this.leases.delete(id);
    this.commit();
  }

  /** Inside a write txn, reads see its earlier ops at the revision it will commit as. */
  private readRevision(): number {
    return this.changes.length > 0 ? this.currentRev + 1 : this.currentRev;
  }

  /** Mirrors store.rangeKeys: 0 means `current`; the future and the compacted past fail. */
  private resolveRevision(requested: number, current: number): number {
    if (requested > current) throw outOfRange(ErrFutureRev);
    const revision = requested <= 0 ? current : requested;
    if (revision < this.compactMainRev) throw outOfRange(ErrCompacted);
    return revision;
  }

  private rangeKeys(req: RangeRequest): RangeResponse {
    const current = this.readRevision();
    const atRev = this.resolveRevision(req.revision ?? 0, current);
    const limit = req.limit ?? 0;
    const kvs: KeyValue[] = [];
    let count = 0;
    this.index.forEach(req.key, req.range_end, atRev, (key, revision) => {
      count++;
      if (req.count_only || (limit > 0 && kvs.length >= limit)) return;
      kvs.push(req.keys_only ? toKeyOnly(key, revision) : toKeyValue(key, revision));
    });
    return {
      header: { revision: current },
      kvs,
      more: kvs.length < count && !req.count_only,
      count,
    };
  }

  private applyPut(req: PutRequest): PutResponse {
    const revision = this.currentRev + 1;
    const prev = this.index.get(req.key, revision);
    const written: KeyRevision = {
      create_revision: prev ? prev.create_revision : revision,
      mod_revision: revision,
      version: (prev?.version ?? 0) + 1,
      value: req.value,
    };
    if (req.lease) written.lease = req.lease;
    this.moveLease(req.key, prev?.lease, req.lease);
    this.index.append(req.key, written);
    this.changes.push({ key: req.key, revision: written, prev });
    const response: PutResponse = { header: { revision } };
    if (req.prev_kv && prev) response.prev_kv = toKeyValue(req.key, prev);
    return response;
  }

  private applyDeleteRange(req: DeleteRangeRequest): DeleteRangeResponse {
    const revision = this.currentRev + 1;
    const tombstones: Change[] = [];
    const prevKvs: KeyValue[] = [];
    this.index.forEach(req.key, req.range_end, revision, (key, prev) => {
      // etcd writes a delete as a bare kv; create_revision 0 is what marks it a tombstone.
      const tombstone = { create_revision: 0, mod_revision: revision, version: 0, value: '' };
      tombstones.push({ key, revision: tombstone, prev });
      this.moveLease(key, prev.lease, undefined);
      if (req.prev_kv) prevKvs.push(toKeyValue(key, prev));
    });
    for (const change of tombstones) this.index.append(change.key, change.revision);
    this.changes.push(...tombstones);
    const response: DeleteRangeResponse = {
      header: { revision: this.readRevision() },
      deleted: tombstones.length,
    };
    if (req.prev_kv) response.prev_kvs = prevKvs;
    return response;
  }

  private checkLease(lease: number | undefined): void {
    if (lease && !this.leases.has(lease)) throw new EtcdStoreError('NotFound', ErrLeaseNotFound);
  }

  /** A write detaches the key from the lease it had and attaches it to the one it names. */
  private moveLease(key: string, from: number | undefined, to: number | undefined): void {
    if (from === to) return;
    if (from) this.leases.get(from)?.delete(key);
    if (to) this.leases.get(to)?.add(key);
  }

  private applyOp(op: RequestOp): ResponseOp {
    if ('request_range' in op) return { response_range: this.rangeKeys(op.request_range) };
    if ('request_put' in op) return { response_put: this.applyPut(op.request_put) };
    return { response_delete_range: this.applyDeleteRange(op.request_delete_range) };
  }

  /** etcdserver's applyCompare: a missing key compares as zeros, but never matches a VALUE. */
  private applyCompare(compare: Compare): boolean {
    const found = this.index.get(compare.key, this.currentRev);
    if (!found && compare.target === 'VALUE') return false;
    const kv = found ?? { create_revision: 0, mod_revision: 0, version: 0, value: '' };
    let order: number;
    switch (compare.target) {
      case 'VALUE': {
        const value = compare.value ?? '';
        order = kv.value === value ? 0 : kv.value < value ? -1 : 1;
        break;
      }
      case 'CREATE':
        order = kv.create_revision - (compare.create_revision ?? 0);
        break;
      case 'MOD':
        order = kv.mod_revision - (compare.mod_revision ?? 0);
        break;
      case 'VERSION':
        order = kv.version - (compare.version ?? 0);
        break;
    }
    return compareResults[compare.result](order);
  }

  /** Ends the write txn: one revision and one log entry for all its changes, or none. */
  private commit(): void {
    if (this.changes.length === 0) return;
    this.log.push(this.changes);
    this.changes = [];
    this.currentRev++;
    this.deliver();
  }

  /**
   * Brings every watcher up to the current revision. Listeners run synchronously and may write
   * or watch again; the flag queues that work behind this loop so each watcher still gets its
   * revisions once and in order.
   */
  private deliver(): void {
    if (this.delivering) return;
    this.delivering = true;
    try {
      let behind = true;
      while (behind) {
        behind = false;
        for (const watcher of this.watchers.values()) {
          if (watcher.minRev > this.currentRev) continue;
          behind = true;
          this.catchUp(watcher);
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  /**
   * Sends a watcher what it has not seen, as syncWatchers and notify do: one response for up to
   * WATCH_BATCH_MAX_REVS revisions with events for it (a live watcher is one revision behind).
   */
  private catchUp(watcher: Watcher): void {
    while (watcher.minRev <= this.currentRev && this.watchers.has(watcher.id)) {
      if (watcher.minRev < this.compactMainRev) {
        // watcherGroup.chooseAll: a watcher behind the compaction is dropped with its revision,
        // in a response that carries no store revision.
        this.watchers.delete(watcher.id);
        watcher.listener({
          header: { revision: 0 },
          watch_id: watcher.id,
          events: [],
          canceled: true,
          compact_revision: this.compactMainRev,
        });
        return;
      }
      const events: MvccEvent[] = [];
      let revisions = 0;
      while (watcher.minRev <= this.currentRev && revisions < WATCH_BATCH_MAX_REVS) {
        const revision = watcher.minRev++;
        const before = events.length;
        for (const change of this.log[revision - this.logStart] ?? []) {
          if (inRange(change.key, watcher.key, watcher.range_end)) {
            events.push(toEvent(change, watcher.prev_kv));
          }
        }
        if (events.length > before) revisions++;
      }
      if (events.length > 0) {
        watcher.listener({ header: { revision: this.currentRev }, watch_id: watcher.id, events });
      }
    }
  }
}

/** clientv3.GetPrefixRangeEnd: the first key after every key starting with `prefix`. */
export function prefixEnd(prefix: string): string {
  // Kubernetes keys are ASCII, so a UTF-16 code unit stands for etcd's byte.
  for (let i = prefix.length - 1; i >= 0; i--) {
    const code = prefix.charCodeAt(i);
    if (code < 0xff) return prefix.slice(0, i) + String.fromCharCode(code + 1);
  }
  // No key follows the prefix (e.g. '' or '\xff'): etcd falls back to "every key >= key".
  return '\0';
}

function toKeyValue(key: string, revision: KeyRevision): KeyValue {
  const kv: KeyValue = {
    key,
    value: revision.value,
    create_revision: revision.create_revision,
    mod_revision: revision.mod_revision,
    version: revision.version,
  };
  if (revision.lease) kv.lease = revision.lease;
  return kv;
}

/** keys_only: etcd's Range reads the whole kv and drops only its value. */
function toKeyOnly(key: string, revision: KeyRevision): KeyValue {
  return { ...toKeyValue(key, revision), value: '' };
}

function toKeyRevision(kv: KeyValue): KeyRevision {
  const revision: KeyRevision = {
    create_revision: kv.create_revision,
    mod_revision: kv.mod_revision,
    version: kv.version,
    value: kv.value,
  };
  if (kv.lease) revision.lease = kv.lease;
  return revision;
}

function toEvent(change: Change, withPrev: boolean): MvccEvent {
  const event: MvccEvent = {
    type: isTombstone(change.revision) ? 'DELETE' : 'PUT',
    kv: toKeyValue(change.key, change.revision),
  };
  if (withPrev && change.prev) event.prev_kv = toKeyValue(change.key, change.prev);
  return event;
}

function outOfRange(message: string): EtcdStoreError {
  return new EtcdStoreError('OutOfRange', message);
}
