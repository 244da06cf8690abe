import { beforeAll, describe, expect, it } from 'vitest';
import { aggregatedVersionFor } from './discovery.ts';
import { expectOk, startApiServer, type TestApiServer } from './testing.ts';

/** What client-go's discovery client sends for /api and /apis. */
const KUBECTL_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

let api: TestApiServer;

beforeAll(async () => {
  api = await startApiServer();
});

describe('aggregated discovery', () => {
  it('answers /api with the core group as an APIGroupDiscoveryList', async () => {
    const response = await api.request('GET', '/api', { accept: KUBECTL_ACCEPT });
    expect(response.contentType).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    expect(response.headers).toMatchObject({
      ETag: expect.stringMatching(/^"[0-9A-F]{128}"$/) as unknown,
      Vary: 'Accept',
      'Cache-Control': 'public',
    });
    const body = expectOk(response) as {
      items: { metadata: unknown; versions: { version: string; resources: unknown[] }[] }[];
    };
    expect(body).toMatchObject({
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
    });
    expect(body.items).toHaveLength(1);
    expect(body.items[0]?.metadata).toEqual({ creationTimestamp: null });
    const resources = body.items[0]?.versions[0]?.resources as {
      resource: string;
      subresources?: unknown[];
    }[];
    const pods = resources.find((resource) => resource.resource === 'pods');
    expect(pods).toMatchObject({
      resource: 'pods',
      responseKind: { group: '', version: 'v1', kind: 'Pod' },
      scope: 'Namespaced',
      singularResource: 'pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
    });
    expect(pods?.subresources).toEqual(
      expect.arrayContaining([
        {
          subresource: 'binding',
          responseKind: { group: '', version: 'v1', kind: 'Binding' },
          verbs: ['create'],
        },
        {
          subresource: 'eviction',
          responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' },
          verbs: ['create'],
        },
        {
          subresource: 'status',
          responseKind: { group: '', version: 'v1', kind: 'Pod' },
          verbs: ['get', 'patch', 'update'],
        },
      ]),
    );
    expect(body.items[0]?.versions[0]).toMatchObject({ version: 'v1', freshness: 'Current' });
  });

  it('answers /apis with the named groups by priority, cluster-scoped kinds included', async () => {
    const response = await api.request('GET', '/apis', { accept: KUBECTL_ACCEPT });
    const body = expectOk(response) as { items: { metadata: { name: string } }[] };
    const names = body.items.map((item) => item.metadata.name);
    // apps 17800, events.k8s.io 17750, policy 17100, coordination.k8s.io 16500.
    const order = ['apps', 'events.k8s.io', 'policy', 'coordination.k8s.io'];
    expect(order.map((name) => names.indexOf(name))).toEqual(
      [...order.map((name) => names.indexOf(name))].sort((a, b) => a - b),
    );
    expect(names).not.toContain('');
    const core = expectOk(await api.request('GET', '/api', { accept: KUBECTL_ACCEPT })) as {
      items: { versions: { resources: { resource: string; scope: string }[] }[] }[];
    };
    expect(core.items[0]?.versions[0]?.resources).toContainEqual(
      expect.objectContaining({ resource: 'namespaces', scope: 'Cluster' }),
    );
  });

  it('serves v2beta1 when asked for it first', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
    const response = await api.request('GET', '/apis', { accept });
    expect(response.contentType).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
    );
    expect(response.body).toMatchObject({ apiVersion: 'apidiscovery.k8s.io/v2beta1' });
  });

  it('answers 304 to a client holding the current ETag', async () => {
    const first = await api.request('GET', '/apis', { accept: KUBECTL_ACCEPT });
    const etag = first.headers?.ETag ?? '';
    const again = await api.request('GET', '/apis', {
      accept: KUBECTL_ACCEPT,
      headers: { 'if-none-match': [etag] },
    });
    expect(again.code).toBe(304);
    // An HTTP cache merges these headers into the stored answer: the type must stay aggregated.
    expect(again.contentType).toBe(first.contentType);
  });

  it.each([
    [KUBECTL_ACCEPT, 'v2'],
    ['application/json', undefined],
    [undefined, undefined],
    [
      'application/json, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      undefined,
    ],
    [
      'application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      'v2',
    ],
    ['application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList', undefined],
  ])('negotiates %s as %s', (accept, version) => {
    expect(aggregatedVersionFor(accept)).toBe(version);
  });
});

describe('legacy discovery', () => {
  it('answers /apis/<group> with the APIGroup', async () => {
    expect(expectOk(await api.request('GET', '/apis/apps'))).toEqual({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    expect((await api.request('GET', '/apis/example.com')).code).toBe(404);
  });

  it('lists resources by name, with storage version hashes and no deletecollection on namespaces', async () => {
    const body = expectOk(await api.request('GET', '/api/v1')) as {
      resources: { name: string; verbs: string[]; storageVersionHash?: string }[];
    };
    const names = body.resources.map((resource) => resource.name);
    expect(names).toEqual([...names].sort());
    expect(body.resources.find((resource) => resource.name === 'namespaces')).toMatchObject({
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      storageVersionHash: 'Q3oi5N2YM8M=',
    });
  });
});
