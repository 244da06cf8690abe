import type { Container } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { finish, runUntil } from '../host/testing.ts';
import { harness, makePod, NGINX_PULL_MS, plain, PULL_ERROR, T0 } from './pod-worker-testing.ts';

describe('PodWorker start-up', () => {
  it('pulls, creates and starts a container with the kubelet events, in order', async () => {
    const h = harness(
      makePod('nginx', [{ name: 'nginx', image: 'nginx', imagePullPolicy: 'Always' }]),
    );
    await h.start();
    expect(h.events).toEqual([
      'Normal Pulling Pulling image "nginx" [spec.containers{nginx}]',
      `Normal Pulled Successfully pulled image "nginx" in 2.124s (2.124s including waiting). Image size: 72938476 bytes. [spec.containers{nginx}]`,
      'Normal Created Created container: nginx [spec.containers{nginx}]',
      'Normal Started Started container nginx [spec.containers{nginx}]',
    ]);
    expect(NGINX_PULL_MS).toBe(2_124);
    expect(h.calls).toEqual([
      'RunPodSandbox',
      'sandbox ready 10.244.1.2',
      'PullImage nginx',
      'CreateContainer nginx',
      'StartContainer nginx',
    ]);
    expect(h.phase()).toBe('Running');
    expect(h.container('nginx')).toMatchObject({
      image: 'docker.io/library/nginx:latest',
      imageID: expect.stringMatching(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/) as unknown,
      containerID: expect.stringMatching(/^containerd:\/\/[0-9a-f]{64}$/) as unknown,
      restartCount: 0,
      state: { kind: 'running' },
    });
    expect(h.worker.record).toMatchObject({
      sandboxReady: true,
      podIP: '10.244.1.2',
      hostIP: '172.18.0.3',
      startTime: T0,
    });
  });

  it('reports ContainerCreating first, then Running', async () => {
    const h = harness(makePod('nginx', [{ name: 'nginx', image: 'nginx' }]));
    await h.start();
    const phases = h.snapshots.map((snapshot) => snapshot.phase);
    expect(phases.filter((phase, i) => phase !== phases[i - 1])).toEqual(['Pending', 'Running']);
    expect(h.snapshots[0]?.state).toBe('[{"waiting":{"reason":"ContainerCreating"}}]');
  });

  it.each<[string, Container, string[]]>([
    [
      'uses a present image with IfNotPresent',
      { name: 'web', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' },
      [
        'Normal Pulled Container image "nginx:1.27" already present on machine',
        'Normal Created Created container: web',
        'Normal Started Started container web',
      ],
    ],
    [
      'treats a missing pull policy as IfNotPresent',
      { name: 'web', image: 'nginx:1.27' },
      [
        'Normal Pulled Container image "nginx:1.27" already present on machine',
        'Normal Created Created container: web',
        'Normal Started Started container web',
      ],
    ],
    [
      'pulls a present image again with Always, quickly',
      { name: 'web', image: 'nginx:1.27', imagePullPolicy: 'Always' },
      [
        'Normal Pulling Pulling image "nginx:1.27"',
        'Normal Pulled Successfully pulled image "nginx:1.27" in 300ms (300ms including waiting). Image size: 72938476 bytes.',
        'Normal Created Created container: web',
        'Normal Started Started container web',
      ],
    ],
    [
      'uses a present image with Never',
      { name: 'web', image: 'docker.io/library/nginx:1.27', imagePullPolicy: 'Never' },
      [
        'Normal Pulled Container image "docker.io/library/nginx:1.27" already present on machine',
        'Normal Created Created container: web',
        'Normal Started Started container web',
      ],
    ],
  ])('%s', async (_name, spec, events) => {
    const h = harness(makePod('web', [spec]), (runtime) => runtime.pullImage('nginx:1.27'));
    await h.start();
    expect(plain(h.events)).toEqual(events);
    expect(h.phase()).toBe('Running');
  });

  it('refuses to pull a missing image with Never', async () => {
    const h = harness(
      makePod('web', [{ name: 'web', image: 'nginx:1.27', imagePullPolicy: 'Never' }]),
    );
    await h.start();
    expect(plain(h.events)).toEqual([
      'Warning ErrImageNeverPull Container image "nginx:1.27" is not present with pull policy of Never',
    ]);
    expect(h.container('web').state).toEqual({
      kind: 'waiting',
      reason: 'ErrImageNeverPull',
      message: 'Container image "nginx:1.27" is not present with pull policy of Never',
    });
    expect(h.phase()).toBe('Pending');
  });

  it('starts the containers of a pod one after the other', async () => {
    const h = harness(
      makePod('two', [
        { name: 'web', image: 'nginx:1.27' },
        { name: 'cache', image: 'redis:7' },
      ]),
      (runtime) => runtime.pullImage('nginx:1.27'),
    );
    await h.start();
    // Reason and field path of each event.
    expect(
      h.events.map(
        (event) => `${event.split(' ')[1] ?? ''} ${event.slice(event.lastIndexOf('['))}`,
      ),
    ).toEqual([
      'Pulled [spec.containers{web}]',
      'Created [spec.containers{web}]',
      'Started [spec.containers{web}]',
      'Pulling [spec.containers{cache}]',
      'Pulled [spec.containers{cache}]',
      'Created [spec.containers{cache}]',
      'Started [spec.containers{cache}]',
    ]);
    expect(h.phase()).toBe('Running');
  });

  it('reports a sandbox failure, starts nothing, and tries again after the back-off', async () => {
    const h = harness(makePod('p', [{ name: 'web', image: 'nginx' }]), (runtime) => {
      runtime.podCIDR = null;
      return Promise.resolve();
    });
    await h.start();
    const failed =
      'Warning FailedCreatePodSandBox Failed to create pod sandbox: network plugin is not ready: cni config uninitialized';
    expect(h.events).toEqual([failed]);
    expect(h.phase()).toBe('Pending');
    await runUntil(h.clock, () => h.events.length === 2);
    expect(h.events).toEqual([failed, failed]);
    expect(h.phase()).toBe('Pending');
    // The node's network comes up (its podCIDR arrives): the next attempt runs the pod.
    h.runtime.podCIDR = '10.244.1.0/24';
    await runUntil(h.clock, () => h.phase() === 'Running');
    expect(plain(h.events.slice(2))).toEqual([
      'Normal Pulling Pulling image "nginx"',
      'Normal Pulled Successfully pulled image "nginx" in 2.124s (2.124s including waiting). Image size: 72938476 bytes.',
      'Normal Created Created container: web',
      'Normal Started Started container web',
    ]);
  });
});

describe('PodWorker restarts', () => {
  it('crash-loops a container that keeps exiting, backing off 10s, 20s, 40s… up to 5m0s', async () => {
    const h = harness(
      makePod('bb', [{ name: 'bb', image: 'busybox', imagePullPolicy: 'IfNotPresent' }]),
    );
    await h.start();
    // The back-off message seen while waiting for each restart.
    const byRestart = new Map<number, string>();
    await runUntil(h.clock, () => {
      const { state, restartCount } = h.container('bb');
      if (state.kind === 'waiting' && state.reason === 'CrashLoopBackOff')
        byRestart.set(restartCount, state.message ?? '');
      return byRestart.size >= 8;
    });
    expect([...byRestart.values()]).toEqual(
      ['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '5m0s', '5m0s'].map(
        (delay) => `back-off ${delay} restarting failed container=bb pod=bb_default(uid-bb)`,
      ),
    );
    expect(h.phase()).toBe('Running');
    expect(h.container('bb').lastTerminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(plain(h.events)).toContain(
      'Warning BackOff Back-off restarting failed container bb in pod bb_default(uid-bb)',
    );
  });

  it('restarts at once after the first exit, then waits 10 s', async () => {
    const h = harness(
      makePod('bb', [{ name: 'bb', image: 'busybox', imagePullPolicy: 'IfNotPresent' }]),
    );
    await h.start();
    const startedAt: number[] = [];
    await runUntil(h.clock, () => {
      const state = h.container('bb').state;
      if (state.kind === 'running' && startedAt.at(-1) !== state.startedAt)
        startedAt.push(state.startedAt);
      return startedAt.length >= 3 && h.container('bb').state.kind !== 'running';
    });
    const gaps = startedAt.slice(1).map((time, i) => time - (startedAt[i] ?? 0));
    // Each start also pays create (30 ms) and start (80 ms); the back-off comes on top.
    expect(gaps).toEqual([110, 10_110]);
    expect(h.container('bb').restartCount).toBe(2);
  });

  it.each<[string, 'Never' | 'OnFailure', string[] | undefined, string, number]>([
    ['lets a pod with restartPolicy Never succeed', 'Never', undefined, 'Succeeded', 0],
    [
      'lets a pod with restartPolicy OnFailure succeed on exit 0',
      'OnFailure',
      undefined,
      'Succeeded',
      0,
    ],
    ['runs `sleep 5` for 5 s, then succeeds', 'Never', ['sleep', '5'], 'Succeeded', 5_000],
  ])('%s', async (_name, restartPolicy, command, phase, runsFor) => {
    const h = harness(
      makePod(
        'job',
        [
          {
            name: 'job',
            image: 'busybox',
            imagePullPolicy: 'IfNotPresent',
            ...(command ? { command } : {}),
          },
        ],
        restartPolicy,
      ),
    );
    await h.start();
    await runUntil(h.clock, () => h.worker.record.terminal);
    expect(h.phase()).toBe(phase);
    const state = h.container('job').state;
    expect(state).toMatchObject({ kind: 'terminated', exitCode: 0, reason: 'Completed' });
    if (state.kind === 'terminated') expect(state.finishedAt - state.startedAt).toBe(runsFor);
    expect(h.container('job').restartCount).toBe(0);
    expect(h.snapshots.at(-1)?.phase).toBe(phase);
    expect(h.finishedCount()).toBe(0);
  });
});

describe('PodWorker image pull failures', () => {
  it('reports ErrImagePull, then ImagePullBackOff, and retries after the back-off', async () => {
    const h = harness(
      makePod('typo', [{ name: 'web', image: 'ngnix', imagePullPolicy: 'Always' }]),
    );
    await h.start();
    const error = PULL_ERROR('docker.io/library/ngnix:latest');
    expect(plain(h.events)).toEqual([
      'Normal Pulling Pulling image "ngnix"',
      `Warning Failed Failed to pull image "ngnix": ${error}`,
      'Warning Failed Error: ErrImagePull',
    ]);
    expect(h.container('web').state).toEqual({
      kind: 'waiting',
      reason: 'ErrImagePull',
      message: error,
    });
    expect(h.phase()).toBe('Pending');

    await runUntil(
      h.clock,
      () =>
        h.container('web').state.kind === 'waiting' &&
        (h.container('web').state as { reason: string }).reason === 'ImagePullBackOff',
    );
    expect(h.container('web').state).toEqual({
      kind: 'waiting',
      reason: 'ImagePullBackOff',
      message: `Back-off pulling image "ngnix": ErrImagePull: ${error}`,
    });
    expect(plain(h.events).slice(3)).toEqual([
      'Normal BackOff Back-off pulling image "ngnix"',
      'Warning Failed Error: ImagePullBackOff',
    ]);

    const pulls = (): number => h.events.filter((event) => event.includes('Pulling image')).length;
    // The back-off runs from the failed pull, a second before ImagePullBackOff showed.
    const backedOffAt = h.clock.now();
    await runUntil(h.clock, () => pulls() === 2);
    expect(h.clock.now() - backedOffAt).toBe(9_000);
    await runUntil(h.clock, () => pulls() === 3);
    expect(h.phase()).toBe('Pending');
  });
});

describe('PodWorker termination', () => {
  it('stops a running pod with a Killing event, reports a terminal phase and says it finished', async () => {
    const h = harness(makePod('nginx', [{ name: 'nginx', image: 'nginx' }]));
    await h.start();
    h.events.length = 0;
    await finish(h.clock, h.worker.terminate());
    expect(h.events).toEqual(['Normal Killing Stopping container nginx [spec.containers{nginx}]']);
    expect(h.calls.slice(-2)).toEqual(['StopContainer nginx', 'StopPodSandbox']);
    expect(h.container('nginx').state).toMatchObject({
      kind: 'terminated',
      exitCode: 0,
      reason: 'Completed',
    });
    expect(h.worker.record).toMatchObject({ terminal: true, sandboxReady: false });
    expect(h.phase()).toBe('Succeeded');
    expect(h.snapshots.at(-1)?.phase).toBe('Succeeded');
    expect(h.finishedCount()).toBe(1);
  });

  it('SIGKILLs a shell that ignores SIGTERM after the grace period, and ends the pod Failed', async () => {
    const h = harness(
      makePod('nap', [
        {
          name: 'nap',
          image: 'busybox',
          imagePullPolicy: 'IfNotPresent',
          command: ['sleep', '3600'],
        },
      ]),
    );
    await h.start();
    const stoppingAt = h.clock.now();
    await finish(h.clock, h.worker.terminate());
    expect(h.clock.now() - stoppingAt).toBeGreaterThanOrEqual(30_000);
    expect(h.container('nap').state).toMatchObject({
      kind: 'terminated',
      exitCode: 137,
      reason: 'Error',
    });
    expect(h.phase()).toBe('Failed');
  });

  it('stops a crash-looping pod without restarting it again', async () => {
    const h = harness(
      makePod('bb', [{ name: 'bb', image: 'busybox', imagePullPolicy: 'IfNotPresent' }]),
    );
    await h.start();
    await runUntil(h.clock, () => h.container('bb').state.kind === 'waiting');
    const restarts = h.container('bb').restartCount;
    await finish(h.clock, h.worker.terminate());
    expect(h.clock.nextDue()).toBeNull();
    expect(h.container('bb').restartCount).toBe(restarts);
    expect(h.phase()).toBe('Failed');
    expect(h.finishedCount()).toBe(1);
  });

  it('ends a container that never started as ContainerStatusUnknown', async () => {
    const h = harness(makePod('typo', [{ name: 'web', image: 'ngnix' }]));
    await h.start();
    await finish(h.clock, h.worker.terminate());
    expect(h.events.filter((event) => event.includes('Killing'))).toEqual([]);
    expect(h.container('web').state).toMatchObject({
      kind: 'terminated',
      exitCode: 137,
      reason: 'ContainerStatusUnknown',
    });
    expect(h.phase()).toBe('Failed');
    expect(h.clock.nextDue()).toBeNull();
  });

  it('terminates only once', async () => {
    const h = harness(makePod('nginx', [{ name: 'nginx', image: 'nginx' }]));
    await h.start();
    await finish(h.clock, Promise.all([h.worker.terminate(), h.worker.terminate()]));
    expect(h.finishedCount()).toBe(1);
    expect(h.events.filter((event) => event.includes('Killing'))).toHaveLength(1);
  });
});

describe('PodWorker termination while starting', () => {
  it('tears down a sandbox that came up after the pod was terminated', async () => {
    const h = harness(makePod('nginx', [{ name: 'nginx', image: 'nginx' }]));
    const starting = h.worker.start();
    await finish(h.clock, h.worker.terminate());
    await finish(h.clock, starting);
    expect(h.worker.record).toMatchObject({ terminal: true, sandboxReady: false });
    expect(h.calls).toContain('StopPodSandbox');
    expect(h.events).toEqual([]);
    expect(h.phase()).toBe('Failed');
  });
});

describe('PodWorker termination while a container is being created', () => {
  it.each<[string, string, string, string]>([
    ['during CreateContainer', 'CreateContainer nginx', 'ContainerStatusUnknown', 'Failed'],
    // It did start, so it is stopped like any other; nginx exits 0 on SIGTERM.
    ['during StartContainer', 'StartContainer nginx', 'Completed', 'Succeeded'],
  ])('leaves nothing running when the pod is terminated %s', async (_name, call, reason, phase) => {
    const h = harness(makePod('nginx', [{ name: 'nginx', image: 'nginx:1.27' }]));
    await finish(h.clock, h.runtime.pullImage('nginx:1.27'));
    const starting = h.worker.start();
    await runUntil(h.clock, () => h.calls.includes(call));
    await finish(h.clock, h.worker.terminate());
    await finish(h.clock, starting);
    expect(h.container('nginx').state).toMatchObject({ kind: 'terminated', reason });
    expect(h.phase()).toBe(phase);
    expect(h.events.filter((event) => event.includes('Started'))).toEqual([]);
    expect(h.clock.nextDue()).toBeNull();
  });
});

describe('PodWorker container config', () => {
  it('waits in CreateContainerConfigError for a missing ConfigMap, then starts once it exists', async () => {
    const objects: { configMaps: Record<string, Record<string, string>> } = { configMaps: {} };
    const h = harness(
      makePod('cfg', [
        {
          name: 'app',
          image: 'busybox',
          imagePullPolicy: 'IfNotPresent',
          command: ['sleep', '3600'],
          env: [
            { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
          ],
        },
      ]),
      undefined,
      objects,
    );
    await h.start();
    expect(h.container('app').state).toEqual({
      kind: 'waiting',
      reason: 'CreateContainerConfigError',
      message: 'configmap "settings" not found',
    });
    expect(plain(h.events).at(-1)).toBe('Warning Failed Error: configmap "settings" not found');
    objects.configMaps.settings = { mode: 'fast' };
    await runUntil(h.clock, () => h.container('app').state.kind === 'running');
    expect(h.phase()).toBe('Running');
  });
});

describe('PodWorker files', () => {
  it('mounts the kubelet’s /etc/hosts, with the pod’s IP and name', async () => {
    const h = harness(
      makePod(
        'hosts',
        [
          {
            name: 'cat',
            image: 'busybox',
            imagePullPolicy: 'IfNotPresent',
            command: ['cat', '/etc/hosts'],
          },
        ],
        'Never',
      ),
    );
    await h.start();
    await runUntil(h.clock, () => h.worker.record.terminal);
    const id = (h.container('cat').containerID ?? '').replace('containerd://', '');
    const log = h.runtime.containerLog(id)?.current() ?? [];
    expect(log.map((entry) => entry.text).slice(0, 2)).toEqual([
      '# Kubernetes-managed hosts file.',
      '127.0.0.1\tlocalhost',
    ]);
    expect(log.at(-1)?.text).toBe('10.244.1.2\thosts');
  });
});
