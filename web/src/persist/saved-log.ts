// The saved cluster as a log: a full store state (the checkpoint), the revisions committed after
// it, and a marker naming the last revision that belongs to the save. Each write lands in one
// storage transaction with its marker, so a tab closed mid-write leaves the previous marker and
// restores to that revision. Pure: the IndexedDB layer (idb-backend.ts) only stores what this says.

import type { FeedBatch, FeedMarker, RevisionRecord } from '../../../workers/etcd/change-feed.ts';
import type { StoreState } from '../../../workers/client/store-state.ts';

/** The layout this code writes; a save in another layout is not read. */
export const SAVED_FORMAT = 1;

export interface SavedMarker extends FeedMarker {
  format: number;
  /** The revision of the checkpoint the log continues. */
  checkpointRevision: number;
}

/** What one storage transaction writes: all of it, or (after an interruption) none of it. */
export interface LogWrite<Session> {
  /** Replaces the stored checkpoint; every stored revision is deleted first. */
  checkpoint?: StoreState;
  revisions: RevisionRecord[];
  marker: SavedMarker;
  session: Session;
}

/** What storage holds, as read back. */
export interface SavedLog<Session> {
  marker: SavedMarker;
  checkpoint: StoreState;
  /** Every stored revision, ascending; ones past the marker belong to no finished write. */
  revisions: RevisionRecord[];
  session: Session;
}

export interface LogBackend<Session> {
  /** The stored log, or null when nothing is saved. */
  load(): Promise<SavedLog<Session> | null>;
  /** Writes atomically: after a failure or an interruption, storage is as it was before. */
  write(write: LogWrite<Session>): Promise<void>;
  clear(): Promise<void>;
  /**
   * Clears without waiting for a write in flight: that write is abandoned (it fails, and nothing
   * of it is stored), so forgetting the save cannot hang on a slow or stuck transaction.
   */
  discard(): Promise<void>;
}

export class SavedLogError extends Error {
  override readonly name = 'SavedLogError';
}

/**
 * The store state at the marker: the checkpoint with the revisions after it appended to its
 * history, and the marker's leases and time. A missing revision or a checkpoint that is not the
 * marker's means the save is damaged.
 */
export function restoreState<Session>(log: SavedLog<Session>): StoreState {
  const { marker, checkpoint } = log;
  if (marker.format !== SAVED_FORMAT) {
    throw new SavedLogError(
      `The saved cluster was written by another version of the playground (format ${String(marker.format)}, this one reads ${String(SAVED_FORMAT)}).`,
    );
  }
  if (checkpoint.revision !== marker.checkpointRevision) {
    throw new SavedLogError(
      `The saved cluster is damaged: its checkpoint is at revision ${String(checkpoint.revision)}, its marker expects ${String(marker.checkpointRevision)}.`,
    );
  }
  if (checkpoint.historyStart + checkpoint.history.length !== checkpoint.revision + 1) {
    throw new SavedLogError(
      `The saved cluster is damaged: its checkpoint's history does not end at revision ${String(checkpoint.revision)}.`,
    );
  }
  const history = [...checkpoint.history];
  // Saves from before revision times were kept have none: those revisions' times are unknown.
  const historyTimes = history.map((_, offset) => checkpoint.historyTimes?.[offset] ?? null);
  let revision = checkpoint.revision;
  for (const record of log.revisions) {
    if (record.revision <= checkpoint.revision || record.revision > marker.revision) continue;
    if (record.revision !== revision + 1) break;
    history.push(record.changes);
    historyTimes.push(record.time ?? null);
    revision = record.revision;
  }
  if (revision !== marker.revision) {
    throw new SavedLogError(
      `The saved cluster is damaged: revision ${String(revision + 1)} of ${String(marker.revision)} is missing.`,
    );
  }
  return {
    ...checkpoint,
    revision,
    compactRevision: marker.compactRevision,
    history,
    historyTimes,
    leases: marker.leases,
    nextLeaseId: marker.nextLeaseId,
    revokedLeases: marker.revokedLeases ?? checkpoint.revokedLeases ?? [],
    time: marker.time,
  };
}

/**
 * The feed's batches since the last write, merged into the next one. Until a checkpoint has been
 * taken there is nothing a write could continue, so batches before it are dropped.
 */
export class PendingWrite {
  private checkpoint: StoreState | undefined;
  private revisions: RevisionRecord[] = [];
  private marker: SavedMarker | null = null;
  private changed = false;

  add(batch: FeedBatch): void {
    if (batch.checkpoint) {
      this.checkpoint = batch.checkpoint;
      this.revisions = [];
      this.marker = {
        format: SAVED_FORMAT,
        checkpointRevision: batch.checkpoint.revision,
        ...batch.marker,
      };
    } else if (this.marker) {
      this.revisions.push(...batch.revisions);
      this.marker = { ...this.marker, ...batch.marker };
    } else {
      return;
    }
    this.changed = true;
  }

  /** Something else in the save changed (the session): the next write carries it. */
  touch(): void {
    if (this.marker) this.changed = true;
  }

  get hasWork(): boolean {
    return this.changed;
  }

  /** The write covering everything added since the last take, or null when nothing changed. */
  take<Session>(session: Session): LogWrite<Session> | null {
    if (!this.changed || !this.marker) return null;
    const write: LogWrite<Session> = { revisions: this.revisions, marker: this.marker, session };
    if (this.checkpoint) write.checkpoint = this.checkpoint;
    this.checkpoint = undefined;
    this.revisions = [];
    this.changed = false;
    return write;
  }

  /** A write failed: its contents go back in front of what arrived since. */
  putBack<Session>(write: LogWrite<Session>): void {
    if (this.checkpoint) {
      // A newer checkpoint already supersedes the failed write.
      this.changed = true;
      return;
    }
    if (write.checkpoint) this.checkpoint = write.checkpoint;
    this.revisions = [...write.revisions, ...this.revisions];
    this.changed = true;
  }
}

/**
 * Keeps storage following the feed: one write at a time, each covering every batch that arrived
 * while the previous one was in flight, so a busy cluster gets few, large transactions.
 */
export class Persister<Session> {
  private readonly pending = new PendingWrite();
  private writing: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly backend: LogBackend<Session>,
    private readonly session: () => Session,
    private readonly onError: (error: unknown) => void,
    private readonly onWritten: (write: LogWrite<Session>) => void = () => undefined,
  ) {}

  feed(batch: FeedBatch): void {
    this.pending.add(batch);
    this.kick();
  }

  /** The session changed without a new revision. */
  sessionChanged(): void {
    this.pending.touch();
    this.kick();
  }

  /** Resolves once everything fed so far is stored (or failed). */
  async flushed(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Stops writing and clears the save, abandoning a write in flight rather than waiting on it. */
  async discard(): Promise<void> {
    this.stopped = true;
    await this.backend.discard();
  }

  /** Read afresh after an await: discard() may have run meanwhile. */
  private isStopped(): boolean {
    return this.stopped;
  }

  private kick(): void {
    if (this.writing || this.stopped) return;
    this.writing = this.drain().finally(() => {
      this.writing = null;
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const write = this.pending.take(this.session());
      if (!write) return;
      try {
        await this.backend.write(write);
      } catch (error) {
        // Abandoned by discard(): the save is gone on purpose.
        if (this.isStopped()) return;
        this.pending.putBack(write);
        this.onError(error);
        return;
      }
      this.onWritten(write);
    }
  }
}
