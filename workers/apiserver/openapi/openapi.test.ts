import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../client/protocol.ts';
import { expectOk, startApiServer, type TestApiServer } from '../testing.ts';

let api: TestApiServer;

beforeAll(async () => {
  api = await startApiServer();
});

interface V3Document {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

function parse(response: ApiResponse): unknown {
  expect(response.code, String(response.body)).toBe(200);
  return JSON.parse(response.body as string) as unknown;
}

async function v3Index(): Promise<Record<string, { serverRelativeURL: string }>> {
  return (
    parse(await api.request('GET', '/openapi/v3')) as {
      paths: Record<string, { serverRelativeURL: string }>;
    }
  ).paths;
}

async function v3Document(path: string): Promise<V3Document> {
  const url = new URL((await v3Index())[path]?.serverRelativeURL ?? '', 'https://x');
  const response = await api.request('GET', url.pathname, {
    query: { hash: url.searchParams.get('hash') ?? '' },
    accept: 'application/json',
  });
  return parse(response) as V3Document;
}

describe('OpenAPI v3', () => {
  it('indexes every served group-version with a hashed URL', async () => {
    const paths = await v3Index();
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        'api/v1',
        'apis/apps/v1',
        'apis/coordination.k8s.io/v1',
        'apis/events.k8s.io/v1',
      ]),
    );
    expect(Object.keys(paths)).toEqual(Object.keys(paths).sort());
    expect(paths['apis/apps/v1']?.serverRelativeURL).toMatch(
      /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/,
    );
  });

  it('declares the PATCH of each kind with its GVK, fieldValidation and strategic merge patch', async () => {
    const document = await v3Document('api/v1');
    const patch = document.paths['/api/v1/namespaces/{namespace}/pods/{name}']?.patch;
    expect(patch).toMatchObject({
      operationId: 'patchCoreV1NamespacedPod',
      description: 'partially update the specified Pod',
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': { group: '', version: 'v1', kind: 'Pod' },
      tags: ['core_v1'],
    });
    expect(patch?.parameters).toContainEqual({
      description: expect.stringMatching(/^fieldValidation instructs the server/) as unknown,
      in: 'query',
      name: 'fieldValidation',
      schema: { type: 'string', uniqueItems: true },
    });
    expect(Object.keys((patch?.requestBody as { content: object }).content)).toEqual([
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]);
  });

  it('carries the kind schemas kubectl explain looks up, with descriptions and merge metadata', async () => {
    const { components, paths } = await v3Document('apis/apps/v1');
    const replicaSet = components.schemas['io.k8s.api.apps.v1.ReplicaSet'];
    expect(replicaSet).toMatchObject({
      description: expect.stringMatching(/^ReplicaSet ensures/) as unknown,
      'x-kubernetes-group-version-kind': [{ group: 'apps', kind: 'ReplicaSet', version: 'v1' }],
    });
    expect(components.schemas['io.k8s.api.core.v1.PodSpec']?.properties).toMatchObject({
      containers: {
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
        description: expect.stringMatching(/^List of containers/) as unknown,
      },
    });
    expect(paths['/apis/apps/v1/namespaces/{namespace}/replicasets']?.get).toMatchObject({
      'x-kubernetes-group-version-kind': { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
    });
    expect(paths).toHaveProperty(['/apis/apps/v1/replicasets']);
    expect(paths).toHaveProperty([
      '/apis/apps/v1/namespaces/{namespace}/replicasets/{name}/status',
    ]);
  });

  it('gives a create-only kind its collection path alone', async () => {
    const { paths } = await v3Document('apis/authorization.k8s.io/v1');
    expect(paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews']?.post).toMatchObject({
      operationId: 'createAuthorizationV1SelfSubjectAccessReview',
      'x-kubernetes-group-version-kind': {
        group: 'authorization.k8s.io',
        version: 'v1',
        kind: 'SelfSubjectAccessReview',
      },
    });
    expect(paths).not.toHaveProperty([
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/{name}',
    ]);
  });

  it('redirects a stale hash and caches a current one for good', async () => {
    const stale = await api.request('GET', '/openapi/v3/apis/apps/v1', {
      query: { hash: 'ABC' },
      accept: 'application/json',
    });
    expect(stale.code).toBe(301);
    expect(stale.headers?.Location).toBe((await v3Index())['apis/apps/v1']?.serverRelativeURL);
    const current = await api.request('GET', stale.headers?.Location?.split('?')[0] ?? '', {
      query: { hash: stale.headers?.Location?.split('hash=')[1] ?? '' },
    });
    expect(current.headers).toMatchObject({ 'Cache-Control': 'public, immutable', Vary: 'Accept' });
  });

  it.each([
    ['/openapi/v3/apis/apps/v1', 'application/com.github.proto-openapi.spec.v3.v1.0+protobuf', 406],
    ['/openapi/v3/apis/apps/v1', '*/*', 200],
    ['/openapi/v3/apis/example.com/v1', 'application/json', 404],
    ['/openapi/v2', 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 406],
    ['/openapi/v2', 'application/json', 200],
  ])('answers GET %s with Accept %s: %d', async (path, accept, code) => {
    expect((await api.request('GET', path, { accept })).code).toBe(code);
  });
});

describe('OpenAPI v2', () => {
  it('serves every path and definition as Swagger 2.0 JSON', async () => {
    const document = parse(
      await api.request('GET', '/openapi/v2', { accept: 'application/json' }),
    ) as {
      swagger: string;
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
      definitions: Record<string, Record<string, unknown>>;
    };
    expect(document.swagger).toBe('2.0');
    const patch = document.paths['/apis/apps/v1/namespaces/{namespace}/replicasets/{name}']?.patch;
    expect(patch?.parameters?.map((parameter) => parameter.name)).toEqual([
      'body',
      'dryRun',
      'fieldManager',
      'fieldValidation',
      'force',
    ]);
    expect(document.definitions['io.k8s.api.core.v1.PodSpec']?.properties).toMatchObject({
      containers: { items: { $ref: '#/definitions/io.k8s.api.core.v1.Container' } },
    });
    expect(document.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({
      type: 'string',
      format: 'int-or-string',
    });
  });

  it('answers with an ETag', async () => {
    const response = await api.request('GET', '/openapi/v2');
    expectOk(response);
    expect(response.headers?.ETag).toMatch(/^"[0-9A-F]{128}"$/);
  });
});
