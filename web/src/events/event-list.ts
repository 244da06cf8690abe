// The events list's model: the cluster's Events as `kubectl get events -w` prints them (LAST SEEN,
// TYPE, REASON, OBJECT, MESSAGE, the API server's own Table cells), oldest first so the newest
// is at the bottom, filtered by namespace and object. Pure, for tests in Node.

import type { Event } from 'kubernetes-types/core/v1';
import { eventPrinter } from '../../../workers/apiserver/printers/events.ts';
import type { KubeObject } from '../../../workers/client/protocol.ts';
import type { Selection } from '../inspector/selection.ts';

const EVENTS_PREFIX = '/registry/events/';

export interface EventRow {
  key: string;
  namespace: string;
  lastSeen: string;
  type: string;
  reason: string;
  /** `pod/nginx`, as kubectl prints it. */
  object: string;
  message: string;
  involved: { kind: string; namespace: string; name: string };
  /** When it was last seen, in ms, for ordering. */
  seenAt: number;
}

export interface EventFilter {
  /** '' for every namespace. */
  namespace: string;
  /** Text the OBJECT column must contain; '' for all. */
  object: string;
}

function lastSeenAt(event: Event & { series?: { lastObservedTime?: string } }): number {
  const time =
    event.series?.lastObservedTime ??
    event.lastTimestamp ??
    event.eventTime ??
    event.firstTimestamp ??
    event.metadata.creationTimestamp ??
    '';
  return Date.parse(time) || 0;
}

function rowOf(key: string, event: Event, now: number): EventRow {
  const cells = eventPrinter.print(event, now).cells;
  const text = (index: number): string => String(cells[index] ?? '');
  return {
    key,
    namespace: event.metadata.namespace ?? '',
    lastSeen: text(0),
    type: text(1),
    reason: text(2),
    object: text(3),
    message: text(6),
    involved: {
      kind: event.involvedObject.kind ?? '',
      namespace: event.involvedObject.namespace ?? '',
      name: event.involvedObject.name ?? '',
    },
    seenAt: lastSeenAt(event),
  };
}

export function eventRows(
  objects: ReadonlyMap<string, KubeObject>,
  now: number,
  filter: EventFilter,
): EventRow[] {
  const object = filter.object.trim();
  const rows: EventRow[] = [];
  for (const [key, value] of objects) {
    if (!key.startsWith(EVENTS_PREFIX)) continue;
    const event = value as Event;
    if (filter.namespace && event.metadata.namespace !== filter.namespace) continue;
    const row = rowOf(key, event, now);
    if (object && !row.object.includes(object)) continue;
    rows.push(row);
  }
  return rows.sort((a, b) => a.seenAt - b.seenAt || (a.key < b.key ? -1 : 1));
}

/** The namespaces that have events, for the filter's choices. */
export function eventNamespaces(objects: ReadonlyMap<string, KubeObject>): string[] {
  const names = new Set<string>();
  for (const key of objects.keys()) {
    if (!key.startsWith(EVENTS_PREFIX)) continue;
    const namespace = key.slice(EVENTS_PREFIX.length).split('/')[0];
    if (namespace) names.add(namespace);
  }
  return [...names].sort();
}

/** What clicking an event selects in the inspector: its pod or node. */
export function selectionOfEvent(row: EventRow): Selection | null {
  const { kind, namespace, name } = row.involved;
  if (kind === 'Pod' && name) return { kind: 'pod', namespace: namespace || 'default', name };
  if (kind === 'Node' && name) return { kind: 'node', name };
  return null;
}
