import type { Namespace, Node } from 'kubernetes-types/core/v1';
import { beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type TestApiServer, expectFailure, expectOk } from './testing.ts';

const SAFE_SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}';

let api: TestApiServer;

beforeEach(async () => {
  api = await startApiServer();
});

describe('creating cluster-scoped objects', () => {
  it('drops a namespace sent on a cluster-scoped object', async () => {
    const response = await api.request('POST', '/api/v1/nodes', {
      body: { metadata: { name: 'node-1', namespace: 'default' } },
    });
    expect(response.code).toBe(201);
    expect((response.body as Node).metadata?.namespace).toBeUndefined();
  });

  it('drops a namespace sent on an update of a cluster-scoped object', async () => {
    const node = (
      await api.request('POST', '/api/v1/nodes', { body: { metadata: { name: 'node-1' } } })
    ).body as Node;
    const updated = expectOk(
      await api.request('PUT', '/api/v1/nodes/node-1', {
        body: {
          ...node,
          metadata: { ...node.metadata, namespace: 'default', labels: { zone: 'a' } },
        },
      }),
    ) as Node;
    expect(updated.metadata?.namespace).toBeUndefined();
    expect(updated.metadata?.labels).toEqual({ zone: 'a' });
  });

  it('taints a new node not-ready and keeps the status it registers with', async () => {
    const status = { capacity: { cpu: '2', memory: '4Gi', pods: '110' } };
    const node = (
      await api.request('POST', '/api/v1/nodes', { body: { metadata: { name: 'node-1' }, status } })
    ).body as Node;
    expect(node.spec?.taints).toEqual([
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
    ]);
    expect(node.status).toEqual(status);
  });

  it('makes a namespace Active, with the kubernetes finalizer and the name label', async () => {
    const response = await api.request('POST', '/api/v1/namespaces', {
      body: {
        metadata: { generateName: 'team-', labels: { 'kubernetes.io/metadata.name': 'lie' } },
      },
    });
    const namespace = response.body as Namespace;
    const name = namespace.metadata?.name ?? '';
    expect(name).toMatch(new RegExp(`^team-${SAFE_SUFFIX}$`));
    expect(namespace.metadata?.labels).toEqual({ 'kubernetes.io/metadata.name': name });
    expect(namespace.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(namespace.status).toEqual({ phase: 'Active' });
  });

  it('creates the system namespaces at start', async () => {
    const list = (await api.request('GET', '/api/v1/namespaces')).body as { items: Namespace[] };
    expect(list.items.map((namespace) => namespace.metadata?.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
  });
});

describe('namespace finalization', () => {
  it('keeps spec.finalizers on a plain update; /finalize removes them and the namespace goes', async () => {
    await api.request('POST', '/api/v1/namespaces', { body: { metadata: { name: 'team' } } });
    const terminating = expectOk(
      await api.request('DELETE', '/api/v1/namespaces/team'),
    ) as Namespace;
    expect(terminating.status).toEqual({ phase: 'Terminating' });

    const updated = expectOk(
      await api.request('PUT', '/api/v1/namespaces/team', {
        body: { ...terminating, spec: { finalizers: [] } },
      }),
    ) as Namespace;
    expect(updated.spec).toEqual({ finalizers: ['kubernetes'] });

    expectOk(
      await api.request('PUT', '/api/v1/namespaces/team/finalize', {
        body: { ...updated, spec: { finalizers: [] } },
      }),
    );
    expectFailure(
      await api.request('GET', '/api/v1/namespaces/team'),
      404,
      'NotFound',
      'namespaces "team" not found',
    );
  });

  it('refuses a finalizer that is neither standard nor qualified', async () => {
    const namespace = expectOk(await api.request('GET', '/api/v1/namespaces/default')) as Namespace;
    expectFailure(
      await api.request('PUT', '/api/v1/namespaces/default/finalize', {
        body: { ...namespace, spec: { finalizers: ['custom'] } },
      }),
      422,
      'Invalid',
      'Namespace "default" is invalid: spec.finalizers[0]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    );
  });
});
