// A shared informer: client-go's Reflector (ListAndWatch) feeding a thread-safe store and event
// handlers (tools/cache/reflector.go, shared_informer.go). It lists at resourceVersion=0, watches
// from the list's resourceVersion with bookmarks and a random 5–10 minute timeout, resumes from
// the last seen resourceVersion when the server ends the stream, and re-lists on 410 Expired.
// Left out: resync periods and the streaming-list (sendInitialEvents) mode.

import type { Clock } from '../host/clock.ts';
import type { Rng } from '../host/rng.ts';
import type { ResourceClient } from './client.ts';
import type { ApiResponse, KubeObject, WatchEvent } from './protocol.ts';
import type { WatchStream } from './transport.ts';

export interface EventHandlers<T> {
  onAdd?(object: T): void;
  onUpdate?(oldObject: T, newObject: T): void;
  onDelete?(object: T): void;
}

export interface InformerOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

/** `namespace/name`, or `name` for cluster-scoped objects: client-go's MetaNamespaceKeyFunc. */
export function objectKey(object: KubeObject): string {
  const meta = object.metadata;
  return meta?.namespace ? `${meta.namespace}/${meta.name ?? ''}` : (meta?.name ?? '');
}

// client-go reflector: minWatchTimeout = 5 min, timeout in [min, 2*min).
const MIN_WATCH_TIMEOUT_SECONDS = 300;
// The reflector's backoff after a failed list or watch (wait.Backoff{Duration: 800ms, Cap: 30s}).
const INITIAL_BACKOFF_MS = 800;
const MAX_BACKOFF_MS = 30_000;

export class Informer<T extends KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly handlers: EventHandlers<T>[] = [];
  private lastResourceVersion = '';
  private watchStream: WatchStream | null = null;
  private stopped = false;
  private synced = false;
  private readonly syncWaiters: (() => void)[] = [];
  private backoffMs = INITIAL_BACKOFF_MS;
  private started = false;

  constructor(
    private readonly client: ResourceClient<T>,
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly options: InformerOptions = {},
  ) {}

  addEventHandler(handlers: EventHandlers<T>): void {
    this.handlers.push(handlers);
    // Late subscribers see the current contents as adds, like client-go's AddEventHandler.
    for (const object of this.items.values()) handlers.onAdd?.(object);
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  get hasSynced(): boolean {
    return this.synced;
  }

  /** Starts list-and-watch; resolves once the first list has filled the store. */
  start(): Promise<void> {
    if (!this.started) {
      this.started = true;
      void this.listAndWatch();
    }
    return this.synced
      ? Promise.resolve()
      : new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    this.watchStream?.stop();
    this.watchStream = null;
  }

  private isStopped(): boolean {
    return this.stopped;
  }

  private async listAndWatch(): Promise<void> {
    if (this.stopped) return;
    let list;
    try {
      list = await this.client.list({ ...this.options, resourceVersion: '0' });
    } catch {
      this.retryLater(() => void this.listAndWatch());
      return;
    }
    // stop() may have been called while the list was in flight.
    if (this.isStopped()) return;
    // List items arrive without apiVersion/kind; typed clients know them, and so does this one.
    const kind = list.kind?.replace(/List$/, '');
    const items = list.items.map((item) => ({ ...item, apiVersion: list.apiVersion, kind }));
    this.replace(items);
    this.lastResourceVersion = list.metadata.resourceVersion ?? '';
    this.backoffMs = INITIAL_BACKOFF_MS;
    if (!this.synced) {
      this.synced = true;
      for (const resolve of this.syncWaiters.splice(0)) resolve();
    }
    this.watch();
  }

  private retryLater(action: () => void): void {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.clock.setTimeout(action, delay);
  }

  private watch(): void {
    if (this.stopped) return;
    const timeoutSeconds = MIN_WATCH_TIMEOUT_SECONDS + this.rng.int(MIN_WATCH_TIMEOUT_SECONDS);
    this.watchStream = this.client.watch(
      {
        ...this.options,
        resourceVersion: this.lastResourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds,
      },
      {
        onEvents: (events) => {
          this.handleEvents(events);
        },
        onEnd: (response) => {
          this.handleEnd(response);
        },
      },
    );
  }

  private handleEvents(events: WatchEvent[]): void {
    for (const event of events) {
      if (this.stopped) return;
      if (event.type === 'ERROR') {
        // Usually 410 Expired: our resourceVersion fell out of the watch cache. Start over.
        this.watchStream?.stop();
        this.watchStream = null;
        void this.listAndWatch();
        return;
      }
      const object = event.object as T;
      const resourceVersion = object.metadata?.resourceVersion;
      if (resourceVersion) this.lastResourceVersion = resourceVersion;
      if (event.type === 'BOOKMARK') continue;
      const key = objectKey(object);
      const previous = this.items.get(key);
      if (event.type === 'DELETED') {
        this.items.delete(key);
        for (const handler of this.handlers) handler.onDelete?.(object);
      } else if (previous) {
        this.items.set(key, object);
        for (const handler of this.handlers) handler.onUpdate?.(previous, object);
      } else {
        this.items.set(key, object);
        for (const handler of this.handlers) handler.onAdd?.(object);
      }
    }
  }

  private handleEnd(response: ApiResponse | undefined): void {
    this.watchStream = null;
    if (this.stopped) return;
    if (response === undefined) {
      // The server closed the stream at its timeout: resume where we were.
      this.watch();
    } else if (response.code === 410) {
      void this.listAndWatch();
    } else {
      this.retryLater(() => void this.listAndWatch());
    }
  }

  /** Swaps in a fresh list, telling handlers what changed (client-go's DeltaFIFO Replace). */
  private replace(items: T[]): void {
    const fresh = new Map(items.map((item) => [objectKey(item), item]));
    for (const [key, old] of this.items) {
      if (!fresh.has(key)) {
        this.items.delete(key);
        for (const handler of this.handlers) handler.onDelete?.(old);
      }
    }
    for (const [key, item] of fresh) {
      const previous = this.items.get(key);
      this.items.set(key, item);
      if (previous) {
        if (previous.metadata?.resourceVersion !== item.metadata?.resourceVersion) {
          for (const handler of this.handlers) handler.onUpdate?.(previous, item);
        }
      } else {
        for (const handler of this.handlers) handler.onAdd?.(item);
      }
    }
  }
}

/** Shares one informer per resource and selector among a component's controllers (SharedInformerFactory). */
export class InformerFactory {
  private readonly informers = new Map<string, Informer<KubeObject>>();

  constructor(
    private readonly client: {
      resource<T extends KubeObject>(type: {
        group: string;
        version: string;
        resource: string;
      }): ResourceClient<T>;
    },
    private readonly clock: Clock,
    private readonly rng: Rng,
  ) {}

  for<T extends KubeObject>(
    type: { group: string; version: string; resource: string },
    options: InformerOptions = {},
  ): Informer<T> {
    const key = `${type.group}/${type.version}/${type.resource}?${options.labelSelector ?? ''}&${options.fieldSelector ?? ''}`;
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new Informer<KubeObject>(
        this.client.resource(type),
        this.clock,
        this.rng,
        options,
      );
      this.informers.set(key, informer);
    }
    return informer as unknown as Informer<T>;
  }

  /** Starts every informer created so far; resolves when all have synced. */
  async start(): Promise<void> {
    await Promise.all([...this.informers.values()].map((informer) => informer.start()));
  }

  stop(): void {
    for (const informer of this.informers.values()) informer.stop();
  }
}
