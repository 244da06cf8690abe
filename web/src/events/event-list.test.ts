import type { Event } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../workers/client/protocol.ts';
import { eventNamespaces, eventRows, selectionOfEvent } from './event-list.ts';

const NOW = Date.parse('2025-01-01T00:10:00Z');

function event(
  namespace: string,
  name: string,
  fields: Partial<Event> & Pick<Event, 'involvedObject'>,
): [string, KubeObject] {
  const object: Event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { namespace, name, creationTimestamp: '2025-01-01T00:00:00Z' },
    ...fields,
  };
  return [`/registry/events/${namespace}/${name}`, object];
}

const objects = new Map<string, KubeObject>([
  event('default', 'nginx.2', {
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'nginx' },
    type: 'Normal',
    reason: 'Started',
    message: 'Started container nginx',
    firstTimestamp: '2025-01-01T00:09:50Z',
    lastTimestamp: '2025-01-01T00:09:50Z',
    count: 1,
  }),
  event('default', 'nginx.1', {
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'nginx' },
    type: 'Normal',
    reason: 'Scheduled',
    message: 'Successfully assigned default/nginx to node-1',
    eventTime: '2025-01-01T00:09:40.000000Z',
  }),
  event('kube-system', 'node-1.1', {
    involvedObject: { kind: 'Node', name: 'node-1' },
    type: 'Warning',
    reason: 'NodeNotReady',
    message: 'Node node-1 status is now: NodeNotReady ',
    firstTimestamp: '2025-01-01T00:05:00Z',
    lastTimestamp: '2025-01-01T00:08:00Z',
    count: 3,
  }),
  ['/registry/pods/default/nginx', { kind: 'Pod', metadata: { name: 'nginx' } }],
]);

describe('eventRows', () => {
  it('prints the columns of kubectl get events, oldest first', () => {
    expect(
      eventRows(objects, NOW, { namespace: '', object: '' }).map((row) => [
        row.lastSeen,
        row.type,
        row.reason,
        row.object,
        row.message,
      ]),
    ).toEqual([
      ['2m', 'Warning', 'NodeNotReady', 'node/node-1', 'Node node-1 status is now: NodeNotReady'],
      ['20s', 'Normal', 'Scheduled', 'pod/nginx', 'Successfully assigned default/nginx to node-1'],
      ['10s', 'Normal', 'Started', 'pod/nginx', 'Started container nginx'],
    ]);
  });

  it.each([
    [{ namespace: 'default', object: '' }, ['Scheduled', 'Started']],
    [{ namespace: 'kube-system', object: '' }, ['NodeNotReady']],
    [{ namespace: '', object: 'node/' }, ['NodeNotReady']],
    [{ namespace: 'default', object: 'pod/nginx' }, ['Scheduled', 'Started']],
    [{ namespace: 'default', object: 'pod/web' }, []],
  ])('filters by namespace and object (%j)', (filter, reasons) => {
    expect(eventRows(objects, NOW, filter).map((row) => row.reason)).toEqual(reasons);
  });

  it('lists the namespaces that have events', () => {
    expect(eventNamespaces(objects)).toEqual(['default', 'kube-system']);
  });

  it('selects the pod or node an event is about', () => {
    expect(
      eventRows(objects, NOW, { namespace: '', object: '' }).map((row) => selectionOfEvent(row)),
    ).toEqual([
      { kind: 'node', name: 'node-1' },
      { kind: 'pod', namespace: 'default', name: 'nginx' },
      { kind: 'pod', namespace: 'default', name: 'nginx' },
    ]);
  });
});
