import type { Container } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { finish, runUntil } from '../host/testing.ts';
import { generatePodStatus } from './pod-status.ts';
import { harness, makePod, plain } from './pod-worker-testing.ts';

const BUSYBOX = { image: 'busybox', imagePullPolicy: 'IfNotPresent' } as const;

/** The liveness exec example of the Kubernetes docs (configure-liveness-readiness-startup-probes). */
const LIVENESS_EXEC: Container = {
  name: 'liveness',
  ...BUSYBOX,
  args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
  livenessProbe: {
    exec: { command: ['cat', '/tmp/healthy'] },
    initialDelaySeconds: 5,
    periodSeconds: 5,
  },
};

const unhealthy = (events: string[]): string[] =>
  plain(events).filter((event) => event.includes('Unhealthy') || event.includes('Killing'));

describe('PodWorker liveness probes', () => {
  it('restarts the docs’ exec example once /tmp/healthy is gone, after three failures', async () => {
    const h = harness(makePod('liveness', [LIVENESS_EXEC]));
    await h.start();
    const startedAt = h.clock.now();
    await runUntil(
      h.clock,
      () =>
        h.container('liveness').restartCount === 1 &&
        h.container('liveness').state.kind === 'running',
    );
    const failure =
      "Warning Unhealthy Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n";
    expect(unhealthy(h.events)).toEqual([
      failure,
      failure,
      failure,
      'Normal Killing Container liveness failed liveness probe, will be restarted',
    ]);
    // The shell ignores SIGTERM: the kill takes the whole 30 s grace period.
    expect(h.container('liveness').lastTerminated).toMatchObject({
      exitCode: 137,
      reason: 'Error',
    });
    expect(h.clock.now() - startedAt).toBeGreaterThan(30_000 + 2 * 5_000 + 30_000);
    expect(h.container('liveness').state.kind).toBe('running');
  });

  it.each<[string, number | undefined, number]>([
    // The file goes at 30 s; the third failed probe comes at 44 s; then the grace period.
    ['the pod’s 30 s', undefined, 74],
    ['the probe’s own terminationGracePeriodSeconds', 5, 49],
  ])('gives a container killed for its liveness %s to stop', async (_name, grace, ranFor) => {
    const probe = { ...LIVENESS_EXEC.livenessProbe, terminationGracePeriodSeconds: grace };
    const h = harness(makePod('liveness', [{ ...LIVENESS_EXEC, livenessProbe: probe }]));
    await h.start();
    await runUntil(h.clock, () => h.container('liveness').restartCount === 1);
    const last = h.container('liveness').lastTerminated;
    expect(Math.floor(((last?.finishedAt ?? 0) - (last?.startedAt ?? 0)) / 1000)).toBe(ranFor);
  });

  it('restarts agnhost liveness when /healthz turns 500 after 10 seconds', async () => {
    const h = harness(
      makePod('liveness', [
        {
          name: 'liveness',
          image: 'registry.k8s.io/e2e-test-images/agnhost:2.40',
          args: ['liveness'],
          livenessProbe: {
            httpGet: { path: '/healthz', port: 8080 },
            initialDelaySeconds: 3,
            periodSeconds: 3,
          },
        },
      ]),
    );
    await h.start();
    await runUntil(h.clock, () => h.container('liveness').restartCount === 1);
    expect(unhealthy(h.events)).toEqual([
      'Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 500',
      'Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 500',
      'Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 500',
      'Normal Killing Container liveness failed liveness probe, will be restarted',
    ]);
    expect(h.container('liveness').lastTerminated).toMatchObject({ exitCode: 2, reason: 'Error' });
  });

  it('kills without restarting when restartPolicy is Never', async () => {
    const h = harness(makePod('liveness', [LIVENESS_EXEC], 'Never'));
    await h.start();
    await runUntil(h.clock, () => h.worker.record.terminal);
    expect(unhealthy(h.events).at(-1)).toBe(
      'Normal Killing Container liveness failed liveness probe',
    );
    expect(h.phase()).toBe('Failed');
  });
});

describe('PodWorker readiness and startup probes', () => {
  it.each<[string, Container, boolean, string[]]>([
    [
      'an httpGet probe on nginx’s page',
      { name: 'web', image: 'nginx', readinessProbe: { httpGet: { path: '/', port: 80 } } },
      true,
      [],
    ],
    [
      'an httpGet probe on a page nginx does not have',
      { name: 'web', image: 'nginx', readinessProbe: { httpGet: { path: '/ready', port: 80 } } },
      false,
      ['Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 404'],
    ],
    [
      'a tcpSocket probe on redis’s port',
      { name: 'db', image: 'redis', readinessProbe: { tcpSocket: { port: 6379 } } },
      true,
      [],
    ],
    [
      'a tcpSocket probe on a port nothing listens on',
      { name: 'db', image: 'redis', readinessProbe: { tcpSocket: { port: 8080 } } },
      false,
      [
        'Warning Unhealthy Readiness probe failed: dial tcp 10.244.1.2:8080: connect: connection refused',
      ],
    ],
    [
      'an httpGet probe on a named port nothing listens on',
      {
        name: 'web',
        image: 'redis',
        ports: [{ name: 'http', containerPort: 8080 }],
        readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
      },
      false,
      [
        'Warning Unhealthy Readiness probe failed: Get "http://10.244.1.2:8080/healthz": dial tcp 10.244.1.2:8080: connect: connection refused',
      ],
    ],
    [
      'an exec probe that exits 0',
      {
        name: 'sh',
        ...BUSYBOX,
        command: ['sleep', '3600'],
        readinessProbe: { exec: { command: ['true'] } },
      },
      true,
      [],
    ],
    [
      'a gRPC probe on agnhost’s gRPC health server',
      {
        name: 'grpc',
        image: 'registry.k8s.io/e2e-test-images/agnhost:2.40',
        args: ['grpc-health-checking'],
        readinessProbe: { grpc: { port: 5000 } },
      },
      true,
      [],
    ],
    [
      'a gRPC probe on a port without a gRPC server',
      { name: 'web', image: 'nginx', readinessProbe: { grpc: { port: 9000 } } },
      false,
      [
        'Warning Unhealthy Readiness probe failed: timeout: failed to connect service "10.244.1.2:9000" within 1s: context deadline exceeded',
      ],
    ],
  ])('readiness from %s', async (_name, container, ready, events) => {
    const h = harness(makePod('p', [container]));
    await h.start();
    await runUntil(h.clock, () => h.clock.now() > Date.UTC(2025, 0, 1) + 9_000);
    const status = generatePodStatus(h.worker.pod, h.worker.record, h.clock.now());
    expect(status.containerStatuses?.[0]?.ready).toBe(ready);
    expect(status.conditions?.find((c) => c.type === 'Ready')?.status).toBe(
      ready ? 'True' : 'False',
    );
    expect(unhealthy(h.events).slice(0, 1)).toEqual(events);
    expect(h.container(container.name).restartCount).toBe(0);
  });

  it('holds liveness and readiness back until the startup probe passes', async () => {
    const h = harness(
      makePod('slow', [
        {
          name: 'slow',
          ...BUSYBOX,
          command: ['sh', '-c', 'sleep 20; touch /tmp/started; sleep 3600'],
          startupProbe: {
            exec: { command: ['cat', '/tmp/started'] },
            periodSeconds: 5,
            failureThreshold: 10,
          },
          livenessProbe: { exec: { command: ['cat', '/tmp/started'] } },
        },
      ]),
    );
    await h.start();
    const status = () => generatePodStatus(h.worker.pod, h.worker.record, h.clock.now());
    expect(status().containerStatuses?.[0]).toMatchObject({ started: false, ready: false });
    await runUntil(h.clock, () => status().containerStatuses?.[0]?.started === true);
    expect(h.clock.now() - Date.UTC(2025, 0, 1)).toBeGreaterThanOrEqual(20_000);
    expect(status().containerStatuses?.[0]?.ready).toBe(true);
    expect(unhealthy(h.events).every((event) => event.includes('Startup probe failed: cat:'))).toBe(
      true,
    );
  });
});

describe('PodWorker OOM kills and hooks', () => {
  it('OOM-kills a container over its memory limit, and restarts it', async () => {
    const h = harness(
      makePod('hog', [
        {
          name: 'hog',
          ...BUSYBOX,
          command: ['tail', '/dev/zero'],
          resources: { limits: { memory: '200Mi' } },
        },
      ]),
    );
    await h.start();
    await runUntil(h.clock, () => h.container('hog').restartCount === 1);
    expect(h.container('hog').lastTerminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('kills a container whose postStart hook fails', async () => {
    const h = harness(
      makePod(
        'hook',
        [
          {
            name: 'hook',
            image: 'nginx',
            lifecycle: { postStart: { exec: { command: ['sh', '-c', 'exit 1'] } } },
          },
        ],
        'Never',
      ),
    );
    await h.start();
    await runUntil(h.clock, () => h.worker.record.terminal);
    expect(plain(h.events).slice(-3)).toEqual([
      'Normal Started Started container hook',
      'Warning FailedPostStartHook PostStartHook failed',
      'Normal Killing FailedPostStartHook',
    ]);
    expect(h.container('hook').state).toMatchObject({ kind: 'terminated', exitCode: 0 });
  });

  it('shows the container as ContainerCreating until its postStart hook is done', async () => {
    const h = harness(
      makePod('hook', [
        {
          name: 'hook',
          image: 'nginx',
          lifecycle: { postStart: { exec: { command: ['sh', '-c', 'sleep 5'] } } },
        },
      ]),
    );
    const starting = h.worker.start();
    await runUntil(h.clock, () => h.events.some((event) => event.includes('Started')));
    expect(h.container('hook').state).toEqual({ kind: 'waiting', reason: 'ContainerCreating' });
    const startedAt = h.clock.now();
    await finish(h.clock, starting);
    expect(h.container('hook').state.kind).toBe('running');
    expect(h.clock.now() - startedAt).toBe(5_000);
  });

  it('runs a preStop sleep before the stop signal, within the grace period', async () => {
    const h = harness(
      makePod('web', [
        { name: 'web', image: 'nginx', lifecycle: { preStop: { sleep: { seconds: 5 } } } },
      ]),
    );
    await h.start();
    const stoppingAt = h.clock.now();
    await finish(h.clock, h.worker.terminate());
    expect(h.clock.now() - stoppingAt).toBeGreaterThanOrEqual(5_000);
    expect(h.container('web').state).toMatchObject({ kind: 'terminated', exitCode: 0 });
  });

  it('reports a failing preStop hook and stops the container anyway', async () => {
    const h = harness(
      makePod('web', [
        {
          name: 'web',
          image: 'nginx',
          lifecycle: { preStop: { httpGet: { path: '/drain', port: 8080 } } },
        },
      ]),
    );
    await h.start();
    h.events.length = 0;
    await finish(h.clock, h.worker.terminate());
    expect(plain(h.events)).toEqual([
      'Normal Killing Stopping container web',
      'Warning FailedPreStopHook PreStopHook failed',
    ]);
  });
});
