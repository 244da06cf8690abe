import type { Scale } from 'kubernetes-types/autoscaling/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../client/protocol.ts';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from '../testing.ts';

const MERGE_PATCH = 'application/merge-patch+json';
const TEMPLATE = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
};
const SPEC = { selector: { matchLabels: { app: 'web' } }, template: TEMPLATE };

const RC_SPEC = { selector: { app: 'web' }, template: TEMPLATE };

/** The kinds with a scale subresource: their collection, the resource named in errors, its spec. */
const KINDS = [
  ['deployments', '/apis/apps/v1/namespaces/default/deployments', 'deployments.apps', SPEC],
  ['replicasets', '/apis/apps/v1/namespaces/default/replicasets', 'replicasets.apps', SPEC],
  ['statefulsets', '/apis/apps/v1/namespaces/default/statefulsets', 'statefulsets.apps', SPEC],
  [
    'replicationcontrollers',
    '/api/v1/namespaces/default/replicationcontrollers',
    'replicationcontrollers',
    RC_SPEC,
  ],
] as const;

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

async function createWeb(collection: string, spec: object): Promise<KubeObject> {
  return expectOk(
    await api.request('POST', collection, { body: { metadata: { name: 'web' }, spec } }),
    201,
  ) as KubeObject;
}

describe.each(KINDS)('the scale subresource of %s', (resource, collection, groupResource, spec) => {
  const scalePath = `${collection}/web/scale`;

  it('reads spec.replicas, status.replicas and the selector as a string', async () => {
    const parent = await createWeb(collection, spec);
    const scale = expectOk(await api.request('GET', scalePath));
    expect(scale).toEqual({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: 'web',
        namespace: 'default',
        uid: parent.metadata?.uid,
        resourceVersion: parent.metadata?.resourceVersion,
        creationTimestamp: parent.metadata?.creationTimestamp,
      },
      spec: { replicas: 1 },
      status: { replicas: 0, selector: 'app=web' },
    });
  });

  it('leaves spec.replicas out at zero, as autoscaling/v1 omits it', async () => {
    await createWeb(collection, { ...spec, replicas: 0 });
    expect((expectOk(await api.request('GET', scalePath)) as Scale).spec).toEqual({});
  });

  it('changes only spec.replicas of the parent on a merge patch, bumping its generation', async () => {
    await createWeb(collection, spec);
    const scale = expectOk(
      await api.request('PATCH', scalePath, {
        body: { spec: { replicas: 3 }, status: { replicas: 7 } },
        contentType: MERGE_PATCH,
      }),
    ) as Scale;
    expect(scale.spec).toEqual({ replicas: 3 });
    expect(scale.status?.replicas).toBe(0);
    const parent = expectOk(await api.request('GET', `${collection}/web`)) as KubeObject & {
      spec: { replicas: number };
    };
    expect(parent.spec.replicas).toBe(3);
    expect(parent.metadata?.generation).toBe(2);
    expect(parent.metadata?.resourceVersion).toBe(scale.metadata?.resourceVersion);
  });

  it('takes a PUT of the whole Scale, and scales to zero when it has no replicas', async () => {
    await createWeb(collection, spec);
    const current = expectOk(await api.request('GET', scalePath)) as Scale;
    const scaled = expectOk(
      await api.request('PUT', scalePath, { body: { ...current, spec: {} } }),
    ) as Scale;
    expect(scaled.spec).toEqual({});
    const parent = expectOk(await api.request('GET', `${collection}/web`)) as KubeObject & {
      spec: { replicas: number };
    };
    expect(parent.spec.replicas).toBe(0);
  });

  it('answers 409 Conflict on the parent for a stale resourceVersion', async () => {
    await createWeb(collection, spec);
    const stale = expectOk(await api.request('GET', scalePath)) as Scale;
    await api.request('PATCH', scalePath, {
      body: { spec: { replicas: 2 } },
      contentType: MERGE_PATCH,
    });
    const status = expectFailure(
      await api.request('PUT', scalePath, { body: { ...stale, spec: { replicas: 5 } } }),
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${groupResource} "web": the object has been modified; please apply your changes to the latest version and try again`,
    );
    expect(status.details).toEqual({
      name: 'web',
      ...(collection.startsWith('/apis/apps') ? { group: 'apps' } : {}),
      kind: resource,
    });
  });

  it.each([
    [
      'negative replicas',
      (scale: Scale) => ({ ...scale, spec: { replicas: -1 } }),
      422,
      'Invalid',
      'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'another uid',
      (scale: Scale) => ({ ...scale, metadata: { ...scale.metadata, uid: 'other' } }),
      409,
      'Conflict',
      '',
    ],
    [
      'another name',
      (scale: Scale) => ({ ...scale, metadata: { ...scale.metadata, name: 'api' } }),
      400,
      'BadRequest',
      'the name of the object (api) does not match the name on the URL (web)',
    ],
    [
      'no name',
      (scale: Scale) => ({ ...scale, metadata: { ...scale.metadata, name: '' } }),
      400,
      'BadRequest',
      'the name of the object (web based on URL) was undeterminable: name must be provided',
    ],
    [
      'another kind',
      (scale: Scale) => ({ ...scale, apiVersion: 'apps/v1', kind: 'Deployment' }),
      400,
      'BadRequest',
      'the API version in the data (apps/v1) does not match the expected API version (autoscaling/v1)',
    ],
  ])('refuses a Scale with %s', async (_case, edit, code, reason, message) => {
    const parent = await createWeb(collection, spec);
    const scale = expectOk(await api.request('GET', scalePath)) as Scale;
    const expected =
      reason === 'Conflict'
        ? `Operation cannot be fulfilled on ${groupResource.replace(resource, `${resource}/scale`)} "web": Precondition failed: UID in precondition: other, UID in object meta: ${parent.metadata?.uid ?? ''}`
        : message;
    expectFailure(
      await api.request('PUT', scalePath, { body: edit(scale) }),
      code,
      reason,
      expected,
    );
  });

  it('answers 404 for a missing parent', async () => {
    expectFailure(
      await api.request('GET', scalePath),
      404,
      'NotFound',
      `${groupResource} "web" not found`,
    );
    expectFailure(
      await api.request('PATCH', scalePath, {
        body: { spec: { replicas: 1 } },
        contentType: MERGE_PATCH,
      }),
      404,
      'NotFound',
      `${groupResource} "web" not found`,
    );
  });

  it('changes nothing on a dry run', async () => {
    await createWeb(collection, spec);
    const response = await api.request('PATCH', scalePath, {
      body: { spec: { replicas: 2 } },
      contentType: MERGE_PATCH,
      query: { dryRun: 'All' },
    });
    expect((expectOk(response) as Scale).spec).toEqual({ replicas: 2 });
    const parent = expectOk(await api.request('GET', `${collection}/web`)) as KubeObject & {
      spec: { replicas: number };
    };
    expect(parent.spec.replicas).toBe(1);
  });
});

describe('scale discovery', () => {
  it('publishes the scale subresources as autoscaling/v1 Scale', async () => {
    const list = expectOk(await api.request('GET', '/apis/apps/v1')) as {
      resources: { name: string }[];
    };
    expect(list.resources.find((entry) => entry.name === 'deployments/scale')).toEqual({
      name: 'deployments/scale',
      singularName: '',
      namespaced: true,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
  });
});
