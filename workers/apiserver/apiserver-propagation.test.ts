// Deletion propagation at the API server: which finalizers a delete leaves for the garbage
// collector (propagationPolicy, the legacy orphanDependents, each kind's default), what the delete
// answers, a second delete that changes the policy, dry runs and contradictory options.

import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../client/protocol.ts';
import { expectFailure, expectOk, startApiServer, type TestApiServer } from './testing.ts';

const TEMPLATE = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx' }] },
};

const MANIFESTS: Record<string, { collection: string; body: object }> = {
  replicasets: {
    collection: '/apis/apps/v1/namespaces/default/replicasets',
    body: { spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: TEMPLATE } },
  },
  deployments: {
    collection: '/apis/apps/v1/namespaces/default/deployments',
    body: { spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: TEMPLATE } },
  },
  replicationcontrollers: {
    collection: '/api/v1/namespaces/default/replicationcontrollers',
    body: { spec: { replicas: 1, selector: { app: 'web' }, template: TEMPLATE } },
  },
  jobs: {
    collection: '/apis/batch/v1/namespaces/default/jobs',
    body: {
      spec: { template: { ...TEMPLATE, spec: { ...TEMPLATE.spec, restartPolicy: 'Never' } } },
    },
  },
  configmaps: { collection: '/api/v1/namespaces/default/configmaps', body: {} },
};

const RS = `${MANIFESTS.replicasets?.collection ?? ''}/web`;

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

async function create(resource: string, metadata: object = {}): Promise<KubeObject> {
  const manifest = MANIFESTS[resource];
  if (!manifest) throw new Error(`no manifest for ${resource}`);
  const response = await api.request('POST', manifest.collection, {
    body: { ...manifest.body, metadata: { name: 'web', ...metadata } },
  });
  // Deletions come five seconds after the creation, so a deletionTimestamp shows when it was set.
  api.clock.advanceTo(api.clock.now() + 5_000);
  return expectOk(response, 201) as KubeObject;
}

function remove(path: string, body?: object, query?: Record<string, string>) {
  return api.request('DELETE', path, {
    ...(body ? { body: { kind: 'DeleteOptions', apiVersion: 'v1', ...body } } : {}),
    ...(query ? { query } : {}),
  });
}

const DELETED_STATUS = {
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Success',
  details: { name: 'web', group: 'apps', kind: 'replicasets' },
};

describe('deleting an owner', () => {
  it.each([
    ['no options (apps/v1 collects dependents in the background)', undefined, undefined],
    ['propagationPolicy Background', { propagationPolicy: 'Background' }, undefined],
    ['orphanDependents false', { orphanDependents: false }, undefined],
    ['propagationPolicy Background in the query', undefined, { propagationPolicy: 'Background' }],
  ])('removes it at once and answers a Status for %s', async (_, body, query) => {
    const rs = await create('replicasets');
    const response = await remove(RS, body, query);
    expect(expectOk(response)).toMatchObject({
      ...DELETED_STATUS,
      details: { ...DELETED_STATUS.details, uid: rs.metadata?.uid },
    });
    expect((await api.request('GET', RS)).code).toBe(404);
  });

  it.each([
    ['propagationPolicy Foreground', { propagationPolicy: 'Foreground' }, 'foregroundDeletion'],
    ['propagationPolicy Orphan', { propagationPolicy: 'Orphan' }, 'orphan'],
    ['orphanDependents true', { orphanDependents: true }, 'orphan'],
  ])(
    'marks it for the garbage collector and answers the object for %s',
    async (_, body, finalizer) => {
      await create('replicasets');
      const marked = expectOk(await remove(RS, body)) as ReplicaSet;
      expect(marked.kind).toBe('ReplicaSet');
      expect(marked.metadata).toMatchObject({
        finalizers: [finalizer],
        deletionTimestamp: '2025-01-01T00:00:05Z',
        deletionGracePeriodSeconds: 0,
        generation: 2,
      });
      expect(expectOk(await api.request('GET', RS))).toEqual(marked);
    },
  );

  it('reads the policy from the query when the request has no body', async () => {
    await create('replicasets');
    const marked = expectOk(await remove(RS, undefined, { propagationPolicy: 'Foreground' }));
    expect((marked as ReplicaSet).metadata?.finalizers).toEqual(['foregroundDeletion']);
  });

  it.each([
    ['replicationcontrollers', 'core/v1 ReplicationControllers orphan', ['orphan']],
    ['jobs', 'batch/v1 Jobs orphan', ['orphan']],
    ['deployments', 'apps/v1 Deployments collect', undefined],
    ['configmaps', 'kinds without a default collect', undefined],
  ])('follows the default of %s: %s', async (resource, _, finalizers) => {
    await create(resource);
    const path = `${MANIFESTS[resource]?.collection ?? ''}/web`;
    const answer = expectOk(await remove(path)) as KubeObject;
    if (finalizers) {
      expect(answer.metadata?.finalizers).toEqual(finalizers);
      expect((await api.request('GET', path)).code).toBe(200);
    } else {
      expect(answer.kind).toBe('Status');
      expect((await api.request('GET', path)).code).toBe(404);
    }
  });

  it('keeps the finalizers the object already has next to the one it adds', async () => {
    await create('replicasets', { finalizers: ['example.com/keep'] });
    const marked = expectOk(await remove(RS, { propagationPolicy: 'Foreground' })) as ReplicaSet;
    expect(marked.metadata?.finalizers).toEqual(['example.com/keep', 'foregroundDeletion']);
  });

  it('answers 202 when orphanDependents false leaves the object waiting for a finalizer', async () => {
    await create('replicasets', { finalizers: ['example.com/keep'] });
    const response = await remove(RS, { orphanDependents: false });
    expect(response.code).toBe(202);
    expect((response.body as ReplicaSet).metadata?.finalizers).toEqual(['example.com/keep']);
  });
});

describe('deleting an owner again', () => {
  it.each([
    ['Foreground', 'Orphan', ['orphan']],
    ['Orphan', 'Foreground', ['foregroundDeletion']],
    ['Orphan', 'Orphan', ['orphan']],
  ])(
    'switches %s to %s, keeping the first deletionTimestamp',
    async (first, second, finalizers) => {
      await create('replicasets');
      const marked = expectOk(await remove(RS, { propagationPolicy: first })) as ReplicaSet;
      api.clock.advanceTo(api.clock.now() + 5_000);
      const again = expectOk(await remove(RS, { propagationPolicy: second })) as ReplicaSet;
      expect(again.metadata?.finalizers).toEqual(finalizers);
      expect(again.metadata?.deletionTimestamp).toBe('2025-01-01T00:00:05Z');
      expect(again.metadata?.generation).toBe(2);
      if (first === second)
        expect(again.metadata?.resourceVersion).toBe(marked.metadata?.resourceVersion);
    },
  );

  it('removes an object waiting for foreground deletion when asked to delete in the background', async () => {
    await create('replicasets');
    expectOk(await remove(RS, { propagationPolicy: 'Foreground' }));
    expect(
      (expectOk(await remove(RS, { propagationPolicy: 'Background' })) as KubeObject).kind,
    ).toBe('Status');
    expect((await api.request('GET', RS)).code).toBe(404);
  });

  it('keeps an object that another finalizer holds when its GC finalizer is dropped', async () => {
    await create('replicasets', { finalizers: ['example.com/keep'] });
    expectOk(await remove(RS, { propagationPolicy: 'Orphan' }));
    const again = expectOk(await remove(RS, { propagationPolicy: 'Background' })) as ReplicaSet;
    expect(again.metadata?.finalizers).toEqual(['example.com/keep']);
  });
});

describe('dry-run deletes', () => {
  it.each([
    ['in the body', { propagationPolicy: 'Foreground', dryRun: ['All'] }, undefined],
    ['in the query', { propagationPolicy: 'Foreground' }, { dryRun: 'All' }],
  ])('answers the marked object and stores nothing, dryRun %s', async (_, body, query) => {
    const rs = await create('replicasets');
    const answer = expectOk(await remove(RS, body, query)) as ReplicaSet;
    expect(answer.metadata?.finalizers).toEqual(['foregroundDeletion']);
    expect(answer.metadata?.deletionTimestamp).toBe('2025-01-01T00:00:05Z');
    expect(expectOk(await api.request('GET', RS))).toEqual(rs);
  });

  it('answers the deleted Status for a background dry run and keeps the object', async () => {
    const rs = await create('replicasets');
    const answer = expectOk(await remove(RS, { dryRun: ['All'] })) as KubeObject;
    expect(answer).toMatchObject(DELETED_STATUS);
    expect(expectOk(await api.request('GET', RS))).toEqual(rs);
  });
});

describe('invalid DeleteOptions', () => {
  it.each([
    [
      'orphanDependents together with propagationPolicy',
      { orphanDependents: true, propagationPolicy: 'Foreground' },
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Foreground": orphanDependents and deletionPropagation cannot be both set',
    ],
    [
      'an unknown propagationPolicy',
      { propagationPolicy: 'Sideways' },
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
    ],
    [
      'an unknown dryRun value',
      { dryRun: ['Some'] },
      'DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Some"}: supported values: "All"',
    ],
  ])('answers 422 for %s and deletes nothing', async (_, body, message) => {
    await create('replicasets');
    const status = expectFailure(await remove(RS, body), 422, 'Invalid', message);
    expect(status.details).toMatchObject({ group: 'meta.k8s.io', kind: 'DeleteOptions' });
    expect((await api.request('GET', RS)).code).toBe(200);
  });
});
