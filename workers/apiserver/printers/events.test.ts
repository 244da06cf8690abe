import type { Event } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { toEventsV1 } from '../registry/events.ts';
import { eventPrinter, eventsV1Printer } from './events.ts';
import { NOW, ago } from './testing.ts';

const scheduled: Event = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web.181a2b3c4d5e6f70', namespace: 'default', creationTimestamp: ago(95) },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u1', apiVersion: 'v1' },
  reason: 'Scheduled',
  message: 'Successfully assigned default/web to node-1',
  source: {},
  firstTimestamp: undefined,
  lastTimestamp: undefined,
  eventTime: '2025-01-15T11:58:25.000000Z',
  reportingComponent: 'default-scheduler',
  reportingInstance: 'default-scheduler-control-plane',
  type: 'Normal',
  action: 'Binding',
};

const backOff: Event = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web.181a2b3c4d5e7000', namespace: 'default', creationTimestamp: ago(300) },
  involvedObject: {
    kind: 'Pod',
    namespace: 'default',
    name: 'web',
    fieldPath: 'spec.containers{nginx}',
  },
  reason: 'BackOff',
  message: 'Back-off restarting failed container nginx in pod web_default(u1)\n',
  source: { component: 'kubelet', host: 'node-1' },
  firstTimestamp: ago(300),
  lastTimestamp: ago(41),
  count: 4,
  type: 'Warning',
};

describe('event rows', () => {
  it.each<[string, Event, unknown[]]>([
    [
      'a new-style event times itself by eventTime and counts once',
      scheduled,
      [
        '95s',
        'Normal',
        'Scheduled',
        'pod/web',
        '',
        'default-scheduler, default-scheduler-control-plane',
        'Successfully assigned default/web to node-1',
        '95s',
        1,
        'web.181a2b3c4d5e6f70',
      ],
    ],
    [
      'a repeated kubelet event shows both times, its count and the subobject',
      backOff,
      [
        '41s',
        'Warning',
        'BackOff',
        'pod/web',
        'spec.containers{nginx}',
        'kubelet, node-1',
        'Back-off restarting failed container nginx in pod web_default(u1)',
        '5m',
        4,
        'web.181a2b3c4d5e7000',
      ],
    ],
    [
      'a series takes its last time and count from the series',
      {
        ...scheduled,
        series: { count: 7, lastObservedTime: '2025-01-15T11:59:30.000000Z' },
      },
      [
        '30s',
        'Normal',
        'Scheduled',
        'pod/web',
        '',
        'default-scheduler, default-scheduler-control-plane',
        'Successfully assigned default/web to node-1',
        '95s',
        7,
        'web.181a2b3c4d5e6f70',
      ],
    ],
    [
      'an event about a kind without a name shows the kind alone',
      {
        ...backOff,
        involvedObject: { kind: 'Node' },
        source: { component: 'kubelet' },
      },
      [
        '41s',
        'Warning',
        'BackOff',
        'node',
        '',
        'kubelet',
        'Back-off restarting failed container nginx in pod web_default(u1)',
        '5m',
        4,
        'web.181a2b3c4d5e7000',
      ],
    ],
  ])('%s', (_name, event, cells) => {
    expect(eventPrinter.print(event, NOW).cells).toEqual(cells);
  });

  it('prints an events.k8s.io/v1 Event as the core Event it is stored as', () => {
    const v1 = toEventsV1(backOff);
    expect(eventsV1Printer.columns).toBe(eventPrinter.columns);
    expect(eventsV1Printer.print(v1, NOW)).toEqual(eventPrinter.print(backOff, NOW));
  });

  it('names its columns LAST SEEN TYPE REASON OBJECT MESSAGE, the rest only wide', () => {
    expect(
      eventPrinter.columns.map((column) => `${column.name}${column.priority ? ' (wide)' : ''}`),
    ).toEqual([
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      'Subobject (wide)',
      'Source (wide)',
      'Message',
      'First Seen (wide)',
      'Count (wide)',
      'Name (wide)',
    ]);
  });
});
