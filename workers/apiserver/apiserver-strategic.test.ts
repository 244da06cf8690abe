import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type TestApiServer, expectFailure, expectOk } from './testing.ts';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const WEB = `${DEPLOYMENTS}/web`;
const PODS = '/api/v1/namespaces/default/pods';
const NGINX = `${PODS}/nginx`;
const STRATEGIC = 'application/strategic-merge-patch+json';

let api: TestApiServer;
beforeEach(async () => {
  api = await startApiServer();
});

const CONTAINER = {
  name: 'nginx',
  image: 'nginx:1.27',
  ports: [{ containerPort: 80 }, { containerPort: 443 }],
  env: [
    { name: 'A', value: '1' },
    { name: 'B', value: '2' },
  ],
  volumeMounts: [{ name: 'data', mountPath: '/data' }],
};

async function createDeployment(): Promise<Deployment> {
  return expectOk(
    await api.request('POST', DEPLOYMENTS, {
      body: {
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [CONTAINER],
              volumes: [{ name: 'data', emptyDir: {} }],
              tolerations: [{ key: 'a', operator: 'Exists' }],
            },
          },
        },
      },
    }),
    201,
  ) as Deployment;
}

async function patchTemplate(spec: Record<string, unknown>) {
  return api.request('PATCH', WEB, {
    body: { spec: { template: { spec } } },
    contentType: STRATEGIC,
  });
}

type PodSpecPart = NonNullable<NonNullable<Deployment['spec']>['template']['spec']>;

describe('strategic merge patch of real kinds', () => {
  it.each<[string, Record<string, unknown>, (spec: PodSpecPart) => unknown, unknown]>([
    [
      'merges containers by name',
      { containers: [{ name: 'sidecar', image: 'busybox' }] },
      (spec) => spec.containers.map((c) => c.name),
      ['sidecar', 'nginx'],
    ],
    [
      'changes one container, leaving the rest of it',
      { containers: [{ name: 'nginx', image: 'nginx:1.28' }] },
      (spec) => [spec.containers[0]?.image, spec.containers[0]?.env?.length],
      ['nginx:1.28', 2],
    ],
    [
      'merges ports by containerPort',
      { containers: [{ name: 'nginx', ports: [{ containerPort: 8080 }] }] },
      (spec) => spec.containers[0]?.ports?.map((p) => p.containerPort),
      [8080, 80, 443],
    ],
    [
      'merges env by name and deletes one with $patch: delete',
      {
        containers: [
          {
            name: 'nginx',
            env: [
              { name: 'B', value: 'two' },
              { name: 'A', $patch: 'delete' },
            ],
          },
        ],
      },
      (spec) => spec.containers[0]?.env,
      [{ name: 'B', value: 'two' }],
    ],
    [
      'replaces a volume source through retainKeys',
      {
        volumes: [{ name: 'data', $retainKeys: ['name', 'hostPath'], hostPath: { path: '/x' } }],
      },
      (spec) => spec.volumes?.map((volume) => Object.keys(volume)),
      [['name', 'hostPath']],
    ],
    [
      'replaces tolerations as a whole',
      { tolerations: [{ key: 'b', operator: 'Exists' }] },
      (spec) => spec.tolerations,
      [{ key: 'b', operator: 'Exists' }],
    ],
    [
      'orders containers by $setElementOrder',
      {
        '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }],
        containers: [{ name: 'sidecar', image: 'busybox' }],
      },
      (spec) => spec.containers.map((c) => c.name),
      ['sidecar', 'nginx'],
    ],
  ])('%s', async (_name, spec, pick, expected) => {
    await createDeployment();
    const patched = expectOk(await patchTemplate(spec)) as Deployment;
    expect(pick(patched.spec?.template.spec as PodSpecPart)).toEqual(expected);
  });

  it('merges ownerReferences by uid and pod conditions by type', async () => {
    await api.request('POST', PODS, {
      body: {
        metadata: {
          name: 'nginx',
          ownerReferences: [
            { apiVersion: 'v1', kind: 'ReplicationController', name: 'a', uid: '1' },
          ],
        },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      },
    });
    const owned = expectOk(
      await api.request('PATCH', NGINX, {
        body: {
          metadata: {
            ownerReferences: [
              { apiVersion: 'v1', kind: 'ReplicationController', name: 'b', uid: '2' },
            ],
          },
        },
        contentType: STRATEGIC,
      }),
    ) as Pod;
    expect(owned.metadata?.ownerReferences?.map((o) => o.uid)).toEqual(['2', '1']);
    for (const type of ['Ready', 'Initialized']) {
      await api.request('PATCH', `${NGINX}/status`, {
        body: { status: { conditions: [{ type, status: 'True' }] } },
        contentType: STRATEGIC,
      });
    }
    const pod = (await api.request('GET', NGINX)).body as Pod;
    expect(pod.status?.conditions?.map((c) => c.type)).toEqual(['Initialized', 'Ready']);
  });

  it('answers 400 for a $retainKeys that leaves out a field the patch sets', async () => {
    await createDeployment();
    expectFailure(
      await patchTemplate({
        volumes: [{ name: 'data', $retainKeys: ['name'], hostPath: { path: '/x' } }],
      }),
      400,
      'BadRequest',
      'invalid patch format of retainKeys',
    );
  });
});

describe('field validation of a patched object', () => {
  const UNKNOWN = { spec: { paused: false, replica: 3 } };

  it('fails an unknown field under Strict, showing the patch', async () => {
    await createDeployment();
    const status = expectFailure(
      await api.request('PATCH', WEB, {
        body: UNKNOWN,
        contentType: STRATEGIC,
        query: { fieldValidation: 'Strict' },
      }),
      422,
      'Invalid',
      ' "" is invalid: patch: Invalid value: "map[spec:map[paused:false replica:3]]": strict decoding error: unknown field "spec.replica"',
    );
    expect(status.details).toEqual({
      causes: [
        {
          reason: 'FieldValueInvalid',
          message:
            'Invalid value: "map[spec:map[paused:false replica:3]]": strict decoding error: unknown field "spec.replica"',
          field: 'patch',
        },
      ],
    });
  });

  it('warns about it by default and drops it', async () => {
    await createDeployment();
    const response = await api.request('PATCH', WEB, { body: UNKNOWN, contentType: STRATEGIC });
    expect(response.warnings).toEqual(['unknown field "spec.replica"']);
    expect((response.body as { spec: Record<string, unknown> }).spec).not.toHaveProperty('replica');
  });

  it('says nothing under Ignore', async () => {
    await createDeployment();
    const response = await api.request('PATCH', WEB, {
      body: UNKNOWN,
      contentType: STRATEGIC,
      query: { fieldValidation: 'Ignore' },
    });
    expect(response.code).toBe(200);
    expect(response.warnings).toBeUndefined();
  });

  it('reports duplicate keys of a JSON body', async () => {
    await createDeployment();
    expectFailure(
      await api.request('PATCH', WEB, {
        body: '{"metadata":{"labels":{"a":"1","a":"2"}}}',
        contentType: 'application/merge-patch+json',
        query: { fieldValidation: 'Strict' },
      }),
      422,
      'Invalid',
      expect.stringMatching(
        /strict decoding error: duplicate field "metadata.labels.a"$/,
      ) as string,
    );
  });
});
