// The DaemonSet controller in a whole cluster: a pod on every node, pinned by node affinity and
// carrying the daemon tolerations; a ControllerRevision and status; a rolling update that
// replaces pods one node at a time; OnDelete leaving pods alone; a node the set stops selecting.

import type {
  ControllerRevision,
  DaemonSet,
  DaemonSetUpdateStrategy,
} from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { NODE_TYPE, POD_TYPE } from '../../client/client.ts';
import { controllerOf } from '../controller-ref.ts';
import {
  eventsAbout,
  isRunningReady,
  podsIn,
  readyCluster,
  storedUnder,
  type Cluster,
} from '../workloads-testing.ts';
import { DAEMON_SET_TYPE } from './history.ts';
import { targetNodeName } from './util.ts';

function daemonSet(image: string, strategy?: DaemonSetUpdateStrategy): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'agent', image }] },
      },
      ...(strategy ? { updateStrategy: strategy } : {}),
    },
  };
}

const stored = (c: Cluster): DaemonSet | undefined =>
  c.objects.get('/registry/daemonsets/default/agent') as DaemonSet | undefined;
const agents = (c: Cluster): Pod[] => podsIn(c, 'agent-');
const imageOf = (pod: Pod): string => pod.spec?.containers[0]?.image ?? '';

async function runningOnEveryNode(c: Cluster, image: string, nodes: number): Promise<boolean> {
  return c.until(
    () =>
      agents(c).length === nodes &&
      agents(c).every((pod) => isRunningReady(pod) && imageOf(pod) === image) &&
      stored(c)?.status?.numberAvailable === nodes &&
      stored(c)?.status?.updatedNumberScheduled === nodes,
  );
}

function setImage(c: Cluster, image: string): Promise<DaemonSet> {
  return c.run((client) =>
    client.resource<DaemonSet>(DAEMON_SET_TYPE, 'default').patch('agent', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'agent', image }] } } },
    }),
  );
}

describe('DaemonSet controller', () => {
  it('runs one pod per node, pinned by node affinity, with the daemon tolerations', async () => {
    const c = await readyCluster(3);
    const ds = await c.run((client) =>
      client.resource<DaemonSet>(DAEMON_SET_TYPE, 'default').create(daemonSet('nginx:1.27')),
    );
    expect(await runningOnEveryNode(c, 'nginx:1.27', 3)).toBe(true);
    const pods = agents(c);
    expect(pods.map((pod) => pod.spec?.nodeName).sort()).toEqual(['node-1', 'node-2', 'node-3']);
    for (const pod of pods) {
      expect(targetNodeName({ ...pod, spec: { ...pod.spec, nodeName: '' } } as Pod)).toBe(
        pod.spec?.nodeName,
      );
      expect(controllerOf(pod)).toEqual({
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        name: 'agent',
        uid: ds.metadata?.uid,
        controller: true,
        blockOwnerDeletion: true,
      });
      expect(pod.spec?.tolerations?.map((t) => `${t.key ?? ''}:${t.effect ?? ''}`)).toEqual([
        'node.kubernetes.io/not-ready:NoExecute',
        'node.kubernetes.io/unreachable:NoExecute',
        'node.kubernetes.io/disk-pressure:NoSchedule',
        'node.kubernetes.io/memory-pressure:NoSchedule',
        'node.kubernetes.io/pid-pressure:NoSchedule',
        'node.kubernetes.io/unschedulable:NoSchedule',
      ]);
    }
    const revisions = storedUnder<ControllerRevision>(c, '/registry/controllerrevisions/default/');
    expect(revisions).toHaveLength(1);
    const hash = revisions[0]?.metadata?.labels?.['controller-revision-hash'] ?? '';
    expect(revisions[0]?.metadata?.name).toBe(`agent-${hash}`);
    expect(revisions[0]?.revision).toBe(1);
    for (const pod of pods)
      expect(pod.metadata?.labels).toEqual({
        app: 'agent',
        'controller-revision-hash': hash,
        'pod-template-generation': '1',
      });
    expect(stored(c)?.status).toEqual({
      currentNumberScheduled: 3,
      desiredNumberScheduled: 3,
      numberAvailable: 3,
      numberMisscheduled: 0,
      numberReady: 3,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
    });
    expect(eventsAbout(c, 'DaemonSet', 'agent').sort()).toEqual(
      pods.map((pod) => `SuccessfulCreate: Created pod: ${pod.metadata?.name ?? ''}`).sort(),
    );
  });

  it('rolls a new template out one node at a time and keeps both revisions', async () => {
    const c = await readyCluster(3);
    await c.run((client) =>
      client.resource<DaemonSet>(DAEMON_SET_TYPE, 'default').create(daemonSet('nginx:1.27')),
    );
    expect(await runningOnEveryNode(c, 'nginx:1.27', 3)).toBe(true);
    await setImage(c, 'nginx:1.28');
    let mostUnavailable = 0;
    const done = await c.until(() => {
      const ready = agents(c).filter(
        (pod) => isRunningReady(pod) && !pod.metadata?.deletionTimestamp,
      );
      mostUnavailable = Math.max(mostUnavailable, 3 - ready.length);
      return (
        agents(c).length === 3 &&
        agents(c).every((pod) => isRunningReady(pod) && imageOf(pod) === 'nginx:1.28') &&
        stored(c)?.status?.updatedNumberScheduled === 3 &&
        stored(c)?.status?.numberAvailable === 3
      );
    });
    expect(done).toBe(true);
    expect(mostUnavailable).toBe(1);
    const revisions = storedUnder<ControllerRevision>(c, '/registry/controllerrevisions/default/');
    expect(revisions.map((revision) => revision.revision).sort()).toEqual([1, 2]);
    expect(agents(c).map((pod) => pod.metadata?.labels?.['pod-template-generation'])).toEqual([
      '2',
      '2',
      '2',
    ]);
  });

  it('leaves running pods alone under OnDelete until they are deleted', async () => {
    const c = await readyCluster(2);
    await c.run((client) =>
      client
        .resource<DaemonSet>(DAEMON_SET_TYPE, 'default')
        .create(daemonSet('nginx:1.27', { type: 'OnDelete' })),
    );
    expect(await runningOnEveryNode(c, 'nginx:1.27', 2)).toBe(true);
    await setImage(c, 'nginx:1.28');
    expect(await c.until(() => stored(c)?.status?.observedGeneration === 2)).toBe(true);
    expect(agents(c).map(imageOf)).toEqual(['nginx:1.27', 'nginx:1.27']);
    expect(stored(c)?.status?.updatedNumberScheduled).toBeUndefined();
    const victim = agents(c)[0]?.metadata?.name ?? '';
    await c.run((client) => client.resource(POD_TYPE, 'default').delete(victim));
    expect(
      await c.until(
        () =>
          agents(c).filter((pod) => imageOf(pod) === 'nginx:1.28' && isRunningReady(pod)).length ===
            1 && agents(c).length === 2,
      ),
    ).toBe(true);
    expect(stored(c)?.status?.updatedNumberScheduled).toBe(1);
  });

  it('removes the pod from a node that loses the selected label, and counts the set down', async () => {
    const c = await readyCluster(2);
    for (const node of ['node-1', 'node-2'])
      await c.run((client) =>
        client
          .resource<Node>(NODE_TYPE)
          .patch(node, 'merge', { metadata: { labels: { agent: 'yes' } } }),
      );
    const manifest = daemonSet('nginx:1.27');
    if (manifest.spec?.template.spec) manifest.spec.template.spec.nodeSelector = { agent: 'yes' };
    await c.run((client) =>
      client.resource<DaemonSet>(DAEMON_SET_TYPE, 'default').create(manifest),
    );
    expect(await runningOnEveryNode(c, 'nginx:1.27', 2)).toBe(true);
    await c.run((client) =>
      client
        .resource<Node>(NODE_TYPE)
        .patch('node-2', 'merge', { metadata: { labels: { agent: null } } }),
    );
    expect(
      await c.until(
        () =>
          agents(c).length === 1 &&
          agents(c)[0]?.spec?.nodeName === 'node-1' &&
          stored(c)?.status?.desiredNumberScheduled === 1,
      ),
    ).toBe(true);
    expect(
      eventsAbout(c, 'DaemonSet', 'agent').filter((e) => e.startsWith('SuccessfulDelete')),
    ).toHaveLength(1);
  });
});
