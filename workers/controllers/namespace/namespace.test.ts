// The namespace controller in a whole in-process cluster: deleting a namespace deletes what is in
// it (pods gracefully, objects held by a finalizer once it is removed) and then the namespace,
// with upstream's conditions on its status along the way.

import type { ConfigMap, Namespace, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { CONFIG_MAP_TYPE, NAMESPACE_TYPE, POD_TYPE } from '../../client/client.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { InProcessHost } from '../../host/in-process-host.ts';

interface Cluster {
  host: InProcessHost;
  objects: Map<string, KubeObject>;
}

async function clusterWithNamespace(): Promise<Cluster> {
  const objects = new Map<string, KubeObject>();
  const host = new InProcessHost({
    seed: 11,
    nodes: 1,
    onChange: (events) => {
      for (const event of events) {
        if (event.type === 'DELETED') objects.delete(event.key);
        else objects.set(event.key, event.object);
      }
    },
  });
  await host.kubectlDo((client) =>
    client.resource<Namespace>(NAMESPACE_TYPE).create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop' },
    }),
  );
  const ready = await host.runUntil(
    () =>
      objects.has('/registry/serviceaccounts/shop/default') &&
      objects.has('/registry/configmaps/shop/kube-root-ca.crt') &&
      objects.has('/registry/serviceaccounts/kube-system/namespace-controller'),
    120_000,
  );
  expect(ready).toBe(true);
  return { host, objects };
}

const NAMESPACE_KEY = '/registry/namespaces/shop';
const inShop = (c: Cluster): string[] =>
  [...c.objects.keys()].filter((key) => key.split('/')[3] === 'shop').sort();

function createConfigMap(c: Cluster, name: string, finalizers?: string[]): Promise<ConfigMap> {
  return c.host.kubectlDo((client) =>
    client.resource<ConfigMap>(CONFIG_MAP_TYPE, 'shop').create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, ...(finalizers ? { finalizers } : {}) },
    }),
  );
}

function deleteShop(c: Cluster): Promise<KubeObject> {
  return c.host.kubectlDo((client) => client.resource(NAMESPACE_TYPE).delete('shop'));
}

describe('the namespace controller', () => {
  it('deletes the content, then the namespace', async () => {
    const c = await clusterWithNamespace();
    await createConfigMap(c, 'settings');
    await c.host.kubectlDo((client) =>
      client.resource<Pod>(POD_TYPE, 'shop').create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web' },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      }),
    );
    const running = await c.host.runUntil(
      () =>
        (c.objects.get('/registry/pods/shop/web') as Pod | undefined)?.status?.phase === 'Running',
      120_000,
    );
    expect(running).toBe(true);
    await deleteShop(c);
    expect(await c.host.runUntil(() => !c.objects.has(NAMESPACE_KEY), 300_000)).toBe(true);
    expect(inShop(c)).toEqual([]);
  });

  it('waits for a finalizer, saying so on the namespace, and finishes once it is gone', async () => {
    const c = await clusterWithNamespace();
    await createConfigMap(c, 'held', ['example.com/keep']);
    await deleteShop(c);
    const namespace = (): Namespace | undefined => c.objects.get(NAMESPACE_KEY) as Namespace;
    const reported = await c.host.runUntil(
      () =>
        namespace()?.status?.conditions?.some(
          (condition) =>
            condition.type === 'NamespaceFinalizersRemaining' && condition.status === 'True',
        ) ?? false,
      120_000,
    );
    expect(reported).toBe(true);
    expect(namespace()?.status?.phase).toBe('Terminating');
    expect(
      namespace()?.status?.conditions?.map(({ type, status, reason, message }) => ({
        type,
        status,
        reason,
        message,
      })),
    ).toEqual([
      {
        type: 'NamespaceDeletionDiscoveryFailure',
        status: 'False',
        reason: 'ResourcesDiscovered',
        message: 'All resources successfully discovered',
      },
      {
        type: 'NamespaceDeletionGroupVersionParsingFailure',
        status: 'False',
        reason: 'ParsedGroupVersions',
        message: 'All legacy kube types successfully parsed',
      },
      {
        type: 'NamespaceDeletionContentFailure',
        status: 'False',
        reason: 'ContentDeleted',
        message: 'All content successfully deleted, may be waiting on finalization',
      },
      {
        type: 'NamespaceContentRemaining',
        status: 'True',
        reason: 'SomeResourcesRemain',
        message: 'Some resources are remaining: configmaps. has 1 resource instances',
      },
      {
        type: 'NamespaceFinalizersRemaining',
        status: 'True',
        reason: 'SomeFinalizersRemain',
        message:
          'Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances',
      },
    ]);
    await c.host.kubectlDo((client) =>
      client
        .resource(CONFIG_MAP_TYPE, 'shop')
        .patch('held', 'merge', { metadata: { finalizers: null } }),
    );
    expect(await c.host.runUntil(() => !c.objects.has(NAMESPACE_KEY), 120_000)).toBe(true);
    expect(inShop(c)).toEqual([]);
  });
});
