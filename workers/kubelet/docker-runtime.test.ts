import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../host/clock.ts';
import { flush } from '../host/testing.ts';
import { ExecTimeoutError, ImagePullError, RuntimeCallError } from './cri.ts';
import { DockerRuntime } from './docker-runtime.ts';
import { FakeAgent, type FakeImage } from './docker-testing.ts';

const T0 = Date.UTC(2024, 10, 26, 10, 0, 0);

function setup(
  images?: Record<string, FakeImage>,
  present: string[] = [],
): {
  runtime: DockerRuntime;
  agent: FakeAgent;
  clock: VirtualClock;
  exits: string[];
} {
  const clock = new VirtualClock(T0);
  let agent: FakeAgent | null = null;
  const runtime = new DockerRuntime(clock, (frame) => agent?.receive(frame));
  agent = new FakeAgent(
    (message) => {
      runtime.receive(message);
    },
    images,
    present,
  );
  const exits: string[] = [];
  runtime.onContainerExit((id) => exits.push(id));
  return { runtime, agent, clock, exits };
}

async function started(
  runtime: DockerRuntime,
  image = 'nginx',
): Promise<{ sandboxId: string; ip: string; id: string }> {
  const sandbox = await runtime.runPodSandbox({
    name: 'web',
    namespace: 'default',
    uid: 'uid-web',
    hostname: 'web',
  });
  const pulled = await runtime.pullImage(image, 'IfNotPresent');
  const id = await runtime.createContainer(sandbox.sandboxId, { name: 'web', image }, pulled);
  await runtime.startContainer(id);
  return { ...sandbox, id };
}

describe('the Docker runtime over the agent', () => {
  it('runs a real container: the sandbox IP, the pulled image, running since the answer came', async () => {
    const { runtime, agent, clock } = setup();
    clock.advanceTo(T0 + 5_000);
    const { ip, id } = await started(runtime);

    expect(ip).toBe('172.17.0.2');
    expect(runtime.listImages()).toEqual([
      {
        image: 'docker.io/library/nginx:latest',
        imageRef: `sha256:${'ab'.repeat(32)}`,
        size: 72_000_000,
      },
    ]);
    expect(runtime.containerStatus(id)).toEqual({ id, state: 'running', startedAt: T0 + 5_000 });
    expect(
      agent.received.find(
        (message) => message.type === 'call' && message.call.method === 'pullImage',
      ),
    ).toMatchObject({
      call: { method: 'pullImage', image: 'nginx', policy: 'IfNotPresent' },
    });
  });

  it('keeps the real process’s output as the container’s CRI log, stamped on arrival', async () => {
    const { runtime, agent, clock } = setup();
    const { id } = await started(runtime);
    const container = agent.containers.get(id);
    if (!container) throw new Error('no container');
    clock.advanceTo(T0 + 2_000);
    agent.write(container, 'stderr', 'warning: slow\n');

    expect(
      runtime
        .containerLog(id)
        ?.current()
        .map(({ stream, text, time }) => ({ stream, text, time })),
    ).toEqual([
      { stream: 'stdout', text: 'nginx: ready', time: T0 },
      { stream: 'stderr', text: 'warning: slow', time: T0 + 2_000 },
    ]);
  });

  it.each([
    ['an exit code', { size: 1, exitCode: 3 }, { exitCode: 3, reason: 'Error' }],
    ['success', { size: 1, exitCode: 0 }, { exitCode: 0, reason: 'Completed' }],
    ['the OOM killer', { size: 1, oomKilled: true }, { exitCode: 137, reason: 'OOMKilled' }],
  ])('turns the engine’s exit event into an exited status: %s', async (_name, image, expected) => {
    const { runtime, exits } = setup({ job: image });
    const { id } = await started(runtime, 'job');

    expect(runtime.containerStatus(id)).toMatchObject({
      state: 'exited',
      ...expected,
      finishedAt: T0,
    });
    expect(exits).toEqual([id]);
    expect(runtime.containerLog(id)?.closed).toBe(true);
  });

  it.each([
    ['an image the engine held before the tab came', ['nginx'], 'docker.io/library/nginx:latest'],
    ['an image the engine does not hold', [], undefined],
  ])('asks the engine for the image’s status: %s', async (_name, present, image) => {
    const { runtime, agent } = setup(undefined, present);

    expect((await runtime.imageStatus('nginx'))?.image).toBe(image);
    expect(runtime.listImages().map((pulled) => pulled.image)).toEqual(image ? [image] : []);
    expect(agent.received).toMatchObject([
      { type: 'call', call: { method: 'imageStatus', image: 'nginx' } },
    ]);
  });

  it('fails the image’s status with the agent’s message when the agent cannot tell', async () => {
    const runtime = new DockerRuntime(new VirtualClock(T0), (frame) => {
      if (frame.type === 'call')
        runtime.receive({
          type: 'error',
          id: frame.id,
          error: { code: 'EngineUnavailable', message: 'the agent is not connected' },
        });
    });

    await expect(runtime.imageStatus('nginx')).rejects.toThrow('the agent is not connected');
  });

  it('fails a pull the registry refuses with the engine’s message, as ErrImagePull shows it', async () => {
    const { runtime } = setup();
    const pull = runtime.pullImage('nosuch/image');

    await expect(pull).rejects.toThrow(ImagePullError);
    await expect(pull).rejects.toThrow(
      "Error response from daemon: pull access denied for nosuch/image, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
  });

  it('reports a refused CreateContainer as the runtime’s error', async () => {
    const { runtime, agent } = setup();
    const original = agent.receive.bind(agent);
    agent.receive = (message) => {
      if (message.type === 'call' && message.call.method === 'createContainer') {
        runtime.receive({
          type: 'error',
          id: message.id,
          error: { code: 'CreateContainerError', message: 'Error response from daemon: Conflict.' },
        });
        return;
      }
      original(message);
    };
    const create = runtime.createContainer(
      'sandbox-1',
      { name: 'web', image: 'nginx' },
      {
        image: 'nginx',
        imageRef: 'sha256:1',
        size: 1,
      },
    );

    await expect(create).rejects.toThrow(
      new RuntimeCallError('Error response from daemon: Conflict.'),
    );
  });

  it('stops a container and reads how it ended', async () => {
    const { runtime, exits } = setup();
    const { id } = await started(runtime);
    await runtime.stopContainer(id, 30);

    expect(runtime.containerStatus(id)).toMatchObject({
      state: 'exited',
      exitCode: 0,
      reason: 'Completed',
    });
    expect(exits).toEqual([id]);
  });

  it('runs ExecSync in the container, and times out as the CRI does', async () => {
    const { runtime } = setup();
    const { id } = await started(runtime);

    await expect(runtime.execSync(id, ['cat', '/tmp/healthy'], 1)).resolves.toEqual({
      exitCode: 0,
      output: 'cat /tmp/healthy\n',
    });
    await expect(runtime.execSync(id, ['sleep', '10'], 1)).rejects.toThrow(ExecTimeoutError);
  });

  it('streams an exec’s output and ends with its exit code; input waits for the call', async () => {
    const { runtime, agent } = setup();
    const { id } = await started(runtime);
    const output: string[] = [];
    const ends: unknown[] = [];
    const session = runtime.exec(
      id,
      { argv: ['sh'], tty: false },
      { stdout: (data) => output.push(data), stderr: (data) => output.push(data) },
      (end) => ends.push(end),
    );
    session?.input('ls\n');
    session?.start();

    expect(output).toEqual(['sh\n']);
    expect(ends).toEqual([{ exitCode: 0 }]);
    expect(agent.received.slice(-2)).toMatchObject([
      { type: 'call', call: { method: 'exec', command: ['sh'], stdin: true, tty: false } },
      { type: 'stdin', data: 'ls\n' },
    ]);
  });

  it('removes a container: its log is no longer followed', async () => {
    const { runtime, agent } = setup();
    const { id } = await started(runtime);
    await runtime.stopContainer(id, 0);
    await runtime.removeContainer(id);

    expect(runtime.containerStatus(id)).toBeUndefined();
    expect(agent.received.at(-1)).toMatchObject({
      type: 'call',
      call: { method: 'removeContainer', containerId: id },
    });
  });

  it('reports the engine’s stats as usage, CPU at the measured rate over virtual time', async () => {
    const { runtime, agent, clock } = setup();
    const { id } = await started(runtime);
    const real = Date.UTC(2026, 10, 26, 1, 0, 0);
    agent.usage.set(id, { cpuCoreNanoSeconds: 1e9, workingSetBytes: 50e6, time: real });

    // The first scrape finds no sample yet, and asks the engine for one.
    expect(runtime.usage().containers).toEqual([]);
    await flush();
    // Half a core for a real second, while ten virtual seconds went by (10×).
    clock.advanceTo(T0 + 10_000);
    agent.usage.set(id, { cpuCoreNanoSeconds: 1.5e9, workingSetBytes: 60e6, time: real + 1_000 });
    expect(runtime.usage()).toEqual({
      time: T0,
      node: { startTime: T0, cpuCoreNanoSeconds: 1e9, workingSetBytes: 50e6 },
      containers: [
        {
          namespace: 'default',
          pod: 'web',
          podUID: 'uid-web',
          container: 'web',
          image: 'nginx',
          startTime: T0,
          cpuCoreNanoSeconds: 1e9,
          workingSetBytes: 50e6,
        },
      ],
    });
    await flush();

    expect(runtime.usage()).toMatchObject({
      time: T0 + 10_000,
      node: { cpuCoreNanoSeconds: 6e9, workingSetBytes: 60e6 },
      containers: [{ cpuCoreNanoSeconds: 6e9, workingSetBytes: 60e6 }],
    });
  });
});
