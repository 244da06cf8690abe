// The deprecated server-side rollback (rollback.go), asked for with the
// deprecated.deployment.rollback.to annotation: the events it records and the template it restores.

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { rollback } from './rollback.ts';
import { fakeCluster, newDeployment, rs } from './testing.ts';

function revisionSet(name: string, revision: string, image: string, age: number): ReplicaSet {
  const set = rs(name, 0, age);
  set.metadata = {
    ...set.metadata,
    annotations: {
      'deployment.kubernetes.io/revision': revision,
      'kubernetes.io/change-cause': `to ${image}`,
    },
  };
  set.spec = {
    ...set.spec,
    selector: { matchLabels: { foo: 'bar' } },
    template: {
      metadata: { labels: { foo: 'bar', 'pod-template-hash': name } },
      spec: { containers: [{ name: 'nginx', image }] },
    },
  };
  return set;
}

function rollingBackTo(revision: string): Deployment {
  const d = newDeployment('foo', 1, { image: 'nginx:1.27' });
  d.metadata = { ...d.metadata, annotations: { 'deprecated.deployment.rollback.to': revision } };
  return d;
}

const sets = (): ReplicaSet[] => [
  revisionSet('foo-1', '1', 'nginx:1.26', 60),
  revisionSet('foo-2', '2', 'nginx:1.27', 30),
];

describe('rollback', () => {
  it.each([
    {
      name: 'goes back to the last revision when asked for revision 0',
      revision: '0',
      image: 'nginx:1.26',
      event: 'Normal DeploymentRollback Rolled back deployment "foo" to revision 1',
    },
    {
      name: 'reports a revision it cannot find',
      revision: '7',
      image: 'nginx:1.27',
      event:
        'Warning DeploymentRollbackRevisionNotFound Unable to find the revision to rollback to.',
    },
    {
      name: 'reports a rollback to the current template',
      revision: '2',
      image: 'nginx:1.27',
      event:
        'Warning DeploymentRollbackTemplateUnchanged The rollback revision contains the same template as current deployment "foo"',
    },
  ])('$name', async ({ revision, image, event }) => {
    const cluster = fakeCluster();
    await rollback(cluster.ctx, rollingBackTo(revision), sets());
    const updated = cluster.writes.at(-1) as Deployment;
    expect(updated.spec?.template.spec?.containers[0]?.image).toBe(image);
    expect(updated.spec?.template.metadata?.labels).toEqual({ foo: 'bar' });
    expect(updated.metadata?.annotations?.['deprecated.deployment.rollback.to']).toBeUndefined();
    expect(cluster.events).toEqual([event]);
  });

  it('takes the target revision’s change cause and keeps the controller’s own annotations', async () => {
    const cluster = fakeCluster();
    await rollback(cluster.ctx, rollingBackTo('1'), sets());
    const updated = cluster.writes.at(-1) as Deployment;
    expect(updated.metadata?.annotations).toEqual({
      'deployment.kubernetes.io/revision': '2',
      'kubernetes.io/change-cause': 'to nginx:1.26',
    });
  });
});
