// The cluster at any retained revision, rebuilt from etcd's history (workers/etcd/history.ts): the
// keys at the oldest retained revision, then each write replayed in order, decoded as kube-apiserver
// decodes a stored object (JSON, resourceVersion from the kv's mod_revision). Pure: tested in Node.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { BUILTIN_RESOURCES } from '../../../workers/api/resources.ts';
import type { KeyValue, KubeObject } from '../../../workers/client/protocol.ts';
import type { HistoryResponse } from '../../../workers/etcd/history.ts';

export type ChangeType = 'created' | 'updated' | 'deleted';

export interface Change {
  type: ChangeType;
  key: string;
  /** kubectl's `resource/name` for the key, e.g. `pods/web-7d9f-x2`. */
  ref: string;
  /** A change a learner would look for: an object came or went, its spec or a pod's phase moved. */
  notable: boolean;
}

export interface TimelineEntry {
  revision: number;
  /** Virtual ms since the epoch, or null when etcd did not see it written. */
  time: number | null;
  changes: Change[];
}

/** Every how many revisions a full copy of the keys is kept, so a read replays at most this many. */
const CHECKPOINT_EVERY = 128;

/** Writes nobody scrubs for: heartbeats and the events that narrate other changes. */
const QUIET_RESOURCES = new Set(['leases', 'events']);

/** Storage prefixes, longest first, so `services/endpoints` wins over `services`. */
const PREFIXES = BUILTIN_RESOURCES.map((type) => ({
  prefix: `/registry/${type.etcdPrefix}/`,
  resource: type.resource,
})).sort((a, b) => b.prefix.length - a.prefix.length);

/** `/registry/minions/node-1` → `nodes/node-1`; the namespace is left out, as kubectl prints it. */
export function refOfKey(key: string): string {
  const known = PREFIXES.find((candidate) => key.startsWith(candidate.prefix));
  const [first = '', ...rest] = key.slice('/registry/'.length).split('/');
  const resource = known?.resource ?? first;
  const name = (known ? key.slice(known.prefix.length).split('/') : rest).at(-1) ?? '';
  return `${resource}/${name}`;
}

function resourceOfRef(ref: string): string {
  return ref.slice(0, ref.indexOf('/'));
}

/** What kube-apiserver's storage decode does: the stored JSON, versioned by the kv's mod_revision. */
export function decodeStored(kv: KeyValue): KubeObject {
  const object = JSON.parse(kv.value) as KubeObject;
  object.metadata = { ...object.metadata, resourceVersion: String(kv.mod_revision) };
  return object;
}

function readyStatus(node: Node): string | undefined {
  return node.status?.conditions?.find((condition) => condition.type === 'Ready')?.status;
}

function updateIsNotable(previous: KubeObject, next: KubeObject): boolean {
  const [before, after] = [previous.metadata, next.metadata];
  if (before?.generation !== after?.generation) return true;
  if (!before?.deletionTimestamp && after?.deletionTimestamp) return true;
  if (next.kind === 'Pod') {
    const [a, b] = [previous as Pod, next as Pod];
    return a.status?.phase !== b.status?.phase || a.spec?.nodeName !== b.spec?.nodeName;
  }
  if (next.kind === 'Node') return readyStatus(previous as Node) !== readyStatus(next as Node);
  return false;
}

function describeChange(kv: KeyValue, previous: KeyValue | undefined): Change {
  const ref = refOfKey(kv.key);
  const type: ChangeType =
    kv.create_revision === 0
      ? 'deleted'
      : kv.create_revision === kv.mod_revision
        ? 'created'
        : 'updated';
  let notable = !QUIET_RESOURCES.has(resourceOfRef(ref));
  if (notable && type === 'updated' && previous)
    notable = updateIsNotable(decodeStored(previous), decodeStored(kv));
  return { type, key: kv.key, ref, notable };
}

/** One line for a revision: its first notable change (else its first), and how many more. */
export function summarize(entry: TimelineEntry): string {
  const lead = entry.changes.find((change) => change.notable) ?? entry.changes[0];
  if (!lead) return 'no change under /registry/';
  const more = entry.changes.length - 1;
  return `${lead.ref} ${lead.type}${more > 0 ? `, +${more} more` : ''}`;
}

export class CompactedRevisionError extends Error {
  constructor(revision: number, first: number) {
    super(
      `revision ${revision} is not retained: history starts at ${first} (etcdserver: mvcc: required revision has been compacted)`,
    );
    this.name = 'CompactedRevisionError';
  }
}

export class Timeline {
  readonly first: number;
  /** The newest revision in this read of the history. */
  readonly last: number;
  readonly compactRevision: number;
  readonly entries: readonly TimelineEntry[];
  private readonly writes: readonly (readonly KeyValue[])[];
  private readonly checkpoints = new Map<number, ReadonlyMap<string, KeyValue>>();

  constructor(history: HistoryResponse) {
    this.first = history.first;
    this.last = history.revision;
    this.compactRevision = history.compactRevision;
    this.writes = history.revisions.map((entry) => entry.changes);
    const keys = new Map(history.base.map((kv) => [kv.key, kv]));
    const entries: TimelineEntry[] = [];
    for (const entry of history.revisions) {
      // The base already holds the oldest revision's writes, and not what they replaced.
      const replayed = entry.revision > this.first;
      const changes = entry.changes.map((kv) =>
        describeChange(kv, replayed ? keys.get(kv.key) : undefined),
      );
      if (replayed) applyWrites(keys, entry.changes);
      entries.push({ revision: entry.revision, time: entry.time, changes });
      if ((entry.revision - this.first) % CHECKPOINT_EVERY === 0)
        this.checkpoints.set(entry.revision, new Map(keys));
    }
    this.entries = entries;
  }

  /** Whether a read at `revision` can be answered: the compacted past and the future cannot. */
  retains(revision: number): boolean {
    return revision >= this.first && revision <= this.last;
  }

  entryAt(revision: number): TimelineEntry | undefined {
    return this.entries[revision - this.first];
  }

  /** Every key and its kv as etcd held it at `revision`. */
  kvsAt(revision: number): Map<string, KeyValue> {
    if (!this.retains(revision)) throw new CompactedRevisionError(revision, this.first);
    const from = revision - ((revision - this.first) % CHECKPOINT_EVERY);
    const keys = new Map(this.checkpoints.get(from));
    for (let next = from + 1; next <= revision; next++)
      applyWrites(keys, this.writes[next - this.first] ?? []);
    return keys;
  }

  /** The stored objects at `revision`, keyed as the UI's object cache keys them. */
  objectsAt(revision: number): Map<string, KubeObject> {
    const objects = new Map<string, KubeObject>();
    for (const [key, kv] of this.kvsAt(revision)) objects.set(key, decodeStored(kv));
    return objects;
  }

  /** The revision nearest `revision` that a read can answer. */
  clamp(revision: number): number {
    return Math.min(this.last, Math.max(this.first, Math.round(revision)));
  }

  /** The nearest revision before (-1) or after (+1) `revision` with a notable change, if any. */
  nextNotable(revision: number, direction: -1 | 1): number | undefined {
    for (let at = revision + direction; this.retains(at); at += direction) {
      if (this.entryAt(at)?.changes.some((change) => change.notable)) return at;
    }
    return undefined;
  }
}

function applyWrites(keys: Map<string, KeyValue>, writes: readonly KeyValue[]): void {
  for (const kv of writes) {
    if (kv.create_revision === 0) keys.delete(kv.key);
    else keys.set(kv.key, kv);
  }
}
