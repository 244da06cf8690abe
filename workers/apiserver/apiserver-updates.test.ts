import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type TestApiServer, expectFailure, expectOk } from './testing.ts';

const PODS = '/api/v1/namespaces/default/pods';
const NGINX = `${PODS}/nginx`;
const REPLICASETS = '/apis/apps/v1/namespaces/default/replicasets';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

async function createPod(name = 'nginx'): Promise<Pod> {
  const response = await api.request('POST', PODS, {
    body: {
      metadata: { name, labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    },
  });
  expect(response.code).toBe(201);
  return response.body as Pod;
}

describe('PUT on a pod', () => {
  it('stores the change under a new resourceVersion', async () => {
    const pod = await createPod();
    const updated = expectOk(
      await api.request('PUT', NGINX, {
        body: { ...pod, metadata: { ...pod.metadata, labels: { app: 'api' } } },
      }),
    ) as Pod;
    expect(updated.metadata?.labels).toEqual({ app: 'api' });
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(
      Number(pod.metadata?.resourceVersion),
    );
  });

  it('answers 409 Conflict for a stale resourceVersion', async () => {
    const pod = await createPod();
    await api.request('PUT', NGINX, {
      body: { ...pod, metadata: { ...pod.metadata, labels: { app: 'api' } } },
    });
    const status = expectFailure(
      await api.request('PUT', NGINX, { body: pod }),
      409,
      'Conflict',
      'Operation cannot be fulfilled on pods "nginx": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(status.details).toEqual({ name: 'nginx', kind: 'pods' });
  });

  it('accepts an update without a resourceVersion', async () => {
    const pod = await createPod();
    const metadata = { ...pod.metadata, labels: {} };
    delete metadata.resourceVersion;
    expectOk(await api.request('PUT', NGINX, { body: { ...pod, metadata } }));
  });

  it('ignores status on the main resource', async () => {
    const pod = await createPod();
    const updated = expectOk(
      await api.request('PUT', NGINX, {
        body: { ...pod, status: { phase: 'Running', podIP: '10.0.0.5' } },
      }),
    ) as Pod;
    expect(updated.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('ignores spec on the status subresource, and backfills a dropped qosClass', async () => {
    const pod = await createPod();
    const spec = { ...pod.spec, containers: [{ ...pod.spec?.containers[0], image: 'nginx:1.28' }] };
    const updated = expectOk(
      await api.request('PUT', `${NGINX}/status`, {
        body: { ...pod, spec, status: { phase: 'Running', podIP: '10.0.0.5' } },
      }),
    ) as Pod;
    expect(updated.spec?.containers[0]?.image).toBe('nginx:1.27');
    expect(updated.status).toEqual({ phase: 'Running', podIP: '10.0.0.5', qosClass: 'BestEffort' });
  });

  it('lets the image change', async () => {
    const pod = await createPod();
    const spec = { ...pod.spec, containers: [{ ...pod.spec?.containers[0], image: 'nginx:1.28' }] };
    const updated = expectOk(await api.request('PUT', NGINX, { body: { ...pod, spec } })) as Pod;
    expect(updated.spec?.containers[0]?.image).toBe('nginx:1.28');
  });

  it('refuses any other spec change, naming the fields that may change', async () => {
    const pod = await createPod();
    const status = expectFailure(
      await api.request('PUT', NGINX, {
        body: { ...pod, spec: { ...pod.spec, restartPolicy: 'Never' } },
      }),
      422,
      'Invalid',
      expect.stringMatching(
        /^Pod "nginx" is invalid: spec: Forbidden: pod updates may not change fields other than /,
      ) as string,
    );
    const prefix =
      'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n';
    const cause = status.details?.causes?.[0];
    expect(cause).toMatchObject({ reason: 'FieldValueForbidden', field: 'spec' });
    expect(cause?.message?.startsWith(prefix)).toBe(true);
    expect(cause?.message).toContain('RestartPolicy');
  });

  it('refuses an update that adds a container', async () => {
    const pod = await createPod();
    const containers = [...(pod.spec?.containers ?? []), { name: 'sidecar', image: 'busybox' }];
    expectFailure(
      await api.request('PUT', NGINX, { body: { ...pod, spec: { ...pod.spec, containers } } }),
      422,
      'Invalid',
      'Pod "nginx" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers',
    );
  });

  it('lets activeDeadlineSeconds shrink but not grow', async () => {
    await createPod();
    const lowered = expectOk(
      await api.request('PATCH', NGINX, {
        body: { spec: { activeDeadlineSeconds: 30 } },
        contentType: 'application/merge-patch+json',
      }),
    ) as Pod;
    expectFailure(
      await api.request('PUT', NGINX, {
        body: { ...lowered, spec: { ...lowered.spec, activeDeadlineSeconds: 60 } },
      }),
      422,
      'Invalid',
      'Pod "nginx" is invalid: spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value',
    );
  });

  it.each([
    [
      'a missing pod',
      `${PODS}/ghost`,
      { metadata: { name: 'ghost' } },
      404,
      'NotFound',
      'pods "ghost" not found',
    ],
    [
      'a body naming another object',
      NGINX,
      { metadata: { name: 'other' } },
      400,
      'BadRequest',
      'the name of the object (other) does not match the name on the URL (nginx)',
    ],
    [
      'a body of another kind',
      NGINX,
      { kind: 'Service', metadata: { name: 'nginx' } },
      400,
      'BadRequest',
      'the kind in the data (Service) does not match the expected kind (Pod)',
    ],
  ] as const)('refuses a PUT with %s', async (_case, path, body, code, reason, message) => {
    await createPod();
    expectFailure(await api.request('PUT', path, { body }), code, reason, message);
  });

  it('keeps the generation a request sends out of a resource that has none', async () => {
    const pod = await createPod();
    const updated = expectOk(
      await api.request('PUT', NGINX, {
        body: { ...pod, metadata: { ...pod.metadata, generation: 7 } },
      }),
    ) as Pod;
    expect(updated.metadata?.generation).toBeUndefined();
  });
});

describe('pods/binding', () => {
  function binding(
    name: string,
    node: string,
    metadata: Record<string, unknown> = {},
  ): Record<string, unknown> {
    return {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name, ...metadata },
      target: { kind: 'Node', name: node },
    };
  }

  it('answers 201 with a Success Status, and binds the pod', async () => {
    await createPod();
    api.clock.advanceTo(api.clock.now() + 5_000);
    const response = await api.request('POST', `${NGINX}/binding`, {
      body: binding('nginx', 'node-1'),
    });
    expect(response).toMatchObject({ code: 201 });
    expect(response.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      code: 201,
    });
    const pod = expectOk(await api.request('GET', NGINX)) as Pod;
    expect(pod.spec?.nodeName).toBe('node-1');
    expect(pod.status?.conditions).toEqual([
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2025-01-01T00:00:05Z',
      },
    ]);
    expect(pod.status?.phase).toBe('Pending');
  });

  it('answers 409 on pods/binding for a pod already bound', async () => {
    await createPod();
    await api.request('POST', `${NGINX}/binding`, { body: binding('nginx', 'node-1') });
    const status = expectFailure(
      await api.request('POST', `${NGINX}/binding`, { body: binding('nginx', 'node-2') }),
      409,
      'Conflict',
      'Operation cannot be fulfilled on pods/binding "nginx": pod nginx is already assigned to node "node-1"',
    );
    expect(status.details).toEqual({ name: 'nginx', kind: 'pods/binding' });
  });

  it('answers 409 on pods when the pod is not the one the scheduler saw', async () => {
    const pod = await createPod();
    expectFailure(
      await api.request('POST', `${NGINX}/binding`, {
        body: binding('nginx', 'node-1', { uid: 'not-the-uid' }),
      }),
      409,
      'Conflict',
      `Operation cannot be fulfilled on pods "nginx": StorageError: invalid object, Code: 4, Key: /registry/pods/default/nginx, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: not-the-uid, UID in object meta: ${pod.metadata?.uid ?? ''}`,
    );
  });

  it.each([
    [
      'a name other than the URL',
      `${NGINX}/binding`,
      binding('other', 'node-1'),
      400,
      'BadRequest',
      'name in URL does not match name in Binding object',
    ],
    [
      'a missing pod',
      `${PODS}/ghost/binding`,
      binding('ghost', 'node-1'),
      404,
      'NotFound',
      'pods "ghost" not found',
    ],
  ] as const)('refuses a binding with %s', async (_case, path, body, code, reason, message) => {
    await createPod();
    expectFailure(await api.request('POST', path, { body }), code, reason, message);
  });
});

describe('ReplicaSets', () => {
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
  };
  const RS = `${REPLICASETS}/web`;

  async function createReplicaSet(): Promise<ReplicaSet> {
    return expectOk(
      await api.request('POST', REPLICASETS, {
        body: {
          metadata: { name: 'web' },
          spec: { selector: { matchLabels: { app: 'web' } }, template },
        },
      }),
      201,
    ) as ReplicaSet;
  }

  it('starts at generation 1 with replicas defaulted and an empty status', async () => {
    const rs = await createReplicaSet();
    expect(rs.metadata?.generation).toBe(1);
    expect(rs.spec?.replicas).toBe(1);
    expect(rs.spec?.template?.spec?.restartPolicy).toBe('Always');
    expect(rs.status).toEqual({ replicas: 0 });
  });

  it('bumps the generation on spec changes only', async () => {
    const rs = await createReplicaSet();
    const scaled = expectOk(
      await api.request('PUT', RS, { body: { ...rs, spec: { ...rs.spec, replicas: 3 } } }),
    ) as ReplicaSet;
    expect(scaled.metadata?.generation).toBe(2);

    const labeled = expectOk(
      await api.request('PUT', RS, {
        body: { ...scaled, metadata: { ...scaled.metadata, labels: { team: 'a' } } },
      }),
    ) as ReplicaSet;
    expect(labeled.metadata?.generation).toBe(2);

    // The same spec with its keys in another order is no change.
    const spec = labeled.spec ?? { selector: {}, template: {} };
    const reordered = expectOk(
      await api.request('PUT', RS, {
        body: {
          ...labeled,
          spec: { template: spec.template, selector: spec.selector, replicas: spec.replicas },
        },
      }),
    ) as ReplicaSet;
    expect(reordered.metadata?.generation).toBe(2);

    const withStatus = expectOk(
      await api.request('PUT', `${RS}/status`, {
        body: {
          ...reordered,
          metadata: { ...reordered.metadata, generation: 1 },
          status: { replicas: 3, observedGeneration: 2 },
        },
      }),
    ) as ReplicaSet;
    expect(withStatus.metadata?.generation).toBe(2);
    expect(withStatus.status).toEqual({ replicas: 3, observedGeneration: 2 });
  });

  it('ignores status on the main resource and spec on the status subresource', async () => {
    const rs = await createReplicaSet();
    const main = expectOk(
      await api.request('PUT', RS, { body: { ...rs, status: { replicas: 9 } } }),
    ) as ReplicaSet;
    expect(main.status).toEqual({ replicas: 0 });
    const status = expectOk(
      await api.request('PUT', `${RS}/status`, {
        body: { ...main, spec: { ...main.spec, replicas: 5 }, status: { replicas: 1 } },
      }),
    ) as ReplicaSet;
    expect(status.spec?.replicas).toBe(1);
    expect(status.metadata?.generation).toBe(1);
  });

  it('refuses a selector that does not match the template labels', async () => {
    expectFailure(
      await api.request('POST', REPLICASETS, {
        body: {
          metadata: { name: 'web' },
          spec: { selector: { matchLabels: { app: 'api' } }, template },
        },
      }),
      422,
      'Invalid',
      'ReplicaSet.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
  });
});

describe('PUT that creates', () => {
  it('creates a missing Lease (allowCreateOnUpdate) with 201', async () => {
    const response = await api.request(
      'PUT',
      '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1',
      {
        body: {
          metadata: { name: 'node-1' },
          spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 },
        },
      },
    );
    expect(response.code).toBe(201);
    expect(response.body).toMatchObject({
      kind: 'Lease',
      metadata: { name: 'node-1', namespace: 'kube-node-lease' },
    });
  });
});
