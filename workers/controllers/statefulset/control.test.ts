// One pass of the StatefulSet update step against recorded pod writes, after upstream's
// stateful_set_control_test.go: ordered and parallel creation, waiting on unhealthy pods,
// replacing failed ones, scale down from the top, identity repair, rolling update with a
// partition, OnDelete, and a set being deleted.

import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { StatefulSetControl, type StatefulPodControl } from './control.ts';
import { newStatefulSetPod } from './utils.ts';

const NOW = Date.UTC(2026, 0, 1, 12);

function revision(name: string, image: string): ControllerRevision {
  return {
    metadata: { name },
    revision: 1,
    data: {
      spec: {
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image }] },
          $patch: 'replace',
        },
      },
    },
  };
}

const V1 = revision('web-v1', 'nginx:1');
const V2 = revision('web-v2', 'nginx:2');

function set(
  replicas: number,
  spec: Partial<NonNullable<StatefulSet['spec']>> = {},
  deleting = false,
): StatefulSet {
  return {
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'u',
      generation: 2,
      ...(deleting ? { deletionTimestamp: 'x' } : {}),
    },
    spec: {
      replicas,
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'c', image: 'nginx:2' }] },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      ...spec,
    },
  };
}

type State = 'ready' | 'pending' | 'failed' | 'terminating';

/** A created pod at `ordinal` and revision, in the given state. */
function pod(ordinal: number, state: State = 'ready', revisionName = 'web-v1'): Pod {
  const created = newStatefulSetPod(set(1), ordinal);
  return {
    ...created,
    metadata: {
      ...created.metadata,
      labels: { ...created.metadata?.labels, 'controller-revision-hash': revisionName },
      ...(state === 'terminating' ? { deletionTimestamp: '2026-01-01T11:59:00Z' } : {}),
    },
    status: {
      phase: state === 'pending' ? 'Pending' : state === 'failed' ? 'Failed' : 'Running',
      conditions: [
        {
          type: 'Ready',
          status: state === 'ready' || state === 'terminating' ? 'True' : 'False',
          lastTransitionTime: '2026-01-01T11:00:00Z',
        },
      ],
    },
  };
}

async function pass(
  target: StatefulSet,
  pods: Pod[],
  revisions: { current: ControllerRevision; update: ControllerRevision } = {
    current: V1,
    update: V1,
  },
) {
  const writes: string[] = [];
  const control: StatefulPodControl = {
    createPod: (_set, p) => {
      writes.push(
        `create ${p.metadata?.name ?? ''} ${p.metadata?.labels?.['controller-revision-hash'] ?? ''}`,
      );
      return Promise.resolve();
    },
    updatePod: (_set, p) => {
      writes.push(`update ${p.metadata?.name ?? ''}`);
      return Promise.resolve();
    },
    deletePod: (_set, p) => {
      writes.push(`delete ${p.metadata?.name ?? ''}`);
      return Promise.resolve();
    },
    isNotFound: () => false,
  };
  const status = await new StatefulSetControl(control, () => NOW).update(
    target,
    { ...revisions, collisionCount: 0 },
    pods,
  );
  return { writes, status };
}

describe('StatefulSetControl.update', () => {
  it.each([
    {
      name: 'creates only the first pod under OrderedReady',
      target: set(3),
      pods: [],
      writes: ['create web-0 web-v1'],
    },
    {
      name: 'creates the next ordinal once its predecessors are ready',
      target: set(3),
      pods: [pod(0)],
      writes: ['create web-1 web-v1'],
    },
    {
      name: 'waits for a pending predecessor',
      target: set(3),
      pods: [pod(0, 'pending')],
      writes: [],
    },
    {
      name: 'waits for a terminating predecessor',
      target: set(3),
      pods: [pod(0, 'terminating')],
      writes: [],
    },
    {
      name: 'creates every pod at once under Parallel',
      target: set(3, { podManagementPolicy: 'Parallel' }),
      pods: [],
      writes: ['create web-0 web-v1', 'create web-1 web-v1', 'create web-2 web-v1'],
    },
    {
      name: 'deletes a failed pod and waits for it to go',
      target: set(3),
      pods: [pod(0, 'failed')],
      writes: ['delete web-0'],
    },
    {
      name: 'scales down from the highest ordinal',
      target: set(1),
      pods: [pod(0), pod(1), pod(2)],
      writes: ['delete web-2'],
    },
    {
      name: 'scales down everything at once under Parallel',
      target: set(1, { podManagementPolicy: 'Parallel' }),
      pods: [pod(0), pod(1), pod(2)],
      writes: ['delete web-2', 'delete web-1'],
    },
    {
      name: 'does not scale down past an unhealthy replica under OrderedReady',
      target: set(1),
      pods: [pod(0, 'pending'), pod(1), pod(2)],
      writes: [],
    },
    {
      name: 'does nothing while the set is being deleted',
      target: set(3, {}, true),
      pods: [],
      writes: [],
    },
    {
      name: 'repairs a pod whose identity labels were removed',
      target: set(1),
      pods: [
        {
          ...pod(0),
          metadata: {
            ...pod(0).metadata,
            labels: { app: 'web', 'controller-revision-hash': 'web-v1' },
          },
        },
      ],
      writes: ['update web-0'],
    },
  ])('$name', async ({ target, pods, writes }) => {
    expect((await pass(target, pods)).writes).toEqual(writes);
  });

  it.each([
    {
      name: 'deletes the highest pod not at the update revision',
      target: set(3),
      pods: [pod(0), pod(1), pod(2)],
      writes: ['delete web-2'],
    },
    {
      name: 'waits for the updated pod to be ready before the next',
      target: set(3),
      pods: [pod(0), pod(1), pod(2, 'pending', 'web-v2')],
      writes: [],
    },
    {
      name: 'moves down once the updated pod is ready',
      target: set(3),
      pods: [pod(0), pod(1), pod(2, 'ready', 'web-v2')],
      writes: ['delete web-1'],
    },
    {
      name: 'stops at the partition',
      target: set(3, {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
      }),
      pods: [pod(0), pod(1), pod(2, 'ready', 'web-v2')],
      writes: [],
    },
    {
      name: 'creates pods below the partition at the current revision',
      target: set(3, {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
      }),
      pods: [],
      writes: ['create web-0 web-v1'],
    },
    {
      name: 'leaves pods alone under OnDelete',
      target: set(3, { updateStrategy: { type: 'OnDelete' } }),
      pods: [pod(0), pod(1), pod(2)],
      writes: [],
    },
    {
      name: 'recreates a deleted pod at the update revision under OnDelete',
      target: set(3, { updateStrategy: { type: 'OnDelete' } }),
      pods: [pod(0), pod(2)],
      writes: ['create web-1 web-v2'],
    },
  ])('rolling update: $name', async ({ target, pods, writes }) => {
    expect((await pass(target, pods, { current: V1, update: V2 })).writes).toEqual(writes);
  });

  it('counts replicas by readiness and revision', async () => {
    const { status } = await pass(
      set(3),
      [pod(0), pod(1, 'pending', 'web-v2'), pod(2, 'ready', 'web-v2')],
      {
        current: V1,
        update: V2,
      },
    );
    expect(status).toEqual({
      observedGeneration: 2,
      replicas: 3,
      readyReplicas: 2,
      availableReplicas: 2,
      currentReplicas: 1,
      updatedReplicas: 2,
      currentRevision: 'web-v1',
      updateRevision: 'web-v2',
      collisionCount: 0,
    });
  });
});
