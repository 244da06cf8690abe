import type { Pod, PodStatus } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { Message, StreamChannel } from '../client/protocol.ts';
import { VirtualClock } from '../host/clock.ts';
import { ContainerLog } from './container-log.ts';
import type { ContainerStatus } from './cri.ts';
import { execOptions, execStatus, runningContainerId } from './exec-endpoint.ts';
import { KubeletServer } from './server.ts';
import { ENVIRONMENT, T0 } from './testing.ts';

const RUNNING_ID = 'a'.repeat(64);
const EXITED_ID = 'b'.repeat(64);

const STATUS: PodStatus = {
  containerStatuses: [
    {
      name: 'app',
      image: 'busybox',
      imageID: '',
      ready: true,
      restartCount: 0,
      state: { running: { startedAt: '2025-01-01T10:00:00Z' } },
      containerID: `containerd://${RUNNING_ID}`,
    },
    {
      name: 'done',
      image: 'busybox',
      imageID: '',
      ready: false,
      restartCount: 0,
      state: { terminated: { exitCode: 0 } },
      containerID: `containerd://${EXITED_ID}`,
    },
  ],
};

const RUNTIME = new Map<string, ContainerStatus>([
  [RUNNING_ID, { id: RUNNING_ID, state: 'running' }],
  [EXITED_ID, { id: EXITED_ID, state: 'exited', exitCode: 0 }],
]);

describe('the kubelet’s exec options (NewOptions)', () => {
  it.each<[string, string, ReturnType<typeof execOptions>]>([
    [
      'reads the command and the streams',
      'command=sh&command=-c&command=echo+hi&input=1&output=1&error=1',
      { command: ['sh', '-c', 'echo hi'], stdin: true, stdout: true, stderr: true, tty: false },
    ],
    [
      'bypasses stderr with a tty',
      'command=sh&output=1&error=1&tty=1',
      { command: ['sh'], stdin: false, stdout: true, stderr: false, tty: true },
    ],
    [
      'takes only "1" as yes',
      'command=ls&output=true',
      { error: 'you must specify at least 1 of stdin, stdout, stderr' },
    ],
  ])('%s', (_name, query, options) => {
    expect(execOptions(new URLSearchParams(query))).toEqual(options);
  });
});

describe('which container exec runs in (findContainer)', () => {
  it.each<[string, string, string | undefined]>([
    ['the running container', 'app', RUNNING_ID],
    ['no container that has exited', 'done', undefined],
    ['no container the pod lacks', 'db', undefined],
  ])('%s', (_name, container, id) => {
    expect(runningContainerId(STATUS, container, (candidate) => RUNTIME.get(candidate))).toBe(id);
  });
});

describe('the status ServeExec writes on the error channel', () => {
  it.each<[string, ReturnType<typeof execStatus>, unknown]>([
    ['success', execStatus(['true'], { exitCode: 0 }), { metadata: {}, status: 'Success' }],
    [
      'a non-zero exit, with its code as the ExitCode cause',
      execStatus(['sh', '-c', 'exit 3'], { exitCode: 3 }),
      {
        metadata: {},
        status: 'Failure',
        message:
          'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '3' }] },
      },
    ],
    [
      'a command that could not start, as an internal error',
      execStatus(['ls'], { error: 'boom' }),
      {
        metadata: {},
        status: 'Failure',
        message: 'Internal error occurred: error executing command in container: boom',
        reason: 'InternalError',
        details: { causes: [{ message: 'error executing command in container: boom' }] },
        code: 500,
      },
    ],
  ])('%s', (_name, json, status) => {
    expect(JSON.parse(json)).toEqual(status);
    expect(json).not.toContain('"kind"');
  });
});

const POD: Pod = {
  metadata: { name: 'web', namespace: 'default', uid: 'uid-web' },
  spec: {
    containers: [
      { name: 'app', image: 'busybox' },
      { name: 'done', image: 'busybox' },
    ],
  },
  status: STATUS,
};

function server(): {
  server: KubeletServer;
  sent: Message[];
  clock: VirtualClock;
  log: ContainerLog;
} {
  const sent: Message[] = [];
  const clock = new VirtualClock(T0);
  const log = new ContainerLog(1);
  log.write('stdout', 'before\n', T0);
  const kubelet = new KubeletServer(
    {
      podByName: (namespace, name) => (namespace === 'default' && name === 'web' ? POD : undefined),
      podStatus: () => undefined,
      containerLog: (id) => (id === RUNNING_ID ? log : undefined),
      containerStatus: (id) => RUNTIME.get(id),
      prepareExec: (id) =>
        RUNTIME.get(id)?.state === 'running'
          ? { execId: 'e'.repeat(64), environment: ENVIRONMENT }
          : undefined,
      usage: () => ({
        time: clock.now(),
        node: { startTime: T0, cpuCoreNanoSeconds: 0, workingSetBytes: 0 },
        containers: [],
      }),
      now: () => clock.now(),
      clock,
    },
    (_to, message) => sent.push(message),
  );
  return { server: kubelet, sent, clock, log };
}

function request(kubelet: KubeletServer, path: string, id = 1): void {
  kubelet.handle({
    from: 'kube-apiserver',
    to: 'kubelet/node-1',
    seq: id,
    message: {
      type: 'kubelet-request',
      id,
      request: { verb: 'POST', url: `https://172.18.0.3:10250${path}` },
    },
  });
}

function input(
  kubelet: KubeletServer,
  data: string | null,
  channel: StreamChannel = 'stdin',
): void {
  kubelet.handle({
    from: 'kube-apiserver',
    to: 'kubelet/node-1',
    seq: 9,
    message:
      data === null
        ? { type: 'stream-end', id: 1, channel: 'stdin' }
        : { type: 'stream-data', id: 1, data, channel },
  });
}

describe('the kubelet’s /exec endpoint', () => {
  it.each<[string, string, number, string]>([
    [
      'refuses a request for no stream',
      '/exec/default/web/app?command=ls',
      400,
      'you must specify at least 1 of stdin, stdout, stderr',
    ],
    [
      'does not know a pod it does not run',
      '/exec/default/api/app?command=ls&output=1',
      404,
      'pod does not exist',
    ],
    [
      'finds no container that is not running',
      '/exec/default/web/done?command=ls&output=1',
      500,
      'container not found ("done")',
    ],
    [
      'finds no container the pod lacks',
      '/exec/default/web/db?command=ls&output=1',
      500,
      'container not found ("db")',
    ],
  ])('%s', (_name, path, code, body) => {
    const { server: kubelet, sent } = server();
    request(kubelet, path);
    expect(sent).toEqual([
      { type: 'kubelet-response', id: 1, response: { code, body, contentType: 'text/plain' } },
    ]);
  });

  it('upgrades, then sends the output on its channels and the status on the error channel', () => {
    const { server: kubelet, sent } = server();
    request(
      kubelet,
      '/exec/default/web/app?command=sh&command=-c&command=echo+out%3B+echo+err+>%262%3B+exit+3&output=1&error=1',
    );
    expect(sent).toEqual([
      { type: 'kubelet-response', id: 1, response: { code: 101, body: '', stream: true } },
      { type: 'stream-data', id: 1, data: 'out\n', channel: 'stdout' },
      { type: 'stream-data', id: 1, data: 'err\n', channel: 'stderr' },
      {
        type: 'stream-data',
        id: 1,
        data: execStatus(['sh', '-c', 'echo out; echo err >&2; exit 3'], { exitCode: 3 }),
        channel: 'error',
      },
      { type: 'stream-end', id: 1 },
    ]);
  });

  it('feeds the API server’s stdin to the process until it ends', () => {
    const { server: kubelet, sent } = server();
    request(kubelet, '/exec/default/web/app?command=cat&input=1&output=1');
    input(kubelet, 'hello\n');
    input(kubelet, null);
    expect(sent.slice(1)).toEqual([
      { type: 'stream-data', id: 1, data: 'hello\n', channel: 'stdout' },
      { type: 'stream-data', id: 1, data: '{"metadata":{},"status":"Success"}', channel: 'error' },
      { type: 'stream-end', id: 1 },
    ]);
  });

  it('kills the process when the API server leaves', () => {
    const { server: kubelet, sent, clock } = server();
    request(
      kubelet,
      '/exec/default/web/app?command=sh&command=-c&command=sleep+1%3B+echo+late&output=1',
    );
    kubelet.handle({
      from: 'kube-apiserver',
      to: 'kubelet/node-1',
      seq: 2,
      message: { type: 'stream-cancel', id: 1 },
    });
    clock.advanceTo(T0 + 5000);
    expect(sent).toHaveLength(1);
  });

  it('attaches to what the container writes from now on, until it exits', () => {
    const { server: kubelet, sent, log } = server();
    request(kubelet, '/attach/default/web/app?output=1&error=1');
    log.write('stdout', 'one\npart', T0 + 1000);
    log.write('stderr', 'oops\n', T0 + 1000);
    log.close(T0 + 2000);
    expect(sent).toEqual([
      { type: 'kubelet-response', id: 1, response: { code: 101, body: '', stream: true } },
      { type: 'stream-data', id: 1, data: 'one\n', channel: 'stdout' },
      { type: 'stream-data', id: 1, data: 'oops\n', channel: 'stderr' },
      { type: 'stream-data', id: 1, data: 'part', channel: 'stdout' },
      { type: 'stream-data', id: 1, data: '{"metadata":{},"status":"Success"}', channel: 'error' },
      { type: 'stream-end', id: 1 },
    ]);
  });

  it('lets go of the container when the API server leaves an attach', () => {
    const { server: kubelet, sent, log } = server();
    request(kubelet, '/attach/default/web/app?output=1');
    kubelet.handle({
      from: 'kube-apiserver',
      to: 'kubelet/node-1',
      seq: 2,
      message: { type: 'stream-cancel', id: 1 },
    });
    log.write('stdout', 'unseen\n', T0 + 1000);
    expect(sent).toHaveLength(1);
  });

  it('attaches to no container that is not running', () => {
    const { server: kubelet, sent } = server();
    request(kubelet, '/attach/default/web/done?output=1');
    expect(sent).toEqual([
      {
        type: 'kubelet-response',
        id: 1,
        response: { code: 500, body: 'container not found ("done")', contentType: 'text/plain' },
      },
    ]);
  });
});
