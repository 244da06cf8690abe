// The default RBAC policy as the API server keeps it in etcd across restarts.

import { describe, expect, it } from 'vitest';
import type { ClusterRole } from 'kubernetes-types/rbac/v1';
import { SeededRng } from '../host/rng.ts';
import { ApiServer } from './apiserver.ts';
import { expectOk, settle, startApiServer } from './testing.ts';

const ROLES = '/apis/rbac.authorization.k8s.io/v1/clusterroles';

describe('bootstrap policy in etcd', () => {
  it('stores the default roles and bindings at start', async () => {
    const api = await startApiServer();
    const roles = expectOk(await api.request('GET', ROLES)) as { items: ClusterRole[] };
    const names = roles.items.map((role) => role.metadata?.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'cluster-admin',
        'admin',
        'edit',
        'view',
        'system:node',
        'system:controller:replicaset-controller',
      ]),
    );
    expect(names).toEqual([...names].sort());
    const binding = expectOk(
      await api.request(
        'GET',
        '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kubeadm:cluster-admins',
      ),
    );
    expect(binding).toMatchObject({ roleRef: { name: 'cluster-admin' } });
  });

  it.each([
    ['puts back a rule removed from a default role', undefined, 2],
    ['leaves a role annotated autoupdate: "false" alone', 'false', 1],
  ])('%s at the next start', async (_case, autoupdate, rules) => {
    const api = await startApiServer();
    const role = expectOk(await api.request('GET', `${ROLES}/system:basic-user`)) as ClusterRole;
    expectOk(
      await api.request('PUT', `${ROLES}/system:basic-user`, {
        body: {
          ...role,
          metadata: {
            ...role.metadata,
            annotations: { 'rbac.authorization.kubernetes.io/autoupdate': autoupdate ?? 'true' },
          },
          rules: role.rules?.slice(0, 1),
        },
      }),
    );
    const restarted = new ApiServer(
      api.etcd,
      api.clock,
      new SeededRng('restart', 'kube-apiserver'),
    );
    await restarted.start();
    await settle();
    const after = restarted.cache.get('/registry/clusterroles/system:basic-user') as ClusterRole;
    expect(after.rules).toHaveLength(rules);
  });
});
