import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentError, ContainerEvent, OutputStream, PullProgress } from './protocol.ts';
import {
  AgentRuntime,
  milliCpuToQuota,
  milliCpuToShares,
  toAgentError,
  translateAction,
  withDefaultTag,
  type CallIO,
} from './runtime.ts';
import { FakeEngine, httpError } from './testing.ts';

const SANDBOX_IMAGE = 'localhost/k8spg-busybox:test';
const POD = {
  namespace: 'default',
  name: 'web-7d4b9',
  uid: '0b6f4c1e-1111-4a2b-9c3d-000000000001',
};

function setup(flavor: 'docker' | 'podman' = 'docker', runId = 'run1') {
  const engine = new FakeEngine(flavor);
  engine.addImage(SANDBOX_IMAGE);
  engine.addImage('nginx:1.25');
  const runtime = new AgentRuntime(engine, {
    runId,
    sandboxImage: SANDBOX_IMAGE,
    sandboxCommand: ['sleep', '2147483647'],
    podNetwork: 'bridge',
  });
  const events: ContainerEvent[] = [];
  runtime.onContainerEvent((event) => events.push(event));
  engine.events(
    runtime.runLabels,
    (event) => {
      runtime.handleEngineEvent(event);
    },
    () => undefined,
  );
  return { engine, runtime, events };
}

function io(overrides: Partial<CallIO> = {}) {
  const output: Record<OutputStream, string> = { stdout: '', stderr: '' };
  const progress: PullProgress[] = [];
  const stdin: { write(data: string): void; end(): void }[] = [];
  const controller = new AbortController();
  const callIO: CallIO = {
    signal: controller.signal,
    progress: (p) => progress.push(p),
    output: (stream, data) => {
      output[stream] += data;
    },
    onStdin: (input) => stdin.push(input),
    ...overrides,
  };
  return { io: callIO, output, progress, stdin, controller };
}

async function failure(promise: Promise<unknown>): Promise<AgentError> {
  try {
    await promise;
  } catch (error) {
    return toAgentError(error, 'Internal', 'unix:///fake/docker.sock');
  }
  throw new Error('expected the call to fail');
}

/** Lets the runtime's inspect-after-die settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('CRI → Docker mapping', () => {
  it('creates the sandbox with the pod labels, this run, the pause-like command and no restart policy', async () => {
    const { engine, runtime } = setup();
    await runtime.runPodSandbox({
      ...POD,
      hostname: 'web-7d4b9',
      hosts: { '10.0.0.9': ['db', 'db.local'] },
    });
    expect(engine.created[0]).toEqual({
      name: 'k8s_POD_web-7d4b9_default_0b6f4c1e-1111-4a2b-9c3d-000000000001_0',
      Image: SANDBOX_IMAGE,
      Hostname: 'web-7d4b9',
      Cmd: ['sleep', '2147483647'],
      Labels: {
        'io.k8s-playground/managed-by': 'k8s-playground-agent',
        'io.k8s-playground/agent-run': 'run1',
        'io.kubernetes.pod.namespace': 'default',
        'io.kubernetes.pod.name': 'web-7d4b9',
        'io.kubernetes.pod.uid': POD.uid,
        'io.kubernetes.docker.type': 'podsandbox',
        'io.kubernetes.container.restartCount': '0',
      },
      HostConfig: {
        NetworkMode: 'bridge',
        Init: true,
        RestartPolicy: { Name: 'no' },
        ExtraHosts: ['db:10.0.0.9', 'db.local:10.0.0.9'],
      },
    });
  });

  it('answers the sandbox IP the engine gave it', async () => {
    const { runtime } = setup();
    const { ip } = await runtime.runPodSandbox({ ...POD, hostname: 'web' });
    expect(ip).toBe('172.17.0.2');
  });

  it("puts a container in its sandbox's network namespace with its limits, command and labels", async () => {
    const { engine, runtime } = setup();
    const { sandboxId } = await runtime.runPodSandbox({ ...POD, hostname: 'web' });
    await runtime.createContainer(sandboxId, {
      name: 'nginx',
      image: 'nginx:1.25',
      command: ['nginx'],
      args: ['-g', 'daemon off;'],
      env: { MODE: 'prod', EMPTY: '' },
      workingDir: '/srv',
      attempt: 2,
      cpuRequestMillicores: 250,
      cpuLimitMillicores: 500,
      memoryLimitBytes: 128 * 1024 * 1024,
    });
    expect(engine.created[1]).toEqual({
      name: `k8s_nginx_web-7d4b9_default_${POD.uid}_2`,
      Image: 'nginx:1.25',
      Entrypoint: ['nginx'],
      Cmd: ['-g', 'daemon off;'],
      Env: ['MODE=prod', 'EMPTY='],
      WorkingDir: '/srv',
      Tty: false,
      Labels: {
        'io.k8s-playground/managed-by': 'k8s-playground-agent',
        'io.k8s-playground/agent-run': 'run1',
        'io.kubernetes.pod.namespace': 'default',
        'io.kubernetes.pod.name': 'web-7d4b9',
        'io.kubernetes.pod.uid': POD.uid,
        'io.kubernetes.docker.type': 'container',
        'io.kubernetes.container.name': 'nginx',
        'io.kubernetes.sandbox.id': sandboxId,
        'io.kubernetes.container.restartCount': '2',
      },
      HostConfig: {
        NetworkMode: `container:${sandboxId}`,
        RestartPolicy: { Name: 'no' },
        CpuShares: 256,
        CpuPeriod: 100_000,
        CpuQuota: 50_000,
        Memory: 134_217_728,
        MemorySwap: 134_217_728,
      },
    });
  });

  it("keeps the image's entrypoint and command when the container names neither, with the minimum cpu shares", async () => {
    const { engine, runtime } = setup();
    const { sandboxId } = await runtime.runPodSandbox({ ...POD, hostname: 'web' });
    await runtime.createContainer(sandboxId, { name: 'nginx', image: 'nginx:1.25' });
    const options = engine.created[1];
    expect(options?.Entrypoint).toBeUndefined();
    expect(options?.Cmd).toBeUndefined();
    expect(options?.HostConfig).toEqual({
      NetworkMode: `container:${sandboxId}`,
      RestartPolicy: { Name: 'no' },
      CpuShares: 2,
    });
  });

  it.each([
    [0, 2, 1000],
    [1, 2, 1000],
    [100, 102, 10_000],
    [250, 256, 25_000],
    [1000, 1024, 100_000],
    [2500, 2560, 250_000],
  ])('maps %i millicores to %i shares and a quota of %i µs per 100 ms', (milli, shares, quota) => {
    expect(milliCpuToShares(milli)).toBe(shares);
    expect(milliCpuToQuota(milli)).toBe(quota);
  });

  it.each([
    ['nginx', 'nginx:latest'],
    ['nginx:1.25', 'nginx:1.25'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    ['busybox@sha256:abc', 'busybox@sha256:abc'],
  ])('names the image %s as %s', (image, tagged) => {
    expect(withDefaultTag(image)).toBe(tagged);
  });
});

describe('trust: only containers of this run', () => {
  it.each([
    ['stopContainer', (r: AgentRuntime, id: string) => r.stopContainer(id, 1)],
    ['removeContainer', (r: AgentRuntime, id: string) => r.removeContainer(id)],
    ['startContainer', (r: AgentRuntime, id: string) => r.startContainer(id)],
    ['containerStatus', (r: AgentRuntime, id: string) => r.containerStatus(id)],
  ])('refuses %s on a container without our labels, and leaves it alone', async (_, act) => {
    const { engine, runtime } = setup();
    const id = engine.addForeignContainer('my-database');
    await engine.startContainer(id);
    const error = await failure(act(runtime, id));
    expect(error).toEqual({
      code: 'NotManaged',
      message:
        `container "${id}" was not created by this agent (it lacks the labels ` +
        'io.k8s-playground/managed-by=k8s-playground-agent and io.k8s-playground/agent-run=run1); ' +
        'the agent does not touch it',
    });
    expect(engine.containers.get(id)?.status).toBe('running');
  });

  it('refuses a container of another agent run', async () => {
    const other = setup('docker', 'other-run');
    const { sandboxId } = await other.runtime.runPodSandbox({ ...POD, hostname: 'web' });
    const mine = new AgentRuntime(other.engine, { ...other.runtime.options, runId: 'run1' });
    expect((await failure(mine.stopPodSandbox(sandboxId))).code).toBe('NotManaged');
  });

  it('refuses a container by the name of an unlabelled one', async () => {
    const { engine, runtime } = setup();
    engine.addForeignContainer('my-database');
    expect((await failure(runtime.stopContainer('my-database', 1))).code).toBe('NotManaged');
  });

  it('answers NotFound for a container that does not exist', async () => {
    const { runtime } = setup();
    expect(await failure(runtime.stopContainer('nope', 1))).toEqual({
      code: 'NotFound',
      message: 'container "nope" not found',
      status: 404,
    });
  });

  it('removes only this run’s containers when cleaning up', async () => {
    const { engine, runtime } = setup();
    const foreign = engine.addForeignContainer('my-database');
    const other = new AgentRuntime(engine, { ...runtime.options, runId: 'other-run' });
    const { sandboxId: otherSandbox } = await other.runPodSandbox({
      ...POD,
      uid: 'u2',
      hostname: 'x',
    });
    const { sandboxId } = await runtime.runPodSandbox({ ...POD, hostname: 'web' });
    await runtime.createContainer(sandboxId, { name: 'nginx', image: 'nginx:1.25' });
    expect(await runtime.removeAll()).toBe(2);
    expect([...engine.containers.keys()].sort()).toEqual([foreign, otherSandbox].sort());
  });
});

describe('container life cycle', () => {
  it('treats stopping a stopped container (304) as done', async () => {
    const { engine, runtime } = setup();
    const { sandboxId } = await runtime.runPodSandbox({ ...POD, hostname: 'web' });
    const id = await runtime.createContainer(sandboxId, { name: 'nginx', image: 'nginx:1.25' });
    await runtime.startContainer(id);
    engine.exit(id, 0);
    await expect(runtime.stopContainer(id, 1)).resolves.toBeUndefined();
  });

  it.each(['docker', 'podman'] as const)(
    'reports a failed start (%s) as RunContainerError with the engine message',
    async (flavor) => {
      const { runtime } = setup(flavor);
      const { sandboxId } = await runtime.runPodSandbox({ ...POD, hostname: 'web' });
      const id = await runtime.createContainer(sandboxId, {
        name: 'app',
        image: 'nginx:1.25',
        command: ['/no/such/binary'],
      });
      expect(await failure(runtime.startContainer(id))).toEqual({
        code: 'RunContainerError',
        message: 'exec: "/no/such/binary": stat /no/such/binary: no such file or directory',
        status: flavor === 'podman' ? 500 : 400,
      });
    },
  );

  it('reports a create from a missing image as CreateContainerError', async () => {
    const { runtime } = setup();
    const { sandboxId } = await runtime.runPodSandbox({ ...POD, hostname: 'web' });
    expect(
      await failure(runtime.createContainer(sandboxId, { name: 'app', image: 'redis:7' })),
    ).toEqual({
      code: 'NotFound',
      message: 'No such image: redis:7',
      status: 404,
    });
  });

  it('reads running and exited states from inspect', async () => {
    const { engine, runtime } = setup();
    const { sandboxId } = await runtime.runPodSandbox({ ...POD, hostname: 'web' });
    const id = await runtime.createContainer(sandboxId, {
      name: 'nginx',
      image: 'nginx:1.25',
      attempt: 1,
    });
    expect((await runtime.containerStatus(id)).state).toBe('created');
    await runtime.startContainer(id);
    expect(await runtime.containerStatus(id)).toMatchObject({
      state: 'running',
      name: 'nginx',
      attempt: 1,
      pod: POD,
    });
    engine.exit(id, 137, true);
    expect(await runtime.containerStatus(id)).toMatchObject({
      state: 'exited',
      exitCode: 137,
      reason: 'OOMKilled',
    });
  });

  it('stops a pod sandbox with everything in it, and removes them', async () => {
    const { engine, runtime } = setup();
    const { sandboxId } = await runtime.runPodSandbox({ ...POD, hostname: 'web' });
    const id = await runtime.createContainer(sandboxId, { name: 'nginx', image: 'nginx:1.25' });
    await runtime.startContainer(id);
    await runtime.stopPodSandbox(sandboxId);
    expect(engine.containers.get(id)?.status).toBe('exited');
    expect(engine.containers.get(sandboxId)?.status).toBe('exited');
    await runtime.removePodSandbox(sandboxId);
    expect(engine.containers.size).toBe(0);
  });
});

describe('image pulls', () => {
  it('refuses an absent image under pull policy Never with the kubelet’s message', async () => {
    const { runtime } = setup();
    expect(await failure(runtime.pullImage('redis:7', 'Never', io().io))).toEqual({
      code: 'ErrImageNeverPull',
      message: 'Container image "redis:7" is not present with pull policy of Never',
    });
  });

  it('does not pull a present image under IfNotPresent', async () => {
    const { engine, runtime } = setup();
    engine.pulls.set('nginx:1.25', new Error('must not pull'));
    expect(await runtime.pullImage('nginx:1.25', 'IfNotPresent', io().io)).toMatchObject({
      image: 'nginx:1.25',
    });
  });

  it('passes on the progress of a pull and answers the pulled image', async () => {
    const { engine, runtime } = setup();
    engine.pulls.set('redis:7', [
      { status: 'Pulling from library/redis', id: '7' },
      { status: 'Downloading', id: 'a1b2', progressDetail: { current: 512, total: 2048 } },
      { status: 'Status: Downloaded newer image for redis:7' },
    ]);
    const call = io();
    expect(await runtime.pullImage('redis:7', 'Always', call.io)).toMatchObject({
      image: 'redis:7',
    });
    expect(call.progress).toEqual([
      { status: 'Pulling from library/redis', layer: '7' },
      { status: 'Downloading', layer: 'a1b2', current: 512, total: 2048 },
      { status: 'Status: Downloaded newer image for redis:7' },
    ]);
  });

  it.each([
    [
      'inside a 200 stream (podman)',
      [
        { status: 'Trying to pull docker.io/library/redis:7...' },
        {
          error:
            'initializing source docker://redis:7: pinging container registry registry-1.docker.io: no such host',
          errorDetail: {
            message:
              'initializing source docker://redis:7: pinging container registry registry-1.docker.io: no such host',
          },
        },
      ],
      undefined,
    ],
    [
      'as an HTTP 500 (dockerd)',
      httpError(
        500,
        'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
      ),
      500,
    ],
  ])('reports a registry that cannot be reached %s as ErrImagePull', async (_, script, status) => {
    const { engine, runtime } = setup();
    engine.pulls.set('redis:7', script);
    const error = await failure(runtime.pullImage('redis:7', 'IfNotPresent', io().io));
    expect(error.code).toBe('ErrImagePull');
    expect(error.message).toMatch(/registry-1\.docker\.io.*no such host/);
    expect(error.status).toBe(status);
  });

  it('fails the sandbox clearly when its image cannot be had', async () => {
    const { engine, runtime } = setup();
    engine.images.delete(SANDBOX_IMAGE);
    expect(await failure(runtime.runPodSandbox({ ...POD, hostname: 'web' }))).toEqual({
      code: 'CreatePodSandboxError',
      message:
        `failed to get sandbox image "${SANDBOX_IMAGE}": pull access denied for ${SANDBOX_IMAGE} ` +
        '(start the agent with --sandbox-image set to a local image)',
    });
  });
});

describe('error normalisation', () => {
  it.each([
    [
      'a missing socket',
      Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' }),
      {
        code: 'EngineUnavailable',
        message:
          'cannot reach the Docker Engine API at unix:///var/run/docker.sock: connect ENOENT /var/run/docker.sock',
      },
    ],
    [
      'a stale socket',
      Object.assign(new Error('connect ECONNREFUSED /tmp/x.sock'), { code: 'ECONNREFUSED' }),
      {
        code: 'EngineUnavailable',
        message:
          'cannot reach the Docker Engine API at unix:///var/run/docker.sock: connect ECONNREFUSED /tmp/x.sock',
      },
    ],
    [
      'a hung engine',
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      {
        code: 'EngineUnavailable',
        message:
          'cannot reach the Docker Engine API at unix:///var/run/docker.sock: socket hang up',
      },
    ],
    [
      "podman's missing container",
      httpError(404, 'no container with name or ID "x" found: no such container'),
      {
        code: 'NotFound',
        message: 'no container with name or ID "x" found: no such container',
        status: 404,
      },
    ],
    [
      'a conflict',
      httpError(409, 'Conflict. The container name "/k8s_x" is already in use'),
      {
        code: 'CreateContainerError',
        message: 'Conflict. The container name "/k8s_x" is already in use',
        status: 409,
      },
    ],
    ['anything else', new Error('boom'), { code: 'CreateContainerError', message: 'boom' }],
  ])('reads %s', (_, error, expected) => {
    expect(toAgentError(error, 'CreateContainerError', 'unix:///var/run/docker.sock')).toEqual(
      expected,
    );
  });
});

describe('events', () => {
  it.each([
    ['create', 'created'],
    ['start', 'started'],
    ['oom', 'oom'],
    ['die', 'exited'],
    ['destroy', 'removed'],
    ['remove', 'removed'],
    ['init', null],
    ['kill', null],
    ['stop', null],
    ['cleanup', null],
    ['exec_create: sh -c true', null],
    ['exec_died', null],
    ['top', null],
    ['attach', null],
  ])('translates the engine action %s to %s', (action, type) => {
    expect(translateAction(action)).toBe(type);
  });

  it.each(['docker', 'podman'] as const)(
    'reports a container’s life on %s as created, started, exited with its code, removed',
    async (flavor) => {
      const { engine, runtime, events } = setup(flavor);
      const { sandboxId } = await runtime.runPodSandbox({ ...POD, hostname: 'web' });
      const id = await runtime.createContainer(sandboxId, { name: 'job', image: 'nginx:1.25' });
      await runtime.startContainer(id);
      engine.exit(id, 3);
      await settle();
      await runtime.removeContainer(id);
      const ofContainer = events.filter((event) => event.containerId === id);
      expect(ofContainer.map(({ type, exitCode, reason }) => ({ type, exitCode, reason }))).toEqual(
        [
          { type: 'created', exitCode: undefined, reason: undefined },
          { type: 'started', exitCode: undefined, reason: undefined },
          { type: 'exited', exitCode: 3, reason: 'Error' },
          { type: 'removed', exitCode: undefined, reason: undefined },
        ],
      );
      expect(ofContainer[2]).toMatchObject({
        pod: POD,
        containerName: 'job',
        sandbox: false,
        oomKilled: false,
      });
    },
  );

  it('reports an OOM kill: oom, then exited 137 OOMKilled, once', async () => {
    const { engine, runtime, events } = setup('podman');
    const { sandboxId } = await runtime.runPodSandbox({ ...POD, hostname: 'web' });
    const id = await runtime.createContainer(sandboxId, {
      name: 'hog',
      image: 'nginx:1.25',
      memoryLimitBytes: 1 << 20,
    });
    await runtime.startContainer(id);
    engine.exit(id, 137, true);
    await settle();
    await settle();
    const ofContainer = events.filter(
      (event) => event.containerId === id && event.type !== 'created',
    );
    expect(
      ofContainer.map(({ type, exitCode, oomKilled, reason }) => ({
        type,
        exitCode,
        oomKilled,
        reason,
      })),
    ).toEqual([
      { type: 'started', exitCode: undefined, oomKilled: undefined, reason: undefined },
      { type: 'oom', exitCode: undefined, oomKilled: undefined, reason: undefined },
      { type: 'exited', exitCode: 137, oomKilled: true, reason: 'OOMKilled' },
    ]);
  });

  it('ignores events of containers that are not this run’s', () => {
    const { runtime } = setup();
    expect(
      runtime.eventFor({
        Type: 'container',
        Action: 'start',
        Actor: {
          ID: 'abc',
          Attributes: { 'io.k8s-playground/managed-by': 'k8s-playground-agent' },
        },
        time: 1,
      }),
    ).toBeNull();
  });
});

describe('logs and exec', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function running(setupResult = setup()) {
    const { runtime } = setupResult;
    const { sandboxId } = await runtime.runPodSandbox({ ...POD, hostname: 'web' });
    const id = await runtime.createContainer(sandboxId, { name: 'app', image: 'nginx:1.25' });
    await runtime.startContainer(id);
    return { ...setupResult, id };
  }

  it('sends stdout and stderr apart, keeping a character split across chunks whole', async () => {
    const { engine, runtime, id } = await running();
    const euro = Buffer.from('€');
    engine.write(id, 'stdout', 'hello\n');
    engine.write(id, 'stderr', 'warn\n');
    const call = io();
    await runtime.containerLogs({ method: 'containerLogs', containerId: id }, call.io);
    expect(call.output).toEqual({ stdout: 'hello\n', stderr: 'warn\n' });
    // The engine may cut a multi-byte character between two frames.
    const split = io();
    const logs = vi.spyOn(engine, 'logs').mockImplementation((_id, _options, out) => {
      out('stdout', euro.subarray(0, 1));
      out('stdout', euro.subarray(1));
      return Promise.resolve();
    });
    await runtime.containerLogs({ method: 'containerLogs', containerId: id }, split.io);
    expect(split.output.stdout).toBe('€');
    logs.mockRestore();
  });

  it('follows a log until the container exits', async () => {
    const { engine, runtime, id } = await running();
    engine.write(id, 'stdout', 'one\n');
    const call = io();
    const done = runtime.containerLogs(
      { method: 'containerLogs', containerId: id, follow: true },
      call.io,
    );
    engine.write(id, 'stdout', 'two\n');
    engine.exit(id, 0);
    await done;
    expect(call.output.stdout).toBe('one\ntwo\n');
  });

  it('stops following when the call is cancelled', async () => {
    const { runtime, id } = await running();
    const call = io();
    const done = runtime.containerLogs(
      { method: 'containerLogs', containerId: id, follow: true },
      call.io,
    );
    call.controller.abort();
    await expect(done).resolves.toBeUndefined();
  });

  it('runs an exec and answers its exit code and output', async () => {
    const { engine, runtime, id } = await running();
    engine.execBehaviour = (command) => ({
      output: [
        { stream: 'stdout', data: `ran ${command.join(' ')}\n` },
        { stream: 'stderr', data: 'oops\n' },
      ],
      exitCode: 3,
    });
    const call = io();
    expect(
      await runtime.exec(
        { method: 'exec', containerId: id, command: ['sh', '-c', 'exit 3'] },
        call.io,
      ),
    ).toBe(3);
    expect(call.output).toEqual({ stdout: 'ran sh -c exit 3\n', stderr: 'oops\n' });
  });

  it('feeds an exec its stdin', async () => {
    const { engine, runtime, id } = await running();
    engine.execBehaviour = () => ({ exitCode: 0, echoStdin: true });
    const call = io();
    const done = runtime.exec(
      { method: 'exec', containerId: id, command: ['cat'], stdin: true },
      call.io,
    );
    await vi.waitFor(() => {
      expect(call.stdin).toHaveLength(1);
    });
    call.stdin[0]?.write('typed\n');
    call.stdin[0]?.end();
    expect(await done).toBe(0);
    expect(call.output.stdout).toBe('typed\n');
  });

  it('fails an exec past its timeout with DeadlineExceeded', async () => {
    vi.useFakeTimers();
    const { engine, runtime, id } = await running();
    engine.execBehaviour = () => ({ exitCode: 0, hang: true });
    const done = failure(
      runtime.exec(
        { method: 'exec', containerId: id, command: ['sleep', '60'], timeoutSeconds: 1 },
        io().io,
      ),
    );
    await vi.advanceTimersByTimeAsync(1000);
    expect(await done).toEqual({
      code: 'DeadlineExceeded',
      message: 'command "sleep 60" timed out',
    });
  });
});

describe('resource usage', () => {
  it.each(['docker', 'podman'] as const)(
    'samples the running containers of this run, their working set without inactive files (%s)',
    async (flavor) => {
      const { engine, runtime } = setup(flavor);
      const { sandboxId } = await runtime.runPodSandbox({ ...POD, hostname: 'web' });
      const running = await runtime.createContainer(sandboxId, {
        name: 'web',
        image: 'nginx:1.25',
      });
      const created = await runtime.createContainer(sandboxId, {
        name: 'side',
        image: 'nginx:1.25',
      });
      await runtime.startContainer(running);
      engine.usage.set(running, {
        cpuNs: 1_500_000_000,
        memory: 48_000_000,
        inactiveFile: 8_000_000,
      });
      engine.usage.set(created, { cpuNs: 1, memory: 1, inactiveFile: 0 });

      expect(await runtime.containerStats()).toEqual([
        {
          id: running,
          time: expect.any(Number) as number,
          cpuCoreNanoSeconds: 1_500_000_000,
          workingSetBytes: 40_000_000,
        },
      ]);
    },
  );
});
