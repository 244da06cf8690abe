import type { ConfigMap } from 'kubernetes-types/core/v1';
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type TestApiServer, expectFailure, expectOk } from './testing.ts';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const SETTINGS = `${CONFIGMAPS}/settings`;
const APPLY = 'application/apply-patch+yaml';
const NOW = '2025-01-01T00:00:00Z';
const LATER = '2025-01-01T00:01:00Z';

let api: TestApiServer;
beforeEach(async () => {
  api = await startApiServer();
});

function managedFieldsOf(response: { body: unknown }): ManagedFieldsEntry[] | undefined {
  return (response.body as ConfigMap).metadata?.managedFields;
}

async function create(headers: Record<string, string[]> = {}, query = {}): Promise<ConfigMap> {
  return expectOk(
    await api.request('POST', CONFIGMAPS, {
      body: { metadata: { name: 'settings', labels: { app: 'web' } }, data: { a: '1' } },
      headers,
      query,
    }),
    201,
  ) as ConfigMap;
}

function apply(config: string, query: Record<string, string> = {}) {
  return api.request('PATCH', SETTINGS, {
    body: config,
    contentType: APPLY,
    query: { fieldManager: 'kubectl', ...query },
  });
}

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  labels:
    app: web
data:
  a: "1"
`;

describe('managedFields on writes', () => {
  it.each([
    ['the fieldManager parameter', {}, { fieldManager: 'kubectl-create' }, 'kubectl-create'],
    [
      'the user agent',
      { 'user-agent': ['kubectl/v1.32.0 (linux/amd64) kubernetes/abc'] },
      {},
      'kubectl',
    ],
    ['neither', {}, {}, 'unknown'],
  ])('names the manager after %s', async (_case, headers, query, manager) => {
    const created = await create(headers, query);
    expect(created.metadata?.managedFields).toEqual([
      {
        manager,
        operation: 'Update',
        apiVersion: 'v1',
        time: NOW,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { '.': {}, 'f:a': {} },
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        },
      },
    ]);
  });

  it('moves a changed field to the manager that changed it', async () => {
    const created = await create({}, { fieldManager: 'kubectl-create' });
    api.clock.advanceTo(Date.parse(LATER));
    const updated = await api.request('PUT', SETTINGS, {
      body: { ...created, data: { a: '2', b: '3' } },
      headers: { 'user-agent': ['kubectl-edit/v1.32.0'] },
    });
    expect(managedFieldsOf(updated)).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: NOW,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': {},
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        },
      },
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        apiVersion: 'v1',
        time: LATER,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} } },
      },
    ]);
  });

  it('leaves managedFields alone when nothing changed', async () => {
    const created = await create();
    api.clock.advanceTo(Date.parse(LATER));
    const patched = await api.request('PATCH', SETTINGS, {
      body: { data: { a: '1' } },
      contentType: 'application/merge-patch+json',
      query: { fieldManager: 'someone' },
    });
    expect(managedFieldsOf(patched)).toEqual(created.metadata?.managedFields);
  });

  it('drops them when an update resets them to an empty list', async () => {
    const created = await create();
    const updated = await api.request('PUT', SETTINGS, {
      body: { ...created, metadata: { ...created.metadata, managedFields: [] } },
    });
    expect(managedFieldsOf(updated)).toBeUndefined();
  });

  it("compares a create with the kind's zero object: its structs exist, its fields do not", async () => {
    const created = await api.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: {
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
          },
        },
      },
      query: { fieldManager: 'kubectl-create' },
    });
    expect(managedFieldsOf({ body: expectOk(created, 201) })?.[0]?.fieldsV1).toEqual({
      'f:spec': {
        'f:progressDeadlineSeconds': {},
        'f:replicas': {},
        'f:revisionHistoryLimit': {},
        'f:selector': {},
        'f:strategy': {
          'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} },
          'f:type': {},
        },
        'f:template': {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:image': {},
                'f:imagePullPolicy': {},
                'f:name': {},
                'f:resources': {},
                'f:terminationMessagePath': {},
                'f:terminationMessagePolicy': {},
              },
            },
            'f:dnsPolicy': {},
            'f:restartPolicy': {},
            'f:schedulerName': {},
            'f:securityContext': {},
            'f:terminationGracePeriodSeconds': {},
          },
        },
      },
    });
  });
});

describe('server-side apply', () => {
  it('creates a missing object with 201 and an Apply entry', async () => {
    const response = await apply(CONFIG);
    const created = expectOk(response, 201) as ConfigMap;
    expect(created.data).toEqual({ a: '1' });
    expect(created.metadata?.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'v1',
        time: NOW,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:a': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } },
      },
    ]);
  });

  it('changes nothing when the same configuration is applied again', async () => {
    const created = expectOk(await apply(CONFIG), 201) as ConfigMap;
    api.clock.advanceTo(Date.parse(LATER));
    const again = expectOk(await apply(CONFIG)) as ConfigMap;
    expect(again).toEqual(created);
  });

  it('reports a field another manager set as a conflict, and takes it when forced', async () => {
    await create({ 'user-agent': ['kubectl-edit/v1.32.0'] });
    const conflict = expectFailure(
      await apply(CONFIG.replace('a: "1"', 'a: "2"')),
      409,
      'Conflict',
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.a',
    );
    expect(conflict.details).toEqual({
      causes: [
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "kubectl-edit" using v1',
          field: '.data.a',
        },
      ],
    });
    const forced = expectOk(await apply(CONFIG.replace('a: "1"', 'a: "2"'), { force: 'true' }));
    expect(
      managedFieldsOf({ body: forced })?.map((entry) => [entry.manager, entry.fieldsV1]),
    ).toEqual([
      ['kubectl', { 'f:data': { 'f:a': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } }],
      // The label was applied with the value it had: both managers own it now.
      ['kubectl-edit', { 'f:data': {}, 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } }],
    ]);
  });

  it('groups several conflicts by manager', async () => {
    await create({ 'user-agent': ['kubectl-edit/v1.32.0'] });
    expectFailure(
      await apply(CONFIG.replace('app: web', 'app: api').replace('a: "1"', 'a: "2"')),
      409,
      'Conflict',
      'Apply failed with 2 conflicts: conflicts with "kubectl-edit" using v1:\n- .data.a\n- .metadata.labels.app',
    );
  });

  it('removes a field the applier stops applying, unless another manager owns it', async () => {
    await apply(CONFIG.replace('  a: "1"\n', '  a: "1"\n  b: "2"\n'));
    await api.request('PATCH', SETTINGS, {
      body: { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } },
      contentType: APPLY,
      query: { fieldManager: 'other' },
    });
    const pruned = expectOk(
      await apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n'),
    ) as ConfigMap;
    expect(pruned.data).toEqual({ a: '1' });
    expect(pruned.metadata?.labels).toBeUndefined();
  });

  it('stores nothing on a dry run', async () => {
    const response = await apply(CONFIG, { dryRun: 'All' });
    expect(expectOk(response, 201)).toMatchObject({ data: { a: '1' } });
    expect((await api.request('GET', SETTINGS)).code).toBe(404);
  });

  it("keeps kubectl's last-applied annotation current", async () => {
    const annotated = CONFIG.replace(
      'metadata:\n',
      `metadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{}'\n`,
    );
    const applied = expectOk(await apply(annotated), 201) as ConfigMap;
    expect(
      applied.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration'],
    ).toBe(
      '{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"labels":{"app":"web"},"name":"settings"}}\n',
    );
  });

  it.each([
    [
      "a kind other than the URL's",
      CONFIG.replace('kind: ConfigMap', 'kind: Secret'),
      400,
      'BadRequest',
      'invalid object type: /v1, Kind=Secret',
    ],
    [
      'managedFields',
      CONFIG.replace('metadata:\n', 'metadata:\n  managedFields: []\n'),
      400,
      'BadRequest',
      'metadata.managedFields must be nil',
    ],
    [
      'another name',
      CONFIG.replace('name: settings', 'name: other'),
      400,
      'BadRequest',
      'the name of the object (other) does not match the name on the URL (settings)',
    ],
    [
      'a list',
      '- a\n',
      400,
      'BadRequest',
      'error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    ],
    [
      'an unknown field',
      `${CONFIG}spec: {}\n`,
      500,
      undefined,
      'failed to create typed patch object (/settings; /v1, Kind=ConfigMap): .spec: field not declared in schema',
    ],
  ])('refuses %s', async (_case, config, code, reason, message) => {
    const response = await apply(config);
    expect(response.code).toBe(code);
    expect(response.body).toMatchObject({
      status: 'Failure',
      message,
      ...(reason ? { reason } : {}),
    });
  });
});

describe('managedFields through the scale subresource', () => {
  const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;
  const WEB = '/apis/apps/v1/namespaces/default/deployments/web';

  function applyDeployment(config: string, query: Record<string, string> = {}) {
    return api.request('PATCH', WEB, {
      body: config,
      contentType: APPLY,
      query: { fieldManager: 'kubectl', ...query },
    });
  }

  it('moves replicas to the scaler, so that applying another count conflicts', async () => {
    expectOk(await applyDeployment(DEPLOYMENT), 201);
    expectOk(
      await api.request('PATCH', `${WEB}/scale`, {
        body: { spec: { replicas: 3 } },
        contentType: 'application/merge-patch+json',
        query: { fieldManager: 'kubectl-scale' },
      }),
    );
    const scaled = (await api.request('GET', WEB)).body as ConfigMap;
    expect(
      scaled.metadata?.managedFields?.map((entry) => [
        entry.manager,
        entry.subresource,
        entry.fieldsV1,
      ]),
    ).toContainEqual(['kubectl-scale', 'scale', { 'f:spec': { 'f:replicas': {} } }]);
    expectFailure(
      await applyDeployment(DEPLOYMENT.replace('replicas: 2', 'replicas: 4')),
      409,
      'Conflict',
      'Apply failed with 1 conflict: conflict with "kubectl-scale" with subresource "scale" using apps/v1: .spec.replicas',
    );
    const forced = expectOk(
      await applyDeployment(DEPLOYMENT.replace('replicas: 2', 'replicas: 4'), { force: 'true' }),
    ) as { spec: { replicas: number }; metadata: ConfigMap['metadata'] };
    expect(forced.spec.replicas).toBe(4);
    expect(forced.metadata?.managedFields?.map((entry) => entry.manager)).toEqual(['kubectl']);
  });
});
