import { describe, expect, it } from 'vitest';
import { describeMessage } from './describe.ts';
import type {
  ApiRequest,
  Envelope,
  EtcdCall,
  EtcdResult,
  Message,
  TraceDraft,
} from './protocol.ts';

function envelope(message: Message, from = 'kubectl', to = 'kube-apiserver'): Envelope {
  return { from, to, seq: 0, message };
}

function request(request: ApiRequest, id = 7): Envelope {
  return envelope({ type: 'api-request', id, request });
}

function only(drafts: TraceDraft[]): TraceDraft {
  expect(drafts).toHaveLength(1);
  const [draft] = drafts;
  if (!draft) throw new Error('no draft');
  return draft;
}

describe('describeMessage for API requests', () => {
  it.each<[string, ApiRequest, string, string | undefined]>([
    [
      'a create',
      { verb: 'POST', path: '/api/v1/namespaces/default/pods' },
      'POST pods',
      'pods/default',
    ],
    [
      'a list',
      { verb: 'GET', path: '/api/v1/namespaces/default/pods', query: { limit: '500' } },
      'LIST pods',
      'pods/default',
    ],
    [
      'a cluster-wide list',
      { verb: 'GET', path: '/api/v1/pods', query: { fieldSelector: 'spec.nodeName=node-1' } },
      'LIST pods',
      'pods',
    ],
    [
      'a watch',
      { verb: 'GET', path: '/api/v1/pods', query: { watch: 'true', resourceVersion: '10' } },
      'WATCH pods',
      'pods',
    ],
    [
      'a watch spelled watch=1',
      { verb: 'GET', path: '/api/v1/nodes', query: { watch: '1' } },
      'WATCH nodes',
      'nodes',
    ],
    [
      'a get',
      { verb: 'GET', path: '/api/v1/namespaces/default/pods/nginx' },
      'GET pods',
      'pods/default/nginx',
    ],
    [
      'a binding',
      { verb: 'POST', path: '/api/v1/namespaces/default/pods/nginx/binding' },
      'POST binding',
      'pods/default/nginx',
    ],
    [
      'a status patch',
      { verb: 'PATCH', path: '/api/v1/namespaces/default/pods/nginx/status' },
      'PATCH status',
      'pods/default/nginx',
    ],
    [
      'a node status patch',
      { verb: 'PATCH', path: '/api/v1/nodes/node-1/status' },
      'PATCH status',
      'nodes/node-1',
    ],
    [
      'a grouped resource',
      {
        verb: 'PUT',
        path: '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1',
      },
      'PUT leases',
      'leases/kube-node-lease/node-1',
    ],
    [
      'a delete',
      { verb: 'DELETE', path: '/apis/apps/v1/namespaces/default/replicasets/web' },
      'DELETE replicasets',
      'replicasets/default/web',
    ],
    ['a non-resource path', { verb: 'GET', path: '/version' }, 'GET /version', undefined],
  ])('labels %s', (_name, apiRequest, label, ref) => {
    const draft = only(describeMessage(request(apiRequest)));
    expect(draft.label).toBe(label);
    expect(draft.ref).toBe(ref);
    expect(draft.kind).toBe('request');
    expect(draft.to).toBe('kube-apiserver');
  });

  it('keeps the query in the path and ties the request to its sender', () => {
    const draft = only(
      describeMessage(
        request(
          { verb: 'GET', path: '/api/v1/pods', query: { watch: 'true', resourceVersion: '12' } },
          3,
        ),
      ),
    );
    expect(draft.path).toBe('/api/v1/pods?watch=true&resourceVersion=12');
    expect(draft.requestId).toBe('kubectl#3');
  });

  it('shows a path without a query as is', () => {
    const draft = only(
      describeMessage(
        request({ verb: 'POST', path: '/api/v1/namespaces/default/pods', query: {} }),
      ),
    );
    expect(draft.path).toBe('/api/v1/namespaces/default/pods');
  });
});

describe('describeMessage for API replies and watches', () => {
  it.each<[number, string]>([
    [200, '200 OK'],
    [201, '201 Created'],
    [404, '404 NotFound'],
    [409, '409 Conflict'],
    [410, '410 Gone'],
    [422, '422 Invalid'],
    [418, '418'],
  ])('labels a %i response %j', (code, label) => {
    const draft = only(
      describeMessage(
        envelope(
          { type: 'api-response', id: 4, response: { code, body: {} } },
          'kube-apiserver',
          'kubectl',
        ),
      ),
    );
    expect(draft).toMatchObject({
      kind: 'response',
      label,
      code,
      requestId: 'kubectl#4',
      to: 'kubectl',
    });
  });

  it('labels each event of a watch batch with its type, object and resourceVersion', () => {
    const drafts = describeMessage(
      envelope(
        {
          type: 'watch-events',
          id: 9,
          events: [
            {
              type: 'ADDED',
              object: {
                kind: 'Pod',
                metadata: { name: 'nginx', namespace: 'default', resourceVersion: '12' },
              },
            },
            {
              type: 'MODIFIED',
              object: { kind: 'Node', metadata: { name: 'node-1', resourceVersion: '13' } },
            },
            { type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: '14' } } },
          ],
        },
        'kube-apiserver',
        'kube-scheduler',
      ),
    );
    expect(
      drafts.map((draft) => [draft.label, draft.event, draft.ref, draft.rv, draft.requestId]),
    ).toEqual([
      ['watch ADDED', 'ADDED', 'pods/default/nginx', '12', 'kube-scheduler#9'],
      ['watch MODIFIED', 'MODIFIED', 'nodes/node-1', '13', 'kube-scheduler#9'],
      ['watch BOOKMARK', 'BOOKMARK', undefined, '14', 'kube-scheduler#9'],
    ]);
  });

  it.each<[string, Message, string, TraceDraft['kind']]>([
    ['the end of a watch', { type: 'watch-end', id: 2 }, 'watch closed', 'watch-end'],
    ['a watch cancel', { type: 'watch-cancel', id: 2 }, 'stop watch', 'request'],
  ])('labels %s', (_name, message, label, kind) => {
    expect(only(describeMessage(envelope(message))).label).toBe(label);
    expect(only(describeMessage(envelope(message))).kind).toBe(kind);
  });
});

describe('describeMessage for etcd', () => {
  const put = (key: string) => ({ request_put: { key, value: '{}' } });
  const del = (key: string) => ({ request_delete_range: { key } });
  const range = (key: string) => ({ request_range: { key } });

  it.each<[string, EtcdCall, string, string | undefined]>([
    [
      'a create txn',
      {
        op: 'txn',
        request: { compare: [], success: [put('/registry/pods/default/nginx')], failure: [] },
      },
      'txn put',
      '/registry/pods/default/nginx',
    ],
    [
      'a txn with several kinds of ops',
      {
        op: 'txn',
        request: {
          compare: [],
          success: [del('/registry/pods/default/a'), put('/registry/x'), del('/registry/y')],
          failure: [],
        },
      },
      'txn delete+put',
      '/registry/pods/default/a',
    ],
    [
      'an empty txn',
      { op: 'txn', request: { compare: [], success: [], failure: [range('/k')] } },
      'txn',
      undefined,
    ],
    [
      'a get',
      { op: 'range', request: { key: '/registry/pods/default/nginx' } },
      'range',
      '/registry/pods/default/nginx',
    ],
    [
      'a prefix range',
      { op: 'range', request: { key: '/registry/pods/', range_end: '/registry/pods0' } },
      'range prefix',
      '/registry/pods/',
    ],
    [
      'a watch',
      { op: 'watch', request: { key: '/registry/', start_revision: 3 } },
      'watch',
      '/registry/',
    ],
    ['a watch cancel', { op: 'cancel-watch', watchId: 1 }, 'cancel watch', undefined],
    ['a compaction', { op: 'compact', revision: 40 }, 'compact rev=40', undefined],
  ])('labels %s', (_name, call, label, ref) => {
    const draft = only(
      describeMessage(envelope({ type: 'etcd-call', id: 1, call }, 'kube-apiserver', 'etcd')),
    );
    expect(draft).toMatchObject({ kind: 'etcd', label, to: 'etcd' });
    expect(draft.ref).toBe(ref);
  });

  it.each<[string, EtcdResult, string, string | undefined]>([
    [
      'a successful txn',
      { op: 'txn', response: { header: { revision: 12 }, succeeded: true, responses: [] } },
      'txn ok rv=12',
      '12',
    ],
    [
      'a failed txn',
      { op: 'txn', response: { header: { revision: 12 }, succeeded: false, responses: [] } },
      'txn failed',
      '12',
    ],
    [
      'a range',
      { op: 'range', response: { header: { revision: 8 }, kvs: [], more: false, count: 3 } },
      'range 3 kv',
      '8',
    ],
    ['a compaction', { op: 'compact', response: { header: { revision: 9 } } }, 'compacted', '9'],
    ['a watch start', { op: 'watch', watchId: 1 }, 'watching', undefined],
    ['a watch cancel', { op: 'cancel-watch' }, 'watch canceled', undefined],
  ])('labels the reply to %s', (_name, result, label, rv) => {
    const draft = only(
      describeMessage(envelope({ type: 'etcd-result', id: 1, result }, 'etcd', 'kube-apiserver')),
    );
    expect(draft).toMatchObject({ kind: 'etcd-reply', label });
    expect(draft.rv).toBe(rv);
  });

  it('labels an etcd error by its message', () => {
    const draft = only(
      describeMessage(
        envelope(
          {
            type: 'etcd-result',
            id: 1,
            error: { code: 'OutOfRange', message: 'mvcc: required revision has been compacted' },
          },
          'etcd',
          'kube-apiserver',
        ),
      ),
    );
    expect(draft.label).toBe('mvcc: required revision has been compacted');
  });

  it('draws nothing for a reply without result or error', () => {
    expect(
      describeMessage(envelope({ type: 'etcd-result', id: 1 }, 'etcd', 'kube-apiserver')),
    ).toEqual([]);
  });

  it('labels each notification of a watch response', () => {
    const kv = (key: string, rev: number) => ({
      key,
      value: '{}',
      create_revision: 2,
      mod_revision: rev,
      version: 1,
    });
    const drafts = describeMessage(
      envelope(
        {
          type: 'etcd-watch',
          response: {
            header: { revision: 13 },
            watch_id: 1,
            events: [
              { type: 'PUT', kv: kv('/registry/pods/default/nginx', 12) },
              { type: 'DELETE', kv: kv('/registry/pods/default/old', 13) },
            ],
          },
        },
        'etcd',
        'kube-apiserver',
      ),
    );
    expect(drafts.map((draft) => [draft.kind, draft.label, draft.ref, draft.rv])).toEqual([
      ['etcd-notify', 'notify PUT', '/registry/pods/default/nginx', '12'],
      ['etcd-notify', 'notify DELETE', '/registry/pods/default/old', '13'],
    ]);
  });
});

describe('describeMessage for the API server’s requests to kubelets and streamed answers', () => {
  const url = 'https://172.18.0.3:10250/containerLogs/default/web/app?follow=true';
  it.each<[string, Envelope, TraceDraft]>([
    [
      'a log request to a kubelet, with the URL it dials',
      envelope(
        { type: 'kubelet-request', id: 3, request: { verb: 'GET', url } },
        'kube-apiserver',
        'kubelet/node-1',
      ),
      {
        to: 'kubelet/node-1',
        kind: 'request',
        label: 'GET containerLogs',
        ref: 'pods/default/web',
        path: url,
        requestId: 'kube-apiserver#3',
      },
    ],
    [
      'the kubelet’s answer',
      envelope(
        { type: 'kubelet-response', id: 3, response: { code: 400, body: 'waiting' } },
        'kubelet/node-1',
        'kube-apiserver',
      ),
      {
        to: 'kube-apiserver',
        kind: 'response',
        label: '400 BadRequest',
        code: 400,
        requestId: 'kube-apiserver#3',
      },
    ],
    [
      'a chunk of a streamed answer, by its lines',
      envelope({ type: 'stream-data', id: 9, data: 'a\nb\n' }, 'kube-apiserver', 'kubectl'),
      { to: 'kubectl', kind: 'stream', label: 'stream 2 lines', requestId: 'kubectl#9' },
    ],
    [
      'a chunk of one line',
      envelope({ type: 'stream-data', id: 9, data: 'a\n' }, 'kube-apiserver', 'kubectl'),
      { to: 'kubectl', kind: 'stream', label: 'stream 1 line', requestId: 'kubectl#9' },
    ],
    [
      'the end of a streamed answer',
      envelope({ type: 'stream-end', id: 9 }, 'kube-apiserver', 'kubectl'),
      { to: 'kubectl', kind: 'stream', label: 'stream closed', requestId: 'kubectl#9' },
    ],
    [
      'a chunk on a remote command’s stdout',
      envelope(
        { type: 'stream-data', id: 9, data: 'hi\n', channel: 'stdout' },
        'kube-apiserver',
        'kubectl',
      ),
      { to: 'kubectl', kind: 'stream', label: 'stdout 1 line', requestId: 'kubectl#9' },
    ],
    [
      'the status a remote command ends with',
      envelope(
        { type: 'stream-data', id: 9, data: '{"status":"Success"}', channel: 'error' },
        'kube-apiserver',
        'kubectl',
      ),
      { to: 'kubectl', kind: 'stream', label: 'exec status', requestId: 'kubectl#9' },
    ],
    [
      'the requester’s stdin, numbered by its own request',
      envelope({ type: 'stream-data', id: 9, data: 'ls\n', channel: 'stdin' }),
      { to: 'kube-apiserver', kind: 'stream', label: 'stdin 1 line', requestId: 'kubectl#9' },
    ],
    [
      'the end of the requester’s stdin',
      envelope({ type: 'stream-end', id: 9, channel: 'stdin' }),
      { to: 'kube-apiserver', kind: 'stream', label: 'stdin closed', requestId: 'kubectl#9' },
    ],
    [
      'a switch to the remote command protocol',
      envelope(
        { type: 'api-response', id: 9, response: { code: 101, body: '', stream: true } },
        'kube-apiserver',
        'kubectl',
      ),
      {
        to: 'kubectl',
        kind: 'response',
        label: '101 SwitchingProtocols',
        code: 101,
        requestId: 'kubectl#9',
      },
    ],
    [
      'a client leaving a streamed answer',
      envelope({ type: 'stream-cancel', id: 9 }),
      { to: 'kube-apiserver', kind: 'request', label: 'stop stream', requestId: 'kubectl#9' },
    ],
  ])('describes %s', (_name, message, draft) => {
    expect(only(describeMessage(message))).toEqual(draft);
  });
});
