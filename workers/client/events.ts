// Event recorders, as client-go has two: tools/record (core/v1 Events with source, count and
// first/last timestamps: the kubelet and controllers) and tools/events (events.k8s.io/v1 with
// eventTime, reportingController and action: the scheduler). Names are `<object>.<hex nanos>`.
// Left out: the correlator that folds repeats into count/series updates.

import type { ObjectReference } from 'kubernetes-types/core/v1';
import { formatMicroTime, formatTime } from '../api/time.ts';
import type { Clock } from '../host/clock.ts';
import { CORE_EVENT_TYPE, EVENT_TYPE, isAlreadyExists, type Client } from './client.ts';
import type { KubeObject } from './protocol.ts';

export type EventType = 'Normal' | 'Warning';

/** The ObjectReference of an object (reference.GetReference). */
export function referenceTo(object: KubeObject, fieldPath?: string): ObjectReference {
  const meta = object.metadata ?? {};
  const reference: ObjectReference = {
    kind: object.kind,
    namespace: meta.namespace,
    name: meta.name,
    uid: meta.uid,
    apiVersion: object.apiVersion,
    resourceVersion: meta.resourceVersion,
  };
  if (fieldPath) (reference as { fieldPath?: string }).fieldPath = fieldPath;
  return reference;
}

/**
 * `<object>.<hex unix nanos>`. Virtual time ticks in milliseconds, so events recorded in the same
 * millisecond are told apart by the nanoseconds below it, as a real clock would.
 */
class EventNamer {
  private lastMs = -1;
  private sameMs = 0;

  name(reference: ObjectReference, nowMs: number): string {
    this.sameMs = nowMs === this.lastMs ? this.sameMs + 1 : 0;
    this.lastMs = nowMs;
    return `${reference.name ?? ''}.${(BigInt(nowMs) * 1_000_000n + BigInt(this.sameMs)).toString(16)}`;
  }
}

/**
 * Events are best effort: a failed write is dropped, as the broadcaster does after its retries.
 * A name another component took in the same virtual nanosecond is retried with the next one.
 */
async function post(
  client: Client,
  type: typeof CORE_EVENT_TYPE | typeof EVENT_TYPE,
  event: KubeObject,
  namer: EventNamer,
  reference: ObjectReference,
  now: number,
): Promise<void> {
  const resource = client.resource<KubeObject>(type, event.metadata?.namespace);
  // A copy per attempt: the transport may have frozen the object it sent.
  let next = event;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await resource.create(next);
      return;
    } catch (error) {
      if (!isAlreadyExists(error)) return;
      next = { ...next, metadata: { ...next.metadata, name: namer.name(reference, now) } };
    }
  }
}

/** tools/record: what the kubelet and the controller manager write. */
export class CoreEventRecorder {
  private readonly namer = new EventNamer();

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly source: { component: string; host?: string },
  ) {}

  event(
    object: KubeObject,
    type: EventType,
    reason: string,
    message: string,
    fieldPath?: string,
  ): void {
    const reference = referenceTo(object, fieldPath);
    const now = this.clock.now();
    const namespace = reference.namespace || 'default';
    const timestamp = formatTime(now);
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: this.namer.name(reference, now), namespace },
      involvedObject: reference,
      reason,
      message,
      source: this.source,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    };
    void post(this.client, CORE_EVENT_TYPE, event, this.namer, reference, now);
  }
}

/** tools/events: what the scheduler writes. */
export class EventsV1Recorder {
  private readonly namer = new EventNamer();

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly reportingController: string,
    private readonly reportingInstance: string,
  ) {}

  event(
    object: KubeObject,
    type: EventType,
    reason: string,
    action: string,
    note: string,
    related?: KubeObject,
  ): void {
    const regarding = referenceTo(object);
    const now = this.clock.now();
    const namespace = regarding.namespace || 'default';
    const event = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: this.namer.name(regarding, now), namespace },
      eventTime: formatMicroTime(now),
      reportingController: this.reportingController,
      reportingInstance: this.reportingInstance,
      action,
      reason,
      regarding,
      ...(related ? { related: referenceTo(related) } : {}),
      note,
      type,
    };
    void post(this.client, EVENT_TYPE, event, this.namer, regarding, now);
  }
}
