import { describe, expect, it } from 'vitest';
import { POD_TYPE } from '../../../workers/client/client.ts';
import type { KubeObject } from '../../../workers/client/protocol.ts';
import { InProcessHost } from '../../../workers/host/in-process-host.ts';
import { ComponentActivity } from './activity.ts';

async function bootedActivity() {
  const activity = new ComponentActivity();
  const host = new InProcessHost({ seed: 3, nodes: 2, onChange: () => undefined });
  host.coordinator.onTraces((records) => {
    activity.consume(records);
  });
  await host.runUntil(() => false, 20_000);
  return { activity, host };
}

describe('ComponentActivity', () => {
  it('knows the watches each component opened at boot, with selector and revision', async () => {
    const { activity } = await bootedActivity();
    const scheduler = activity.watchesOf('kube-scheduler');
    expect(scheduler.map((stream) => stream.resource)).toContain('pods');
    expect(scheduler.every((stream) => stream.server === 'kube-apiserver')).toBe(true);
    expect(scheduler.every((stream) => /^\d+$/.test(stream.since))).toBe(true);
    const kubeletPods = activity
      .watchesOf('kubelet/node-1')
      .find((stream) => stream.resource === 'pods');
    expect(kubeletPods?.selector).toBe('spec.nodeName=node-1');
    expect(activity.watchesOf('kube-apiserver')).toEqual([
      expect.objectContaining({ server: 'etcd', resource: '/registry/' }),
    ]);
  });

  it('counts the events a watch delivered and times the requests a component made', async () => {
    const { activity, host } = await bootedActivity();
    await host.kubectlDo((client) =>
      client.resource(POD_TYPE, 'default').create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'nginx' },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      } as KubeObject),
    );
    await host.runUntil(() => false, 1_000);
    const [pods] = activity
      .stream('kube-scheduler', 'kube-apiserver')
      .filter((stream) => stream.resource === 'pods');
    expect(pods?.recent.map((record) => `${record.label} ${record.ref ?? ''}`)).toContain(
      'watch ADDED pods/default/nginx',
    );
    const binding = activity
      .requestsOf('kube-scheduler')
      .find((request) => request.label === 'POST binding');
    expect(binding).toMatchObject({
      path: '/api/v1/namespaces/default/pods/nginx/binding',
      code: 201,
      latencyMs: 0,
      rounds: 3,
    });
    const write = activity
      .requestsOf('kube-apiserver')
      .find((request) => request.label === 'txn put');
    expect(write?.to).toBe('etcd');
    expect(write?.rounds).toBe(1);
  });
});
