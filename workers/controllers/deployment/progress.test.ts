// The cases of upstream's progress_test.go: the Progressing condition syncRolloutStatus writes
// (TestSyncRolloutStatus) and when a deployment without progress is looked at again
// (TestRequeueStuckDeployment), on a fixed clock.

import type { Deployment, DeploymentCondition, ReplicaSet } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { formatTime } from '../../api/time.ts';
import { requeueStuckDeployment, syncRolloutStatus } from './progress.ts';
import { NOW, fakeCluster, newDeployment, rs } from './testing.ts';

const BEFORE = formatTime(NOW - 30_000);

function condition(
  reason: string,
  status: 'True' | 'False' | 'Unknown',
  time = BEFORE,
): DeploymentCondition {
  return {
    type: 'Progressing',
    status,
    reason,
    message: '',
    lastUpdateTime: time,
    lastTransitionTime: time,
  };
}

function deployment(
  replicas: number,
  status: Deployment['status'],
  deadline: number | undefined,
): Deployment {
  const d = newDeployment('foo', replicas, { maxSurge: 1, maxUnavailable: 0 });
  if (deadline !== undefined) (d.spec ?? ({} as never)).progressDeadlineSeconds = deadline;
  d.status = status;
  return d;
}

function written(cluster: ReturnType<typeof fakeCluster>): DeploymentCondition | undefined {
  const last = cluster.writes.at(-1) as Deployment | undefined;
  return last?.status?.conditions?.find((c) => c.type === 'Progressing');
}

describe('syncRolloutStatus', () => {
  const complete: ReplicaSet = rs('foo-new', 2, 0, {
    replicas: 2,
    readyReplicas: 2,
    availableReplicas: 2,
  });
  const halfway: ReplicaSet = rs('foo-new', 1, 0, {
    replicas: 1,
    readyReplicas: 1,
    availableReplicas: 1,
  });

  it.each([
    {
      name: 'drops Progressing without a progress deadline',
      d: deployment(2, { conditions: [condition('ReplicaSetUpdated', 'True')] }, undefined),
      newRS: complete,
      expected: undefined,
    },
    {
      name: 'reports a complete rollout, keeping lastTransitionTime',
      d: deployment(2, { conditions: [condition('ReplicaSetUpdated', 'True')] }, 600),
      newRS: complete,
      expected: {
        ...condition('NewReplicaSetAvailable', 'True'),
        message: 'ReplicaSet "foo-new" has successfully progressed.',
        lastUpdateTime: formatTime(NOW),
      },
    },
    {
      name: 'refreshes lastUpdateTime on progress',
      d: deployment(2, { replicas: 1, conditions: [condition('ReplicaSetUpdated', 'True')] }, 600),
      newRS: halfway,
      expected: {
        ...condition('ReplicaSetUpdated', 'True'),
        message: 'ReplicaSet "foo-new" is progressing.',
        lastUpdateTime: formatTime(NOW),
      },
    },
    {
      name: 'times out a rollout without progress past its deadline',
      d: deployment(
        2,
        {
          replicas: 1,
          updatedReplicas: 1,
          readyReplicas: 1,
          availableReplicas: 1,
          conditions: [condition('ReplicaSetUpdated', 'True')],
        },
        10,
      ),
      newRS: halfway,
      expected: {
        ...condition('ProgressDeadlineExceeded', 'False', formatTime(NOW)),
        message: 'ReplicaSet "foo-new" has timed out progressing.',
      },
    },
  ])('$name', async ({ d, newRS, expected }) => {
    const cluster = fakeCluster();
    await syncRolloutStatus(cluster.ctx, [newRS], newRS, d);
    expect(written(cluster)).toEqual(expected);
  });
});

describe('requeueStuckDeployment', () => {
  const halfway = { replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 };
  it.each([
    {
      name: 'no deadline: no requeue',
      deadline: undefined,
      reason: 'ReplicaSetUpdated',
      expected: [],
    },
    {
      name: 'already timed out: no requeue',
      deadline: 10,
      reason: 'ProgressDeadlineExceeded',
      expected: [],
    },
    {
      name: 'deadline passed: requeued now',
      deadline: 10,
      reason: 'ReplicaSetUpdated',
      expected: ['requeue rate-limited'],
    },
    {
      name: 'deadline ahead: requeued a second after it',
      deadline: 60,
      reason: 'ReplicaSetUpdated',
      expected: ['requeue after 31000ms'],
    },
  ])('$name', ({ deadline, reason, expected }) => {
    const cluster = fakeCluster();
    const d = deployment(2, { ...halfway, conditions: [condition(reason, 'True')] }, deadline);
    requeueStuckDeployment(cluster.ctx, d, { ...halfway, observedGeneration: 1 });
    expect(cluster.events).toEqual(expected);
  });

  it('does not requeue a complete deployment', () => {
    const cluster = fakeCluster();
    const d = deployment(2, { conditions: [condition('ReplicaSetUpdated', 'True')] }, 10);
    const done = { replicas: 2, updatedReplicas: 2, availableReplicas: 2, observedGeneration: 1 };
    requeueStuckDeployment(cluster.ctx, d, done);
    expect(cluster.events).toEqual([]);
  });
});
