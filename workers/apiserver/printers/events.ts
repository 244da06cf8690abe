// printEvent of pkg/printers/internalversion/printers.go. events.k8s.io/v1 is served from the
// same storage as core/v1 Events, so its table is the core one, printed from the core form.

import type { Event, EventSource } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../client/protocol.ts';
import { toCoreEvent } from '../registry/events.ts';
import {
  NAME_COLUMN,
  column,
  isZeroTime,
  nameOf,
  printer,
  translateTimestampSince,
  wide,
  type TablePrinter,
} from './table.ts';

const EVENT_COLUMNS = [
  column(
    'Last Seen',
    'string',
    'The time at which the most recent occurrence of this event was recorded.',
  ),
  column(
    'Type',
    'string',
    'Type of this event (Normal, Warning), new types could be added in the future',
  ),
  column(
    'Reason',
    'string',
    "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
  ),
  column('Object', 'string', 'The object that this event is about.'),
  column(
    'Subobject',
    'string',
    'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.',
    wide,
  ),
  column(
    'Source',
    'string',
    'The component reporting this event. Should be a short machine understandable string.',
    wide,
  ),
  column('Message', 'string', 'A human-readable description of the status of this operation.'),
  column(
    'First Seen',
    'string',
    'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
    wide,
  ),
  column('Count', 'string', 'The number of times this event has occurred.', wide),
  { ...NAME_COLUMN, priority: 1 },
];

/** The fields core/v1 serializes beyond kubernetes-types' Event (reportingComponent). */
type CoreEvent = Event & { reportingComponent?: string };

/** formatEventSource: component (or reportingController), then `, host` (or the instance). */
function formatEventSource(source: EventSource | undefined, event: CoreEvent): string {
  const component = source?.component || event.reportingComponent || '';
  const instance = source?.host || event.reportingInstance || '';
  return instance === '' ? component : `${component}, ${instance}`;
}

function eventCells(event: CoreEvent, now: number) {
  const firstSeen = isZeroTime(event.firstTimestamp)
    ? translateTimestampSince(event.eventTime, now)
    : translateTimestampSince(event.firstTimestamp, now);
  let lastSeen = isZeroTime(event.lastTimestamp)
    ? firstSeen
    : translateTimestampSince(event.lastTimestamp, now);
  let count = event.count ?? 0;
  if (event.series) {
    lastSeen = translateTimestampSince(event.series.lastObservedTime, now);
    count = event.series.count ?? 0;
  } else if (count === 0) {
    // Singleton events of the new API carry no count.
    count = 1;
  }
  const involved = (event.involvedObject as Event['involvedObject'] | undefined) ?? {};
  const kind = (involved.kind ?? '').toLowerCase();
  const target = involved.name ? `${kind}/${involved.name}` : kind;
  return [
    lastSeen,
    event.type ?? '',
    event.reason ?? '',
    target,
    involved.fieldPath ?? '',
    formatEventSource(event.source, event),
    (event.message ?? '').trim(),
    firstSeen,
    count,
    nameOf(event),
  ];
}

export const eventPrinter = printer(EVENT_COLUMNS, eventCells);

export const eventsV1Printer: TablePrinter = {
  columns: EVENT_COLUMNS,
  print: (object: KubeObject, now) => ({
    cells: eventCells(toCoreEvent(object) as CoreEvent, now),
  }),
};
