import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../host/clock.ts';
import { SeededRng } from '../host/rng.ts';
import { finish } from '../host/testing.ts';
import { ImagePullError, type ContainerConfig } from './cri.ts';
import { SimulatedRuntime } from './simulated-runtime.ts';

const T0 = 1_000_000;
function setup(podCIDR: string | null = '10.244.1.0/24'): {
  clock: VirtualClock;
  runtime: SimulatedRuntime;
  exits: string[];
} {
  const clock = new VirtualClock(T0);
  const runtime = new SimulatedRuntime(clock, new SeededRng(1, 'containerd/node-1'));
  runtime.podCIDR = podCIDR;
  const exits: string[] = [];
  runtime.onContainerExit((id) => exits.push(id));
  return { clock, runtime, exits };
}

const sandboxConfig = { name: 'p', namespace: 'default', uid: 'uid-p', hostname: 'p' };

/** A running container with the given config, started in a fresh sandbox. */
async function running(
  config: ContainerConfig,
): Promise<{ clock: VirtualClock; runtime: SimulatedRuntime; exits: string[]; id: string }> {
  const { clock, runtime, exits } = setup();
  const { sandboxId } = await finish(clock, runtime.runPodSandbox(sandboxConfig));
  await finish(clock, runtime.pullImage(config.image));
  const id = await finish(clock, runtime.createContainer(sandboxId, config));
  await finish(clock, runtime.startContainer(id));
  return { clock, runtime, exits, id };
}

describe('SimulatedRuntime sandboxes', () => {
  it('hands out pod IPs from the node pod CIDR, starting at .2', async () => {
    const { clock, runtime } = setup('10.244.3.0/24');
    const ips: string[] = [];
    for (let i = 0; i < 3; i++)
      ips.push((await finish(clock, runtime.runPodSandbox(sandboxConfig))).ip);
    expect(ips).toEqual(['10.244.3.2', '10.244.3.3', '10.244.3.4']);
  });

  it('takes 400 ms to start a sandbox and names it with 64 hex digits', async () => {
    const { clock, runtime } = setup();
    const sandbox = await finish(clock, runtime.runPodSandbox(sandboxConfig));
    expect(clock.now() - T0).toBe(400);
    expect(sandbox.sandboxId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a sandbox before the node has a pod CIDR', async () => {
    const { runtime } = setup(null);
    await expect(runtime.runPodSandbox(sandboxConfig)).rejects.toThrow(
      'network plugin is not ready: cni config uninitialized',
    );
  });

  it('kills the containers still running when the sandbox stops', async () => {
    const { clock, runtime, exits } = setup();
    const { sandboxId } = await finish(clock, runtime.runPodSandbox(sandboxConfig));
    await finish(clock, runtime.pullImage('nginx'));
    const id = await finish(
      clock,
      runtime.createContainer(sandboxId, { name: 'web', image: 'nginx' }),
    );
    await finish(clock, runtime.startContainer(id));
    await finish(clock, runtime.stopPodSandbox(sandboxId));
    expect(runtime.containerStatus(id)).toMatchObject({
      state: 'exited',
      exitCode: 137,
      reason: 'Error',
    });
    expect(exits).toEqual([id]);
    await runtime.removePodSandbox(sandboxId);
    expect(runtime.containerStatus(id)).toBeUndefined();
  });
});

describe('SimulatedRuntime images', () => {
  it.each<[string, number, string]>([
    ['nginx', 300 + Math.ceil(72_938_476 / 40_000), 'docker.io/library/nginx:latest'],
    ['busybox:1.36', 300 + Math.ceil(2_155_244 / 40_000), 'docker.io/library/busybox:1.36'],
    ['postgres:17', 300 + Math.ceil(153_718_290 / 40_000), 'docker.io/library/postgres:17'],
    ['registry.k8s.io/pause:3.10', 300 + Math.ceil(320_368 / 40_000), 'registry.k8s.io/pause:3.10'],
  ])('pulls %s in time proportional to its size', async (image, ms, name) => {
    const { clock, runtime } = setup();
    const pulled = await finish(clock, runtime.pullImage(image));
    expect(clock.now() - T0).toBe(ms);
    expect(pulled.image).toBe(name);
    expect(pulled.imageRef).toMatch(
      new RegExp(`^${name.replace(/:[^:/]+$/, '')}@sha256:[0-9a-f]{64}$`),
    );
    expect(await runtime.imageStatus(image)).toEqual(pulled);
  });

  it('re-pulls a present image in the round trip only, keeping its digest', async () => {
    const { clock, runtime } = setup();
    const first = await finish(clock, runtime.pullImage('nginx'));
    const start = clock.now();
    const again = await finish(clock, runtime.pullImage('docker.io/library/nginx:latest'));
    expect(clock.now() - start).toBe(300);
    expect(again).toEqual(first);
    expect(runtime.listImages()).toEqual([first]);
  });

  it('keeps tags apart', async () => {
    const { clock, runtime } = setup();
    await finish(clock, runtime.pullImage('nginx:1.27'));
    expect(await runtime.imageStatus('nginx:1.27')).toBeDefined();
    expect(await runtime.imageStatus('nginx')).toBeUndefined();
  });

  it('pulls by digest without taking it for the latest tag', async () => {
    const { clock, runtime } = setup();
    const digest = `sha256:${'a'.repeat(64)}`;
    await finish(clock, runtime.pullImage('nginx'));
    expect(await runtime.imageStatus(`nginx@${digest}`)).toBeUndefined();
    const pulled = await finish(clock, runtime.pullImage(`nginx@${digest}`));
    expect(pulled).toMatchObject({
      image: `docker.io/library/nginx@${digest}`,
      imageRef: `docker.io/library/nginx@${digest}`,
    });
  });

  it.each<[string, string]>([
    ['ngnix', 'docker.io/library/ngnix:latest'],
    ['example.com/team/app:v1', 'example.com/team/app:v1'],
  ])('fails to pull the unknown image %s the way containerd says it', async (image, reference) => {
    const { clock, runtime } = setup();
    const error = await finish(clock, runtime.pullImage(image)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImagePullError);
    expect((error as Error).message).toBe(
      `failed to pull and unpack image "${reference}": failed to resolve reference "${reference}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
    );
    expect(clock.now() - T0).toBe(300);
    expect(await runtime.imageStatus(image)).toBeUndefined();
  });
});

describe('SimulatedRuntime containers', () => {
  it('creates in 30 ms and starts in 80 ms', async () => {
    const { clock, runtime } = setup();
    const { sandboxId } = await finish(clock, runtime.runPodSandbox(sandboxConfig));
    await finish(clock, runtime.pullImage('nginx'));
    const createdAt = clock.now();
    const id = await finish(
      clock,
      runtime.createContainer(sandboxId, { name: 'web', image: 'nginx' }),
    );
    expect(clock.now() - createdAt).toBe(30);
    expect(runtime.containerStatus(id)).toEqual({ id, state: 'created' });
    await finish(clock, runtime.startContainer(id));
    expect(clock.now() - createdAt).toBe(110);
    expect(runtime.containerStatus(id)).toEqual({ id, state: 'running', startedAt: clock.now() });
  });

  it.each<[string, ContainerConfig, number | null, number]>([
    ['keeps a server image running', { name: 'web', image: 'nginx' }, null, 0],
    ['exits a busybox without command at once', { name: 'sh', image: 'busybox' }, 0, 0],
    ['exits an alpine without command at once', { name: 'sh', image: 'alpine:3.20' }, 0, 0],
    [
      'exits `sleep 5` after 5 s',
      { name: 'nap', image: 'busybox', command: ['sleep', '5'] },
      5_000,
      0,
    ],
    [
      'exits `sleep` given as args after its time',
      { name: 'nap', image: 'busybox', command: ['sleep'], args: ['2.5'] },
      2_500,
      0,
    ],
    [
      'exits `sh -c "sleep 3"` after 3 s',
      { name: 'nap', image: 'busybox', command: ['sh', '-c', 'sleep 3'] },
      3_000,
      0,
    ],
    [
      'keeps a loop that sleeps running',
      { name: 'loop', image: 'busybox', command: ['sh', '-c', 'while true; do sleep 1; done'] },
      null,
      0,
    ],
    [
      'keeps a command it does not know running',
      { name: 'app', image: 'busybox', command: ['/app/server'] },
      null,
      0,
    ],
    [
      'ends with the status the script exits with',
      { name: 'fail', image: 'busybox', command: ['sh', '-c', 'sleep 2; exit 3'] },
      2_000,
      3,
    ],
    ['ends postgres without a password with status 1', { name: 'db', image: 'postgres:17' }, 0, 1],
  ])('%s', async (_name, config, lifetime, exitCode) => {
    const { clock, runtime, exits, id } = await running(config);
    const startedAt = clock.now();
    const limit = startedAt + 60_000;
    for (;;) {
      const due = clock.nextDue();
      if (runtime.containerStatus(id)?.state !== 'running' || due === null || due > limit) break;
      clock.advanceTo(due);
    }
    if (lifetime === null) {
      expect(runtime.containerStatus(id)?.state).toBe('running');
      expect(exits).toEqual([]);
      return;
    }
    expect(runtime.containerStatus(id)).toEqual({
      id,
      state: 'exited',
      startedAt,
      finishedAt: startedAt + lifetime,
      exitCode,
      reason: exitCode === 0 ? 'Completed' : 'Error',
    });
    expect(exits).toEqual([id]);
  });

  it.each<[string, ContainerConfig, number, string, number]>([
    ['stops nginx with exit code 0', { name: 'web', image: 'nginx' }, 0, 'Completed', 120],
    [
      'SIGKILLs a shell that ignores SIGTERM once the timeout is over, exit code 137',
      { name: 'nap', image: 'busybox', command: ['sleep', '3600'] },
      137,
      'Error',
      30_000,
    ],
    [
      'runs a shell’s TERM trap after its current command',
      {
        name: 'trap',
        image: 'busybox',
        command: ['sh', '-c', "trap 'echo bye; exit 3' TERM; while true; do sleep 2; done"],
      },
      3,
      'Error',
      2_000,
    ],
  ])('%s', async (_name, config, exitCode, reason, takes) => {
    const { clock, runtime, exits, id } = await running(config);
    // The process has begun (and set its traps).
    clock.advanceTo(clock.now());
    const stoppingAt = clock.now();
    await finish(clock, runtime.stopContainer(id, 30));
    expect(clock.now() - stoppingAt).toBe(takes);
    expect(runtime.containerStatus(id)).toMatchObject({
      state: 'exited',
      exitCode,
      reason,
      finishedAt: clock.now(),
    });
    expect(exits).toEqual([id]);
    expect(clock.nextDue()).toBeNull();
  });

  it('stops at once with a zero grace period', async () => {
    const { clock, runtime, id } = await running({ name: 'web', image: 'nginx' });
    const stoppingAt = clock.now();
    await finish(clock, runtime.stopContainer(id, 0));
    expect(clock.now()).toBe(stoppingAt);
    expect(runtime.containerStatus(id)?.state).toBe('exited');
  });

  it('ignores stopping a container that already exited, or was never there', async () => {
    const { clock, runtime, exits, id } = await running({ name: 'sh', image: 'busybox' });
    clock.advanceTo(clock.now());
    expect(exits).toEqual([id]);
    await runtime.stopContainer(id, 30);
    await runtime.stopContainer('missing', 30);
    expect(exits).toEqual([id]);
  });

  it('refuses to start a container it does not know', async () => {
    const { runtime } = setup();
    await expect(runtime.startContainer('missing')).rejects.toThrow(
      'container "missing" not found',
    );
  });

  it('forgets a removed container', async () => {
    const { runtime, id } = await running({ name: 'web', image: 'nginx' });
    await runtime.removeContainer(id);
    expect(runtime.containerStatus(id)).toBeUndefined();
  });
});

describe('SimulatedRuntime usage', () => {
  /** Fires every timer due until `time`, then stops there. */
  function runTo(clock: VirtualClock, time: number): void {
    for (let due = clock.nextDue(); due !== null && due <= time; due = clock.nextDue())
      clock.advanceTo(Math.max(due, clock.now()));
    clock.advanceTo(time);
  }

  /** Core-nanoseconds the container used between two instants `ms` apart. */
  function used(runtime: SimulatedRuntime, clock: VirtualClock, ms: number): number {
    const before = runtime.usage.sample(clock.now()).containers[0]?.cpuCoreNanoSeconds ?? 0;
    runTo(clock, clock.now() + ms);
    const after = runtime.usage.sample(clock.now()).containers[0]?.cpuCoreNanoSeconds ?? 0;
    return after - before;
  }

  it('bills a shell loop that never waits a full core, up to its CPU limit', async () => {
    const spin = { name: 'c', image: 'busybox', command: ['sh', '-c', 'while true; do :; done'] };
    const free = await running(spin);
    expect(used(free.runtime, free.clock, 10_000)).toBeCloseTo(10_000 * 1e6, -6);
    const capped = await running({ ...spin, cpuLimitMillicores: 250 });
    expect(used(capped.runtime, capped.clock, 10_000)).toBeCloseTo(2_500 * 1e6, -6);
  });

  it('bills php-apache the CPU of each request its pod served', async () => {
    const { clock, runtime } = await running({ name: 'php', image: 'registry.k8s.io/hpa-example' });
    runTo(clock, clock.now() + 1_000);
    const served = (podUID: string) => ({
      podUID,
      namespace: 'default',
      pod: 'php-apache',
      containerName: 'php',
      request: { method: 'GET' as const, path: '/', host: 'php-apache', userAgent: 'Wget' },
      status: 200,
      bytes: 3,
      time: clock.now(),
    });
    for (let i = 0; i < 50; i++) runtime.requestServed(served('uid-p'));
    runtime.requestServed(served('uid-other'));
    // 50 requests of 20 ms and the 1m idle baseline over 10 s.
    expect(used(runtime, clock, 10_000)).toBe(50 * 20 * 1e6 + 10_000 * 1e3);
  });

  it('never reports a working set above the limit it OOM-kills at', async () => {
    const { clock, runtime, exits, id } = await running({
      name: 'c',
      image: 'busybox',
      command: ['sh', '-c', 'tail /dev/zero'],
      memoryLimitBytes: 100 * 1024 * 1024,
    });
    runTo(clock, clock.now() + 50);
    expect(runtime.usage.sample(clock.now()).containers[0]?.workingSetBytes).toBeLessThanOrEqual(
      100 * 1024 * 1024,
    );
    runTo(clock, clock.now() + 500);
    expect(exits).toEqual([id]);
    expect(runtime.containerStatus(id)).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(runtime.usage.sample(clock.now()).containers).toEqual([]);
  });
});
