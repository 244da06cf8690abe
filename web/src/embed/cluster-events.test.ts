import type { Event, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { CacheEvent } from '../../../workers/apiserver/storage/watch-cache.ts';
import { clusterEvents } from './cluster-events.ts';

const pulled: Event = {
  metadata: { name: 'web.1', namespace: 'default' },
  involvedObject: { kind: 'Pod', name: 'web' },
  type: 'Normal',
  reason: 'Pulled',
  message: 'Container image "nginx" already present on machine',
  count: 1,
};
const pod = (phase: string): Pod => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { nodeName: 'node-1', containers: [] },
  status: { phase },
});

function change(
  type: CacheEvent['type'],
  key: string,
  object: Event | Pod,
  prevObject?: Event | Pod,
): CacheEvent {
  return { type, key, object, ...(prevObject ? { prevObject } : {}), revision: 1 };
}

describe('clusterEvents', () => {
  it.each<[string, CacheEvent, unknown[]]>([
    [
      'a recorded Event',
      change('ADDED', '/registry/events/default/web.1', pulled),
      [
        {
          kind: 'Event',
          type: 'Normal',
          reason: 'Pulled',
          message: 'Container image "nginx" already present on machine',
          object: 'pod/web',
          namespace: 'default',
          count: 1,
        },
      ],
    ],
    [
      'an Event that repeats',
      change('MODIFIED', '/registry/events/default/web.1', { ...pulled, count: 2 }, pulled),
      [expect.objectContaining({ kind: 'Event', count: 2 })],
    ],
    [
      'an Event rewritten without repeating',
      change('MODIFIED', '/registry/events/default/web.1', pulled, pulled),
      [],
    ],
    ['an Event that expires', change('DELETED', '/registry/events/default/web.1', pulled), []],
    [
      'a pod that changes phase',
      change('MODIFIED', '/registry/pods/default/web', pod('Running'), pod('Pending')),
      [
        {
          kind: 'Pod',
          change: 'phase',
          name: 'web',
          namespace: 'default',
          phase: 'Running',
          node: 'node-1',
        },
      ],
    ],
    [
      'a pod update within a phase',
      change('MODIFIED', '/registry/pods/default/web', pod('Running'), pod('Running')),
      [],
    ],
    [
      'a pod deleted',
      change('DELETED', '/registry/pods/default/web', pod('Running')),
      [expect.objectContaining({ kind: 'Pod', change: 'deleted' })],
    ],
    ['a change to anything else', change('ADDED', '/registry/minions/node-1', pod('Running')), []],
  ])('%s', (_name, event, expected) => {
    expect(clusterEvents([event])).toEqual(expected);
  });
});
