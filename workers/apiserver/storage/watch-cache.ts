// The watch cache (k8s.io/apiserver/pkg/storage/cacher): one etcd watch on /registry feeds, per
// resource, the current objects and a window of recent events. Watches and resourceVersion=0
// reads are served from here; a watch whose resourceVersion fell out of the window gets
// `too old resource version: N (M)` (410 Expired), and a selector-filtered watch sees ADDED /
// DELETED when an object starts / stops matching (cache_watcher.go convertToWatchEvent).

import type { KubeObject, WatchEvent, WatchResponse } from '../../client/protocol.ts';
import { decode } from './store.ts';

export interface CacheEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  object: KubeObject;
  prevObject?: KubeObject;
  revision: number;
}

export interface CacheWatcher {
  /** Does the object belong to this watch (namespace, name, selectors)? */
  matches(object: KubeObject): boolean;
  deliver(event: WatchEvent): void;
  /**
   * An indexed trigger (cacher's IndexedTrigger, e.g. a kubelet's spec.nodeName=<node>): the
   * watcher only hears of objects whose field has this value, now or before the change.
   */
  trigger?: { value: string; of: (object: KubeObject) => string };
}

/** Events kept per resource; kube-apiserver keeps 100 to 102,400 aiming at 75 s of history. */
export const EVENT_WINDOW = 2_000;

class ResourceCache {
  readonly objects = new Map<string, KubeObject>();
  readonly events: CacheEvent[] = [];
  /** Revision the window starts after: watches from older revisions are too old. */
  oldestRevision: number;
  readonly watchers = new Set<CacheWatcher>();
  /** Watchers with an indexed trigger, by the value they wait for. */
  readonly triggered = new Map<string, Set<CacheWatcher>>();
  /** The triggered field's value of an object; the same for every watcher of a resource. */
  private triggerOf: ((object: KubeObject) => string) | null = null;

  constructor(startRevision: number) {
    this.oldestRevision = startRevision;
  }

  add(watcher: CacheWatcher): () => void {
    const trigger = watcher.trigger;
    if (!trigger) {
      this.watchers.add(watcher);
      return () => this.watchers.delete(watcher);
    }
    this.triggerOf ??= trigger.of;
    let set = this.triggered.get(trigger.value);
    if (!set) this.triggered.set(trigger.value, (set = new Set()));
    set.add(watcher);
    return () => set.delete(watcher);
  }

  /** Everyone who may care about `event`: untriggered watchers and the triggers it touches. */
  *interested(event: CacheEvent): Generator<CacheWatcher> {
    yield* this.watchers;
    const of = this.triggerOf;
    if (!of) return;
    const now = of(event.object);
    yield* this.triggered.get(now) ?? [];
    const before = event.prevObject ? of(event.prevObject) : now;
    if (before !== now) yield* this.triggered.get(before) ?? [];
  }

  record(event: CacheEvent): void {
    this.events.push(event);
    if (this.events.length > EVENT_WINDOW) {
      this.events.splice(0, this.events.length - EVENT_WINDOW);
      // watch_cache.go: once events were dropped the oldest deliverable one is the first kept,
      // and a watch may start from just below it.
      this.oldestRevision = (this.events[0]?.revision ?? this.oldestRevision + 1) - 1;
    }
  }
}

function withRevision(object: KubeObject, revision: number): KubeObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
}

/** What a watcher sees of one change (cacheWatcher.convertToWatchEvent). */
export function toWatchEvent(watcher: CacheWatcher, event: CacheEvent): WatchEvent | null {
  const current = event.type !== 'DELETED' && watcher.matches(event.object);
  const previous = event.prevObject !== undefined && watcher.matches(event.prevObject);
  if (current && !previous) return { type: 'ADDED', object: event.object };
  if (current && previous) return { type: 'MODIFIED', object: event.object };
  if (!current && previous && event.prevObject) {
    return { type: 'DELETED', object: withRevision(event.prevObject, event.revision) };
  }
  return null;
}

export class TooOldResourceVersionError extends Error {
  constructor(
    readonly requested: number,
    readonly oldest: number,
  ) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

export class WatchCache {
  private readonly caches = new Map<string, ResourceCache>();
  private currentRevision = 0;
  private readonly taps = new Set<(events: CacheEvent[]) => void>();

  /** `prefixes` are the storage prefixes to cache, e.g. `/registry/pods/`. */
  constructor(prefixes: Iterable<string>) {
    for (const prefix of prefixes) this.caches.set(prefix, new ResourceCache(0));
  }

  get revision(): number {
    return this.currentRevision;
  }

  private cacheFor(key: string): ResourceCache | undefined {
    const second = key.indexOf('/', '/registry/'.length);
    const oneSegment = second === -1 ? key : key.slice(0, second + 1);
    const third = second === -1 ? -1 : key.indexOf('/', second + 1);
    const twoSegments = third === -1 ? undefined : key.slice(0, third + 1);
    const nested = twoSegments === undefined ? undefined : this.caches.get(twoSegments);
    return nested ?? this.caches.get(oneSegment);
  }

  /** Fills the cache from a full range read at `revision`. */
  load(
    kvs: {
      key: string;
      value: string;
      mod_revision: number;
      create_revision: number;
      version: number;
    }[],
    revision: number,
  ): void {
    const loaded: CacheEvent[] = [];
    for (const kv of kvs) {
      const cache = this.cacheFor(kv.key);
      if (!cache) continue;
      const object = decode(kv);
      cache.objects.set(kv.key, object);
      loaded.push({ type: 'ADDED', key: kv.key, object, revision: kv.mod_revision });
    }
    for (const cache of this.caches.values()) cache.oldestRevision = revision;
    this.currentRevision = revision;
    // Observers outside the cluster (the UI) learn what a restored store already holds.
    if (loaded.length > 0) for (const tap of this.taps) tap(loaded);
  }

  /** Applies one etcd watch response (one write transaction) and fans it out. */
  apply(response: WatchResponse): void {
    const applied: CacheEvent[] = [];
    for (const mvccEvent of response.events) {
      const cache = this.cacheFor(mvccEvent.kv.key);
      const revision = mvccEvent.kv.mod_revision;
      this.currentRevision = Math.max(this.currentRevision, revision);
      if (!cache) continue;
      const key = mvccEvent.kv.key;
      const prevObject = cache.objects.get(key);
      let event: CacheEvent;
      if (mvccEvent.type === 'DELETE') {
        if (!prevObject) continue;
        cache.objects.delete(key);
        event = {
          type: 'DELETED',
          key,
          object: withRevision(prevObject, revision),
          prevObject,
          revision,
        };
      } else {
        const object = decode(mvccEvent.kv);
        cache.objects.set(key, object);
        event = prevObject
          ? { type: 'MODIFIED', key, object, prevObject, revision }
          : { type: 'ADDED', key, object, revision };
      }
      cache.record(event);
      applied.push(event);
      for (const watcher of cache.interested(event)) {
        const watchEvent = toWatchEvent(watcher, event);
        if (watchEvent) watcher.deliver(watchEvent);
      }
    }
    this.currentRevision = Math.max(this.currentRevision, response.header.revision);
    if (applied.length > 0) for (const tap of this.taps) tap(applied);
  }

  get(key: string): KubeObject | undefined {
    return this.cacheFor(key)?.objects.get(key);
  }

  /** Objects under `prefix` (a resource, or a resource in one namespace), ordered by key. */
  list(prefix: string): KubeObject[] {
    const cache = this.cacheFor(prefix);
    if (!cache) return [];
    const keys = [...cache.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
    return keys.map((key) => cache.objects.get(key)).filter((object) => object !== undefined);
  }

  /**
   * Registers a watcher on the resource at `resourcePrefix`. With `fromRevision` null the watcher
   * first gets an ADDED event for every current object under `scopePrefix`; otherwise it gets the
   * recorded events after that revision. `watcher.matches` must itself check the namespace and
   * name the watch is scoped to; `scopePrefix` only narrows the initial listing. Returns the
   * unsubscribe function.
   */
  watch(
    resourcePrefix: string,
    scopePrefix: string,
    watcher: CacheWatcher,
    fromRevision: number | null,
  ): () => void {
    const cache = this.cacheFor(resourcePrefix);
    if (!cache) throw new Error(`no watch cache for ${resourcePrefix}`);
    if (fromRevision === null) {
      for (const object of this.list(scopePrefix)) {
        if (watcher.matches(object)) watcher.deliver({ type: 'ADDED', object });
      }
    } else {
      if (fromRevision < cache.oldestRevision)
        throw new TooOldResourceVersionError(fromRevision, cache.oldestRevision);
      for (const event of cache.events) {
        if (event.revision <= fromRevision || !event.key.startsWith(scopePrefix)) continue;
        const watchEvent = toWatchEvent(watcher, event);
        if (watchEvent) watcher.deliver(watchEvent);
      }
    }
    return cache.add(watcher);
  }

  /** Observers outside the cluster (the UI): every applied change, untraced. */
  addTap(listener: (events: CacheEvent[]) => void): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }
}
