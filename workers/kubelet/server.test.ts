import type {
  ContainerStatus as ApiContainerStatus,
  Pod,
  PodStatus,
} from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { ApiResponse, Message } from '../client/protocol.ts';
import { VirtualClock } from '../host/clock.ts';
import { flush } from '../host/testing.ts';
import { ContainerLog } from './container-log.ts';
import type { ContainerStatus } from './cri.ts';
import { KubeletServer, logContainerId, type KubeletServerHost } from './server.ts';

const T0 = Date.UTC(2025, 0, 1, 10, 0, 0);
const RUNNING_ID = 'a'.repeat(64);
const DEAD_ID = 'b'.repeat(64);

function status(container: Partial<ApiContainerStatus>): PodStatus {
  return {
    containerStatuses: [
      { name: 'app', image: 'busybox', imageID: '', ready: false, restartCount: 0, ...container },
    ],
  };
}

describe('which log validateContainerLogStatus picks', () => {
  const running = { running: { startedAt: '2025-01-01T10:00:00Z' } };
  const lastState = {
    terminated: { exitCode: 1, containerID: `containerd://${DEAD_ID}` },
  };
  it.each<[string, PodStatus, boolean, string]>([
    [
      'the running instance',
      status({ state: running, containerID: `containerd://${RUNNING_ID}` }),
      false,
      `containerd://${RUNNING_ID}`,
    ],
    [
      'the terminated instance',
      status({ state: { terminated: { exitCode: 0, containerID: `containerd://${DEAD_ID}` } } }),
      false,
      `containerd://${DEAD_ID}`,
    ],
    [
      'the last instance while the next one waits (CrashLoopBackOff)',
      status({ state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState }),
      false,
      `containerd://${DEAD_ID}`,
    ],
    [
      'the last instance when the terminated one never started',
      status({ state: { terminated: { exitCode: 137, containerID: '' } }, lastState }),
      false,
      `containerd://${DEAD_ID}`,
    ],
    [
      'the previous instance with previous',
      status({ state: running, containerID: `containerd://${RUNNING_ID}`, lastState }),
      true,
      `containerd://${DEAD_ID}`,
    ],
  ])('reads %s', (_name, podStatus, previous, id) => {
    expect(logContainerId('web', podStatus, 'app', previous)).toBe(id);
  });

  it.each<[string, PodStatus, boolean, string]>([
    [
      'a container still being created',
      status({ state: { waiting: { reason: 'ContainerCreating' } } }),
      false,
      'container "app" in pod "web" is waiting to start: ContainerCreating',
    ],
    [
      'an image that cannot be pulled',
      status({ state: { waiting: { reason: 'ErrImagePull', message: 'denied' } } }),
      false,
      'container "app" in pod "web" is waiting to start: image can\'t be pulled',
    ],
    [
      'an image pull backing off',
      status({ state: { waiting: { reason: 'ImagePullBackOff' } } }),
      false,
      'container "app" in pod "web" is waiting to start: trying and failing to pull image',
    ],
    [
      'a previous instance that does not exist',
      status({ state: running, containerID: `containerd://${RUNNING_ID}` }),
      true,
      'previous terminated container "app" in pod "web" not found',
    ],
    [
      'a container that ended without starting',
      status({ state: { terminated: { exitCode: 137, containerID: '' } } }),
      false,
      'container "app" in pod "web" is terminated',
    ],
    [
      'a container without a state',
      status({}),
      false,
      'container "app" in pod "web" is waiting to start - no logs yet',
    ],
    [
      'a container the status does not list',
      {},
      false,
      'container "app" in pod "web" is not available',
    ],
  ])('refuses %s', (_name, podStatus, previous, message) => {
    expect(() => logContainerId('web', podStatus, 'app', previous)).toThrow(message);
  });
});

const pod: Pod = {
  metadata: { name: 'web', namespace: 'default', uid: 'uid-web' },
  spec: { containers: [{ name: 'app', image: 'busybox' }] },
  status: status({
    state: { running: { startedAt: '2025-01-01T10:00:00Z' } },
    containerID: `containerd://${RUNNING_ID}`,
  }),
};

interface Served {
  server: KubeletServer;
  log: ContainerLog;
  sent: Message[];
  runtime: Map<string, ContainerStatus>;
  request(query?: string, path?: string): ApiResponse;
}

/** A kubelet server for `pod`, whose running container has logged three lines. */
function serve(host: Partial<KubeletServerHost> = {}): Served {
  const log = new ContainerLog(1);
  log.write('stdout', 'one\ntwo\nthree\n', T0);
  const runtime = new Map<string, ContainerStatus>([
    [RUNNING_ID, { id: RUNNING_ID, state: 'running' }],
  ]);
  const sent: Message[] = [];
  const server = new KubeletServer(
    {
      podByName: (namespace, name) => (namespace === 'default' && name === 'web' ? pod : undefined),
      podStatus: () => undefined,
      containerLog: (id) => (id === RUNNING_ID ? log : undefined),
      containerStatus: (id) => runtime.get(id),
      prepareExec: () => undefined,
      usage: () => ({
        time: T0 + 60_000,
        node: { startTime: T0, cpuCoreNanoSeconds: 0, workingSetBytes: 0 },
        containers: [],
      }),
      now: () => T0 + 60_000,
      clock: new VirtualClock(T0),
      ...host,
    },
    (_to, message) => sent.push(message),
  );
  let next = 1;
  return {
    server,
    log,
    sent,
    runtime,
    request(query = '', path = '/containerLogs/default/web/app') {
      const id = next++;
      const url = `https://172.18.0.3:10250${path}${query ? `?${query}` : ''}`;
      server.handle({
        from: 'kube-apiserver',
        to: 'kubelet/node-1',
        seq: id,
        message: { type: 'kubelet-request', id, request: { verb: 'GET', url } },
      });
      const answer = sent.find(
        (message): message is Extract<Message, { type: 'kubelet-response' }> =>
          message.type === 'kubelet-response' && message.id === id,
      );
      if (!answer) throw new Error('no answer');
      return answer.response;
    },
  };
}

describe('the kubelet server', () => {
  it.each<[string, string, string, number, string]>([
    [
      'answers the whole log as text',
      '',
      '/containerLogs/default/web/app',
      200,
      'one\ntwo\nthree\n',
    ],
    ['reads tailLines', 'tailLines=1', '/containerLogs/default/web/app', 200, 'three\n'],
    [
      'reads the old tail parameter',
      'tail=2',
      '/containerLogs/default/web/app',
      200,
      'two\nthree\n',
    ],
    [
      'reads tail=all as every line',
      'tail=all&tailLines=1',
      '/containerLogs/default/web/app',
      200,
      'one\ntwo\nthree\n',
    ],
    [
      'refuses a query it cannot decode',
      'limitBytes=ten',
      '/containerLogs/default/web/app',
      400,
      '{"message": "Unable to decode query."}',
    ],
    [
      'refuses invalid options',
      'tailLines=-1',
      '/containerLogs/default/web/app',
      422,
      '{"message": "Invalid request."}',
    ],
    ['does not know other paths', '', '/portForward/default/web', 404, '404: Page Not Found'],
    [
      'does not know a pod it does not run',
      '',
      '/containerLogs/default/api/app',
      404,
      'pod "api" does not exist',
    ],
    [
      'does not know a container the pod lacks',
      '',
      '/containerLogs/default/web/db',
      404,
      'container "db" not found in pod "web"',
    ],
  ])('%s', (_name, query, path, code, body) => {
    expect(serve().request(query, path)).toEqual({ code, body, contentType: 'text/plain' });
  });

  it('says when the runtime no longer has the container', () => {
    const terminated = { exitCode: 0, containerID: `containerd://${DEAD_ID}` };
    const served = serve({ podStatus: () => status({ state: { terminated } }) });
    expect(served.request()).toEqual({
      code: 400,
      contentType: 'text/plain',
      body: `failed to get container status "containerd://${DEAD_ID}": rpc error: code = NotFound desc = an error occurred when try to find container "${DEAD_ID}": not found`,
    });
  });

  it('follows a running container: what it writes next, one message per burst, until it stops', async () => {
    const served = serve();
    expect(served.request('follow=true&tailLines=1')).toEqual({
      code: 200,
      body: 'three\n',
      contentType: 'text/plain',
      stream: true,
    });
    served.log.write('stdout', 'four\n', T0 + 1000);
    served.log.write('stderr', 'five\n', T0 + 1000);
    await flush();
    served.log.write('stdout', 'six\n', T0 + 2000);
    served.log.close(T0 + 2000);
    await flush();
    expect(served.sent.slice(1)).toEqual([
      { type: 'stream-data', id: 1, data: 'four\nfive\n' },
      { type: 'stream-data', id: 1, data: 'six\n' },
      { type: 'stream-end', id: 1 },
    ]);
  });

  it('ends a follow at limitBytes', async () => {
    const served = serve();
    served.request('follow=true&tailLines=0&limitBytes=6');
    served.log.write('stdout', 'four\nfive\n', T0 + 1000);
    await flush();
    expect(served.sent.slice(1)).toEqual([
      { type: 'stream-data', id: 1, data: 'four\nf' },
      { type: 'stream-end', id: 1 },
    ]);
  });

  it('stops following when the API server leaves', async () => {
    const served = serve();
    served.request('follow=true');
    served.server.handle({
      from: 'kube-apiserver',
      to: 'kubelet/node-1',
      seq: 2,
      message: { type: 'stream-cancel', id: 1 },
    });
    served.log.write('stdout', 'four\n', T0 + 1000);
    await flush();
    expect(served.sent).toHaveLength(1);
  });

  it('answers a follow of a stopped container with its whole log at once', () => {
    const served = serve();
    served.runtime.set(RUNNING_ID, { id: RUNNING_ID, state: 'exited', exitCode: 0 });
    expect(served.request('follow=true')).toEqual({
      code: 200,
      body: 'one\ntwo\nthree\n',
      contentType: 'text/plain',
    });
  });
});
