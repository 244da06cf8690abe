// The trace timeline's model: trace records grouped by the API request they belong to, one row
// per request with its hops in order (client → apiserver, the handler chain, apiserver → etcd,
// the reply, the watch fan-out of what it wrote, the response). Pure, for tests in Node.

import type { ComponentId, TraceRecord } from '../../../workers/client/protocol.ts';

export interface TraceRequest {
  /** The request id the hops share, or a key for a hop that belongs to no request. */
  id: string;
  /** What the row says: the request's own label (`POST pods`), or the lone hop's. */
  title: string;
  /** Who started it. */
  from: ComponentId;
  /** The object concerned, as the first hop naming one says. */
  ref?: string;
  /** The response's HTTP code, once answered. */
  code?: number;
  /** The revisions it wrote to etcd. */
  revisions: string[];
  hops: TraceRecord[];
}

export interface TimelineFilter {
  /** A component id (`kube-scheduler`, `kubelet/node-1`); '' for all. */
  component: string;
  /** Text an object reference must contain (`nginx`, `pods/default`); '' for all. */
  object: string;
}

/** etcd answers its calls in order; a reply belongs to the oldest call still unanswered. */
interface PendingCall {
  request: TraceRequest;
  writes: boolean;
  key?: string;
}

const WRITE_CALL = /\b(put|delete)\b/;

/** etcd notifies its watchers of a write before it answers it: the pending write of that key. */
function notifiedWrite(
  pending: readonly PendingCall[],
  record: TraceRecord,
): TraceRequest | undefined {
  if (record.kind !== 'etcd-notify') return undefined;
  return pending.find((call) => call.writes && call.key === record.ref)?.request;
}

function standalone(record: TraceRecord, id: string): TraceRequest {
  const request: TraceRequest = {
    id,
    title: record.label,
    from: record.from,
    revisions: [],
    hops: [],
  };
  if (record.ref) request.ref = record.ref;
  return request;
}

/** Groups records (in `seq` order) into requests, ordered by their first hop. */
export function groupByRequest(records: readonly TraceRecord[]): TraceRequest[] {
  const requests = new Map<string, TraceRequest>();
  const byRevision = new Map<string, TraceRequest>();
  const pending: PendingCall[] = [];

  const open = (id: string, record: TraceRecord): TraceRequest => {
    let request = requests.get(id);
    if (!request) {
      request = standalone(record, id);
      requests.set(id, request);
    }
    return request;
  };
  const add = (request: TraceRequest, record: TraceRecord): void => {
    request.hops.push(record);
    if (!request.ref && record.ref) request.ref = record.ref;
  };

  for (const record of records) {
    switch (record.kind) {
      case 'etcd': {
        const request = open(record.requestId ?? `etcd#${String(record.seq)}`, record);
        add(request, record);
        const call: PendingCall = { request, writes: WRITE_CALL.test(record.label) };
        if (record.ref) call.key = record.ref;
        pending.push(call);
        break;
      }
      case 'etcd-reply': {
        const call = pending.shift();
        const request = call?.request ?? open(`etcd-reply#${String(record.seq)}`, record);
        add(request, record);
        if (call?.writes && record.rv && !record.label.endsWith('failed')) {
          request.revisions.push(record.rv);
          byRevision.set(record.rv, request);
        }
        break;
      }
      case 'etcd-notify':
      case 'watch': {
        // A watch event is the fan-out of the write that made its revision.
        const rv = record.rv ?? '';
        const writer = byRevision.get(rv) ?? notifiedWrite(pending, record);
        if (writer && record.kind === 'etcd-notify') byRevision.set(rv, writer);
        if (writer) add(writer, record);
        else {
          const fanOut = open(`rv#${rv}`, record);
          fanOut.title = `watch fan-out rv=${rv}`;
          add(fanOut, record);
        }
        break;
      }
      default: {
        const request = open(record.requestId ?? `hop#${String(record.seq)}`, record);
        if (record.kind === 'request' && request.hops.length === 0) request.title = record.label;
        if (record.kind === 'response' && record.code !== undefined) request.code = record.code;
        add(request, record);
      }
    }
  }
  return [...requests.values()].sort((a, b) => (a.hops[0]?.seq ?? 0) - (b.hops[0]?.seq ?? 0));
}

/** `/registry/pods/default/nginx` and `pods/default/nginx` name the same object. */
function refMatches(ref: string | undefined, text: string): boolean {
  return ref?.includes(text) ?? false;
}

export function matchesFilter(request: TraceRequest, filter: TimelineFilter): boolean {
  const component = filter.component;
  const object = filter.object.trim();
  if (component && !request.hops.some((hop) => hop.from === component || hop.to === component))
    return false;
  if (object && !request.hops.some((hop) => refMatches(hop.ref, object))) return false;
  return true;
}

/** The components trace records name, for the filter's choices. */
export function componentsOf(records: readonly TraceRecord[]): ComponentId[] {
  const names = new Set<ComponentId>();
  for (const record of records) {
    names.add(record.from);
    names.add(record.to);
  }
  return [...names].sort();
}

/** A request's hops by the round they left in: what the diagram replays, one round at a time. */
export function hopsByRound(request: TraceRequest): TraceRecord[][] {
  const rounds = new Map<number, TraceRecord[]>();
  for (const hop of request.hops) {
    const round = rounds.get(hop.round) ?? [];
    round.push(hop);
    rounds.set(hop.round, round);
  }
  return [...rounds.entries()].sort(([a], [b]) => a - b).map(([, hops]) => hops);
}
