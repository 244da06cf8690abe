// What the widget tells its host page happened (the `event` message): each Kubernetes Event as
// it is recorded or repeats, and each pod as it appears, changes phase or goes, read from the API
// server's stream of stored changes.

import type { Event, Pod } from 'kubernetes-types/core/v1';
import type { CacheEvent } from '../../../workers/apiserver/storage/watch-cache.ts';
import type { ClusterEvent } from './protocol.ts';

const EVENTS = '/registry/events/';
const PODS = '/registry/pods/';

function kubernetesEvent(change: CacheEvent): ClusterEvent | null {
  const event = change.object as Event;
  const previous = change.prevObject as Event | undefined;
  const count = event.count ?? 1;
  // An update that does not repeat the event (a series bookkeeping write) is not news.
  if (change.type === 'MODIFIED' && (previous?.count ?? 1) === count) return null;
  const involved = event.involvedObject;
  return {
    kind: 'Event',
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    object: `${(involved.kind ?? '').toLowerCase()}/${involved.name ?? ''}`,
    namespace: event.metadata.namespace ?? '',
    count,
  };
}

function podChange(change: CacheEvent): ClusterEvent | null {
  const pod = change.object as Pod;
  const phase = pod.status?.phase ?? 'Pending';
  if (change.type === 'MODIFIED' && (change.prevObject as Pod | undefined)?.status?.phase === phase)
    return null;
  return {
    kind: 'Pod',
    change: change.type === 'ADDED' ? 'added' : change.type === 'DELETED' ? 'deleted' : 'phase',
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    phase,
    node: pod.spec?.nodeName ?? '',
  };
}

export function clusterEvents(changes: readonly CacheEvent[]): ClusterEvent[] {
  const found: ClusterEvent[] = [];
  for (const change of changes) {
    const event = change.key.startsWith(EVENTS)
      ? change.type === 'DELETED'
        ? null
        : kubernetesEvent(change)
      : change.key.startsWith(PODS)
        ? podChange(change)
        : null;
    if (event) found.push(event);
  }
  return found;
}
