// What each component is doing, from the trace: the watches it holds (resource, selector, the
// revision it watches from, the events delivered on it) and the requests it made recently (verb,
// path, code, latency in virtual time and in rounds). Kept incrementally from boot on, because a
// component opens its watches once, long before the timeline's window. Pure, for tests in Node.

import type { ComponentId, TraceRecord } from '../../../workers/client/protocol.ts';

const RECENT_REQUESTS = 40;
const RECENT_EVENTS = 20;
/** Requests never answered (a stream cut short) are forgotten past this many. */
const UNANSWERED_KEPT = 500;

export interface WatchStream {
  requestId: string;
  watcher: ComponentId;
  server: ComponentId;
  /** `pods`, or the etcd key prefix the API server watches. */
  resource: string;
  path: string;
  /** `labelSelector` and `fieldSelector` of the watch, `''` when it has none. */
  selector: string;
  /** The resourceVersion it watches from. */
  since: string;
  opened: number;
  delivered: number;
  /** The newest events on it, newest last. */
  recent: TraceRecord[];
}

export interface RequestMade {
  requestId: string;
  from: ComponentId;
  to: ComponentId;
  /** `POST pods`, `txn put`, as the trace labels it. */
  label: string;
  path: string;
  code?: number;
  started: number;
  startRound: number;
  /** Virtual milliseconds and rounds until the answer, once answered. */
  latencyMs?: number;
  rounds?: number;
}

function queryOf(path: string): URLSearchParams {
  const mark = path.indexOf('?');
  return new URLSearchParams(mark === -1 ? '' : path.slice(mark + 1));
}

function selectorOf(query: URLSearchParams): string {
  return [query.get('labelSelector'), query.get('fieldSelector')]
    .filter((part): part is string => !!part)
    .join(' ');
}

function keep<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > limit) list.splice(0, list.length - limit);
}

export class ComponentActivity {
  private readonly watches = new Map<string, WatchStream>();
  private readonly requests = new Map<ComponentId, RequestMade[]>();
  private readonly unanswered = new Map<string, RequestMade>();
  /** The API server's etcd watches, by key prefix; etcd calls carry no request id. */
  private etcdWatchCount = 0;

  consume(records: readonly TraceRecord[]): void {
    for (const record of records) this.consumeOne(record);
  }

  private consumeOne(record: TraceRecord): void {
    switch (record.kind) {
      case 'request':
        this.request(record);
        return;
      case 'etcd':
        if (record.label === 'watch') this.etcdWatch(record);
        // Its own key: the request id it carries is the API request it serves.
        else this.made(record, `etcd@${String(record.seq)}`);
        return;
      case 'response':
        this.answered(record.requestId, record);
        return;
      case 'etcd-reply':
        this.etcdReply(record);
        return;
      case 'watch':
        this.delivered(record.requestId, record);
        return;
      case 'etcd-notify':
        this.etcdNotified(record);
        return;
      case 'watch-end':
        if (record.requestId) this.watches.delete(record.requestId);
        return;
      default:
        return;
    }
  }

  private request(record: TraceRecord): void {
    const requestId = record.requestId ?? `${record.from}@${String(record.seq)}`;
    if (record.label === 'stop watch') {
      this.watches.delete(requestId);
      return;
    }
    if (record.label.startsWith('WATCH ')) {
      const path = record.path ?? '';
      const query = queryOf(path);
      this.watches.set(requestId, {
        requestId,
        watcher: record.from,
        server: record.to,
        resource: record.label.slice('WATCH '.length),
        path,
        selector: selectorOf(query),
        since: query.get('resourceVersion') ?? '',
        opened: record.time,
        delivered: 0,
        recent: [],
      });
    }
    this.made(record, requestId);
  }

  private made(record: TraceRecord, requestId: string): void {
    const made: RequestMade = {
      requestId,
      from: record.from,
      to: record.to,
      label: record.label,
      path: record.path ?? record.ref ?? '',
      started: record.time,
      startRound: record.round,
    };
    const list = this.requests.get(record.from) ?? [];
    keep(list, made, RECENT_REQUESTS);
    this.requests.set(record.from, list);
    this.unanswered.set(requestId, made);
    if (this.unanswered.size > UNANSWERED_KEPT) {
      const oldest = this.unanswered.keys().next().value;
      if (oldest !== undefined) this.unanswered.delete(oldest);
    }
  }

  private answered(requestId: string | undefined, record: TraceRecord): void {
    const made = requestId ? this.unanswered.get(requestId) : undefined;
    if (!made || !requestId) return;
    this.unanswered.delete(requestId);
    if (record.code !== undefined) made.code = record.code;
    made.latencyMs = record.time - made.started;
    made.rounds = record.round - made.startRound;
  }

  /** etcd answers in order: the reply is the oldest unanswered call the API server made. */
  private etcdReply(record: TraceRecord): void {
    for (const [requestId, made] of this.unanswered) {
      if (made.to !== record.from || made.from !== record.to) continue;
      this.answered(requestId, record);
      return;
    }
  }

  private etcdWatch(record: TraceRecord): void {
    this.etcdWatchCount += 1;
    const requestId = `etcd-watch#${String(this.etcdWatchCount)}`;
    this.watches.set(requestId, {
      requestId,
      watcher: record.from,
      server: record.to,
      resource: record.ref ?? '',
      path: record.ref ?? '',
      selector: '',
      since: record.rv ?? '',
      opened: record.time,
      delivered: 0,
      recent: [],
    });
  }

  private delivered(requestId: string | undefined, record: TraceRecord): void {
    const stream = requestId ? this.watches.get(requestId) : undefined;
    if (!stream) return;
    stream.delivered += 1;
    keep(stream.recent, record, RECENT_EVENTS);
  }

  private etcdNotified(record: TraceRecord): void {
    for (const stream of this.watches.values())
      if (stream.server === record.from && record.ref?.startsWith(stream.resource))
        this.delivered(stream.requestId, record);
  }

  /** The open watches a component holds. */
  watchesOf(component: ComponentId): WatchStream[] {
    return [...this.watches.values()].filter((stream) => stream.watcher === component);
  }

  /** The open watches a component serves. */
  watchesServedBy(component: ComponentId): WatchStream[] {
    return [...this.watches.values()].filter((stream) => stream.server === component);
  }

  /** The watches on one edge of the diagram: those `watcher` holds on `server`. */
  stream(watcher: ComponentId, server: ComponentId): WatchStream[] {
    return this.watchesOf(watcher).filter((stream) => stream.server === server);
  }

  /** The requests a component made recently, newest first. */
  requestsOf(component: ComponentId): RequestMade[] {
    return [...(this.requests.get(component) ?? [])].reverse();
  }
}
