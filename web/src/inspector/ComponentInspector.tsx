// The inspector for a cluster component or a watch edge, from the trace: the watches a component
// holds (resource, selector, the revision it watches from, events delivered), the requests it made
// recently (verb, path, code, latency), and for an edge the watch streams on it with their
// newest events.

import { useState } from 'react';
import type { ComponentId } from '../../../workers/client/protocol.ts';
import { Tabs } from '../workspace/Tabs.tsx';
import { activity, useActivity } from './activity-store.ts';
import { InspectorTable } from './InspectorTable.tsx';
import type { RequestMade, WatchStream } from './activity.ts';
import { useSelection, type Selection } from './selection.ts';

type Tab = 'watches' | 'requests' | 'served';

const ROLES: Record<string, string> = {
  'kube-apiserver': 'serves the Kubernetes API; the only component that talks to etcd',
  etcd: 'stores every object by revision and tells the API server of each change',
  'kube-scheduler': 'watches unscheduled pods and binds each to a node',
  'kube-controller-manager': 'runs the control loops: Deployments, ReplicaSets, Jobs, nodes…',
  kubectl: 'you: the editor and the terminal',
};

function roleOf(id: ComponentId): string {
  if (ROLES[id]) return ROLES[id];
  if (id.startsWith('kubelet/')) return 'runs the pods bound to its node and reports their status';
  if (id.startsWith('kube-proxy/')) return "programs its node's Service rules from EndpointSlices";
  return '';
}

function latency(request: RequestMade): string {
  if (request.rounds === undefined) return 'waiting';
  const rounds = `${String(request.rounds)} ${request.rounds === 1 ? 'round' : 'rounds'}`;
  return `${String(request.latencyMs ?? 0)} ms · ${rounds}`;
}

function WatchesTable({ streams, empty }: { streams: WatchStream[]; empty: string }) {
  return (
    <InspectorTable
      items={streams}
      empty={empty}
      columns={['Resource', 'Selector', 'Since rv', 'Events', 'Last event']}
      testId="component-watches"
    >
      {(stream) => {
        const last = stream.recent[stream.recent.length - 1];
        return (
          <tr key={stream.requestId} title={stream.path}>
            <td>{stream.resource}</td>
            <td>{stream.selector || <span className="muted">all</span>}</td>
            <td>{stream.since}</td>
            <td>{stream.delivered}</td>
            <td>{last ? `${last.label} ${last.ref ?? ''}` : ''}</td>
          </tr>
        );
      }}
    </InspectorTable>
  );
}

function RequestsTable({ requests }: { requests: RequestMade[] }) {
  return (
    <InspectorTable
      items={requests}
      empty="No requests yet."
      columns={['Request', 'Path', 'Code', 'Latency']}
      testId="component-requests"
    >
      {(request) => (
        <tr
          key={request.requestId}
          className={request.code !== undefined && request.code >= 400 ? 'warning' : ''}
        >
          <td>{request.label}</td>
          <td className="path" title={request.path}>
            {request.path}
          </td>
          <td>{request.code ?? ''}</td>
          <td>{latency(request)}</td>
        </tr>
      )}
    </InspectorTable>
  );
}

function EdgeStream({ watcher, server }: { watcher: ComponentId; server: ComponentId }) {
  useActivity((state) => state.version);
  const streams = activity.stream(watcher, server);
  const events = streams
    .flatMap((stream) => stream.recent.map((record) => ({ record, resource: stream.resource })))
    .sort((a, b) => b.record.seq - a.record.seq)
    .slice(0, 30);
  return (
    <>
      <WatchesTable streams={streams} empty="No watch is open on this edge." />
      <h3 className="inspector-subtitle">Events delivered recently</h3>
      <InspectorTable items={events} empty="None yet." testId="edge-events">
        {({ record, resource }) => (
          <tr key={`${String(record.seq)}-${resource}`}>
            <td>{record.label}</td>
            <td>{record.ref}</td>
            <td>rv {record.rv}</td>
          </tr>
        )}
      </InspectorTable>
    </>
  );
}

function ComponentTabs({ id }: { id: ComponentId }) {
  useActivity((state) => state.version);
  const [tab, setTab] = useState<Tab>('watches');
  const serving = id === 'kube-apiserver' || id === 'etcd';
  const tabs: { id: Tab; label: string }[] = [
    { id: 'watches', label: 'Watches' },
    { id: 'requests', label: 'Requests' },
    ...(serving ? [{ id: 'served' as const, label: 'Watchers' }] : []),
  ];
  return (
    <>
      <Tabs className="inspector-tabs" tabs={tabs} active={tab} onSelect={setTab} />
      <div className="inspector-body">
        {tab === 'watches' ? (
          <WatchesTable
            streams={activity.watchesOf(id)}
            empty={
              id === 'etcd'
                ? 'etcd watches nothing: it is watched.'
                : 'No watch open (yet): components open theirs as they start.'
            }
          />
        ) : tab === 'requests' ? (
          <RequestsTable requests={activity.requestsOf(id)} />
        ) : (
          <WatchesTable streams={activity.watchesServedBy(id)} empty="Nobody watches it." />
        )}
      </div>
    </>
  );
}

export function ComponentInspector({
  selection,
}: {
  selection: Extract<Selection, { kind: 'component' | 'edge' }>;
}) {
  const select = useSelection((state) => state.select);
  const title =
    selection.kind === 'component'
      ? selection.id
      : `watch stream ${selection.server} → ${selection.watcher}`;
  const subtitle =
    selection.kind === 'component'
      ? roleOf(selection.id)
      : `the events ${selection.server} sends ${selection.watcher} on its watches`;
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      <header className="inspector-header">
        <div>
          <div className="inspector-title">{title}</div>
          <div className="inspector-headline">{subtitle}</div>
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
      {selection.kind === 'component' ? (
        <ComponentTabs key={selection.id} id={selection.id} />
      ) : (
        <div className="inspector-body">
          <EdgeStream watcher={selection.watcher} server={selection.server} />
        </div>
      )}
    </aside>
  );
}
