// @kubernetes/client-node, the official JavaScript client, against the playground: list, watch
// and create, as a program written for a real cluster would.

import { CoreV1Api, KubeConfig, V1ConfigMap, V1ObjectMeta, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './testing.ts';

let target: TestCluster;
let config: KubeConfig;

beforeAll(async () => {
  target = await startTestCluster();
  config = new KubeConfig();
  config.loadFromFile(target.kubeconfigPath);
});

afterAll(async () => {
  await target.stop();
});

describe('@kubernetes/client-node', () => {
  it('lists the nodes and system namespaces', async () => {
    const core = config.makeApiClient(CoreV1Api);
    const nodes = await core.listNode();
    expect(nodes.items.map((node) => node.metadata?.name)).toEqual(['node-1', 'node-2']);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((namespace) => namespace.metadata?.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
  });

  it('creates a config map and sees it arrive on a watch', async () => {
    const core = config.makeApiClient(CoreV1Api);
    const seen: { type: string; name: string | undefined }[] = [];
    let arrived: () => void = () => undefined;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const watch = await new Watch(config).watch(
      '/api/v1/namespaces/default/configmaps',
      {},
      (type: string, object: V1ConfigMap) => {
        seen.push({ type, name: object.metadata?.name });
        if (object.metadata?.name === 'from-client-node') arrived();
      },
      () => undefined,
    );
    const body = new V1ConfigMap();
    body.metadata = new V1ObjectMeta();
    body.metadata.name = 'from-client-node';
    body.data = { greeting: 'hello' };
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    await arrival;
    watch.abort();
    expect(seen).toContainEqual({ type: 'ADDED', name: 'from-client-node' });
    const read = await core.readNamespacedConfigMap({
      name: 'from-client-node',
      namespace: 'default',
    });
    expect(read.data).toEqual({ greeting: 'hello' });
  });
});
