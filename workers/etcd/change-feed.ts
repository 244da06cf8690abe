// The etcd member's change feed for persistence outside the cluster (the tab's IndexedDB): each
// committed revision as the write txn's changes, batched per microtask, with the lessor's leases
// and the compact revision; a full state first and after every compaction, so whoever keeps the
// feed can drop the history etcd dropped. Read from the store's own watch, as a learner would.

import type { KeyValue } from '../client/protocol.ts';
import type { RevokedLease, StoreState, StoredLease } from '../client/store-state.ts';
import type { MvccStore } from './mvcc-store.ts';

/** One write txn: its revision and its changes in op order (a delete has create_revision 0). */
export interface RevisionRecord {
  revision: number;
  changes: KeyValue[];
  /** Virtual time of the commit, ms since the epoch; absent in records saved before it was kept. */
  time?: number;
}

/** What the store looks like after a batch, besides its revisions. */
export interface FeedMarker {
  revision: number;
  compactRevision: number;
  leases: StoredLease[];
  nextLeaseId: number;
  /** Absent in markers saved before revoked leases were kept. */
  revokedLeases?: RevokedLease[];
  /** Virtual time of the batch, ms since the Unix epoch. */
  time: number;
}

export interface FeedBatch {
  /** A full state the log restarts from; the revisions that follow come after it. */
  checkpoint?: StoreState;
  /** Contiguous, ascending, all after the checkpoint (or the previous batch). */
  revisions: RevisionRecord[];
  marker: FeedMarker;
}

/** What the feed reads: the store, the lessor's leases, the clock, and the member's full state. */
export interface FeedSource {
  store: MvccStore;
  exportLeases(): { leases: StoredLease[]; nextLeaseId: number; revokedLeases: RevokedLease[] };
  now(): number;
  exportState(): StoreState;
}

export class ChangeFeed {
  private pending: RevisionRecord[] = [];
  private scheduled = false;
  private compactRevision: number;
  private needsCheckpoint = true;
  private watchId: number | null = null;

  constructor(
    private readonly source: FeedSource,
    private readonly publish: (batch: FeedBatch) => void,
  ) {
    this.compactRevision = source.store.compactRevision;
  }

  /**
   * Publishes every revision committed from now on, the first batch holding the full state. It
   * waits for that first commit, so a host can connect its listener before the rounds begin.
   */
  start(): void {
    const { store } = this.source;
    this.watchId = store.watch(
      { key: '\0', range_end: '\0', start_revision: store.revision + 1 },
      (response) => {
        for (const event of response.events) this.record(event.kv);
        this.schedule();
      },
    );
  }

  stop(): void {
    if (this.watchId !== null) this.source.store.cancelWatch(this.watchId);
    this.watchId = null;
  }

  private record(kv: KeyValue): void {
    const last = this.pending.at(-1);
    if (last?.revision === kv.mod_revision) last.changes.push(kv);
    // The store's watch hears a write txn as it commits: the clock still reads its time.
    else this.pending.push({ revision: kv.mod_revision, changes: [kv], time: this.source.now() });
  }

  /** One batch per microtask: a round's writes leave the member together. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    void Promise.resolve().then(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const { store } = this.source;
    // A compaction drops history the log still holds: restart it from a full state.
    if (store.compactRevision !== this.compactRevision) {
      this.compactRevision = store.compactRevision;
      this.needsCheckpoint = true;
    }
    const revisions = this.pending;
    this.pending = [];
    if (this.needsCheckpoint) {
      this.needsCheckpoint = false;
      const checkpoint = this.source.exportState();
      this.publish({ checkpoint, revisions: [], marker: markerOf(checkpoint) });
      return;
    }
    this.publish({
      revisions,
      marker: {
        revision: store.revision,
        compactRevision: store.compactRevision,
        ...this.source.exportLeases(),
        time: this.source.now(),
      },
    });
  }
}

function markerOf(state: StoreState): FeedMarker {
  return {
    revision: state.revision,
    compactRevision: state.compactRevision,
    leases: state.leases,
    nextLeaseId: state.nextLeaseId,
    revokedLeases: state.revokedLeases ?? [],
    time: state.time,
  };
}
