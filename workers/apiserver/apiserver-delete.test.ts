import type { ConfigMap, Namespace, Pod } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  recordWatch,
  startApiServer,
  type TestApiServer,
  eventSummary,
  type WatchRecorder,
  expectFailure,
  expectOk,
} from './testing.ts';

const PODS = '/api/v1/namespaces/default/pods';
const NGINX = `${PODS}/nginx`;

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

async function createPod(spec: Record<string, unknown> = {}): Promise<Pod> {
  const response = await api.request('POST', PODS, {
    body: {
      metadata: { name: 'nginx' },
      spec: { containers: [{ name: 'nginx', image: 'nginx' }], ...spec },
    },
  });
  expect(response.code).toBe(201);
  // Later requests come ten seconds on, so a deadline shows whether it counts from now.
  api.clock.advanceTo(api.clock.now() + 10_000);
  return response.body as Pod;
}

function watchPods(from: Pod): WatchRecorder {
  const recorder = recordWatch(api.server, PODS, {
    resourceVersion: from.metadata?.resourceVersion ?? '',
  });
  if ('code' in recorder) throw new Error(JSON.stringify(recorder.body));
  return recorder;
}

describe('deleting a pod', () => {
  it('removes an unscheduled pod at once: MODIFIED with a deletionTimestamp, then DELETED', async () => {
    const pod = await createPod();
    const watch = watchPods(pod);
    const deleted = expectOk(await api.request('DELETE', NGINX)) as Pod;
    expect(deleted.metadata).toMatchObject({
      deletionTimestamp: '2025-01-01T00:00:10Z',
      deletionGracePeriodSeconds: 0,
    });
    expect(deleted.kind).toBe('Pod');
    expectFailure(await api.request('GET', NGINX), 404, 'NotFound', 'pods "nginx" not found');
    expect(eventSummary(watch.events)).toEqual(['MODIFIED nginx', 'DELETED nginx']);
    expect(watch.events[0]?.object.metadata?.deletionGracePeriodSeconds).toBe(0);
  });

  it.each([
    ['the default grace period', {}, {}, '2025-01-01T00:00:40Z', 30],
    [
      "the pod's terminationGracePeriodSeconds",
      { terminationGracePeriodSeconds: 10 },
      {},
      '2025-01-01T00:00:20Z',
      10,
    ],
    [
      "the request's gracePeriodSeconds",
      {},
      { gracePeriodSeconds: '5' },
      '2025-01-01T00:00:15Z',
      5,
    ],
    [
      'a negative request, raised to 1',
      {},
      { gracePeriodSeconds: '-1' },
      '2025-01-01T00:00:11Z',
      1,
    ],
  ])('marks a scheduled pod for deletion after %s', async (_case, spec, query, deadline, grace) => {
    const pod = await createPod({ nodeName: 'node-1', ...spec });
    const watch = watchPods(pod);
    const marked = expectOk(await api.request('DELETE', NGINX, { query })) as Pod;
    expect(marked.metadata).toMatchObject({
      deletionTimestamp: deadline,
      deletionGracePeriodSeconds: grace,
    });
    expect((expectOk(await api.request('GET', NGINX)) as Pod).metadata?.deletionTimestamp).toBe(
      deadline,
    );
    expect(eventSummary(watch.events)).toEqual(['MODIFIED nginx']);
  });

  it('removes a pod that already ran to completion at once', async () => {
    const pod = await createPod({ nodeName: 'node-1' });
    await api.request('PUT', `${NGINX}/status`, {
      body: { ...pod, status: { ...pod.status, phase: 'Succeeded' } },
    });
    expectOk(await api.request('DELETE', NGINX));
    expect((await api.request('GET', NGINX)).code).toBe(404);
  });

  it('changes nothing when asked again without a shorter grace period', async () => {
    await createPod({ nodeName: 'node-1' });
    const marked = expectOk(await api.request('DELETE', NGINX)) as Pod;
    const again = expectOk(
      await api.request('DELETE', NGINX, { query: { gracePeriodSeconds: '60' } }),
    ) as Pod;
    expect(again.metadata).toEqual(marked.metadata);
  });

  it('moves the deadline forward for a shorter grace period', async () => {
    await createPod({ nodeName: 'node-1' });
    expectOk(await api.request('DELETE', NGINX));
    const shortened = expectOk(
      await api.request('DELETE', NGINX, { query: { gracePeriodSeconds: '10' } }),
    ) as Pod;
    expect(shortened.metadata).toMatchObject({
      deletionTimestamp: '2025-01-01T00:00:20Z',
      deletionGracePeriodSeconds: 10,
    });
  });

  it("removes a marked pod on the kubelet's final delete with grace 0 and a uid precondition", async () => {
    const pod = await createPod({ nodeName: 'node-1' });
    const marked = expectOk(await api.request('DELETE', NGINX)) as Pod;
    const watch = watchPods(marked);
    const body = {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      gracePeriodSeconds: 0,
      preconditions: { uid: pod.metadata?.uid },
    };
    const last = expectOk(await api.request('DELETE', NGINX, { body })) as Pod;
    expect(last.metadata).toMatchObject({
      deletionTimestamp: '2025-01-01T00:00:10Z',
      deletionGracePeriodSeconds: 0,
    });
    expect((await api.request('GET', NGINX)).code).toBe(404);
    expect(eventSummary(watch.events)).toEqual(['MODIFIED nginx', 'DELETED nginx']);
  });

  it.each([
    [
      'uid',
      { uid: 'not-the-uid' },
      (pod: Pod) =>
        `Operation cannot be fulfilled on Pod "nginx": the UID in the precondition (not-the-uid) does not match the UID in record (${pod.metadata?.uid ?? ''}). The object might have been deleted and then recreated`,
    ],
    [
      'resourceVersion',
      { resourceVersion: '1' },
      (pod: Pod) =>
        `Operation cannot be fulfilled on Pod "nginx": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${pod.metadata?.resourceVersion ?? ''}). The object might have been modified`,
    ],
  ])(
    'answers 409 naming the Kind when the %s precondition fails',
    async (_case, preconditions, message) => {
      const pod = await createPod({ nodeName: 'node-1' });
      const status = expectFailure(
        await api.request('DELETE', NGINX, { body: { gracePeriodSeconds: 0, preconditions } }),
        409,
        'Conflict',
        message(pod),
      );
      expect(status.details).toEqual({ name: 'nginx', kind: 'Pod' });
      expect((await api.request('GET', NGINX)).code).toBe(200);
    },
  );

  it('answers 404 for a pod that does not exist', async () => {
    expectFailure(
      await api.request('DELETE', `${PODS}/ghost`),
      404,
      'NotFound',
      'pods "ghost" not found',
    );
  });
});

describe('deleting other objects', () => {
  it.each([
    [
      '/api/v1/namespaces/default/configmaps',
      { metadata: { name: 'settings' } },
      { kind: 'configmaps' },
    ],
    [
      '/apis/apps/v1/namespaces/default/replicasets',
      {
        metadata: { name: 'settings' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx' }] },
          },
        },
      },
      { group: 'apps', kind: 'replicasets' },
    ],
  ])(
    'answers DELETE under %s with a Success Status naming the object',
    async (collection, body, kind) => {
      const created = (await api.request('POST', collection, { body })).body as ConfigMap;
      const response = await api.request('DELETE', `${collection}/settings`);
      expect(response.code).toBe(200);
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: 'settings', ...kind, uid: created.metadata?.uid },
      });
      expect((await api.request('GET', `${collection}/settings`)).code).toBe(404);
    },
  );

  it('only marks an object with finalizers, and removes it when the last finalizer goes', async () => {
    const path = '/api/v1/namespaces/default/configmaps/settings';
    await api.request('POST', '/api/v1/namespaces/default/configmaps', {
      body: { metadata: { name: 'settings', finalizers: ['example.com/hold'] } },
    });
    const marked = expectOk(await api.request('DELETE', path)) as ConfigMap;
    expect(marked.metadata).toMatchObject({
      deletionTimestamp: '2025-01-01T00:00:00Z',
      deletionGracePeriodSeconds: 0,
    });
    expectOk(
      await api.request('PATCH', path, {
        body: { metadata: { finalizers: null } },
        contentType: 'application/merge-patch+json',
      }),
    );
    expect((await api.request('GET', path)).code).toBe(404);
  });

  it('marks a namespace Terminating and keeps it until it is finalized', async () => {
    await api.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'team' } } });
    api.clock.advanceTo(api.clock.now() + 3_000);
    const terminating = expectOk(
      await api.request('DELETE', '/api/v1/namespaces/team'),
    ) as Namespace;
    expect(terminating.metadata?.deletionTimestamp).toBe('2025-01-01T00:00:03Z');
    expect(terminating.metadata?.deletionGracePeriodSeconds).toBeUndefined();
    expect(terminating.status).toEqual({ phase: 'Terminating' });
    const again = expectOk(await api.request('DELETE', '/api/v1/namespaces/team')) as Namespace;
    expect(again).toEqual(terminating);
    expect(
      (expectOk(await api.request('GET', '/api/v1/namespaces/team')) as Namespace).status?.phase,
    ).toBe('Terminating');
  });

  it.each(['default', 'kube-system', 'kube-public'])(
    'answers 403 to deleting namespace %s',
    async (name) => {
      const status = expectFailure(
        await api.request('DELETE', `/api/v1/namespaces/${name}`),
        403,
        'Forbidden',
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
      );
      expect(status.details).toEqual({ name, kind: 'namespaces' });
    },
  );

  it('lets kube-node-lease be deleted', async () => {
    expect((await api.request('DELETE', '/api/v1/namespaces/kube-node-lease')).code).toBe(200);
  });
});
