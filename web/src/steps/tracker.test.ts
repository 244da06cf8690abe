import { describe, expect, it } from 'vitest';
import { InProcessHost } from '../../../workers/host/in-process-host.ts';
import { POD_TYPE, REPLICA_SET_TYPE } from '../../../workers/client/client.ts';
import type { KubeObject, TraceRecord } from '../../../workers/client/protocol.ts';
import { StepTracker } from './tracker.ts';

async function bootedCluster(): Promise<{
  host: InProcessHost;
  traces: TraceRecord[];
  objects: Map<string, KubeObject>;
}> {
  const objects = new Map<string, KubeObject>();
  const traces: TraceRecord[] = [];
  const host = new InProcessHost({
    seed: 3,
    nodes: 2,
    onChange: (events) => {
      for (const event of events) {
        if (event.type === 'DELETED') objects.delete(event.key);
        else objects.set(event.key, event.object);
      }
    },
  });
  host.coordinator.onTraces((records) => traces.push(...records));
  await host.runUntil(() => false, 20_000);
  traces.length = 0;
  return { host, traces, objects };
}

const nginx = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'nginx' },
  spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
};

describe('StepTracker', () => {
  it('ticks all eleven steps, in order, for a pod applied by kubectl', async () => {
    const { host, traces, objects } = await bootedCluster();
    await host.kubectlDo((client) =>
      client.resource(POD_TYPE, 'default').create(nginx as KubeObject),
    );
    await host.runUntil(
      () =>
        (objects.get('/registry/pods/default/nginx') as { status?: { phase?: string } } | undefined)
          ?.status?.phase === 'Running',
    );
    await host.runUntil(() => false, 1_000);
    const tracker = new StepTracker({ kind: 'pod', namespace: 'default', name: 'nginx' });
    tracker.consume(traces);
    const steps = tracker.snapshot();
    expect(steps.map((step) => step.done)).toEqual(Array(11).fill(true));
    const rounds = steps.map((step) => step.round ?? 0);
    expect([...rounds].sort((a, b) => a - b)).toEqual(rounds);
    expect(steps[0]?.detail).toBe('kubectl → POST /api/v1/namespaces/default/pods');
    expect(steps[1]?.detail).toMatch(/^txn put \/registry\/pods\/default\/nginx → rv=\d+$/);
    expect(steps[1]?.stages).toEqual([
      { stage: 'authentication', outcome: 'passed', label: 'authn ✓ kubernetes-admin' },
      { stage: 'authorization', outcome: 'passed', label: 'authz ✓ create pods in default' },
      {
        stage: 'mutating-admission',
        outcome: 'passed',
        label:
          'mutating admission ✓ NamespaceLifecycle, LimitRanger, ServiceAccount, NodeRestriction, TaintNodesByCondition, Priority, DefaultTolerationSeconds',
      },
      { stage: 'validation', outcome: 'passed', label: 'validation ✓ Pod is valid' },
      {
        stage: 'validating-admission',
        outcome: 'passed',
        label: 'validating admission ✓ LimitRanger, Priority, ResourceQuota',
      },
    ]);
    expect(steps[3]?.detail).toMatch(/^watch ADDED pods\/default\/nginx rv=\d+ → kube-scheduler$/);
    expect(steps[4]?.detail).toBe('POST /api/v1/namespaces/default/pods/nginx/binding');
    expect(steps[7]?.detail).toMatch(
      /^watch ADDED pods\/default\/nginx rv=\d+ → kubelet\/node-\d$/,
    );
    expect(steps[8]?.detail).toMatch(/RunPodSandbox, PullImage, CreateContainer, StartContainer$/);
    expect(steps[9]?.detail).toBe('PATCH /api/v1/namespaces/default/pods/nginx/status');
  });

  it('follows the first pod a ReplicaSet controller creates', async () => {
    const { host, traces } = await bootedCluster();
    const replicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
        },
      },
    };
    await host.kubectlDo((client) =>
      client.resource(REPLICA_SET_TYPE, 'default').create(replicaSet as KubeObject),
    );
    await host.runUntil(() => false, 15_000);
    const tracker = new StepTracker({ kind: 'replicaset', namespace: 'default', name: 'web' });
    tracker.consume(traces);
    const steps = tracker.snapshot();
    expect(steps.every((step) => step.done)).toBe(true);
    expect(steps[0]?.title).toBe('kube-controller-manager writes the pod to the API server');
    expect(tracker.pod).toMatch(/^pods\/default\/web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('leaves later steps open while a pod cannot be scheduled', async () => {
    const { host, traces } = await bootedCluster();
    const greedy = {
      ...nginx,
      metadata: { name: 'greedy' },
      spec: {
        containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100' } } }],
      },
    };
    await host.kubectlDo((client) =>
      client.resource(POD_TYPE, 'default').create(greedy as KubeObject),
    );
    await host.runUntil(() => false, 5_000);
    const tracker = new StepTracker({ kind: 'pod', namespace: 'default', name: 'greedy' });
    tracker.consume(traces);
    expect(tracker.snapshot().map((step) => step.done)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
