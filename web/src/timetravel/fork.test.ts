import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../workers/client/protocol.ts';
import type { StoreState } from '../../../workers/client/store-state.ts';
import { readyCluster } from '../../../workers/host/cluster-testing.ts';
import { InProcessHost } from '../../../workers/host/in-process-host.ts';
import { stateAtRevision } from './fork.ts';
import { CompactedRevisionError, Timeline } from './timeline.ts';

const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments' } as const;

function webPods(objects: ReadonlyMap<string, KubeObject>): Pod[] {
  return [...objects]
    .filter(([key]) => key.startsWith('/registry/pods/default/web-'))
    .map(([, pod]) => pod as Pod);
}

const running = (objects: ReadonlyMap<string, KubeObject>, count: number): boolean => {
  const pods = webPods(objects);
  return pods.length === count && pods.every((pod) => pod.status?.phase === 'Running');
};

/** A one-replica Deployment scaled to three; the history and state read once all three run. */
async function scaledCluster() {
  const { host, objects } = await readyCluster('fork', 1);
  const deployments = (client: Parameters<Parameters<InProcessHost['kubectlDo']>[0]>[0]) =>
    client.resource<Deployment>(DEPLOYMENTS, 'default');
  await host.kubectlDo((client) =>
    deployments(client).create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
        },
      },
    }),
  );
  expect(await host.runUntil(() => running(objects, 1))).toBe(true);
  await host.kubectlDo((client) =>
    deployments(client).patch('web', 'merge', { spec: { replicas: 3 } }),
  );
  expect(await host.runUntil(() => running(objects, 3))).toBe(true);
  const timeline = new Timeline(await host.etcdHistory());
  const state = await host.exportState();
  const scaleUp = timeline.entries.find((entry) =>
    entry.changes.some(
      (change) => change.ref === 'deployments/web' && change.notable && change.type === 'updated',
    ),
  );
  if (!scaleUp) throw new Error('no revision scaled the Deployment');
  return { timeline, state, before: scaleUp.revision - 1 };
}

function forkedHost(state: StoreState): { host: InProcessHost; objects: Map<string, KubeObject> } {
  const objects = new Map<string, KubeObject>();
  const host = new InProcessHost({
    seed: 'fork',
    nodes: 1,
    initialState: state,
    onChange: (events) => {
      for (const event of events) {
        if (event.type === 'DELETED') objects.delete(event.key);
        else objects.set(event.key, event.object);
      }
    },
  });
  return { host, objects };
}

describe('stateAtRevision', () => {
  it('boots a cluster that stands where the old one stood before the scale-up, clock included, and takes kubectl', async () => {
    const { timeline, state, before } = await scaledCluster();
    const time = timeline.timeAt(before);
    if (time === null) throw new Error('no time for the revision');
    const { host, objects } = forkedHost(stateAtRevision(state, before, time));

    expect(await host.runUntil(() => webPods(objects).length > 0, 1000)).toBe(true);
    expect(host.coordinator.time).toBeGreaterThanOrEqual(time);
    const deployment = await host.kubectlDo((client) =>
      client.resource<Deployment>(DEPLOYMENTS, 'default').get('web'),
    );
    expect(deployment.spec?.replicas).toBe(1);
    expect(deployment.metadata?.generation).toBe(1);
    expect(await host.runUntil(() => running(objects, 1))).toBe(true);

    await host.kubectlDo((client) =>
      client
        .resource<Deployment>(DEPLOYMENTS, 'default')
        .patch('web', 'merge', { spec: { replicas: 2 } }),
    );
    expect(await host.runUntil(() => running(objects, 2))).toBe(true);
    // The fork keeps the history up to where it forked: its own timeline reaches back past it.
    const forked = new Timeline(await host.etcdHistory());
    expect(forked.first).toBe(timeline.first);
    expect(forked.objectsAt(before)).toEqual(timeline.objectsAt(before));
    expect(forked.entryAt(before + 1)?.changes.map((change) => change.ref)).not.toContain(
      'deployments/web',
    );
  });

  it.each([
    ['past the newest revision', 1],
    ['below the compact revision', -1],
  ])('refuses a revision %s', (_case, side) => {
    const state: StoreState = {
      revision: 40,
      compactRevision: 30,
      base: [],
      historyStart: 30,
      history: [],
      leases: [],
      nextLeaseId: 1,
      time: 0,
    };
    expect(() => stateAtRevision(state, side > 0 ? 41 : 29, 0)).toThrow(CompactedRevisionError);
  });
});
