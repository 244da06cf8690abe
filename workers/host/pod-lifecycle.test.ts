// A pod's life as the whole cluster reports it, in one thread: the kubelet's restarts with their
// back-off, a liveness probe's kill, init containers in order and an OOM kill, read from the pod
// objects the API server stores and the events it records.

import type { Container, Event, Pod, PodSpec } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { POD_TYPE } from '../client/client.ts';
import { readyCluster, type ReadyCluster as Cluster } from './cluster-testing.ts';

function pod(c: Cluster, name: string): Pod | undefined {
  return c.objects.get(`/registry/pods/default/${name}`) as Pod | undefined;
}

async function create(c: Cluster, name: string, spec: Partial<PodSpec>): Promise<void> {
  await c.host.kubectlDo((client) =>
    client.resource<Pod>(POD_TYPE, 'default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [], ...spec },
    }),
  );
}

function events(c: Cluster, name: string): string[] {
  return [...c.objects.entries()]
    .filter(([key]) => key.startsWith('/registry/events/default/'))
    .map(([, object]) => object as Event)
    .filter((event) => event.involvedObject.name === name)
    .sort((a, b) => (a.firstTimestamp ?? '').localeCompare(b.firstTimestamp ?? ''))
    .map((event) => `${event.reason ?? ''}: ${event.message ?? ''}`);
}

const busybox = (name: string, script: string): Container => ({
  name,
  image: 'busybox:1.36',
  command: ['sh', '-c', script],
});

describe('pod lifecycle in a running cluster', () => {
  it('restarts a crash-looping container after 10 s, 20 s, then 40 s', async () => {
    const c = await readyCluster('crash-loop', 1);
    await create(c, 'crash', { containers: [busybox('crash', 'echo bye; exit 1')] });
    // Each instance's start time, as the container status reports it once it has ended.
    const starts = new Map<string, number>();
    const done = await c.host.runUntil(() => {
      const last = pod(c, 'crash')?.status?.containerStatuses?.[0]?.lastState?.terminated;
      if (last?.containerID && last.startedAt)
        starts.set(last.containerID, Date.parse(last.startedAt));
      return starts.size === 5;
    }, 600_000);
    expect(done).toBe(true);
    // The gap between two starts is the back-off plus the fraction of a second a start takes;
    // status times are whole seconds, so a gap reads as its back-off or one second more.
    const times = [...starts.values()].sort((a, b) => a - b);
    const gaps = times.slice(1).map((time, i) => (time - (times[i] ?? 0)) / 1000);
    expect(gaps.map((gap, i) => gap - ([0, 10, 20, 40][i] ?? 0))).toEqual([
      expect.toBeOneOf([0, 1]),
      expect.toBeOneOf([0, 1]),
      expect.toBeOneOf([0, 1]),
      expect.toBeOneOf([0, 1]),
    ]);
    const status = pod(c, 'crash')?.status?.containerStatuses?.[0];
    expect(status?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(events(c, 'crash')).toContain(
      `BackOff: Back-off restarting failed container crash in pod crash_default(${pod(c, 'crash')?.metadata?.uid ?? ''})`,
    );
  });

  it('restarts a container whose liveness probe fails', async () => {
    const c = await readyCluster('liveness', 1);
    await create(c, 'live', {
      containers: [
        {
          ...busybox('live', 'touch /tmp/healthy; sleep 20; rm -f /tmp/healthy; sleep 600'),
          livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 5 },
        },
      ],
      terminationGracePeriodSeconds: 5,
    });
    const restarted = await c.host.runUntil(
      () => pod(c, 'live')?.status?.containerStatuses?.[0]?.restartCount === 1,
      300_000,
    );
    expect(restarted).toBe(true);
    const seen = events(c, 'live');
    expect(seen).toContain(
      "Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n",
    );
    expect(seen).toContain('Killing: Container live failed liveness probe, will be restarted');
  });

  it('initializes with two init containers in order, then runs the app', async () => {
    const c = await readyCluster('init', 1);
    await create(c, 'init', {
      initContainers: [busybox('first', 'sleep 2'), busybox('second', 'sleep 2')],
      containers: [busybox('app', 'sleep 3600')],
    });
    const phases: string[] = [];
    const running = await c.host.runUntil(() => {
      const status = pod(c, 'init')?.status;
      const inits = (status?.initContainerStatuses ?? []).map((init) =>
        init.state?.terminated ? 'done' : init.state?.running ? 'running' : 'waiting',
      );
      const step = `${status?.phase ?? ''} ${inits.join(',')}`;
      if (phases.at(-1) !== step) phases.push(step);
      return status?.phase === 'Running';
    }, 120_000);
    expect(running).toBe(true);
    expect(phases.filter((step) => step.includes(','))).toEqual([
      'Pending waiting,waiting',
      'Pending running,waiting',
      'Pending done,waiting',
      'Pending done,running',
      'Pending done,done',
      'Running done,done',
    ]);
    const conditions = pod(c, 'init')?.status?.conditions?.map((condition) => condition.type);
    expect(conditions).toEqual([
      'PodReadyToStartContainers',
      'Initialized',
      'Ready',
      'ContainersReady',
      'PodScheduled',
    ]);
  });

  it('reports a container killed over its memory limit as OOMKilled', async () => {
    const c = await readyCluster('oom', 1);
    await create(c, 'hog', {
      containers: [
        {
          name: 'hog',
          image: 'busybox',
          command: ['tail', '/dev/zero'],
          resources: { limits: { memory: '100Mi' } },
        },
      ],
      restartPolicy: 'Never',
    });
    const failed = await c.host.runUntil(() => pod(c, 'hog')?.status?.phase === 'Failed', 120_000);
    expect(failed).toBe(true);
    expect(pod(c, 'hog')?.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled',
    });
  });
});
