import type { Container } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { finish, runUntil } from '../host/testing.ts';
import { generatePodStatus } from './pod-status.ts';
import { harness, makePod, plain } from './pod-worker-testing.ts';

const BUSYBOX = { image: 'busybox', imagePullPolicy: 'IfNotPresent' } as const;

function initPod(
  initContainers: Container[],
  containers: Container[],
  restartPolicy: 'Always' | 'OnFailure' | 'Never' = 'Always',
) {
  const pod = makePod('init', containers, restartPolicy);
  return { ...pod, spec: { ...pod.spec, containers, initContainers } };
}

/** Reason and field path of each event: who did what, in order. */
function steps(events: string[]): string[] {
  return events.map((event) => {
    const [, reason = ''] = event.split(' ');
    return `${reason} ${event.slice(event.lastIndexOf('[') + 1, -1)}`;
  });
}

describe('PodWorker init containers', () => {
  it('runs init containers one at a time, in order, before the app containers', async () => {
    const h = harness(
      initPod(
        [
          { name: 'init-a', ...BUSYBOX, command: ['sh', '-c', 'echo a; sleep 2'] },
          { name: 'init-b', ...BUSYBOX, command: ['sleep', '3'] },
        ],
        [{ name: 'app', ...BUSYBOX, command: ['sleep', '3600'] }],
      ),
    );
    await h.start();
    const status = () => generatePodStatus(h.worker.pod, h.worker.record, h.clock.now());
    expect(status().phase).toBe('Pending');
    expect(status().initContainerStatuses?.map((init) => init.state)).toEqual([
      { running: { startedAt: expect.any(String) as unknown } },
      { waiting: { reason: 'PodInitializing' } },
    ]);
    expect(status().containerStatuses?.[0]?.state).toEqual({
      waiting: { reason: 'PodInitializing' },
    });
    expect(status().conditions?.find((c) => c.type === 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [init-a init-b]',
    });
    await runUntil(h.clock, () => h.container('app').state.kind === 'running');
    const a = h.container('init-a').state;
    const b = h.container('init-b').state;
    if (a.kind !== 'terminated' || b.kind !== 'terminated') throw new Error('not completed');
    expect(b.startedAt).toBeGreaterThanOrEqual(a.finishedAt);
    expect([a.reason, a.exitCode, b.reason, b.exitCode]).toEqual(['Completed', 0, 'Completed', 0]);
    expect(steps(h.events).filter((step) => !step.startsWith('Pull'))).toEqual([
      'Created spec.initContainers{init-a}',
      'Started spec.initContainers{init-a}',
      'Created spec.initContainers{init-b}',
      'Started spec.initContainers{init-b}',
      'Created spec.containers{app}',
      'Started spec.containers{app}',
    ]);
    expect(status().phase).toBe('Running');
    expect(status().conditions?.find((c) => c.type === 'Initialized')?.status).toBe('True');
    expect(status().initContainerStatuses?.map((init) => init.ready)).toEqual([true, true]);
  });

  it('restarts a failing init container with back-off and keeps the pod Pending', async () => {
    const h = harness(
      initPod(
        [{ name: 'wait', ...BUSYBOX, command: ['sh', '-c', 'echo not yet; exit 1'] }],
        [{ name: 'app', ...BUSYBOX, command: ['sleep', '3600'] }],
      ),
    );
    await h.start();
    await runUntil(h.clock, () => {
      const state = h.container('wait').state;
      return state.kind === 'waiting' && state.reason === 'CrashLoopBackOff';
    });
    expect(h.container('wait')).toMatchObject({
      restartCount: 1,
      state: {
        reason: 'CrashLoopBackOff',
        message: 'back-off 10s restarting failed container=wait pod=init_default(uid-init)',
      },
      lastTerminated: { exitCode: 1, reason: 'Error' },
    });
    expect(h.container('app').state).toEqual({ kind: 'waiting', reason: 'PodInitializing' });
    expect(h.phase()).toBe('Pending');
    expect(plain(h.events)).toContain(
      'Warning BackOff Back-off restarting failed container wait in pod init_default(uid-init)',
    );
  });

  it('fails the pod when an init container fails with restartPolicy Never', async () => {
    const h = harness(
      initPod(
        [{ name: 'check', ...BUSYBOX, command: ['sh', '-c', 'exit 3'] }],
        [{ name: 'app', ...BUSYBOX, command: ['sleep', '3600'] }],
        'Never',
      ),
    );
    await h.start();
    await runUntil(h.clock, () => h.worker.record.terminal);
    expect(h.phase()).toBe('Failed');
    expect(h.container('check').state).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(h.container('app').state).toEqual({ kind: 'waiting', reason: 'PodInitializing' });
    expect(h.events.some((event) => event.includes('spec.containers{app}'))).toBe(false);
  });
});

describe('PodWorker sidecars', () => {
  const sidecarPod = () =>
    initPod(
      [
        {
          name: 'proxy',
          ...BUSYBOX,
          restartPolicy: 'Always',
          command: ['sh', '-c', 'echo proxying; sleep 3600'],
        },
        { name: 'setup', ...BUSYBOX, command: ['sleep', '1'] },
      ],
      [{ name: 'app', ...BUSYBOX, command: ['sh', '-c', 'sleep 5'] }],
      'Never',
    );

  it('starts a sidecar, keeps it running past the init containers, counts it as ready', async () => {
    const h = harness(sidecarPod());
    await h.start();
    await runUntil(h.clock, () => h.container('app').state.kind === 'running');
    expect(h.container('proxy').state.kind).toBe('running');
    expect(h.container('setup').state).toMatchObject({ kind: 'terminated', exitCode: 0 });
    const status = generatePodStatus(h.worker.pod, h.worker.record, h.clock.now());
    expect(status.phase).toBe('Running');
    expect(
      status.initContainerStatuses?.map((init) => [init.name, init.started, init.ready]),
    ).toEqual([
      ['proxy', true, true],
      ['setup', false, true],
    ]);
    expect(status.conditions?.find((c) => c.type === 'ContainersReady')?.status).toBe('True');
  });

  it('stops the sidecar once the app containers are done, and the pod succeeds', async () => {
    const h = harness(sidecarPod());
    await h.start();
    await runUntil(h.clock, () => h.worker.record.terminal);
    expect(h.phase()).toBe('Succeeded');
    expect(plain(h.events).at(-1)).toBe('Normal Killing Stopping container proxy');
    // ash ignores SIGTERM: the sidecar is SIGKILLed after its 30 s.
    expect(h.container('proxy').state).toMatchObject({ kind: 'terminated', exitCode: 137 });
  });

  it('stops app containers before sidecars on deletion', async () => {
    const h = harness(sidecarPod());
    await h.start();
    await runUntil(h.clock, () => h.container('app').state.kind === 'running');
    h.events.length = 0;
    await finish(h.clock, h.worker.terminate());
    expect(plain(h.events)).toEqual([
      'Normal Killing Stopping container app',
      'Normal Killing Stopping container proxy',
    ]);
  });
});
