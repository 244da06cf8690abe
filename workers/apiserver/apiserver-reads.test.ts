import type { ConfigMap, Pod } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Status } from '../api/errors.ts';
import type { KubeObject } from '../client/protocol.ts';
import { startApiServer, type TestApiServer, expectFailure } from './testing.ts';

const PODS = '/api/v1/namespaces/default/pods';
const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

interface List<T> {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

async function createConfigMap(name: string, namespace = 'default'): Promise<ConfigMap> {
  const response = await api.request('POST', `/api/v1/namespaces/${namespace}/configmaps`, {
    body: { metadata: { name }, data: { key: name } },
  });
  expect(response.code).toBe(201);
  return response.body as ConfigMap;
}

async function list<T = KubeObject>(
  path: string,
  query: Record<string, string> = {},
): Promise<List<T>> {
  const response = await api.request('GET', path, { query });
  expect(response.code, JSON.stringify(response.body)).toBe(200);
  return response.body as List<T>;
}

function names(items: readonly KubeObject[]): string[] {
  return items.map(
    (item) =>
      `${item.metadata?.namespace ? `${item.metadata.namespace}/` : ''}${item.metadata?.name ?? ''}`,
  );
}

describe('get', () => {
  it('answers 200 with the object, kind and apiVersion included', async () => {
    const created = await createConfigMap('settings');
    const response = await api.request('GET', `${CONFIGMAPS}/settings`);
    expect(response.code).toBe(200);
    expect(response.body).toEqual({ ...created, apiVersion: 'v1', kind: 'ConfigMap' });
  });

  it.each([
    [`${PODS}/nginx`, 'pods "nginx" not found', { name: 'nginx', kind: 'pods' }],
    ['/api/v1/nodes/node-9', 'nodes "node-9" not found', { name: 'node-9', kind: 'nodes' }],
    [
      '/apis/apps/v1/namespaces/default/replicasets/web',
      'replicasets.apps "web" not found',
      { name: 'web', group: 'apps', kind: 'replicasets' },
    ],
  ])('answers GET %s for a missing object with 404 NotFound', async (path, message, details) => {
    const response = await api.request('GET', path);
    expect(response.code).toBe(404);
    expect(response.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason: 'NotFound',
      details,
      code: 404,
    });
  });

  it('serves resourceVersion=0 from the watch cache, which may lag behind etcd', async () => {
    const release = api.etcd.holdWatches();
    await createConfigMap('settings');
    expect((await api.request('GET', `${CONFIGMAPS}/settings`)).code).toBe(200);
    expectFailure(
      await api.request('GET', `${CONFIGMAPS}/settings`, { query: { resourceVersion: '0' } }),
      404,
      'NotFound',
      'configmaps "settings" not found',
    );
    release();
    await api.request('GET', '/version');
    expect(
      (await api.request('GET', `${CONFIGMAPS}/settings`, { query: { resourceVersion: '0' } }))
        .code,
    ).toBe(200);
  });
});

describe('list', () => {
  it('orders items by key, namespace first, and strips their kind and apiVersion', async () => {
    await createConfigMap('b');
    await createConfigMap('a');
    await createConfigMap('z', 'kube-system');
    const last = await createConfigMap('c');
    const result = await list<ConfigMap>('/api/v1/configmaps');
    expect(result.kind).toBe('ConfigMapList');
    expect(result.apiVersion).toBe('v1');
    expect(result.metadata).toEqual({ resourceVersion: last.metadata?.resourceVersion });
    expect(names(result.items)).toEqual(['default/a', 'default/b', 'default/c', 'kube-system/z']);
    for (const item of result.items) {
      expect(item).not.toHaveProperty('kind');
      expect(item).not.toHaveProperty('apiVersion');
    }
  });

  it('lists one namespace only under a namespace path', async () => {
    await createConfigMap('a');
    await createConfigMap('z', 'kube-system');
    expect(names((await list('/api/v1/namespaces/kube-system/configmaps')).items)).toEqual([
      'kube-system/z',
    ]);
  });

  it('names the list kind and group version of a named group', async () => {
    const result = await list('/apis/apps/v1/namespaces/default/replicasets');
    expect(result).toMatchObject({ kind: 'ReplicaSetList', apiVersion: 'apps/v1', items: [] });
  });

  it('serves resourceVersion=0 from the watch cache', async () => {
    await createConfigMap('a');
    const release = api.etcd.holdWatches();
    await createConfigMap('b');
    expect(names((await list(CONFIGMAPS, { resourceVersion: '0' })).items)).toEqual(['default/a']);
    expect(names((await list(CONFIGMAPS)).items)).toEqual(['default/a', 'default/b']);
    release();
  });

  describe('selectors', () => {
    beforeEach(async () => {
      const pods: [string, Record<string, string>, string | undefined][] = [
        ['p1', { app: 'web', tier: 'fe' }, 'node-1'],
        ['p2', { app: 'web', tier: 'be' }, 'node-2'],
        ['p3', { app: 'db' }, undefined],
        ['p4', {}, 'node-1'],
      ];
      for (const [name, labels, nodeName] of pods) {
        const spec = {
          containers: [{ name: 'c', image: 'nginx' }],
          ...(nodeName ? { nodeName } : {}),
        };
        const response = await api.request('POST', PODS, {
          body: { metadata: { name, labels }, spec },
        });
        expect(response.code).toBe(201);
      }
      const p2 = (await api.request('GET', `${PODS}/p2`)).body as Pod;
      await api.request('PUT', `${PODS}/p2/status`, {
        body: { ...p2, status: { ...p2.status, phase: 'Running' } },
      });
    });

    it.each([
      ['app=web', ['p1', 'p2']],
      ['app==web', ['p1', 'p2']],
      ['app!=web', ['p3', 'p4']],
      ['tier in (fe,be)', ['p1', 'p2']],
      ['tier notin (fe)', ['p2', 'p3', 'p4']],
      ['tier', ['p1', 'p2']],
      ['!tier', ['p3', 'p4']],
      ['app=web,tier=be', ['p2']],
    ])('filters by labelSelector %j', async (labelSelector, expected) => {
      const result = await list(PODS, { labelSelector });
      expect(result.items.map((item) => item.metadata?.name)).toEqual(expected);
    });

    it.each([
      ['spec.nodeName=node-1', ['p1', 'p4']],
      ['spec.nodeName=', ['p3']],
      ['status.phase=Running', ['p2']],
      ['status.phase!=Running', ['p1', 'p3', 'p4']],
      ['metadata.name=p3', ['p3']],
      ['metadata.namespace=default,spec.nodeName=node-1', ['p1', 'p4']],
    ])('filters by fieldSelector %j', async (fieldSelector, expected) => {
      const result = await list(PODS, { fieldSelector });
      expect(result.items.map((item) => item.metadata?.name)).toEqual(expected);
    });

    it('applies the same filter to lists served from the cache', async () => {
      const result = await list(PODS, {
        resourceVersion: '0',
        labelSelector: 'app=web',
        fieldSelector: 'spec.nodeName=node-2',
      });
      expect(result.items.map((item) => item.metadata?.name)).toEqual(['p2']);
    });
  });

  it.each([
    [PODS, 'foo=bar', 'field label not supported: foo'],
    [
      '/api/v1/nodes',
      'metadata.namespace=default',
      'field label not supported: metadata.namespace',
    ],
    [
      '/api/v1/namespaces',
      'spec.finalizers=kubernetes',
      'field label not supported: spec.finalizers',
    ],
    [
      '/apis/apps/v1/namespaces/default/replicasets',
      'foo=bar',
      '"foo" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      CONFIGMAPS,
      'data.key=a',
      '"data.key" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
  ])(
    "refuses GET %s with fieldSelector %j in the kind's own words",
    async (path, fieldSelector, message) => {
      expectFailure(
        await api.request('GET', path, { query: { fieldSelector } }),
        400,
        'BadRequest',
        message,
      );
    },
  );

  it.each([
    ['/api/v1/nodes', 'spec.unschedulable=true'],
    ['/api/v1/namespaces', 'status.phase=Active'],
    [CONFIGMAPS, 'metadata.namespace=default'],
  ])('accepts GET %s with fieldSelector %j', async (path, fieldSelector) => {
    expect((await api.request('GET', path, { query: { fieldSelector } })).code).toBe(200);
  });

  describe('paging with limit and continue', () => {
    beforeEach(async () => {
      for (const name of ['a', 'b', 'c', 'd', 'e']) await createConfigMap(name);
    });

    it('pages through a consistent snapshot, counting what remains', async () => {
      const first = await list(CONFIGMAPS, { limit: '2' });
      expect(names(first.items)).toEqual(['default/a', 'default/b']);
      expect(first.metadata.remainingItemCount).toBe(3);
      expect(first.metadata.continue).toEqual(expect.any(String));

      // Written after the first page: the snapshot does not see it.
      await createConfigMap('bb');

      const second = await list(CONFIGMAPS, {
        limit: '2',
        continue: first.metadata.continue ?? '',
      });
      expect(names(second.items)).toEqual(['default/c', 'default/d']);
      expect(second.metadata.remainingItemCount).toBe(1);
      expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);

      const third = await list(CONFIGMAPS, {
        limit: '2',
        continue: second.metadata.continue ?? '',
      });
      expect(names(third.items)).toEqual(['default/e']);
      expect(third.metadata).toEqual({ resourceVersion: first.metadata.resourceVersion });
    });

    it('leaves out remainingItemCount when a selector filters the list', async () => {
      const page = await list(CONFIGMAPS, { limit: '2', fieldSelector: 'metadata.name!=a' });
      expect(names(page.items)).toEqual(['default/b', 'default/c']);
      expect(page.metadata.continue).toEqual(expect.any(String));
      expect(page.metadata.remainingItemCount).toBeUndefined();
    });

    it('ignores limit when serving resourceVersion=0 from the cache', async () => {
      const page = await list(CONFIGMAPS, { limit: '2', resourceVersion: '0' });
      expect(page.items).toHaveLength(5);
      expect(page.metadata.continue).toBeUndefined();
    });

    it('answers 410 Expired when the snapshot of a continue token was compacted', async () => {
      const first = await list(CONFIGMAPS, { limit: '2' });
      await createConfigMap('f');
      await api.etcd.compact(api.etcd.store.revision);
      expectFailure(
        await api.request('GET', CONFIGMAPS, {
          query: { limit: '2', continue: first.metadata.continue ?? '' },
        }),
        410,
        'Expired',
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    });
  });
});

describe('discovery', () => {
  async function get(path: string): Promise<Record<string, unknown>> {
    const response = await api.request('GET', path);
    expect(response.code).toBe(200);
    return response.body as Record<string, unknown>;
  }

  it('serves /api as APIVersions', async () => {
    expect(await get('/api')).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
    });
  });

  it('serves /apis as an APIGroupList of the named groups, by priority', async () => {
    const body = await get('/apis');
    expect(body).toMatchObject({ kind: 'APIGroupList', apiVersion: 'v1' });
    expect(body.groups).toEqual(
      [
        'apps',
        'events.k8s.io',
        'authentication.k8s.io',
        'authorization.k8s.io',
        'autoscaling',
        'batch',
        'policy',
        'rbac.authorization.k8s.io',
        'scheduling.k8s.io',
        'coordination.k8s.io',
        'discovery.k8s.io',
      ]
        .map((name) =>
          name === 'autoscaling'
            ? {
                name,
                versions: [
                  { groupVersion: 'autoscaling/v2', version: 'v2' },
                  { groupVersion: 'autoscaling/v1', version: 'v1' },
                ],
                preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
              }
            : {
                name,
                versions: [{ groupVersion: `${name}/v1`, version: 'v1' }],
                preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' },
              },
        )
        .concat({
          name: 'metrics.k8s.io',
          versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }],
          preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' },
        }),
    );
  });

  it('serves /api/v1 without an apiVersion, with pods, their short name and subresources', async () => {
    const body = await get('/api/v1');
    expect(Object.keys(body)).toEqual(['kind', 'groupVersion', 'resources']);
    expect(body).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    const resources = body.resources as { name: string }[];
    expect(resources.find((resource) => resource.name === 'pods')).toEqual({
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
      storageVersionHash: 'xPOwRZ+Yhw8=',
    });
    expect(resources.filter((resource) => resource.name.startsWith('pods/'))).toEqual([
      {
        name: 'pods/attach',
        singularName: '',
        namespaced: true,
        kind: 'PodAttachOptions',
        verbs: ['create', 'get'],
      },
      {
        name: 'pods/binding',
        singularName: '',
        namespaced: true,
        kind: 'Binding',
        verbs: ['create'],
      },
      {
        name: 'pods/eviction',
        singularName: '',
        namespaced: true,
        group: 'policy',
        version: 'v1',
        kind: 'Eviction',
        verbs: ['create'],
      },
      {
        name: 'pods/exec',
        singularName: '',
        namespaced: true,
        kind: 'PodExecOptions',
        verbs: ['create', 'get'],
      },
      {
        name: 'pods/log',
        singularName: '',
        namespaced: true,
        kind: 'Pod',
        verbs: ['get'],
      },
      {
        name: 'pods/status',
        singularName: '',
        namespaced: true,
        kind: 'Pod',
        verbs: ['get', 'patch', 'update'],
      },
    ]);
    expect(resources.map((resource) => resource.name)).toEqual(
      expect.arrayContaining([
        'namespaces',
        'namespaces/finalize',
        'nodes',
        'events',
        'serviceaccounts',
        'configmaps',
      ]),
    );
  });

  it('serves /apis/apps/v1 with an apiVersion', async () => {
    const body = await get('/apis/apps/v1');
    expect(body).toMatchObject({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'apps/v1',
    });
    expect(
      (body.resources as { name: string; shortNames?: string[] }[]).map(
        (resource) => resource.name,
      ),
    ).toEqual([
      'controllerrevisions',
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'statefulsets',
      'statefulsets/scale',
      'statefulsets/status',
    ]);
  });

  it('serves /version as a 1.32 server', async () => {
    expect(await get('/version')).toMatchObject({
      major: '1',
      minor: '32',
      gitVersion: expect.stringMatching(/^v1\.32\.\d+$/) as string,
      platform: 'linux/amd64',
    });
  });

  it('answers 404 for a group version it does not serve', async () => {
    const response = await api.request('GET', '/apis/apps/v2');
    expect(response.code).toBe(404);
    expect((response.body as Status).message).toBe(
      'the server could not find the requested resource',
    );
  });
});
