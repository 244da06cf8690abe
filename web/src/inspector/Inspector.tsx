// The inspector: the object behind a clicked diagram element, live. A pod shows why it is
// where it is (or Pending), its YAML, its events and its owner chain; a node its YAML, events
// and pods; a component or a watch edge what the trace says it does (ComponentInspector).
// Everything comes from the store the API server keeps current.

import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import { useEffect, useMemo, useState } from 'react';
import type { KubeObject, OwnerReference } from '../../../workers/client/protocol.ts';
import { objectsWithPrefix, podsOf, useCluster } from '../cluster/store.ts';
import { Tabs } from '../workspace/Tabs.tsx';
import { ComponentInspector } from './ComponentInspector.tsx';
import { InspectorTable } from './InspectorTable.tsx';
import { SchedulingTab } from './SchedulingTab.tsx';
import { selectionKey, useSelection, type ObjectSelection } from './selection.ts';

type Tab = 'scheduling' | 'yaml' | 'events' | 'owners' | 'pods';

const TABS: Record<ObjectSelection['kind'], { id: Tab; label: string }[]> = {
  pod: [
    { id: 'scheduling', label: 'Why here' },
    { id: 'yaml', label: 'YAML' },
    { id: 'events', label: 'Events' },
    { id: 'owners', label: 'Owners' },
  ],
  node: [
    { id: 'yaml', label: 'YAML' },
    { id: 'events', label: 'Events' },
    { id: 'pods', label: 'Pods' },
  ],
};

function useYaml(object: KubeObject | undefined): string {
  const [text, setText] = useState('');
  useEffect(() => {
    if (!object) return;
    let current = true;
    void import('yaml').then(({ stringify }) => {
      if (current) setText(stringify(object, { lineWidth: 0 }));
    });
    return () => {
      current = false;
    };
  }, [object]);
  return text;
}

function YamlTab({ object }: { object: KubeObject }) {
  const text = useYaml(object);
  return (
    <pre className="inspector-yaml" data-testid="inspector-yaml">
      {text}
    </pre>
  );
}

function eventTime(event: Event): string {
  const time = event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp ?? '';
  return time.slice(11, 19);
}

function EventsTab({ selection }: { selection: ObjectSelection }) {
  const objects = useCluster((state) => state.objects);
  const events = useMemo(() => {
    const kind = selection.kind === 'pod' ? 'Pod' : 'Node';
    const namespace = selection.kind === 'pod' ? selection.namespace : '';
    return objectsWithPrefix<Event>(objects, '/registry/events/')
      .filter(
        (event) =>
          event.involvedObject.kind === kind &&
          event.involvedObject.name === selection.name &&
          (event.involvedObject.namespace ?? '') === namespace,
      )
      .sort((a, b) => (eventTime(a) < eventTime(b) ? -1 : 1));
  }, [objects, selection]);
  return (
    <InspectorTable
      items={events}
      empty="No events yet."
      columns={['Time', 'Type', 'Reason', 'From', 'Message']}
      testId="inspector-events"
      className="inspector-events"
    >
      {(event) => (
        <tr key={event.metadata.name} className={event.type === 'Warning' ? 'warning' : ''}>
          <td>{eventTime(event)}</td>
          <td>{event.type}</td>
          <td>{event.reason}</td>
          <td>{event.source?.component ?? event.reportingComponent}</td>
          <td>{event.message}</td>
        </tr>
      )}
    </InspectorTable>
  );
}

/** The chain of controllers above an object: Deployment → ReplicaSet → Pod. */
function ownerChain(objects: ReadonlyMap<string, KubeObject>, start: KubeObject): KubeObject[] {
  const byUid = new Map<string, KubeObject>();
  for (const object of objects.values()) {
    const uid = object.metadata?.uid;
    if (uid) byUid.set(uid, object);
  }
  const chain: KubeObject[] = [start];
  let current: KubeObject | undefined = start;
  while (current && chain.length < 10) {
    const owner: OwnerReference | undefined = current.metadata?.ownerReferences?.find(
      (reference) => reference.controller,
    );
    if (!owner) break;
    current = byUid.get(owner.uid);
    chain.push(current ?? { kind: owner.kind, metadata: { name: `${owner.name} (gone)` } });
  }
  return chain.reverse();
}

function OwnersTab({ object }: { object: KubeObject }) {
  const objects = useCluster((state) => state.objects);
  const chain = ownerChain(objects, object);
  if (chain.length === 1)
    return (
      <p className="inspector-empty">
        No controller owns this pod: nothing will recreate it if it is deleted.
      </p>
    );
  return (
    <ol className="owner-chain" data-testid="owner-chain">
      {chain.map((owner) => (
        <li key={`${owner.kind}/${owner.metadata?.name}`}>
          <span className="owner-kind">{owner.kind}</span> {owner.metadata?.name}
        </li>
      ))}
    </ol>
  );
}

function NodePodsTab({ name }: { name: string }) {
  const objects = useCluster((state) => state.objects);
  const select = useSelection((state) => state.select);
  const pods = podsOf(objects).filter((pod) => pod.spec?.nodeName === name);
  if (pods.length === 0) return <p className="inspector-empty">No pods on this node.</p>;
  return (
    <ul className="node-pods">
      {pods.map((pod) => (
        <li key={pod.metadata?.uid}>
          <button
            type="button"
            className="link"
            onClick={() => {
              select({
                kind: 'pod',
                namespace: pod.metadata?.namespace ?? 'default',
                name: pod.metadata?.name ?? '',
              });
            }}
          >
            {pod.metadata?.namespace}/{pod.metadata?.name}
          </button>{' '}
          <span className="muted">{pod.status?.phase}</span>
        </li>
      ))}
    </ul>
  );
}

function headline(selection: ObjectSelection, object: KubeObject | undefined): string {
  if (!object) return 'deleted';
  if (selection.kind === 'pod') {
    const pod = object as Pod;
    return `${pod.status?.phase ?? 'Pending'}${pod.spec?.nodeName ? ` on ${pod.spec.nodeName}` : ', not scheduled'}`;
  }
  const node = object as Node;
  const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
  return ready?.status === 'True' ? 'Ready' : 'NotReady';
}

export function Inspector() {
  const selected = useSelection((state) => state.selected);
  const select = useSelection((state) => state.select);
  const selection = selected?.kind === 'pod' || selected?.kind === 'node' ? selected : null;
  const object = useCluster((state) =>
    selection ? state.objects.get(selectionKey(selection)) : undefined,
  );
  const [tab, setTab] = useState<Tab>('scheduling');

  useEffect(() => {
    if (!selected) return;
    const close = (event: KeyboardEvent) => {
      if (event.key === 'Escape') select(null);
    };
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('keydown', close);
    };
  }, [selected, select]);

  if (selected?.kind === 'component' || selected?.kind === 'edge')
    return <ComponentInspector selection={selected} />;
  if (!selection) return null;
  const tabs = TABS[selection.kind];
  const active = tabs.some((candidate) => candidate.id === tab) ? tab : (tabs[0]?.id ?? 'yaml');
  const title =
    selection.kind === 'pod'
      ? `pod ${selection.namespace}/${selection.name}`
      : `node ${selection.name}`;
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      <header className="inspector-header">
        <div>
          <div className="inspector-title">{title}</div>
          <div className="inspector-headline">{headline(selection, object)}</div>
        </div>
        <button
          type="button"
          onClick={() => {
            select(null);
          }}
          aria-label="Close the inspector"
        >
          ✕
        </button>
      </header>
      <Tabs className="inspector-tabs" tabs={tabs} active={active} onSelect={setTab} />
      <div className="inspector-body">
        {!object ? (
          <p className="inspector-empty">This object no longer exists.</p>
        ) : active === 'scheduling' && selection.kind === 'pod' ? (
          <SchedulingTab
            namespace={selection.namespace}
            name={selection.name}
            version={object.metadata?.resourceVersion}
          />
        ) : active === 'yaml' ? (
          <YamlTab object={object} />
        ) : active === 'events' ? (
          <EventsTab selection={selection} />
        ) : active === 'owners' ? (
          <OwnersTab object={object} />
        ) : (
          <NodePodsTab name={selection.name} />
        )}
      </div>
    </aside>
  );
}
