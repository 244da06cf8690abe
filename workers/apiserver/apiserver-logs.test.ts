// pods/log in the API server: the options it checks, the container it picks, where it finds the
// kubelet, and how it turns the kubelet's answers into its own. The kubelets here are scripted;
// workers/host/pod-logs.test.ts runs the real ones.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiResponse, KubeletRequest } from '../client/protocol.ts';
import { ADMIN_USER } from '../host/kubectl-actor.ts';
import type { KubeletConnection, KubeletStreamReceiver } from './kubelet-client.ts';
import type { ResponseBody } from './streams.ts';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from './testing.ts';

const LOG = '/api/v1/namespaces/default/pods/web/log';

function pod(spec: Partial<NonNullable<Pod['spec']>>, name = 'web'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'web', image: 'nginx' }], ...spec },
  };
}

function node(name: string, status: Node['status']): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name }, status };
}

const NODE_STATUS: Node['status'] = {
  addresses: [
    { type: 'Hostname', address: 'node-1' },
    { type: 'InternalIP', address: '172.18.0.3' },
  ],
  daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
};

/** Kubelets that answer from a script and remember what they were asked. */
class ScriptedKubelets implements KubeletConnection {
  readonly requests: { node: string; url: string }[] = [];
  receiver: KubeletStreamReceiver | null = null;
  cancelled = 0;

  constructor(public answer: ApiResponse) {}

  open(node: string, request: KubeletRequest, receiver: KubeletStreamReceiver) {
    this.requests.push({ node, url: request.url });
    this.receiver = receiver;
    return {
      response: Promise.resolve(this.answer),
      cancel: () => {
        this.cancelled++;
      },
      write: () => undefined,
      endInput: () => undefined,
    };
  }
}

let api: TestApiServer;
let kubelets: ScriptedKubelets;

async function create(object: Pod | Node): Promise<void> {
  const path = object.kind === 'Node' ? '/api/v1/nodes' : '/api/v1/namespaces/default/pods';
  expectOk(await api.request('POST', path, { body: object }), 201);
}

beforeEach(async () => {
  kubelets = new ScriptedKubelets({ code: 200, body: 'hello\n', contentType: 'text/plain' });
  api = await startApiServer(kubelets);
  await create(node('node-1', NODE_STATUS));
});

describe('pods/log options', () => {
  it.each<[string, Record<string, string>, string[]]>([
    [
      'negative tailLines',
      { tailLines: '-1' },
      ['tailLines: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'a zero limitBytes',
      { limitBytes: '0' },
      ['limitBytes: Invalid value: 0: must be greater than 0'],
    ],
    [
      'sinceSeconds with sinceTime',
      { sinceSeconds: '10', sinceTime: '2025-01-01T00:00:00Z' },
      [': Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified'],
    ],
    [
      'two problems at once',
      { tailLines: '-1', sinceSeconds: '0' },
      [
        'tailLines: Invalid value: -1: must be greater than or equal to 0',
        'sinceSeconds: Invalid value: 0: must be greater than 0',
      ],
    ],
  ])('refuses %s as an invalid PodLogOptions', async (_name, query, errors) => {
    await create(pod({ nodeName: 'node-1' }));
    const message = errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]`;
    const status = expectFailure(
      await api.request('GET', LOG, { query }),
      422,
      'Invalid',
      `PodLogOptions "web" is invalid: ${message}`,
    );
    expect(status.details).toMatchObject({ name: 'web', kind: 'PodLogOptions' });
    expect(kubelets.requests).toEqual([]);
  });

  it.each<[Record<string, string>, string]>([
    [{ tailLines: 'ten' }, 'strconv.ParseInt: parsing "ten": invalid syntax'],
    [
      { sinceTime: '2025-13-01T00:00:00Z' },
      'parsing time "2025-13-01T00:00:00Z": month out of range',
    ],
  ])('refuses %o as a bad request', async (query, message) => {
    await create(pod({ nodeName: 'node-1' }));
    expectFailure(await api.request('GET', LOG, { query }), 400, 'BadRequest', message);
  });
});

describe('pods/log location', () => {
  it('asks the kubelet at the node’s InternalIP, with the options sorted into its query', async () => {
    await create(pod({ nodeName: 'node-1' }));
    const response = await api.request('GET', LOG, {
      query: {
        container: 'web',
        tailLines: '5',
        timestamps: 'true',
        previous: 'true',
        sinceTime: '2025-01-01T10:00:00.500+01:00',
        limitBytes: '100',
        insecureSkipTLSVerifyBackend: 'true',
      },
    });
    expect(response).toEqual({ code: 200, body: 'hello\n', contentType: 'text/plain' });
    expect(kubelets.requests).toEqual([
      {
        node: 'node-1',
        url: 'https://172.18.0.3:10250/containerLogs/default/web/web?limitBytes=100&previous=true&sinceTime=2025-01-01T09%3A00%3A00Z&tailLines=5&timestamps=true',
      },
    ]);
  });

  it.each<[string, Partial<NonNullable<Pod['spec']>>, Record<string, string>, string]>([
    ['a container the pod lacks', {}, { container: 'db' }, 'container db is not valid for pod web'],
    [
      'no container name for a pod of several',
      {
        initContainers: [{ name: 'setup', image: 'busybox' }],
        containers: [
          { name: 'a', image: 'nginx' },
          { name: 'b', image: 'nginx' },
        ],
      },
      {},
      'a container name must be specified for pod web, choose one of: [setup a b]',
    ],
  ])('refuses %s', async (_name, spec, query, message) => {
    await create(pod({ nodeName: 'node-1', ...spec }));
    expectFailure(await api.request('GET', LOG, { query }), 400, 'BadRequest', message);
  });

  it('accepts an init container by name', async () => {
    await create(
      pod({ nodeName: 'node-1', initContainers: [{ name: 'setup', image: 'busybox' }] }),
    );
    expectOk(await api.request('GET', LOG, { query: { container: 'setup' } }));
    expect(kubelets.requests[0]?.url).toBe(
      'https://172.18.0.3:10250/containerLogs/default/web/setup',
    );
  });

  it('says the pod is not found', async () => {
    expectFailure(await api.request('GET', LOG), 404, 'NotFound', 'pods "web" not found');
  });

  it('answers 204 No Content for a pod not yet on a node', async () => {
    await create(pod({}));
    expect(await api.request('GET', LOG)).toEqual({ code: 204, body: '' });
    expect(kubelets.requests).toEqual([]);
  });

  it('says the node is not found', async () => {
    await create(pod({ nodeName: 'node-9' }));
    expectFailure(await api.request('GET', LOG), 404, 'NotFound', 'nodes "node-9" not found');
  });

  it('fails without a reason for a node with no address to dial', async () => {
    await create(node('node-2', {}));
    await create(pod({ nodeName: 'node-2' }));
    expect((await api.request('GET', LOG)).body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'no preferred addresses found; known addresses: []',
      code: 500,
    });
  });

  it('is refused by a node whose kubelet never answered', async () => {
    const unreached = await startApiServer();
    expectOk(
      await unreached.request('POST', '/api/v1/nodes', { body: node('node-1', NODE_STATUS) }),
      201,
    );
    expectOk(
      await unreached.request('POST', '/api/v1/namespaces/default/pods', {
        body: pod({ nodeName: 'node-1' }),
      }),
      201,
    );
    const response = await unreached.request('GET', LOG, { query: { follow: 'true' } });
    expect(response.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Get "https://172.18.0.3:10250/containerLogs/default/web/web?follow=true": dial tcp 172.18.0.3:10250: connect: connection refused',
      code: 500,
    });
  });

  it('needs get on pods/log', async () => {
    await create(pod({ nodeName: 'node-1' }));
    expectFailure(
      await api.request('GET', LOG, {
        user: { username: 'jane', groups: ['system:authenticated'] },
      }),
      403,
      'Forbidden',
      'pods "web" is forbidden: User "jane" cannot get resource "pods/log" in API group "" in the namespace "default"',
    );
  });
});

describe('the kubelet’s answer', () => {
  beforeEach(async () => {
    await create(pod({ nodeName: 'node-1' }));
  });

  it.each<[string, ApiResponse, number, string, string, Record<string, unknown>]>([
    [
      'passes a 400 on as a bad request',
      { code: 400, body: 'container "web" in pod "web" is waiting to start: ContainerCreating' },
      400,
      'BadRequest',
      'container "web" in pod "web" is waiting to start: ContainerCreating',
      {},
    ],
    [
      'turns a 404 into the generic NotFound of pods/log',
      { code: 404, body: 'pod "web" does not exist' },
      404,
      'NotFound',
      'the server could not find the requested resource ( pods/log web)',
      { details: { name: 'web', kind: 'pods/log' } },
    ],
    [
      'turns a 422 into the generic Invalid of pods/log',
      { code: 422, body: '{"message": "Invalid request."}' },
      422,
      'Invalid',
      'the server rejected our request due to an error in our request ( pods/log web)',
      {},
    ],
    [
      'passes a 500 on as an internal error',
      { code: 500, body: 'boom' },
      500,
      'InternalError',
      'Internal error occurred: boom',
      { details: { causes: [{ message: 'boom' }] } },
    ],
  ])('%s', async (_name, answer, code, reason, message, more) => {
    kubelets.answer = answer;
    const status = expectFailure(await api.request('GET', LOG), code, reason, message);
    expect(status).toMatchObject(more);
  });

  it('streams the text that follows a streamed answer into the body', async () => {
    kubelets.answer = { code: 200, body: 'one\n', contentType: 'text/plain', stream: true };
    const written: string[] = [];
    let cancel: (() => void) | null = null;
    const body: ResponseBody = {
      write: (chunk) => written.push(chunk),
      end: () => written.push('<end>'),
      onCancel: (callback) => (cancel = callback),
      onInput: () => undefined,
    };
    const response = await api.server.handle(
      { verb: 'GET', path: LOG, query: { follow: 'true' }, user: ADMIN_USER },
      'test#follow',
      undefined,
      body,
    );
    expect(response).toEqual({ code: 200, body: 'one\n', contentType: 'text/plain', stream: true });
    kubelets.receiver?.data('two\n');
    kubelets.receiver?.end();
    expect(written).toEqual(['two\n', '<end>']);
    expect(cancel).not.toBeNull();
  });

  it('leaves a streamed answer when the caller cannot take a stream', async () => {
    kubelets.answer = { code: 200, body: 'one\n', contentType: 'text/plain', stream: true };
    const response = await api.request('GET', LOG, { query: { follow: 'true' } });
    expect(response).toEqual({ code: 200, body: 'one\n', contentType: 'text/plain' });
    expect(kubelets.cancelled).toBe(1);
  });
});
