// pods/exec in the API server: the checks before the upgrade, the kubelet's URL, and the stream
// translation (the client's input on, the kubelet's channels back, the status it ends with). The
// kubelets here are scripted; server/kubectl-exec.test.ts drives real ones with real kubectl.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiRequest, ApiResponse, KubeletRequest, StreamChannel } from '../client/protocol.ts';
import { statusJson } from '../api/remote-command.ts';
import { ADMIN_USER } from '../host/kubectl-actor.ts';
import {
  KubeletDialError,
  type KubeletConnection,
  type KubeletExchange,
  type KubeletStreamReceiver,
} from './kubelet-client.ts';
import { translateKubeletStatus } from './registry/pod-exec.ts';
import type { ResponseBody, StreamInput } from './streams.ts';
import { expectFailure, expectOk, settle, startApiServer, type TestApiServer } from './testing.ts';

const EXEC = '/api/v1/namespaces/default/pods/web/exec';
const WEBSOCKET = {
  connection: ['Upgrade'],
  upgrade: ['websocket'],
  'sec-websocket-protocol': ['v5.channel.k8s.io'],
};

/** Kubelets that answer from a script and remember what they were asked and sent. */
class ScriptedKubelets implements KubeletConnection {
  readonly requests: { node: string; verb: string; url: string }[] = [];
  readonly input: string[] = [];
  receiver: KubeletStreamReceiver | null = null;
  cancelled = 0;
  answer: Promise<ApiResponse> = Promise.resolve({ code: 101, body: '', stream: true });

  open(node: string, request: KubeletRequest, receiver: KubeletStreamReceiver): KubeletExchange {
    this.requests.push({ node, verb: request.verb, url: request.url });
    this.receiver = receiver;
    return {
      response: this.answer,
      cancel: () => {
        this.cancelled++;
      },
      write: (chunk, channel) => this.input.push(`${channel}:${chunk}`),
      endInput: () => this.input.push('<stdin closed>'),
    };
  }
}

/** A client's side of the upgraded stream: what it was sent, and a way to write. */
class ClientBody implements ResponseBody {
  readonly received: string[] = [];
  input: StreamInput | null = null;
  cancel: (() => void) | null = null;

  write(chunk: string, channel?: StreamChannel): void {
    this.received.push(`${channel ?? 'body'}:${chunk}`);
  }
  end(): void {
    this.received.push('<end>');
  }
  onCancel(cancel: () => void): void {
    this.cancel = cancel;
  }
  onInput(input: StreamInput): void {
    this.input = input;
  }
}

let api: TestApiServer;
let kubelets: ScriptedKubelets;

function pod(spec: Partial<NonNullable<Pod['spec']>>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: { containers: [{ name: 'web', image: 'busybox' }], ...spec },
  };
}

const NODE: Node = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-1' },
  status: {
    addresses: [{ type: 'InternalIP', address: '172.18.0.3' }],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
  },
};

async function create(object: Pod | Node): Promise<void> {
  const path = object.kind === 'Node' ? '/api/v1/nodes' : '/api/v1/namespaces/default/pods';
  expectOk(await api.request('POST', path, { body: object }), 201);
}

async function connect(
  query: Record<string, string>,
  extra: Partial<ApiRequest> = {},
): Promise<{ response: ApiResponse; body: ClientBody }> {
  const body = new ClientBody();
  const response = await api.server.handle(
    { verb: 'GET', path: EXEC, query, headers: WEBSOCKET, user: ADMIN_USER, ...extra },
    'test#exec',
    undefined,
    body,
  );
  await settle();
  return { response, body };
}

beforeEach(async () => {
  kubelets = new ScriptedKubelets();
  api = await startApiServer(kubelets);
  await create(NODE);
});

describe('pods/exec before the upgrade', () => {
  it.each<
    [
      string,
      Partial<NonNullable<Pod['spec']>> | null,
      Record<string, string>,
      number,
      string,
      string,
    ]
  >([
    ['a pod that does not exist', null, {}, 404, 'NotFound', 'pods "web" not found'],
    [
      'no container named among several',
      {
        nodeName: 'node-1',
        containers: [
          { name: 'a', image: 'busybox' },
          { name: 'b', image: 'busybox' },
        ],
      },
      {},
      400,
      'BadRequest',
      'a container name must be specified for pod web, choose one of: [a b]',
    ],
    [
      'a container the pod lacks',
      { nodeName: 'node-1' },
      { container: 'x' },
      400,
      'BadRequest',
      'container x is not valid for pod web',
    ],
    ['a pod on no node', {}, {}, 400, 'BadRequest', 'pod web does not have a host assigned'],
    [
      'a dry run',
      { nodeName: 'node-1' },
      { dryRun: 'All' },
      400,
      'BadRequest',
      'dryRun is not supported',
    ],
  ])('refuses %s', async (_name, spec, query, code, reason, message) => {
    if (spec) await create(pod(spec));
    const { response } = await connect({ command: 'ls', stdout: 'true', ...query });
    expectFailure(response, code, reason, message);
    expect(kubelets.requests).toEqual([]);
  });

  it.each<[string, Partial<ApiRequest>]>([
    ['a request that does not upgrade', { headers: {} }],
    [
      'an upgrade to SPDY, which is not translated',
      {
        verb: 'POST',
        headers: { connection: ['Upgrade'], upgrade: ['SPDY/3.1'] },
      },
    ],
  ])('answers %s that an upgrade is required', async (_name, extra) => {
    await create(pod({ nodeName: 'node-1' }));
    const { response } = await connect({ command: 'ls', stdout: 'true' }, extra);
    expectFailure(response, 400, 'BadRequest', 'Upgrade request required');
  });

  it('is refused to a user who may not get pods/exec', async () => {
    await create(pod({ nodeName: 'node-1' }));
    const { response } = await connect(
      { command: 'ls', stdout: 'true' },
      { user: { username: 'jane', groups: ['system:authenticated'] } },
    );
    expectFailure(
      response,
      403,
      'Forbidden',
      'pods "web" is forbidden: User "jane" cannot get resource "pods/exec" in API group "" in the namespace "default"',
    );
  });
});

describe('pods/exec after the upgrade', () => {
  beforeEach(async () => {
    await create(pod({ nodeName: 'node-1' }));
  });

  it('switches protocols and asks the node’s kubelet, the options in its own names', async () => {
    const { response, body } = await connect(
      { command: 'sh', stdin: 'true', stdout: 'true', stderr: 'true', tty: 'true' },
      { queryValues: { command: ['sh', '-c', 'echo hi'] } },
    );
    expect(response).toEqual({ code: 101, body: '', stream: true });
    expect(kubelets.requests).toEqual([
      {
        node: 'node-1',
        verb: 'POST',
        url: 'https://172.18.0.3:10250/exec/default/web/web?command=sh&command=-c&command=echo+hi&error=1&input=1&output=1&tty=1',
      },
    ]);
    // The translator's first write says the streams are ready.
    expect(body.received).toEqual(['stdout:']);
  });

  it('attaches through the kubelet’s /attach, with no command', async () => {
    const body = new ClientBody();
    const response = await api.server.handle(
      {
        verb: 'GET',
        path: '/api/v1/namespaces/default/pods/web/attach',
        query: { command: 'ignored', stdout: 'true', stderr: 'true', container: 'web' },
        headers: WEBSOCKET,
        user: ADMIN_USER,
      },
      'test#attach',
      undefined,
      body,
    );
    expect(response).toEqual({ code: 101, body: '', stream: true });
    expect(kubelets.requests).toEqual([
      {
        node: 'node-1',
        verb: 'POST',
        url: 'https://172.18.0.3:10250/attach/default/web/web?error=1&output=1',
      },
    ]);
  });

  it('passes the kubelet’s output on and ends with the status the translator makes of its own', async () => {
    const { body } = await connect({ command: 'true', stdout: 'true', stderr: 'true' });
    kubelets.receiver?.data('out\n', 'stdout');
    kubelets.receiver?.data('err\n', 'stderr');
    kubelets.receiver?.data(
      '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}',
      'error',
    );
    kubelets.receiver?.end();
    expect(body.received).toEqual([
      'stdout:',
      'stdout:out\n',
      'stderr:err\n',
      'error:{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: command terminated with exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}',
      '<end>',
    ]);
  });

  it('passes on the client’s stdin and resizes only for the streams it asked for', async () => {
    const { body } = await connect({ command: 'cat', stdin: 'true', stdout: 'true' });
    body.input?.data('hello\n', 'stdin');
    body.input?.data('{"Width":80,"Height":24}', 'resize');
    body.input?.end();
    expect(kubelets.input).toEqual(['stdin:hello\n', '<stdin closed>']);
  });

  it('leaves the kubelet when the client leaves', async () => {
    const { body } = await connect({ command: 'sleep', stdout: 'true' });
    body.cancel?.();
    expect(kubelets.cancelled).toBe(1);
  });

  it.each<[string, () => Promise<ApiResponse>, string]>([
    [
      'a kubelet that would not upgrade',
      () =>
        Promise.resolve({
          code: 500,
          body: 'container not found ("web")\n',
          contentType: 'text/plain',
        }),
      '{"metadata":{},"status":"Failure","message":"Internal error occurred: unable to upgrade connection: container not found (\\"web\\")","reason":"InternalError","details":{"causes":[{"message":"unable to upgrade connection: container not found (\\"web\\")"}]},"code":500}',
    ],
    [
      'a kubelet that cannot be reached',
      () =>
        Promise.reject(
          new KubeletDialError(
            'Post "https://172.18.0.3:10250/exec/default/web/web?command=ls&output=1": dial tcp 172.18.0.3:10250: connect: connection refused',
          ),
        ),
      '{"metadata":{},"status":"Failure","message":"Internal error occurred: error sending request: Post \\"https://172.18.0.3:10250/exec/default/web/web?command=ls&output=1\\": dial tcp 172.18.0.3:10250: connect: connection refused","reason":"InternalError","details":{"causes":[{"message":"error sending request: Post \\"https://172.18.0.3:10250/exec/default/web/web?command=ls&output=1\\": dial tcp 172.18.0.3:10250: connect: connection refused"}]},"code":500}',
    ],
  ])('ends on the error channel for %s', async (_name, answer, status) => {
    kubelets.answer = answer();
    kubelets.answer.catch(() => undefined);
    const { response, body } = await connect({ command: 'ls', stdout: 'true' });
    expect(response.code).toBe(101);
    expect(body.received).toEqual(['stdout:', `error:${status}`, '<end>']);
  });
});

describe('the status the translator writes for the kubelet’s', () => {
  it.each<[string, string, unknown]>([
    ['none at all', '', { metadata: {}, status: 'Success' }],
    ['success', '{"metadata":{},"status":"Success"}', { metadata: {}, status: 'Success' }],
    [
      'an internal error, wrapped once more',
      '{"metadata":{},"status":"Failure","message":"Internal error occurred: boom","reason":"InternalError","code":500}',
      {
        metadata: {},
        status: 'Failure',
        message: 'Internal error occurred: Internal error occurred: boom',
        reason: 'InternalError',
        details: { causes: [{ message: 'Internal error occurred: boom' }] },
        code: 500,
      },
    ],
    [
      'an exit code without its cause',
      '{"status":"Failure","reason":"NonZeroExitCode","details":{}}',
      expect.objectContaining({
        message: 'Internal error occurred: error stream protocol error: no ExitCode cause given',
      }),
    ],
  ])('%s', (_name, kubeletStatus, translated) => {
    expect(JSON.parse(statusJson(translateKubeletStatus(kubeletStatus)))).toEqual(translated);
  });
});
