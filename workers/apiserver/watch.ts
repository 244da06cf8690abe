// Serving one watch from the cache (cacher.Watch + cacheWatcher): the start point from
// resourceVersion, initial events for resourceVersion 0/unset (or sendInitialEvents), bookmarks
// when the client allows them, and the end of the stream at timeoutSeconds, after which clients
// resume from their last resourceVersion.

import { badRequest, expired, type Status } from '../api/errors.ts';
import type { KubeObject, WatchEvent } from '../client/protocol.ts';
import type { Clock, TimerHandle } from '../host/clock.ts';
import type { Rng } from '../host/rng.ts';
import { ApiError } from './registry/generic.ts';
import type { Strategy } from './registry/strategy.ts';
import { fieldsOf, selects, type Selection } from './selection.ts';
import {
  TooOldResourceVersionError,
  type CacheWatcher,
  type WatchCache,
} from './storage/watch-cache.ts';

export interface WatchSink {
  send(event: WatchEvent): void;
  end(): void;
}

export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

/** kube-apiserver's --min-request-timeout: unset timeouts are random in [1800 s, 3600 s). */
const MIN_REQUEST_TIMEOUT_SECONDS = 1800;
/** The cacher sends a bookmark about a minute apart, and just before the deadline. */
const BOOKMARK_PERIOD_MS = 60_000;
const BOOKMARK_BEFORE_DEADLINE_MS = 2_000;

function bookmark(
  strategy: Strategy,
  revision: number,
  annotations?: Record<string, string>,
): WatchEvent {
  return {
    type: 'BOOKMARK',
    object: {
      kind: strategy.type.kind,
      apiVersion: strategy.type.group
        ? `${strategy.type.group}/${strategy.type.version}`
        : strategy.type.version,
      metadata: { resourceVersion: String(revision), ...(annotations ? { annotations } : {}) },
    },
  };
}

function errorEvent(status: Status): WatchEvent {
  return { type: 'ERROR', object: status };
}

export class WatchServer {
  constructor(
    private readonly cache: WatchCache,
    private readonly clock: Clock,
    private readonly rng: Rng,
  ) {}

  start(
    strategy: Strategy,
    selection: Selection,
    query: Record<string, string>,
    sink: WatchSink,
    output: (object: KubeObject) => KubeObject,
  ): { stop(): void } {
    const resourceVersion = query.resourceVersion ?? '';
    const sendInitialEvents = query.sendInitialEvents === 'true';
    const allowBookmarks = query.allowWatchBookmarks === 'true';
    if (sendInitialEvents && !allowBookmarks) {
      throw new ApiError(
        badRequest('sendInitialEvents is forbidden for watch unless allowWatchBookmarks=true'),
      );
    }
    const fromRevision =
      sendInitialEvents || resourceVersion === '' || resourceVersion === '0'
        ? query.sendInitialEvents === 'false'
          ? this.cache.revision
          : null
        : Number(resourceVersion);
    if (fromRevision !== null && !Number.isFinite(fromRevision)) {
      throw new ApiError(badRequest(`invalid resource version: ${resourceVersion}`));
    }

    let lastSent = fromRevision ?? 0;
    let stopped = false;
    // [0] is the periodic bookmark, re-armed in place so the list never grows.
    const timers: TimerHandle[] = [];
    const deliver = (event: WatchEvent): void => {
      if (stopped) return;
      const revision = Number(event.object.metadata?.resourceVersion ?? 0);
      if (revision > lastSent) lastSent = revision;
      sink.send({ type: event.type, object: output(event.object) });
    };
    const prefix = `/registry/${strategy.type.etcdPrefix}/`;
    const scope =
      strategy.type.namespaced && selection.namespace ? `${prefix}${selection.namespace}/` : prefix;
    let unsubscribe: () => void;
    const watcher: CacheWatcher = { matches: (object) => selects(selection, object), deliver };
    const triggerField = strategy.triggerField;
    const wanted = triggerField
      ? selection.fields.terms.find((term) => term.field === triggerField && term.operator === '=')
      : undefined;
    if (triggerField && wanted) {
      watcher.trigger = {
        value: wanted.value,
        of: (object) => fieldsOf(strategy, object)[triggerField] ?? '',
      };
    }
    try {
      unsubscribe = this.cache.watch(prefix, scope, watcher, fromRevision);
    } catch (error) {
      if (!(error instanceof TooOldResourceVersionError)) throw error;
      // Still a 200 stream: its one event is the 410 Status (K8S.md §11 #5).
      sink.send(errorEvent(expired(error.message)));
      sink.end();
      return { stop: () => undefined };
    }
    if (fromRevision === null && sendInitialEvents) {
      sink.send(
        bookmark(strategy, this.cache.revision, { [INITIAL_EVENTS_END_ANNOTATION]: 'true' }),
      );
    }

    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      for (const timer of timers) this.clock.clearTimeout(timer);
    };
    const requested = Number(query.timeoutSeconds ?? 0);
    const timeoutMs =
      (requested > 0 ? requested : MIN_REQUEST_TIMEOUT_SECONDS * (1 + this.rng.float())) * 1000;
    if (allowBookmarks) {
      const sendBookmark = (): void => {
        if (stopped || this.cache.revision <= lastSent) return;
        lastSent = this.cache.revision;
        sink.send(bookmark(strategy, this.cache.revision));
      };
      const periodic = (): void => {
        sendBookmark();
        if (!stopped) timers[0] = this.clock.setTimeout(periodic, BOOKMARK_PERIOD_MS);
      };
      timers[0] = this.clock.setTimeout(periodic, BOOKMARK_PERIOD_MS);
      if (timeoutMs > BOOKMARK_BEFORE_DEADLINE_MS) {
        timers.push(this.clock.setTimeout(sendBookmark, timeoutMs - BOOKMARK_BEFORE_DEADLINE_MS));
      }
    }
    timers.push(
      this.clock.setTimeout(() => {
        stop();
        sink.end();
      }, timeoutMs),
    );
    return { stop };
  }
}
