// Models etcd's server/storage/mvcc/index.go and key_index.go: every key's revisions, in key order.
// Leaves out generations and sub-revisions: a key's history is one list in which a tombstone
// (create_revision 0, as etcd marks deletes) ends a generation.

/** One version of a key: a put, or a tombstone when create_revision is 0. */
export interface KeyRevision {
  create_revision: number;
  mod_revision: number;
  version: number;
  value: string;
  lease?: number;
}

/** `range_end` as etcd reads it: absent or '' is a single key, '\0' is every key >= key. */
export function inRange(candidate: string, key: string, rangeEnd: string | undefined): boolean {
  if (rangeEnd === undefined || rangeEnd === '') return candidate === key;
  return candidate >= key && (rangeEnd === '\0' || candidate < rangeEnd);
}

export function isTombstone(revision: KeyRevision): boolean {
  return revision.create_revision === 0;
}

export class KeyIndex {
  /** Every key with history, sorted, so a prefix is one contiguous run found by binary search. */
  private keys: string[] = [];
  /** Oldest first; a key has at most one entry per store revision. */
  private readonly byKey = new Map<string, KeyRevision[]>();

  /** The key's live version at `atRev`, or undefined if it did not exist then. */
  get(key: string, atRev: number): KeyRevision | undefined {
    const history = this.byKey.get(key);
    return history && liveAt(history, atRev);
  }

  /** Calls `visit` for each key in [key, rangeEnd) live at `atRev`, in key order. */
  forEach(
    key: string,
    rangeEnd: string | undefined,
    atRev: number,
    visit: (key: string, revision: KeyRevision) => void,
  ): void {
    if (rangeEnd === undefined || rangeEnd === '') {
      const revision = this.get(key, atRev);
      if (revision) visit(key, revision);
      return;
    }
    const end = rangeEnd === '\0' ? this.keys.length : lowerBound(this.keys, rangeEnd);
    for (let i = lowerBound(this.keys, key); i < end; i++) {
      const candidate = this.keys[i] ?? '';
      const history = this.byKey.get(candidate);
      const revision = history && liveAt(history, atRev);
      if (revision) visit(candidate, revision);
    }
  }

  /** Every key with its retained history, oldest version first, in key order. */
  histories(): Iterable<[string, readonly KeyRevision[]]> {
    return this.keys.map((key): [string, readonly KeyRevision[]] => [
      key,
      this.byKey.get(key) ?? [],
    ]);
  }

  /** Records a put or tombstone newer than every revision the key already has. */
  append(key: string, revision: KeyRevision): void {
    const history = this.byKey.get(key);
    if (history) {
      history.push(revision);
      return;
    }
    this.byKey.set(key, [revision]);
    this.keys.splice(lowerBound(this.keys, key), 0, key);
  }

  /**
   * Drops what reads at `atRev` and later no longer need, as keyIndex.compact does: the newest
   * version at or below `atRev` survives unless it is a tombstone; keys left empty go.
   */
  compact(atRev: number): void {
    let emptied = false;
    for (const [key, history] of this.byKey) {
      const newest = lastAtOrBelow(history, atRev);
      const revision = history[newest];
      if (!revision) continue;
      history.splice(0, isTombstone(revision) ? newest + 1 : newest);
      if (history.length === 0) {
        this.byKey.delete(key);
        emptied = true;
      }
    }
    if (emptied) this.keys = this.keys.filter((key) => this.byKey.has(key));
  }
}

function liveAt(history: KeyRevision[], atRev: number): KeyRevision | undefined {
  const revision = history[lastAtOrBelow(history, atRev)];
  return revision && !isTombstone(revision) ? revision : undefined;
}

/** Index of the newest revision with mod_revision <= atRev, or -1. */
function lastAtOrBelow(history: KeyRevision[], atRev: number): number {
  // Reads at the current revision are the hot path: answer them without searching.
  const last = history.at(-1);
  if (last && last.mod_revision <= atRev) return history.length - 1;
  return partitionPoint(history, (revision) => revision.mod_revision <= atRev) - 1;
}

function lowerBound(keys: string[], key: string): number {
  return partitionPoint(keys, (candidate) => candidate < key);
}

/** Binary search: how many leading items satisfy `before`, in an array partitioned by it. */
function partitionPoint<T>(items: readonly T[], before: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const item = items[mid];
    if (item !== undefined && before(item)) low = mid + 1;
    else high = mid;
  }
  return low;
}
