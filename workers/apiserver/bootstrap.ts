// kube-apiserver's own system namespaces controller (pkg/controlplane/controller/systemnamespaces):
// default, kube-system, kube-public and kube-node-lease exist from the start and come back within a
// minute if deleted (only kube-node-lease can be).

import { resourcePath } from '../api/resources.ts';
import type { KubeObject } from '../client/protocol.ts';
import type { Clock } from '../host/clock.ts';
import type { ApiServer } from './apiserver.ts';
import {
  clusterRoleBindings,
  clusterRoles,
  kubeadmClusterRoleBindings,
} from './auth/bootstrap-policy.ts';
import { controllerRoles } from './auth/controller-policy.ts';
import { namespaceRoleBindings, namespaceRoles } from './auth/namespace-policy.ts';

export const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'default'];
const RESYNC_MS = 60_000;
const LOOPBACK_USER = {
  username: 'system:apiserver',
  groups: ['system:authenticated', 'system:masters'],
};

export async function ensureSystemNamespaces(apiserver: ApiServer, clock: Clock): Promise<void> {
  const ensure = async (): Promise<void> => {
    for (const name of SYSTEM_NAMESPACES) {
      if (apiserver.cache.get(`/registry/namespaces/${name}`)) continue;
      await apiserver.handle(
        {
          verb: 'POST',
          path: '/api/v1/namespaces',
          body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
          user: LOOPBACK_USER,
        },
        'kube-apiserver#system-namespaces',
      );
    }
  };
  const loop = (): void => {
    clock.setTimeout(() => {
      void ensure().then(loop);
    }, RESYNC_MS);
  };
  await ensure();
  loop();
}

const RBAC = { group: 'rbac.authorization.k8s.io', version: 'v1' };

/** Every default RBAC object, with the resource it is stored as. */
function bootstrapPolicy(): [string, KubeObject][] {
  const controllers = controllerRoles();
  return [
    ...clusterRoles().map((role): [string, KubeObject] => ['clusterroles', role]),
    ...controllers.roles.map((role): [string, KubeObject] => ['clusterroles', role]),
    ...clusterRoleBindings().map((binding): [string, KubeObject] => [
      'clusterrolebindings',
      binding,
    ]),
    ...controllers.bindings.map((binding): [string, KubeObject] => [
      'clusterrolebindings',
      binding,
    ]),
    ...kubeadmClusterRoleBindings().map((binding): [string, KubeObject] => [
      'clusterrolebindings',
      binding,
    ]),
    ...namespaceRoles().map((role): [string, KubeObject] => ['roles', role]),
    ...namespaceRoleBindings().map((binding): [string, KubeObject] => ['rolebindings', binding]),
  ];
}

/**
 * The rbac/bootstrap-roles post-start hook (pkg/registry/rbac/rest/storage_rbac.go): the default
 * roles and bindings are created when missing. Left out: reconciling existing ones that carry the
 * autoupdate annotation back to the defaults.
 */
export async function ensureBootstrapPolicy(apiserver: ApiServer): Promise<void> {
  const missing = bootstrapPolicy().filter(([resource, object]) => {
    const namespace = object.metadata?.namespace;
    const name = object.metadata?.name ?? '';
    const key = namespace
      ? `/registry/${resource}/${namespace}/${name}`
      : `/registry/${resource}/${name}`;
    return !apiserver.cache.get(key);
  });
  // All at once, so the writes share one trip to etcd.
  const responses = await Promise.all(
    missing.map(([resource, object]) =>
      apiserver.handle(
        {
          verb: 'POST',
          path: resourcePath({ ...RBAC, resource }, object.metadata?.namespace),
          body: object,
          user: LOOPBACK_USER,
        },
        'kube-apiserver#rbac-bootstrap-roles',
      ),
    ),
  );
  const written = responses.map((response) =>
    Number((response.body as KubeObject | undefined)?.metadata?.resourceVersion ?? 0),
  );
  // Authorization reads the watch cache: the policy is in force once the cache has it.
  await apiserver.cacheCaughtUp(Math.max(0, ...written));
}
