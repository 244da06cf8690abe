// The cases of upstream's deployment_util_test.go: fenceposts, the new set's next size, finding
// the new and old sets, complete / progressing / timed out, and the revision annotations.

import type { Deployment, DeploymentStatus } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { formatTime } from '../../api/time.ts';
import { lastRevision, maxRevision, setNewReplicaSetAnnotations } from './annotations.ts';
import {
  calculateStatus,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
} from './conditions.ts';
import { maxUnavailable, resolveFenceposts } from './fenceposts.ts';
import { NOW, newDeployment, rs } from './testing.ts';
import {
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  newRSNewReplicas,
} from './util.ts';

describe('resolveFenceposts', () => {
  it.each([
    { surge: '0', unavailable: '0', desired: 0, expected: { surge: 0, unavailable: 1 } },
    { surge: '39%', unavailable: '39%', desired: 10, expected: { surge: 4, unavailable: 3 } },
    { surge: undefined, unavailable: '39%', desired: 10, expected: { surge: 0, unavailable: 3 } },
    { surge: '39%', unavailable: undefined, desired: 10, expected: { surge: 4, unavailable: 0 } },
    {
      surge: undefined,
      unavailable: undefined,
      desired: 10,
      expected: { surge: 0, unavailable: 1 },
    },
    { surge: '25%', unavailable: '25%', desired: 10, expected: { surge: 3, unavailable: 2 } },
    { surge: '25%', unavailable: '25%', desired: 1, expected: { surge: 1, unavailable: 0 } },
  ])(
    'maxSurge $surge, maxUnavailable $unavailable of $desired resolve to $expected',
    ({ surge, unavailable, desired, expected }) => {
      const parse = (value: string | undefined): number | string | undefined =>
        value === undefined || value.endsWith('%') ? value : Number(value);
      expect(resolveFenceposts(parse(surge), parse(unavailable), desired)).toEqual(expected);
    },
  );
});

describe('maxUnavailable', () => {
  const recreate = newDeployment('foo', 10);
  recreate.spec = { ...recreate.spec, strategy: { type: 'Recreate' } } as Deployment['spec'];
  it.each([
    {
      name: 'less than replicas',
      d: newDeployment('foo', 10, { maxSurge: 1, maxUnavailable: 5 }),
      expected: 5,
    },
    {
      name: 'equal to replicas',
      d: newDeployment('foo', 10, { maxSurge: 1, maxUnavailable: 10 }),
      expected: 10,
    },
    {
      name: 'greater than replicas',
      d: newDeployment('foo', 5, { maxSurge: 1, maxUnavailable: 10 }),
      expected: 5,
    },
    {
      name: 'with 0 replicas',
      d: newDeployment('foo', 0, { maxSurge: 1, maxUnavailable: 10 }),
      expected: 0,
    },
    { name: 'with the Recreate strategy', d: recreate, expected: 0 },
    {
      name: 'less than replicas in percent',
      d: newDeployment('foo', 10, { maxSurge: 1, maxUnavailable: '50%' }),
      expected: 5,
    },
    {
      name: 'equal to replicas in percent',
      d: newDeployment('foo', 10, { maxSurge: 1, maxUnavailable: '100%' }),
      expected: 10,
    },
    {
      name: 'greater than replicas in percent',
      d: newDeployment('foo', 5, { maxSurge: 1, maxUnavailable: '100%' }),
      expected: 5,
    },
  ])('$name: $expected', ({ d, expected }) => {
    expect(maxUnavailable(d)).toBe(expected);
  });
});

describe('newRSNewReplicas', () => {
  it.each([
    {
      name: 'cannot scale up past the surge',
      strategy: 'RollingUpdate',
      replicas: 1,
      newRS: 5,
      surge: 1,
      expected: 5,
    },
    {
      name: 'scales up to spec.replicas',
      strategy: 'RollingUpdate',
      replicas: 6,
      newRS: 2,
      surge: 10,
      expected: 6,
    },
    {
      name: 'Recreate goes straight to spec.replicas',
      strategy: 'Recreate',
      replicas: 3,
      newRS: 1,
      surge: 1,
      expected: 3,
    },
  ])('$name', ({ strategy, replicas, newRS, surge, expected }) => {
    const d = newDeployment('foo', replicas, { maxSurge: surge });
    if (strategy === 'Recreate') (d.spec ?? ({} as never)).strategy = { type: 'Recreate' };
    const set = rs('foo-new', newRS, 0);
    expect(newRSNewReplicas(d, [rs('foo-old', 5, 60), set], set)).toBe(expected);
  });
});

describe('finding the new and old ReplicaSets', () => {
  const d = newDeployment('foo', 1);
  const withTemplate = (name: string, age: number, image: string, hash: string) => {
    const set = rs(name, 1, age);
    set.spec = {
      ...set.spec,
      selector: { matchLabels: { foo: 'bar' } },
      template: {
        metadata: {
          labels: { foo: 'bar', 'pod-template-hash': hash },
          creationTimestamp: null,
        } as never,
        spec: { containers: [{ name: 'nginx', image }] },
      },
    };
    return set;
  };
  const newer = withTemplate('foo-new', 10, 'nginx', 'aaa');
  const older = withTemplate('foo-older', 20, 'nginx', 'bbb');
  const other = withTemplate('foo-other', 30, 'busybox', 'ccc');

  it('ignores the pod-template-hash label and Go zero values when comparing templates', () => {
    expect(equalIgnoreHash(newer.spec?.template, d.spec?.template)).toBe(true);
    expect(equalIgnoreHash(other.spec?.template, d.spec?.template)).toBe(false);
  });

  it('picks the oldest set with the template as the new one', () => {
    expect(findNewReplicaSet(d, [newer, older, other])?.metadata?.name).toBe('foo-older');
    expect(findNewReplicaSet(d, [other])).toBeUndefined();
  });

  it('calls every other set old', () => {
    expect(findOldReplicaSets(d, [newer, older, other]).map((set) => set.metadata?.name)).toEqual([
      'foo-new',
      'foo-other',
    ]);
  });
});

function withStatus(d: Deployment, status: DeploymentStatus): Deployment {
  return { ...d, status };
}

describe('deploymentComplete', () => {
  const deployment = (
    desired: number,
    current: number,
    updated: number,
    available: number,
    unavailable: number,
    surge: number,
  ) =>
    withStatus(newDeployment('foo', desired, { maxSurge: surge, maxUnavailable: unavailable }), {
      replicas: current,
      updatedReplicas: updated,
      availableReplicas: available,
      observedGeneration: 1,
    });
  it.each([
    {
      name: 'not complete: min but not all pods become available',
      d: deployment(5, 5, 5, 4, 1, 0),
      expected: false,
    },
    {
      name: 'not complete: min availability is not honored',
      d: deployment(5, 5, 5, 3, 1, 0),
      expected: false,
    },
    { name: 'complete', d: deployment(5, 5, 5, 5, 0, 0), expected: true },
    {
      name: 'not complete: all pods are available but not updated',
      d: deployment(5, 5, 4, 5, 0, 0),
      expected: false,
    },
    {
      name: 'not complete: still running old pods',
      d: deployment(1, 2, 1, 1, 0, 1),
      expected: false,
    },
    {
      name: 'not complete: one replica deployment never comes up',
      d: deployment(1, 1, 1, 0, 1, 1),
      expected: false,
    },
  ])('$name', ({ d, expected }) => {
    expect(deploymentComplete(d, d.status ?? {})).toBe(expected);
  });
});

describe('deploymentProgressing', () => {
  const status = (
    replicas: number,
    updated: number,
    ready: number,
    available: number,
  ): DeploymentStatus => ({
    replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
  });
  it.each([
    {
      name: 'progressing: updated pods',
      old: status(10, 4, 4, 4),
      now: status(10, 6, 4, 4),
      expected: true,
    },
    {
      name: 'not progressing: no change in updated pods',
      old: status(10, 6, 4, 4),
      now: status(10, 6, 4, 4),
      expected: false,
    },
    {
      name: 'progressing: old pods removed',
      old: status(10, 6, 6, 6),
      now: status(8, 6, 6, 6),
      expected: true,
    },
    {
      name: 'not progressing: no change in old pods',
      old: status(10, 6, 6, 6),
      now: status(10, 6, 6, 6),
      expected: false,
    },
    {
      name: 'progressing: updated and old pods removed',
      old: status(10, 2, 2, 2),
      now: status(8, 6, 6, 6),
      expected: true,
    },
    {
      name: 'progressing: ready pods increased',
      old: status(10, 6, 6, 6),
      now: status(10, 6, 7, 6),
      expected: true,
    },
    {
      name: 'progressing: available pods increased',
      old: status(10, 6, 6, 6),
      now: status(10, 6, 6, 7),
      expected: true,
    },
  ])('$name', ({ old, now, expected }) => {
    expect(deploymentProgressing(withStatus(newDeployment('foo', 10), old), now)).toBe(expected);
  });
});

describe('deploymentTimedOut', () => {
  const at = (minute: number, second: number): number => Date.UTC(2016, 0, 1, 0, minute, second);
  const deployment = (reason: string, deadline: number | undefined, from: number): Deployment => {
    const d = newDeployment('foo', 1);
    if (deadline !== undefined) (d.spec ?? ({} as never)).progressDeadlineSeconds = deadline;
    d.status = {
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          reason,
          lastUpdateTime: formatTime(from),
          lastTransitionTime: formatTime(from),
        },
      ],
    };
    return d;
  };
  it.each([
    {
      name: 'no progressDeadlineSeconds specified: no timeout',
      d: deployment('', undefined, at(1, 9)),
      now: at(1, 20),
      expected: false,
    },
    {
      name: 'infinite progressDeadlineSeconds: no timeout',
      d: deployment('', 2147483647, at(1, 9)),
      now: at(1, 20),
      expected: false,
    },
    {
      name: '10s deadline, 11s since the last update',
      d: deployment('', 10, at(1, 9)),
      now: at(1, 20),
      expected: true,
    },
    {
      name: '10s deadline, 9s since the last update',
      d: deployment('', 10, at(1, 11)),
      now: at(1, 20),
      expected: false,
    },
    {
      name: 'previous status was a complete deployment',
      d: deployment('NewReplicaSetAvailable', 10, 0),
      now: at(1, 20),
      expected: false,
    },
  ])('$name', ({ d, now, expected }) => {
    expect(deploymentTimedOut(d, d.status ?? {}, now)).toBe(expected);
  });
});

describe('revision annotations', () => {
  it('numbers a new set after the highest old revision, keeping the old number in the history on a rollback', () => {
    const d = newDeployment('foo', 3);
    d.metadata = {
      ...d.metadata,
      annotations: {
        'kubernetes.io/change-cause': 'kubectl set image',
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
      },
    };
    const set = rs('foo-1', 0, 0);
    expect(setNewReplicaSetAnnotations(d, set, '1', false)).toBe(true);
    expect(set.metadata?.annotations).toEqual({
      'kubernetes.io/change-cause': 'kubectl set image',
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '3',
    });
    expect(setNewReplicaSetAnnotations(d, set, '3', true)).toBe(true);
    expect(setNewReplicaSetAnnotations(d, set, '5', true)).toBe(true);
    expect(set.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('5');
    expect(set.metadata?.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1,3');
    expect(setNewReplicaSetAnnotations(d, set, '4', true)).toBe(false);
  });

  it('finds the highest and the second highest revision', () => {
    const sets = ['3', '1', '7', 'x'].map((value, index) => {
      const set = rs(`foo-${String(index)}`, 0, 0);
      set.metadata = {
        ...set.metadata,
        annotations: { 'deployment.kubernetes.io/revision': value },
      };
      return set;
    });
    expect(maxRevision(sets)).toBe(7);
    expect(lastRevision(sets)).toBe(3);
  });
});

describe('calculateStatus', () => {
  it('counts replicas from the sets and says whether the minimum is available', () => {
    const d = newDeployment('foo', 4, { maxSurge: 1, maxUnavailable: 1 });
    const newRS = rs('foo-new', 2, 0, { replicas: 2, readyReplicas: 2, availableReplicas: 1 });
    const oldRS = rs('foo-old', 3, 60, { replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    const status = calculateStatus([oldRS, newRS], newRS, d, NOW);
    expect(status).toEqual({
      observedGeneration: 1,
      replicas: 5,
      updatedReplicas: 2,
      readyReplicas: 5,
      availableReplicas: 4,
      unavailableReplicas: 1,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastUpdateTime: '2016-01-01T00:01:20Z',
          lastTransitionTime: '2016-01-01T00:01:20Z',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
      ],
    });
  });
});
