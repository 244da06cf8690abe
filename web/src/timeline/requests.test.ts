import { describe, expect, it } from 'vitest';
import { POD_TYPE } from '../../../workers/client/client.ts';
import type { KubeObject, TraceRecord } from '../../../workers/client/protocol.ts';
import { InProcessHost } from '../../../workers/host/in-process-host.ts';
import { groupByRequest, hopsByRound, matchesFilter, type TraceRequest } from './requests.ts';

let seq = 0;
function hop(fields: Partial<TraceRecord> & Pick<TraceRecord, 'from' | 'to' | 'kind' | 'label'>) {
  seq += 1;
  return { seq, round: seq, time: 0, ...fields } satisfies TraceRecord;
}

const create = [
  hop({
    from: 'kubectl',
    to: 'kube-apiserver',
    kind: 'request',
    label: 'POST pods',
    requestId: 'kubectl#1',
    ref: 'pods/default',
  }),
  hop({ from: 'kube-apiserver', to: 'etcd', kind: 'etcd', label: 'lease-keepalive 7' }),
  hop({
    from: 'kube-apiserver',
    to: 'etcd',
    kind: 'etcd',
    label: 'txn put',
    requestId: 'kubectl#1',
    ref: '/registry/pods/default/nginx',
  }),
  hop({ from: 'etcd', to: 'kube-apiserver', kind: 'etcd-reply', label: 'lease-keepalive ttl=60' }),
  hop({
    from: 'etcd',
    to: 'kube-apiserver',
    kind: 'etcd-notify',
    label: 'notify PUT',
    rv: '196',
    ref: '/registry/pods/default/nginx',
  }),
  hop({
    from: 'etcd',
    to: 'kube-apiserver',
    kind: 'etcd-reply',
    label: 'txn ok rv=196',
    rv: '196',
  }),
  hop({
    from: 'kube-apiserver',
    to: 'kube-scheduler',
    kind: 'watch',
    label: 'watch ADDED',
    rv: '196',
    requestId: 'kube-scheduler#10',
    ref: 'pods/default/nginx',
  }),
  hop({
    from: 'kube-apiserver',
    to: 'kubectl',
    kind: 'response',
    label: '201 Created',
    code: 201,
    requestId: 'kubectl#1',
  }),
  hop({
    from: 'kube-scheduler',
    to: 'kube-scheduler',
    kind: 'internal',
    label: '2/2 nodes fit → node-1',
    ref: 'pods/default/nginx',
  }),
  hop({
    from: 'kube-apiserver',
    to: 'kubelet/node-1',
    kind: 'watch',
    label: 'watch MODIFIED',
    rv: '150',
    requestId: 'kubelet/node-1#3',
    ref: 'nodes/node-1',
  }),
];

function summary(requests: TraceRequest[]) {
  return requests.map((request) => ({
    id: request.id,
    title: request.title,
    code: request.code,
    revisions: request.revisions,
    hops: request.hops.map((record) => record.label),
  }));
}

describe('groupByRequest', () => {
  it('puts a write, its etcd call and reply, its watch fan-out and its response in one row', () => {
    expect(summary(groupByRequest(create))).toEqual([
      {
        id: 'kubectl#1',
        title: 'POST pods',
        code: 201,
        revisions: ['196'],
        hops: ['POST pods', 'txn put', 'notify PUT', 'txn ok rv=196', 'watch ADDED', '201 Created'],
      },
      {
        id: 'etcd#2',
        title: 'lease-keepalive 7',
        code: undefined,
        revisions: [],
        hops: ['lease-keepalive 7', 'lease-keepalive ttl=60'],
      },
      {
        id: 'hop#9',
        title: '2/2 nodes fit → node-1',
        code: undefined,
        revisions: [],
        hops: ['2/2 nodes fit → node-1'],
      },
      {
        id: 'rv#150',
        title: 'watch fan-out rv=150',
        code: undefined,
        revisions: [],
        hops: ['watch MODIFIED'],
      },
    ]);
  });

  it.each([
    [{ component: '', object: '' }, ['kubectl#1', 'etcd#2', 'hop#9', 'rv#150']],
    [{ component: 'kube-scheduler', object: '' }, ['kubectl#1', 'hop#9']],
    [{ component: 'kubelet/node-1', object: '' }, ['rv#150']],
    [{ component: '', object: 'nginx' }, ['kubectl#1', 'hop#9']],
    [{ component: 'kube-scheduler', object: 'node-1' }, []],
  ])('filters by component and object (%j)', (filter, ids) => {
    expect(
      groupByRequest(create)
        .filter((request) => matchesFilter(request, filter))
        .map((request) => request.id),
    ).toEqual(ids);
  });

  it('replays a request round by round', () => {
    const [first] = groupByRequest(create);
    expect(first && hopsByRound(first).map((round) => round.map((record) => record.seq))).toEqual([
      [1],
      [3],
      [5],
      [6],
      [7],
      [8],
    ]);
  });

  it("groups a real pod creation's hops under kubectl's request, fan-out included", async () => {
    const traces: TraceRecord[] = [];
    const host = new InProcessHost({ seed: 3, nodes: 2, onChange: () => undefined });
    host.coordinator.onTraces((records) => traces.push(...records));
    await host.runUntil(() => false, 20_000);
    traces.length = 0;
    await host.kubectlDo((client) =>
      client.resource(POD_TYPE, 'default').create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'nginx' },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      } as KubeObject),
    );
    await host.runUntil(() => false, 1_000);
    const created = groupByRequest(traces).find((request) => request.title === 'POST pods');
    expect(created?.code).toBe(201);
    expect(created?.hops.map((record) => `${record.kind} ${record.from} → ${record.to}`)).toEqual([
      'request kubectl → kube-apiserver',
      'internal kube-apiserver → kube-apiserver',
      'internal kube-apiserver → kube-apiserver',
      'internal kube-apiserver → kube-apiserver',
      'internal kube-apiserver → kube-apiserver',
      'internal kube-apiserver → kube-apiserver',
      'etcd kube-apiserver → etcd',
      'etcd-notify etcd → kube-apiserver',
      'etcd-reply etcd → kube-apiserver',
      'watch kube-apiserver → kube-controller-manager',
      'watch kube-apiserver → kube-scheduler',
      'response kube-apiserver → kubectl',
    ]);
  });
});
