// The garbage collector in a whole in-process cluster: a ReplicaSet deleted in the background, in
// the foreground and orphaning its pods; dependents whose owner is gone; blockOwnerDeletion
// holding a foreground deletion; and an owner reference across namespaces.

import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_MAP_TYPE,
  NAMESPACE_TYPE,
  REPLICA_SET_TYPE,
  type DeleteOptions,
} from '../../client/client.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { InProcessHost } from '../../host/in-process-host.ts';

interface Cluster {
  host: InProcessHost;
  objects: Map<string, KubeObject>;
  /** Every etcd key deleted, in order. */
  deleted: string[];
}

async function readyCluster(): Promise<Cluster> {
  const objects = new Map<string, KubeObject>();
  const deleted: string[] = [];
  const host = new InProcessHost({
    seed: 7,
    nodes: 2,
    onChange: (events) => {
      for (const event of events) {
        if (event.type === 'DELETED') {
          objects.delete(event.key);
          deleted.push(event.key);
        } else {
          objects.set(event.key, event.object);
        }
      }
    },
  });
  const ready = await host.runUntil(
    () =>
      objects.has('/registry/serviceaccounts/default/default') &&
      objects.has('/registry/serviceaccounts/kube-system/generic-garbage-collector') &&
      [...objects.keys()].filter((key) => key.startsWith('/registry/minions/')).length === 2,
    120_000,
  );
  expect(ready).toBe(true);
  return { host, objects, deleted };
}

function podsOf(c: Cluster, prefix: string): Pod[] {
  return [...c.objects.entries()]
    .filter(([key]) => key.startsWith(`/registry/pods/default/${prefix}`))
    .map(([, object]) => object as Pod);
}

const RS_KEY = '/registry/replicasets/default/web';

async function runningReplicaSet(c: Cluster): Promise<ReplicaSet> {
  const rs = await c.host.kubectlDo((client) =>
    client.resource<ReplicaSet>(REPLICA_SET_TYPE, 'default').create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      },
    }),
  );
  const running = await c.host.runUntil(
    () => podsOf(c, 'web-').filter((pod) => pod.status?.phase === 'Running').length === 3,
    120_000,
  );
  expect(running).toBe(true);
  return rs;
}

function deleteReplicaSet(c: Cluster, options: DeleteOptions): Promise<KubeObject> {
  return c.host.kubectlDo((client) =>
    client.resource(REPLICA_SET_TYPE, 'default').delete('web', options),
  );
}

function configMap(
  name: string,
  ownerReferences?: OwnerReference[],
  extra: KubeObject['metadata'] = {},
): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...(ownerReferences ? { ownerReferences } : {}), ...extra },
  };
}

function createConfigMap(c: Cluster, object: ConfigMap, namespace = 'default'): Promise<ConfigMap> {
  return c.host.kubectlDo((client) =>
    client.resource<ConfigMap>(CONFIG_MAP_TYPE, namespace).create(object),
  );
}

function ownerReference(owner: KubeObject, blockOwnerDeletion?: boolean): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? '',
    kind: owner.kind ?? '',
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    ...(blockOwnerDeletion !== undefined ? { blockOwnerDeletion } : {}),
  };
}

describe('deleting a ReplicaSet', () => {
  it('removes it at once in the background, then its pods', async () => {
    const c = await readyCluster();
    await runningReplicaSet(c);
    await deleteReplicaSet(c, { propagationPolicy: 'Background' });
    expect(c.objects.has(RS_KEY)).toBe(false);
    expect(await c.host.runUntil(() => podsOf(c, 'web-').length === 0, 120_000)).toBe(true);
  });

  it('in the foreground, removes the pods first and the ReplicaSet last', async () => {
    const c = await readyCluster();
    await runningReplicaSet(c);
    const marked = (await deleteReplicaSet(c, { propagationPolicy: 'Foreground' })) as ReplicaSet;
    expect(marked.metadata?.finalizers).toEqual(['foregroundDeletion']);
    expect(await c.host.runUntil(() => !c.objects.has(RS_KEY), 120_000)).toBe(true);
    const order = c.deleted.filter((key) => key === RS_KEY || key.startsWith('/registry/pods/'));
    expect(order).toHaveLength(4);
    expect(order.at(-1)).toBe(RS_KEY);
  });

  it('orphaning its pods, leaves them running without the owner reference', async () => {
    const c = await readyCluster();
    await runningReplicaSet(c);
    await deleteReplicaSet(c, { propagationPolicy: 'Orphan' });
    expect(await c.host.runUntil(() => !c.objects.has(RS_KEY), 120_000)).toBe(true);
    const pods = podsOf(c, 'web-');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata?.ownerReferences).toBeUndefined();
      expect(pod.metadata?.deletionTimestamp).toBeUndefined();
    }
  });
});

describe('dependents of owners that are gone', () => {
  it.each([
    ['an owner uid nothing has', (_owner: ConfigMap) => 'a0a0a0a0-0000-4000-8000-000000000000'],
    [
      'an owner name that now has another uid',
      (owner: ConfigMap) => `${owner.metadata?.uid ?? ''}-old`,
    ],
  ])('collects a dependent naming %s', async (_, uidOf) => {
    const c = await readyCluster();
    const owner = await createConfigMap(c, configMap('owner'));
    const reference = { ...ownerReference(owner), uid: uidOf(owner) };
    await createConfigMap(c, configMap('dependent', [reference]));
    const key = '/registry/configmaps/default/dependent';
    expect(await c.host.runUntil(() => !c.objects.has(key), 60_000)).toBe(true);
    expect(c.objects.has('/registry/configmaps/default/owner')).toBe(true);
  });

  it('keeps a dependent that still has one owner, dropping the reference to the gone one', async () => {
    const c = await readyCluster();
    const owner = await createConfigMap(c, configMap('owner'));
    const gone = {
      ...ownerReference(owner),
      name: 'gone',
      uid: 'b0b0b0b0-0000-4000-8000-000000000000',
    };
    await createConfigMap(c, configMap('dependent', [ownerReference(owner), gone]));
    const key = '/registry/configmaps/default/dependent';
    expect(
      await c.host.runUntil(
        () => c.objects.get(key)?.metadata?.ownerReferences?.length === 1,
        60_000,
      ),
    ).toBe(true);
    expect(c.objects.get(key)?.metadata?.ownerReferences).toEqual([ownerReference(owner)]);
  });

  it('collects a dependent naming an owner in another namespace, with a warning event', async () => {
    const c = await readyCluster();
    await c.host.kubectlDo((client) =>
      client
        .resource(NAMESPACE_TYPE)
        .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } }),
    );
    const owner = await createConfigMap(c, configMap('owner'));
    await c.host.runUntil(() => false, 5_000);
    const dependent = await createConfigMap(
      c,
      configMap('dependent', [ownerReference(owner)]),
      'other',
    );
    const key = '/registry/configmaps/other/dependent';
    expect(await c.host.runUntil(() => !c.objects.has(key), 60_000)).toBe(true);
    const events = [...c.objects.entries()]
      .filter(([name]) => name.startsWith('/registry/events/other/'))
      .map(([, event]) => event as KubeObject & Record<string, unknown>)
      .filter((event) => event.reason === 'OwnerRefInvalidNamespace');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'Warning',
      source: { component: 'garbage-collector-controller' },
      involvedObject: {
        kind: 'ConfigMap',
        name: 'dependent',
        namespace: 'other',
        uid: dependent.metadata?.uid,
      },
      message: `ownerRef [v1/ConfigMap, namespace: other, name: owner, uid: ${owner.metadata?.uid ?? ''}] does not exist in namespace "other"`,
    });
    expect(c.objects.has('/registry/configmaps/default/owner')).toBe(true);
  });
});

describe('blockOwnerDeletion', () => {
  it('holds a foreground deletion until the blocking dependents are gone, not the others', async () => {
    const c = await readyCluster();
    const owner = await createConfigMap(c, configMap('owner'));
    const hold = { finalizers: ['example.com/hold'] };
    await createConfigMap(c, configMap('blocking', [ownerReference(owner, true)], hold));
    await createConfigMap(c, configMap('free', [ownerReference(owner, false)], hold));
    await c.host.kubectlDo((client) =>
      client
        .resource(CONFIG_MAP_TYPE, 'default')
        .delete('owner', { propagationPolicy: 'Foreground' }),
    );
    const key = (name: string) => `/registry/configmaps/default/${name}`;
    const marked = (name: string) => !!c.objects.get(key(name))?.metadata?.deletionTimestamp;
    expect(await c.host.runUntil(() => marked('blocking') && marked('free'), 60_000)).toBe(true);
    const release = (name: string) =>
      c.host.kubectlDo((client) =>
        client
          .resource(CONFIG_MAP_TYPE, 'default')
          .patch(name, 'merge', { metadata: { finalizers: null } }),
      );

    await release('free');
    await c.host.runUntil(() => false, 10_000);
    expect(c.objects.get(key('owner'))?.metadata?.finalizers).toEqual(['foregroundDeletion']);

    await release('blocking');
    expect(await c.host.runUntil(() => !c.objects.has(key('owner')), 60_000)).toBe(true);
    expect(c.deleted.filter((name) => name.startsWith('/registry/configmaps/default/'))).toEqual([
      key('free'),
      key('blocking'),
      key('owner'),
    ]);
  });

  it('deletes a chain of owners in the foreground from the bottom up', async () => {
    const c = await readyCluster();
    const top = await createConfigMap(c, configMap('top'));
    const middle = await createConfigMap(c, configMap('middle', [ownerReference(top, true)]));
    await createConfigMap(
      c,
      configMap('bottom', [ownerReference(middle, true)], { finalizers: ['example.com/hold'] }),
    );
    await c.host.kubectlDo((client) =>
      client
        .resource(CONFIG_MAP_TYPE, 'default')
        .delete('top', { propagationPolicy: 'Foreground' }),
    );
    const key = (name: string) => `/registry/configmaps/default/${name}`;
    expect(
      await c.host.runUntil(
        () => !!c.objects.get(key('bottom'))?.metadata?.deletionTimestamp,
        60_000,
      ),
    ).toBe(true);
    expect(c.objects.get(key('middle'))?.metadata?.finalizers).toEqual(['foregroundDeletion']);
    expect(c.objects.get(key('top'))?.metadata?.finalizers).toEqual(['foregroundDeletion']);

    await c.host.kubectlDo((client) =>
      client
        .resource(CONFIG_MAP_TYPE, 'default')
        .patch('bottom', 'merge', { metadata: { finalizers: null } }),
    );
    expect(await c.host.runUntil(() => !c.objects.has(key('top')), 60_000)).toBe(true);
    expect(c.deleted.filter((name) => name.startsWith('/registry/configmaps/default/'))).toEqual([
      key('bottom'),
      key('middle'),
      key('top'),
    ]);
  });
});
