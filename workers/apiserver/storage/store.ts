// Objects in etcd, as k8s.io/apiserver/pkg/storage/etcd3/store.go keeps them: JSON values under
// /registry keys, metadata.resourceVersion taken from the key's mod_revision (never stored),
// create as a txn on mod_revision == 0, updates as compare-and-swap loops (GuaranteedUpdate).
// Objects with a TTL (Events) are written with a lease from the lease manager (ttlOpts).
// Left out: encryption at rest, protobuf encoding.

import type { KeyValue, KubeObject, TraceDraft } from '../../client/protocol.ts';
import { deepFreeze } from '../../host/freeze.ts';
import type { EtcdClient } from './etcd-client.ts';
import type { LeaseManager } from './lease-manager.ts';

export type StorageErrorCode =
  'KeyNotFound' | 'KeyExists' | 'ResourceVersionConflicts' | 'InvalidObj';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

/** The exclusive end of a prefix range (clientv3.GetPrefixRangeEnd). */
export function prefixEnd(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const code = prefix.charCodeAt(i);
    if (code < 0xff) return prefix.slice(0, i) + String.fromCharCode(code + 1);
  }
  return '\0';
}

/** The stored bytes each decoded object came from, so an update can compare without re-encoding. */
const storedValues = new WeakMap<KubeObject, string>();

function parse(value: string, revision: number): KubeObject {
  const object = JSON.parse(value) as KubeObject;
  object.metadata = { ...object.metadata, resourceVersion: String(revision) };
  storedValues.set(object, value);
  return object;
}

/**
 * The same revision of a key is often decoded twice in a row (a write's reply, then its watch
 * notification): both get the same object. Decoded objects are shared and must not be changed.
 */
const recentlyDecoded = new Map<string, KubeObject>();
const RECENTLY_DECODED_KEPT = 512;

export function decode(kv: KeyValue): KubeObject {
  const id = `${kv.key}@${kv.mod_revision}`;
  const known = recentlyDecoded.get(id);
  if (known && storedValues.get(known) === kv.value) return known;
  // Frozen: the watch cache, replies and watchers all share it, and nobody may change it.
  const object = deepFreeze(parse(kv.value, kv.mod_revision));
  recentlyDecoded.set(id, object);
  if (recentlyDecoded.size > RECENTLY_DECODED_KEPT) {
    const oldest = recentlyDecoded.keys().next().value;
    if (oldest !== undefined) recentlyDecoded.delete(oldest);
  }
  return object;
}

export function encode(object: KubeObject): string {
  const { resourceVersion: _ignored, ...metadata } = object.metadata ?? {};
  return JSON.stringify({ ...object, metadata });
}

/** storage.NewInvalidObjError, worded as StorageError.Error() prints it (clients see this text). */
function invalidObject(key: string, message: string): StorageError {
  return new StorageError(
    'InvalidObj',
    key,
    `StorageError: invalid object, Code: 4, Key: ${key}, ResourceVersion: 0, AdditionalErrorMsg: ${message}`,
  );
}

function checkPreconditions(
  key: string,
  preconditions: Preconditions | undefined,
  current: KubeObject,
): void {
  if (!preconditions) return;
  const meta = current.metadata ?? {};
  if (preconditions.uid !== undefined && preconditions.uid !== meta.uid) {
    throw invalidObject(
      key,
      `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${meta.uid ?? ''}`,
    );
  }
  if (
    preconditions.resourceVersion !== undefined &&
    preconditions.resourceVersion !== meta.resourceVersion
  ) {
    throw invalidObject(
      key,
      `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion ?? ''}`,
    );
  }
}

export interface ListResult {
  items: KubeObject[];
  revision: number;
  /** Set when a limit cut the list short: the key to continue from. */
  nextKey?: string;
  remaining?: number;
}

export class ObjectStore {
  constructor(
    private readonly etcd: EtcdClient,
    /** The watch cache's copy of a key, when there is one. */
    private readonly cached?: (key: string) => KubeObject | undefined,
    private readonly leases?: LeaseManager,
  ) {}

  /** store.ttlOpts: the lease a write with a TTL (seconds) attaches its key to; none for 0. */
  private async leaseFor(ttl: number | undefined): Promise<{ lease?: number }> {
    if (!ttl || !this.leases) return {};
    return { lease: await this.leases.getLease(ttl) };
  }

  async create(
    key: string,
    object: KubeObject,
    trace?: Partial<TraceDraft>,
    ttl?: number,
  ): Promise<KubeObject> {
    const value = encode(object);
    const lease = await this.leaseFor(ttl);
    const response = await this.etcd.txn(
      {
        compare: [{ key, target: 'MOD', result: 'EQUAL', mod_revision: 0 }],
        success: [{ request_put: { key, value, ...lease } }],
        failure: [],
      },
      trace,
    );
    if (!response.succeeded) throw new StorageError('KeyExists', key, `key exists: ${key}`);
    return decode({
      key,
      value,
      mod_revision: response.header.revision,
      create_revision: 0,
      version: 1,
    });
  }

  async get(key: string, trace?: Partial<TraceDraft>): Promise<KubeObject | null> {
    const response = await this.etcd.range({ key }, trace);
    const kv = response.kvs[0];
    return kv ? decode(kv) : null;
  }

  async list(
    prefix: string,
    options: {
      revision?: number;
      limit?: number;
      startKey?: string;
      filter?: (object: KubeObject) => boolean;
    },
    trace?: Partial<TraceDraft>,
  ): Promise<ListResult> {
    const end = prefixEnd(prefix);
    const items: KubeObject[] = [];
    let from = options.startKey ?? prefix;
    let revision = options.revision ?? 0;
    const limit = options.limit ?? 0;
    // Like etcd3/store.go GetList: keep reading pages until the filtered page is full.
    for (;;) {
      const response = await this.etcd.range(
        { key: from, range_end: end, revision, ...(limit > 0 ? { limit } : {}) },
        trace,
      );
      if (revision === 0) revision = response.header.revision;
      for (const kv of response.kvs) {
        const object = decode(kv);
        if (options.filter && !options.filter(object)) continue;
        items.push(object);
        if (limit > 0 && items.length === limit) {
          const more = response.more || kv !== response.kvs[response.kvs.length - 1];
          return more
            ? {
                items,
                revision,
                nextKey: `${kv.key}\0`,
                remaining: response.count - response.kvs.indexOf(kv) - 1,
              }
            : { items, revision };
        }
      }
      const last = response.kvs[response.kvs.length - 1];
      if (!response.more || !last) return { items, revision };
      from = `${last.key}\0`;
    }
  }

  /**
   * Lets `tryUpdate` compute the object's new state and writes it only if nobody wrote in
   * between; otherwise retries with the newer state. An unchanged object is not written. Like the
   * cacher, it starts from the watch cache's copy instead of reading etcd, and reads etcd only
   * when that copy turns out to be stale (etcd3/store.go GuaranteedUpdate, cachedExistingObject).
   */
  async guaranteedUpdate(
    key: string,
    /** Gets the current (frozen) object and returns a new one; it must not change its argument. */
    tryUpdate: (current: KubeObject) => KubeObject | Promise<KubeObject>,
    options: { preconditions?: Preconditions; trace?: Partial<TraceDraft>; ttl?: number } = {},
  ): Promise<KubeObject> {
    const cached = this.cached?.(key);
    let current: KubeObject | null = cached ?? (await this.get(key, options.trace));
    let isCurrent = cached === undefined;
    const refresh = async (): Promise<void> => {
      current = await this.get(key, options.trace);
      isCurrent = true;
    };
    for (;;) {
      if (!current) throw new StorageError('KeyNotFound', key, `key not found: ${key}`);
      const revision = current.metadata?.resourceVersion;
      let updated: KubeObject;
      try {
        checkPreconditions(key, options.preconditions, current);
        updated = await tryUpdate(current);
      } catch (error) {
        // A refusal based on possibly stale data is checked against etcd before it stands.
        if (isCurrent) throw error;
        await refresh();
        if (current?.metadata?.resourceVersion === revision) throw error;
        continue;
      }
      const value = encode(updated);
      if (value === (storedValues.get(current) ?? encode(current))) {
        if (isCurrent) return current;
        await refresh();
        continue;
      }
      const lease = await this.leaseFor(options.ttl);
      const response = await this.etcd.txn(
        {
          compare: [{ key, target: 'MOD', result: 'EQUAL', mod_revision: Number(revision) }],
          success: [{ request_put: { key, value, ...lease } }],
          failure: [{ request_range: { key } }],
        },
        options.trace,
      );
      if (response.succeeded) {
        return decode({
          key,
          value,
          mod_revision: response.header.revision,
          create_revision: 0,
          version: 0,
        });
      }
      const failure = response.responses[0];
      const kv = failure && 'response_range' in failure ? failure.response_range.kvs[0] : undefined;
      current = kv ? decode(kv) : null;
      isCurrent = true;
    }
  }

  /** Deletes the object if it still is what `check` approves; returns its last state. */
  async delete(
    key: string,
    options: {
      preconditions?: Preconditions;
      trace?: Partial<TraceDraft>;
      current?: KubeObject;
    } = {},
  ): Promise<KubeObject> {
    let current = options.current ?? (await this.get(key, options.trace));
    for (;;) {
      if (!current) throw new StorageError('KeyNotFound', key, `key not found: ${key}`);
      checkPreconditions(key, options.preconditions, current);
      const response = await this.etcd.txn(
        {
          compare: [
            {
              key,
              target: 'MOD',
              result: 'EQUAL',
              mod_revision: Number(current.metadata?.resourceVersion),
            },
          ],
          success: [{ request_delete_range: { key } }],
          failure: [{ request_range: { key } }],
        },
        options.trace,
      );
      if (response.succeeded) return current;
      const failure = response.responses[0];
      const kv = failure && 'response_range' in failure ? failure.response_range.kvs[0] : undefined;
      current = kv ? decode(kv) : null;
    }
  }
}
